package revision

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// rv builds a test revision with a path derived from its id.
func rv(id string, down ...string) *Revision {
	return &Revision{ID: id, DownRevisions: down, Path: "versions/" + id + ".yaml"}
}

// labeled sets branch labels on r.
func labeled(r *Revision, labels ...string) *Revision { r.BranchLabels = labels; return r }

// depends sets depends_on on r.
func depends(r *Revision, deps ...string) *Revision { r.DependsOn = deps; return r }

func mustGraph(t testing.TB, revs ...*Revision) *Graph {
	t.Helper()
	g, err := NewGraph(revs)
	if err != nil {
		t.Fatalf("NewGraph: %v", err)
	}
	return g
}

func idsOf(revs []*Revision) []string {
	out := []string{}
	for _, r := range revs {
		out = append(out, r.ID)
	}
	return out
}

// fold applies version-table changes to rows as a database would, failing the
// test on an impossible change (insert of a present row, update or delete of
// an absent one). It returns the rows sorted by id.
func fold(t testing.TB, rows []string, changes []VersionChange) []string {
	t.Helper()
	set := map[string]bool{}
	for _, r := range rows {
		set[r] = true
	}
	for _, c := range changes {
		switch c.Kind {
		case Insert:
			if set[c.To] {
				t.Fatalf("insert of row %s already present (changes %v)", c.To, changes)
			}
			set[c.To] = true
		case Update:
			if !set[c.From] || set[c.To] {
				t.Fatalf("update %s -> %s on rows %v (changes %v)", c.From, c.To, rows, changes)
			}
			delete(set, c.From)
			set[c.To] = true
		case Delete:
			if !set[c.From] {
				t.Fatalf("delete of absent row %s (changes %v)", c.From, changes)
			}
			delete(set, c.From)
		default:
			t.Fatalf("bad change kind %v", c.Kind)
		}
	}
	out := []string{}
	for r := range set {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

func TestNewGraphErrors(t *testing.T) {
	tests := []struct {
		name     string
		revs     []*Revision
		kind     GraphErrorKind
		revIDs   []string
		want     string
		wantPath []string
	}{
		{
			name:     "duplicate id",
			revs:     []*Revision{rv("a1"), rv("b2", "a1"), {ID: "a1", Path: "other/a1_copy.yaml"}},
			kind:     DuplicateRevision,
			revIDs:   []string{"a1", "a1"},
			wantPath: []string{"versions/a1.yaml", "other/a1_copy.yaml"},
			want:     "revision id a1 is declared twice, in versions/a1.yaml and in other/a1_copy.yaml; give one of them a new id (and update whatever revises it)",
		},
		{
			name:   "missing down_revision",
			revs:   []*Revision{rv("a1"), rv("b2", "zz9")},
			kind:   MissingRevision,
			revIDs: []string{"b2"},
			want:   "revision b2 in versions/b2.yaml has down_revision 'zz9', which is not a known revision; fix down_revision in that file or add the missing revision file",
		},
		{
			name:   "missing depends_on",
			revs:   []*Revision{rv("a1"), depends(rv("b2", "a1"), "nolabel")},
			kind:   MissingRevision,
			revIDs: []string{"b2"},
			want:   "revision b2 in versions/b2.yaml has depends_on 'nolabel', which is neither a known revision id nor a branch label; fix depends_on in that file or add the missing revision file",
		},
		{
			name:   "self cycle",
			revs:   []*Revision{rv("a1"), rv("b2", "b2")},
			kind:   Cycle,
			revIDs: []string{"b2"},
			want:   "revision cycle: b2 revises b2 (files: versions/b2.yaml); edit down_revision or depends_on in one of these files to break the cycle",
		},
		{
			name:   "cycle with no base at all",
			revs:   []*Revision{rv("x1", "x3"), rv("x2", "x1"), rv("x3", "x2")},
			kind:   Cycle,
			revIDs: []string{"x1", "x3", "x2"},
			want:   "revision cycle: x1 revises x3, x3 revises x2, x2 revises x1 (files: versions/x1.yaml, versions/x3.yaml, versions/x2.yaml); edit down_revision or depends_on in one of these files to break the cycle",
		},
		{
			name:   "cycle attached to a base, below a further child",
			revs:   []*Revision{rv("a1"), rv("c3", "a1", "d4"), rv("d4", "c3"), rv("e5", "d4")},
			kind:   Cycle,
			revIDs: []string{"c3", "d4"},
			want:   "revision cycle: c3 revises d4, d4 revises c3 (files: versions/c3.yaml, versions/d4.yaml); edit down_revision or depends_on in one of these files to break the cycle",
		},
		{
			name:   "cycle through depends_on",
			revs:   []*Revision{rv("a1"), depends(rv("b2", "a1"), "c3"), rv("c3", "b2")},
			kind:   Cycle,
			revIDs: []string{"b2", "c3"},
			want:   "revision cycle: b2 depends on c3, c3 revises b2 (files: versions/b2.yaml, versions/c3.yaml); edit down_revision or depends_on in one of these files to break the cycle",
		},
		{
			name:   "cycle through a depends_on label",
			revs:   []*Revision{rv("a1"), labeled(depends(rv("b2", "a1"), "lab"), "other"), labeled(rv("c3", "b2"), "lab")},
			kind:   Cycle,
			revIDs: []string{"b2", "c3"},
			want:   "revision cycle: b2 depends on c3, c3 revises b2 (files: versions/b2.yaml, versions/c3.yaml); edit down_revision or depends_on in one of these files to break the cycle",
		},
		{
			name:   "label on two revisions",
			revs:   []*Revision{labeled(rv("a1"), "cart"), labeled(rv("b2", "a1"), "cart")},
			kind:   LabelCollision,
			revIDs: []string{"a1", "b2"},
			want:   "branch label 'cart' is declared by revision a1 in versions/a1.yaml and again by revision b2 in versions/b2.yaml; a label names one branch, so remove or rename one of them",
		},
		{
			name:   "label equal to a revision id",
			revs:   []*Revision{rv("a1"), labeled(rv("b2", "a1"), "a1")},
			kind:   LabelCollision,
			revIDs: []string{"b2", "a1"},
			want:   "branch label 'a1' of revision b2 in versions/b2.yaml is also the id of revision a1 in versions/a1.yaml; rename the label",
		},
		{
			name:   "reserved label",
			revs:   []*Revision{labeled(rv("a1"), "head")},
			kind:   InvalidRevision,
			revIDs: []string{"a1"},
			want:   `branch label "head" of revision a1 in versions/a1.yaml is not valid: it must be non-empty, not one of head, heads, base, current, and hold no '@', ':', ',' or white space`,
		},
		{
			name:   "bad id",
			revs:   []*Revision{{ID: "a-1", Path: "versions/a.yaml"}},
			kind:   InvalidRevision,
			revIDs: []string{"a-1"},
			want:   `revision id "a-1" in versions/a.yaml is not valid: use 1 to 32 letters, digits or underscores`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := NewGraph(tt.revs)
			if err == nil {
				t.Fatalf("NewGraph succeeded with %d revisions, want error", g.Len())
			}
			var ge *GraphError
			if !errors.As(err, &ge) {
				t.Fatalf("error %T %v, want *GraphError", err, err)
			}
			if ge.Kind != tt.kind {
				t.Errorf("Kind = %v, want %v", ge.Kind, tt.kind)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.revIDs, ge.Revisions); diff != "" {
				t.Errorf("Revisions (-want +got):\n%s", diff)
			}
			if tt.wantPath != nil {
				if diff := cmp.Diff(tt.wantPath, ge.Paths); diff != "" {
					t.Errorf("Paths (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestNewGraphNil(t *testing.T) {
	_, err := NewGraph([]*Revision{rv("a1"), nil})
	var ge *GraphError
	if !errors.As(err, &ge) || ge.Kind != InvalidRevision {
		t.Fatalf("err = %v, want *GraphError InvalidRevision", err)
	}
}

// branchesGraph is the revision tree at the end of Alembic's "Working with
// Branches" (without the merge of its first part).
func branchesGraph(t testing.TB) *Graph {
	return mustGraph(t,
		rv("1975ea83b712"),
		rv("ae1027a6acf", "1975ea83b712"),
		labeled(rv("27c6a30d7c24", "1975ea83b712"), "shoppingcart"),
		rv("d747a8a8879", "27c6a30d7c24"),
		rv("55af2cb1c267", "ae1027a6acf"),
		labeled(rv("3cac04ae8714"), "networking"),
		rv("109ec7d132bf", "3cac04ae8714"),
		rv("29f859a13ea", "109ec7d132bf"),
		depends(rv("2a95102259be", "29f859a13ea"), "55af2cb1c267"),
		rv("34e094ad6ef1", "55af2cb1c267"),
	)
}

func TestGraphQueries(t *testing.T) {
	g := branchesGraph(t)
	check := func(name string, got []*Revision, want ...string) {
		t.Helper()
		if want == nil {
			want = []string{}
		}
		if diff := cmp.Diff(want, idsOf(got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	check("All", g.All(), "1975ea83b712", "27c6a30d7c24", "3cac04ae8714", "109ec7d132bf", "29f859a13ea",
		"ae1027a6acf", "55af2cb1c267", "2a95102259be", "34e094ad6ef1", "d747a8a8879")
	check("Heads", g.Heads(), "2a95102259be", "34e094ad6ef1", "d747a8a8879")
	check("Bases", g.Bases(), "1975ea83b712", "3cac04ae8714")
	check("BranchPoints", g.BranchPoints(), "1975ea83b712")
	check("Children", g.Children("1975ea83b712"), "27c6a30d7c24", "ae1027a6acf")
	check("Children unknown", g.Children("nope"))
	check("Dependents", g.Dependents("55af2cb1c267"), "2a95102259be")
	check("Parents", g.Parents("2a95102259be"), "29f859a13ea")
	check("Dependencies", g.Dependencies("2a95102259be"), "55af2cb1c267")
	if r := g.Get("ae1027a6acf"); r == nil || r.ID != "ae1027a6acf" {
		t.Errorf("Get(ae1027a6acf) = %v", r)
	}
	if r := g.Get("ae10"); r != nil {
		t.Errorf("Get(prefix) = %v, want nil", r)
	}

	// Before 34e0 exists, 55af is an "effective head": a head, but depended on.
	g2 := mustGraph(t, slices.DeleteFunc(slices.Clone(branchesGraph(t).All()), func(r *Revision) bool { return r.ID == "34e094ad6ef1" })...)
	check("Heads with effective head", g2.Heads(), "55af2cb1c267", "2a95102259be", "d747a8a8879")
	check("HeadsResolvingDependencies", g2.HeadsResolvingDependencies(), "2a95102259be", "d747a8a8879")
}

func TestLabels(t *testing.T) {
	g := branchesGraph(t)
	tests := []struct {
		rev  string
		want []string
	}{
		{"27c6a30d7c24", []string{"shoppingcart"}},
		{"d747a8a8879", []string{"shoppingcart"}}, // descendant
		{"1975ea83b712", nil},                     // branch point: not inherited downwards
		{"ae1027a6acf", nil},
		{"3cac04ae8714", []string{"networking"}},
		{"29f859a13ea", []string{"networking"}},
		{"2a95102259be", []string{"networking"}}, // depends_on does not carry labels
		{"55af2cb1c267", nil},
		{"nope", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, g.Labels(tt.rev)); diff != "" {
			t.Errorf("Labels(%s) (-want +got):\n%s", tt.rev, diff)
		}
	}

	// A label pushed down a chain stops at a branch point or merge point, and
	// flows through a merge to its descendants.
	g = mustGraph(t,
		rv("a"), rv("b", "a"), rv("c", "b"), rv("x", "b"), rv("d", "c"), labeled(rv("e", "d"), "L"),
		rv("m", "e", "x"), rv("n", "m"), labeled(rv("p", "n"), "P"), rv("q", "p"),
	)
	want := map[string][]string{
		"a": nil, "b": nil, "c": {"L"}, "d": {"L"}, "e": {"L"}, "x": nil,
		"m": {"L"}, "n": {"L", "P"}, "p": {"L", "P"}, "q": {"L", "P"},
	}
	for id, w := range want {
		if diff := cmp.Diff(w, g.Labels(id)); diff != "" {
			t.Errorf("Labels(%s) (-want +got):\n%s", id, diff)
		}
	}
}
