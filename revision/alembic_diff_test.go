package revision

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// spec builds revisions from compact specs "id:down1,down2:dep1,dep2:label"
// (trailing parts may be left out), in the order given.
func spec(specs ...string) []*Revision {
	var out []*Revision
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, ",")
	}
	for _, s := range specs {
		f := append(strings.Split(s, ":"), "", "", "")
		r := rv(f[0], split(f[1])...)
		r.DependsOn = split(f[2])
		r.BranchLabels = split(f[3])
		out = append(out, r)
	}
	return out
}

// Graph fixtures of Alembic's test suite (tests/test_version_traversal.py and
// tests/test_revision.py). Alembic generates random ids for most of them;
// here each revision is named after its role, so that the graph order (our
// tie-break where Alembic uses the order revision files were listed) is the
// order in which Alembic's tests create them.
var alembicFixtures = map[string][]string{
	// RevisionPathTest
	"linear": {"a", "b:a", "c:b", "d:c", "e:d"},
	// BranchedPathTest
	"branched": {"a", "b:a", "c1:b::c1branch", "c2:b::c2branch", "d1:c1", "d2:c2"},
	// BranchFromMergepointTest
	"frommerge": {"a1", "b1:a1", "c1:b1", "a2", "b2:a2", "c2:b2", "d1:c1,c2", "d2:c2"},
	// BranchFrom3WayMergepointTest
	"frommerge3": {"a1", "b1:a1", "c1:b1", "a2", "b2:a2", "c2:b2", "a3", "b3:a3", "c3:b3",
		"d1:c1,c2,c3", "d2:c2", "d3:c3"},
	// DependsOnBranchTestOne
	"dep1": {"a1:::lib1", "b1:a1", "c1:b1", "a2", "b2:a2", "c2:b2:c1", "d1:c1", "e1:d1", "f1:e1"},
	// DependsOnBranchTestTwo
	"dep2": {"a1", "a2", "a3", "amerge:a1,a2,a3", "b1", "b2", "bmerge:b1,b2",
		"c1", "c2", "c3", "cmerge:c1,c2,c3", "d1::a3,b2,c1"},
	// DependsOnBranchTestThree
	"dep3": {"a1", "a2:a1", "b1", "b2:b1:a2", "b3:b2", "a3:a2:b1"},
	// DependsOnOwnDownrevTest
	"ownrev": {"a1", "a2:a1:a1"},
	// DependsOnBranchTestFour
	"dep4": {"a1", "a2:a1", "a3:a2", "b1", "b2:b1:a3", "b3:b2", "b4:b3:a3"},
	// DependsOnBranchLabelTest
	"deplabel": {"a1:::lib1", "b1:a1", "c1:b1::c1lib", "a2", "b2:a2", "c2:b2:c1lib", "d1:c1", "e1:d1", "f1:e1"},
	// ForestTest
	"forest": {"a1", "b1:a1", "a2", "b2:a2"},
	// MergedPathTest
	"merged": {"a", "b:a", "c1:b", "d1:c1", "c2:b::c2branch", "d2:c2", "e:d1,d2", "f:e"},
	// BranchedPathTestCrossDependencies
	"crossdep": {"a", "b:a", "c1:b::c1branch", "d1:c1", "c2:b::c2branch", "d2:c2:c1"},
	// TwinMergeTest
	"twin": {"a", "b1:a", "b2:a", "b3:a", "c1:b1,b2,b3", "c2:b1,b2,b3", "d1:c1", "d2:c2"},
	// NotQuiteTwinMergeTest
	"notquitetwin": {"a", "b1:a", "b2:a", "b3:a", "c1:b1,b2", "c2:b2,b3", "d1:c1", "d2:c2"},
	// issue 15: a revision that only depends_on the downgrade target
	"depdown": {"a1", "a2:a1", "b1::a1"},
}

// TestAlembicDifferential runs the commands of Alembic's tests against the
// same graphs and compares the revisions run, in order, and the version
// rows afterwards with what Alembic's tests assert. After every step the rows
// are checked against an independent model: the heads of the applied set.
// Where Alembic only warns (downgrade -1 from several heads) migrate refuses;
// those cases are in TestWalkthroughBranches.
func TestAlembicDifferential(t *testing.T) {
	tests := []struct {
		fixture, cmd, target string
		from                 []string
		steps                []string // in order
		rows                 []string // any order
	}{
		// RevisionPathTest
		{"linear", "upgrade", "e", []string{"c"}, []string{"d", "e"}, []string{"e"}},
		{"linear", "upgrade", "c", nil, []string{"a", "b", "c"}, []string{"c"}},
		{"linear", "upgrade", "+2", []string{"a"}, []string{"b", "c"}, []string{"c"}},
		{"linear", "upgrade", "+1", []string{"a"}, []string{"b"}, []string{"b"}},
		{"linear", "upgrade", "+3", []string{"b"}, []string{"c", "d", "e"}, []string{"e"}},
		{"linear", "upgrade", "b+2", []string{"a"}, []string{"b", "c", "d"}, []string{"d"}},
		{"linear", "upgrade", "d-2", []string{"a"}, []string{"b"}, []string{"b"}},
		{"linear", "downgrade", "c", []string{"e"}, []string{"e", "d"}, []string{"c"}},
		{"linear", "downgrade", "base", []string{"c"}, []string{"c", "b", "a"}, nil},
		{"linear", "downgrade", "-1", []string{"c"}, []string{"c"}, []string{"b"}},
		{"linear", "downgrade", "-3", []string{"e"}, []string{"e", "d", "c"}, []string{"b"}},
		{"linear", "downgrade", "a+2", []string{"d"}, []string{"d"}, []string{"c"}},
		{"linear", "downgrade", "c-2", []string{"d"}, []string{"d", "c", "b"}, []string{"a"}},
		{"linear", "downgrade", "a", []string{"a"}, []string{}, []string{"a"}},
		{"linear", "downgrade", "e", []string{"e"}, []string{}, []string{"e"}},
		{"linear", "downgrade", "base", nil, []string{}, nil},
		// BranchedPathTest
		{"branched", "upgrade", "d1", []string{"b"}, []string{"c1", "d1"}, []string{"d1"}},
		{"branched", "upgrade", "heads", []string{"a"}, []string{"b", "c2", "d2", "c1", "d1"}, []string{"d1", "d2"}},
		{"branched", "downgrade", "a", []string{"d1", "d2"}, []string{"d1", "c1", "d2", "c2", "b"}, []string{"a"}},
		{"branched", "upgrade", "c2branch@head-1", []string{"b"}, []string{"c2"}, []string{"c2"}},
		{"branched", "downgrade", "base+2", []string{"d2", "d1"}, []string{"d1", "c1", "d2", "c2"}, []string{"b"}},
		{"branched", "downgrade", "c2branch@base+2", []string{"d2", "d1"}, []string{"d2", "c2"}, []string{"d1"}},
		{"branched", "downgrade", "c2", []string{"d2", "d1"}, []string{"d2"}, []string{"d1", "c2"}},
		{"branched", "downgrade", "c2branch@base+3", []string{"d2", "d1"}, []string{"d2"}, []string{"d1", "c2"}},
		{"branched", "downgrade", "c1branch@-1", []string{"d1", "d2"}, []string{"d1"}, []string{"c1", "d2"}},
		{"branched", "downgrade", "d2-1", []string{"d2", "c1"}, []string{"d2"}, []string{"c1", "c2"}},
		{"branched", "downgrade", "c1branch@b", []string{"c1", "d2"}, []string{"c1"}, []string{"d2"}},
		{"branched", "downgrade", "c2branch@b", []string{"c1", "d2"}, []string{"d2", "c2"}, []string{"c1"}},
		{"branched", "downgrade", "c2@b", []string{"d1", "d2"}, []string{"d2", "c2"}, []string{"d1"}},
		{"branched", "downgrade", "d1@b", []string{"d1", "d2"}, []string{"d1", "c1"}, []string{"d2"}},
		{"branched", "downgrade", "c1branch@head-1", []string{"d1", "d2"}, []string{"d1"}, []string{"c1", "d2"}},
		{"branched", "upgrade", "c2branch@+1", []string{"c1"}, []string{"c2"}, []string{"c1", "c2"}},
		{"branched", "upgrade", "c2branch@+1", []string{"c1", "c2"}, []string{"d2"}, []string{"c1", "d2"}},
		{"branched", "upgrade", "base+1", nil, []string{"a"}, []string{"a"}},
		{"branched", "upgrade", "+1", nil, []string{"a"}, []string{"a"}},
		{"branched", "downgrade", "-1", []string{"a"}, []string{"a"}, nil},
		{"branched", "downgrade", "c2", []string{"d1", "c2"}, []string{}, []string{"d1", "c2"}},
		{"branched", "downgrade", "d1", []string{"d1", "c2"}, []string{}, []string{"d1", "c2"}},
		// BranchFromMergepointTest, BranchFrom3WayMergepointTest
		{"frommerge", "upgrade", "d1", []string{"d2", "b1"}, []string{"c1", "d1"}, []string{"d2", "d1"}},
		{"frommerge", "downgrade", "b1", []string{"d2", "d1"}, []string{"d1", "c1"}, []string{"d2", "b1"}},
		{"frommerge3", "upgrade", "d1", []string{"d3", "d2", "b1"}, []string{"c1", "d1"}, []string{"d3", "d2", "d1"}},
		{"frommerge3", "downgrade", "b1", []string{"d3", "d2", "d1"}, []string{"d1", "c1"}, []string{"d3", "d2", "b1"}},
		{"frommerge3", "upgrade", "d1", []string{"d3", "b2", "b1"}, []string{"c2", "c1", "d1"}, []string{"d3", "d1"}},
		{"frommerge3", "upgrade", "d2", []string{"d3", "d1"}, []string{"d2"}, []string{"d3", "d2", "d1"}},
		// DependsOnBranchTestOne
		{"dep1", "downgrade", "c1", []string{"c2", "d1"}, []string{"d1"}, []string{"c2"}},
		// DependsOnBranchTestTwo (test_kaboom)
		{"dep2", "downgrade", "b2", []string{"amerge", "bmerge", "cmerge", "d1"}, []string{"bmerge"}, []string{"amerge", "b1", "cmerge", "d1"}},
		{"dep2", "downgrade", "d1@base", []string{"amerge", "d1", "b1", "cmerge"}, []string{"d1"}, []string{"amerge", "b1", "b2", "cmerge"}},
		{"dep2", "downgrade", "base", []string{"amerge", "b1", "b2", "cmerge"},
			[]string{"amerge", "a1", "b1", "b2", "cmerge", "c1", "a2", "a3", "c2", "c3"}, nil},
		// DependsOnBranchTestThree
		{"dep3", "downgrade", "b1", []string{"a3", "b2"}, []string{"b2"}, []string{"a3"}},
		// DependsOnOwnDownrevTest
		{"ownrev", "upgrade", "a2", nil, []string{"a1", "a2"}, []string{"a2"}},
		{"ownrev", "downgrade", "a1", []string{"a2"}, []string{"a2"}, []string{"a1"}},
		// DependsOnBranchTestFour
		{"dep4", "downgrade", "b3", []string{"b4"}, []string{"b4"}, []string{"b3"}},
		// DependsOnBranchLabelTest
		{"deplabel", "upgrade", "c2", []string{"a2"}, []string{"a1", "b1", "c1", "b2", "c2"}, []string{"c2"}},
		// ForestTest
		{"forest", "upgrade", "heads", nil, []string{"a2", "b2", "a1", "b1"}, []string{"b1", "b2"}},
		// MergedPathTest
		{"merged", "upgrade", "f", []string{"b"}, []string{"c2", "d2", "c1", "d1", "e", "f"}, []string{"f"}},
		{"merged", "downgrade", "b", []string{"f"}, []string{"f", "e", "d1", "c1", "d2", "c2"}, []string{"b"}},
		// BranchedPathTestCrossDependencies
		{"crossdep", "downgrade", "c2branch@b", []string{"d1", "d2"}, []string{"d2", "c2"}, []string{"d1"}},
		// Alembic asserts only a partial order here (d1 and d2 before c1).
		{"crossdep", "downgrade", "c1branch@b", []string{"d1", "d2"}, []string{"d1", "d2", "c1"}, []string{"c2"}},
		// issue 15, item 6: a2 goes; b1 (which only depends on a1) stays,
		// and its row absorbs a1.
		{"depdown", "downgrade", "a1", []string{"a2", "b1"}, []string{"a2"}, []string{"b1"}},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s/%s_%s_from_%s", tt.fixture, tt.cmd, tt.target, strings.Join(tt.from, ","))
		t.Run(name, func(t *testing.T) {
			revs := spec(alembicFixtures[tt.fixture]...)
			g := mustGraph(t, revs...)
			m := newModel(revs)
			var steps []Step
			var err error
			if tt.cmd == "upgrade" {
				steps, err = g.UpgradePlan(tt.from, tt.target)
			} else {
				steps, err = g.DowngradePlan(tt.from, tt.target)
			}
			if err != nil {
				t.Fatal(err)
			}
			rows := fold(t, nil, insertAll(tt.from))
			applied := m.ancestors(tt.from...)
			ran := []string{}
			for _, s := range steps {
				id := s.Revision.ID
				ran = append(ran, id)
				rows = fold(t, rows, s.Version)
				if s.Direction == Up {
					applied[id] = true
				} else {
					delete(applied, id)
				}
				if diff := cmp.Diff(m.heads(applied), rows); diff != "" {
					t.Fatalf("rows after %v %s are not the heads of the applied set (-want +got):\n%s", s.Direction, id, diff)
				}
			}
			if diff := cmp.Diff(tt.steps, ran); diff != "" {
				t.Errorf("steps (-alembic +migrate):\n%s", diff)
			}
			want := slices.Clone(tt.rows)
			slices.Sort(want)
			if want == nil {
				want = []string{}
			}
			if diff := cmp.Diff(want, rows); diff != "" {
				t.Errorf("rows (-alembic +migrate):\n%s", diff)
			}
		})
	}
}

func insertAll(rows []string) []VersionChange {
	var out []VersionChange
	for _, r := range rows {
		out = append(out, VersionChange{Kind: Insert, To: r})
	}
	return out
}

// TestAlembicHeadMaintainer replays the step sequences of Alembic's
// TwinMergeTest and NotQuiteTwinMergeTest (#297) through our row rules and
// checks the rows after every step against Alembic's.
func TestAlembicHeadMaintainer(t *testing.T) {
	tests := []struct {
		fixture string
		steps   []string
		rows    [][]string
	}{
		{"twin", []string{"b3", "b1", "b2", "c2", "d2", "c1", "d1"},
			[][]string{{"b3"}, {"b1", "b3"}, {"b1", "b2", "b3"}, {"c2"}, {"d2"}, {"c1", "d2"}, {"d1", "d2"}}},
		{"notquitetwin", []string{"b2", "b3", "c2", "d2", "b1", "c1", "d1"},
			[][]string{{"b2"}, {"b2", "b3"}, {"c2"}, {"d2"}, {"b1", "d2"}, {"c1", "d2"}, {"d1", "d2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			g := mustGraph(t, spec(alembicFixtures[tt.fixture]...)...)
			a, _ := g.index("a")
			sim := g.newRowSim([]int32{a})
			rows := []string{"a"}
			for k, id := range tt.steps {
				i, _ := g.index(id)
				rows = fold(t, rows, sim.up(i))
				if diff := cmp.Diff(tt.rows[k], rows); diff != "" {
					t.Fatalf("after %s (-alembic +migrate):\n%s", id, diff)
				}
			}
		})
	}
}

// TestAlembicResolveCauses covers identifiers where migrate used to differ
// from Alembic (issue 15, item 6).
func TestAlembicResolveCauses(t *testing.T) {
	// A prefix after LABEL@ only matches revisions on that branch.
	g := mustGraph(t, spec("a:::ab", "somea:a", "d:::eb", "someb:d")...)
	if got := idsOf(mustResolve(t, g, "eb@some", nil)); !slices.Equal(got, []string{"someb"}) {
		t.Errorf("eb@some = %v, want [someb]", got)
	}
	if got := idsOf(mustResolve(t, g, "ab@some", nil)); !slices.Equal(got, []string{"somea"}) {
		t.Errorf("ab@some = %v, want [somea]", got)
	}
	steps, err := g.UpgradePlan(nil, "eb@some")
	if err != nil || len(steps) != 2 || steps[1].Revision.ID != "someb" {
		t.Errorf("upgrade eb@some: %v %v", steps, err)
	}
	if _, err := g.Resolve("some", nil); err == nil || !strings.Contains(err.Error(), "Multiple revisions start with 'some'") {
		t.Errorf("some without a label: %v", err)
	}

	// "head" counts an effective head (only depended upon), as "heads"
	// lists it: two heads, so "head" is ambiguous.
	g = mustGraph(t, spec("user_foo", "user::user_foo")...)
	if got := idsOf(g.Heads()); !slices.Equal(got, []string{"user_foo", "user"}) {
		t.Fatalf("heads = %v", got)
	}
	_, err = g.UpgradePlan(nil, "head")
	want := "Multiple heads are present for 'head': user_foo, user; use 'heads' to target all of them, 'LABEL@head' (a branch label or revision id) to pick one branch, or 'migrate merge heads' to join them"
	if err == nil || err.Error() != want {
		t.Errorf("upgrade head: %v, want %q", err, want)
	}
	steps, err = g.UpgradePlan(nil, "heads")
	if err != nil || len(steps) != 2 {
		t.Errorf("upgrade heads: %v %v", steps, err)
	}
}

// TestAlembicHistoryCauses covers history ranges where migrate used to differ
// from Alembic (issue 15, item 6). Relative ends count from the other end,
// never from the database (no rows are passed).
func TestAlembicHistoryCauses(t *testing.T) {
	tests := []struct {
		fixture []string
		rng     string
		want    []string
		wantErr string
	}{
		// L@base:heads lists what the branch depends on too.
		{[]string{"base1:::b_1", "base2::b_1:b_2", "a2:base2"}, "b_2@base:heads", []string{"a2", "base2", "base1"}, ""},
		{[]string{"base1:::b_1", "base2::b_1:b_2", "a2:base2"}, "b_1@base:heads", []string{"base1"}, ""},
		{[]string{"a", "b:a", "c:b"}, "a:+2", []string{"c", "b", "a"}, ""},
		{[]string{"a", "b:a", "c:b"}, "a:+5", []string{"c", "b", "a"}, ""},
		{[]string{"a", "b:a", "c:b"}, "-5:c", []string{"c", "b", "a"}, ""},
		{[]string{"a", "b:a", "c:b"}, "-1:c", []string{"c", "b"}, ""},
		{[]string{"a", "b:a", "c:b"}, "b:", []string{"c", "b"}, ""},
		{[]string{"a:::ab", "b:a", "d:::eb", "e:d", "f:e"}, "eb@-1:heads", []string{"f", "e"}, ""},
		{[]string{"a:::ab", "b:a", "d:::eb", "e:d", "f:e"}, "eb@-9:heads", []string{"f", "e", "d"}, ""},
		{[]string{"a", "b1:a", "b2:a"}, "b1:b2", nil,
			"Revision b1 is not an ancestor of revision b2: a history range goes from a revision up to one that descends from it; use a range like b1:heads, or base:b2"},
	}
	for _, tt := range tests {
		t.Run(tt.rng, func(t *testing.T) {
			g := mustGraph(t, spec(tt.fixture...)...)
			lower, upper, err := ParseRange(tt.rng)
			if err != nil {
				t.Fatal(err)
			}
			got, err := g.History(lower, upper, nil)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, idsOf(got)); diff != "" {
				t.Errorf("history -r %s (-alembic +migrate):\n%s", tt.rng, diff)
			}
		})
	}
}

// TestRedundantRows: a version table where one row is an ancestor of another
// (Alembic's stamp can write one) is handled, not refused: the first step
// deletes the redundant row.
func TestRedundantRows(t *testing.T) {
	g := mustGraph(t, spec(alembicFixtures["linear"]...)...)
	runCommands(t, g, []string{"a", "c"}, []command{
		{cmd: "upgrade", arg: "e", wantSteps: []string{"d", "e"}, wantRows: []string{"e"}},
	})
	runCommands(t, g, []string{"a", "c"}, []command{
		{cmd: "downgrade", arg: "a", wantSteps: []string{"c", "b"}, wantRows: []string{"a"}},
	})
	runCommands(t, g, []string{"a", "b", "c"}, []command{
		{cmd: "downgrade", arg: "base", wantSteps: []string{"c", "b", "a"}, wantRows: nil},
	})
	steps, err := g.UpgradePlan([]string{"a", "c"}, "d")
	if err != nil {
		t.Fatal(err)
	}
	want := []VersionChange{{Kind: Delete, From: "a"}, {Kind: Update, From: "c", To: "d"}}
	if diff := cmp.Diff(want, steps[0].Version); diff != "" {
		t.Errorf("first step's changes (-want +got):\n%s", diff)
	}
	// Nothing to do: the table is left as it is.
	if steps, err := g.UpgradePlan([]string{"a", "c"}, "c"); err != nil || len(steps) != 0 {
		t.Errorf("upgrade c: %v %v", steps, err)
	}
}

// TestHistoryStepsThroughMerge: "-N:" over a merge point follows every
// parent (Alembic refuses it as an ambiguous walk).
func TestHistoryStepsThroughMerge(t *testing.T) {
	g := mustGraph(t, spec("a", "b1:a", "b2:a", "c2:b2", "m:b1,c2", "n:m")...)
	for _, tt := range []struct {
		rng  string
		want []string
	}{
		{"-1:", []string{"n", "m"}},
		{"-2:", []string{"n", "m", "b1", "c2"}},
		{"-3:", []string{"n", "m", "b1", "c2", "b2", "a"}}, // three steps down: a and b2
		{"-9:", []string{"n", "m", "b1", "c2", "b2", "a"}},
	} {
		lower, upper, err := ParseRange(tt.rng)
		if err != nil {
			t.Fatal(err)
		}
		got, err := g.History(lower, upper, nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.rng, err)
		}
		if diff := cmp.Diff(tt.want, idsOf(got)); diff != "" {
			t.Errorf("history -r %s (-want +got):\n%s", tt.rng, diff)
		}
	}
}

// TestAlembicIterateRevisions compares History with the exact orders of
// Alembic's RevisionMap.iterate_revisions tests (tests/test_revision.py,
// inclusive, without implicit base: what history lists), for the cases with
// one upper identifier.
func TestAlembicIterateRevisions(t *testing.T) {
	diamond := []string{"a", "b1:a", "b2:a", "c:b1,b2", "d:c"}
	multi := []string{"a", "b1:a", "b2:a", "cb1:b1", "cb2:b2", "d1cb1:cb1", "d2cb1:cb1",
		"d1cb2:cb2", "d2cb2:cb2", "d3cb2:cb2", "d1d2cb2:d1cb2,d2cb2"}
	travel := []string{"a1", "a2:a1", "a3:a2", "b1:a3", "b2:a3", "cb1:b1", "cb2:b2", "db1:cb1", "db2:cb2",
		"e1b1:db1", "fe1b1:e1b1", "e2b1:db1", "e2b2:db2", "merge:e2b1,e2b2"}
	bases := []string{"base1", "base2", "base3", "a1a:base1", "a1b:base1", "a2:base2", "a3:base3",
		"b1a:a1a", "b1b:a1b", "b2:a2", "b3:a3", "c2:b2", "d2:c2", "mergeb3d2:b3,d2"}
	tests := []struct {
		name         string
		fixture      []string
		upper, lower string
		want         []string
		wantErr      string
	}{
		{"diamond", diamond, "d", "a", []string{"d", "c", "b1", "b2", "a"}, ""},
		{"from merge point", multi, "d1d2cb2", "a", []string{"d1d2cb2", "d1cb2", "d2cb2", "cb2", "b2", "a"}, ""},
		{"single branch", multi, "d3cb2", "a", []string{"d3cb2", "cb2", "b2", "a"}, ""},
		{"single branch to base", multi, "d3cb2", "base", []string{"d3cb2", "cb2", "b2", "a"}, ""},
		{"same branch wrong direction", multi, "b1", "d1cb1", nil, "Revision d1cb1 is not an ancestor of revision b1"},
		{"distinct branches", multi, "d2cb2", "b1", nil, "Revision b1 is not an ancestor of revision d2cb2"},
		{"wrong direction to base", multi, "base", "d1cb1", nil, "Revision d1cb1 is not an ancestor of revision base"},
		{"two branches to root", travel, "merge", "a1",
			[]string{"merge", "e2b1", "db1", "cb1", "b1", "e2b2", "db2", "cb2", "b2", "a3", "a2", "a1"}, ""},
		{"two branches end in branch", travel, "merge", "b1", []string{"merge", "e2b1", "db1", "cb1", "b1"}, ""},
		{"two branches end behind branch", travel, "merge", "a2",
			[]string{"merge", "e2b1", "db1", "cb1", "b1", "e2b2", "db2", "cb2", "b2", "a3", "a2"}, ""},
		{"heads to base", bases, "heads", "base",
			[]string{"b1a", "a1a", "b1b", "a1b", "base1", "mergeb3d2", "b3", "a3", "base3", "d2", "c2", "b2", "a2", "base2"}, ""},
		{"specific path", bases, "b3", "base3", []string{"b3", "a3", "base3"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := mustGraph(t, spec(tt.fixture...)...)
			got, err := g.History(tt.lower, tt.upper, nil)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, idsOf(got)); diff != "" {
				t.Errorf("history -r %s:%s (-alembic +migrate):\n%s", tt.lower, tt.upper, diff)
			}
		})
	}
}
