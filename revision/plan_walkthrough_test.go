package revision

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// command is one CLI command of a walkthrough, simulated against the rows.
type command struct {
	cmd       string   // upgrade, downgrade, stamp
	arg       string   // the identifier
	wantSteps []string // revision ids run, in order (nil: not checked)
	wantRows  []string // rows afterwards, sorted by id
	wantErr   string   // exact error text; rows must stay as they were
}

// runCommands runs cmds in order from a fresh database, folding the version
// changes into the rows and checking them after every command.
func runCommands(t *testing.T, g *Graph, rows []string, cmds []command) []string {
	t.Helper()
	for _, c := range cmds {
		var (
			steps   []Step
			changes []VersionChange
			err     error
		)
		switch c.cmd {
		case "upgrade":
			steps, err = g.UpgradePlan(rows, c.arg)
		case "downgrade":
			steps, err = g.DowngradePlan(rows, c.arg)
		case "stamp":
			changes, err = g.StampPlan(rows, []string{c.arg}, false)
		default:
			t.Fatalf("unknown command %q", c.cmd)
		}
		if c.wantErr != "" {
			if err == nil || err.Error() != c.wantErr {
				t.Fatalf("%s %s: err = %v, want %q", c.cmd, c.arg, err, c.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s %s: %v", c.cmd, c.arg, err)
		}
		ran := []string{}
		for _, s := range steps {
			ran = append(ran, s.Revision.ID)
			wantDir := Up
			if c.cmd == "downgrade" {
				wantDir = Down
			}
			if s.Direction != wantDir {
				t.Errorf("%s %s: step %s has direction %v", c.cmd, c.arg, s.Revision.ID, s.Direction)
			}
			changes = append(changes, s.Version...)
		}
		if c.wantSteps != nil {
			if diff := cmp.Diff(c.wantSteps, ran); diff != "" {
				t.Errorf("%s %s: steps (-want +got):\n%s", c.cmd, c.arg, diff)
			}
		}
		rows = fold(t, rows, changes)
		want := slices.Clone(c.wantRows)
		slices.Sort(want)
		if want == nil {
			want = []string{}
		}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Fatalf("%s %s: rows (-want +got):\n%s", c.cmd, c.arg, diff)
		}
	}
	return rows
}

const (
	r1975 = "1975ea83b712"
	rAe10 = "ae1027a6acf"
	r27c6 = "27c6a30d7c24"
	r53ff = "53fffde5ad5"
	rD747 = "d747a8a8879"
	r55af = "55af2cb1c267"
	r3cac = "3cac04ae8714"
	r109e = "109ec7d132bf"
	r29f8 = "29f859a13ea"
	r2a95 = "2a95102259be"
	r34e0 = "34e094ad6ef1"
)

// TestWalkthroughMerge follows "Merging Branches": upgrade head across a
// merge, with the SQL the docs show (our rule updates the first parent where
// Alembic's choice is arbitrary).
func TestWalkthroughMerge(t *testing.T) {
	g := mustGraph(t, rv(r1975), rv(rAe10, r1975), rv(r27c6, r1975), rv(r53ff, rAe10, r27c6))
	steps, err := g.UpgradePlan(nil, "head")
	if err != nil {
		t.Fatal(err)
	}
	want := []Step{
		{Revision: g.Get(r1975), Direction: Up, Version: []VersionChange{{Kind: Insert, To: r1975}}},
		{Revision: g.Get(r27c6), Direction: Up, Version: []VersionChange{{Kind: Update, From: r1975, To: r27c6}}},
		{Revision: g.Get(rAe10), Direction: Up, Version: []VersionChange{{Kind: Insert, To: rAe10}}},
		{Revision: g.Get(r53ff), Direction: Up, Version: []VersionChange{{Kind: Update, From: rAe10, To: r53ff}, {Kind: Delete, From: r27c6}}},
	}
	if diff := cmp.Diff(want, steps); diff != "" {
		t.Fatalf("upgrade head (-want +got):\n%s", diff)
	}
	// "If we upgrade to these two versions alone": both rows present.
	rows := fold(t, nil, slices.Concat(steps[0].Version, steps[1].Version, steps[2].Version))
	if diff := cmp.Diff([]string{r27c6, rAe10}, rows); diff != "" {
		t.Errorf("rows before the merge (-want +got):\n%s", diff)
	}
	// A database on either parent alone upgrades through the other first.
	runCommands(t, g, []string{rAe10}, []command{
		{cmd: "upgrade", arg: "head", wantSteps: []string{r27c6, r53ff}, wantRows: []string{r53ff}},
		{cmd: "downgrade", arg: "-1", wantErr: "Relative revision '-1' is ambiguous: 53fffde5ad5 is a merge point of ae1027a6acf, 27c6a30d7c24; name the revision to go to instead, or keep the step on one parent's branch with LABEL@-1, where LABEL is a branch label or one of those ids (e.g. ae1027a6acf@-1)"},
		// The hint works: one step down along ae10's branch.
		{cmd: "downgrade", arg: rAe10 + "@-1", wantSteps: []string{r53ff}, wantRows: []string{rAe10, r27c6}},
		{cmd: "upgrade", arg: "head", wantSteps: []string{r53ff}, wantRows: []string{r53ff}},
		// Only what descends from ae10 goes: the merge unmerges into both rows.
		{cmd: "downgrade", arg: rAe10, wantSteps: []string{r53ff}, wantRows: []string{rAe10, r27c6}},
	})
	runCommands(t, g, []string{r53ff}, []command{
		{cmd: "downgrade", arg: r1975, wantSteps: []string{r53ff, rAe10, r27c6}, wantRows: []string{r1975}},
	})
}

// TestWalkthroughBranches follows "Working with Explicit Branches", "Working
// with Branch Labels", "Working with Multiple Bases" and "Branch Dependencies",
// checking the rows after each command against what `alembic current` shows.
func TestWalkthroughBranches(t *testing.T) {
	base := []*Revision{rv(r1975), rv(rAe10, r1975), rv(r27c6, r1975)}
	g := mustGraph(t, base...)
	runCommands(t, g, nil, []command{
		{cmd: "upgrade", arg: "head", wantErr: "Multiple heads are present for 'head': 27c6a30d7c24, ae1027a6acf; use 'heads' to target all of them, 'LABEL@head' (a branch label or revision id) to pick one branch, or 'migrate merge heads' to join them"},
		// Alembic's order: one branch is finished before the next; the
		// heads are taken in graph order, 27c6 first, so its line is
		// walked down first and run last.
		{cmd: "upgrade", arg: "heads", wantSteps: []string{r1975, rAe10, r27c6}, wantRows: []string{rAe10, r27c6}},
		// Alembic only warns here; our contract refuses and suggests LABEL@-1.
		{cmd: "downgrade", arg: "-1", wantErr: "Relative revision '-1' is ambiguous: the database is at several heads (27c6a30d7c24, ae1027a6acf); use LABEL@-1 with a branch label or one of these revision ids (e.g. 27c6a30d7c24@-1) to choose a branch"},
		{cmd: "downgrade", arg: rAe10 + "@-1", wantSteps: []string{rAe10}, wantRows: []string{r27c6}},
		{cmd: "downgrade", arg: "-1", wantSteps: []string{r27c6}, wantRows: []string{r1975}},
		{cmd: "downgrade", arg: "-1", wantSteps: []string{r1975}, wantRows: nil},
		{cmd: "downgrade", arg: "-1", wantErr: "Relative revision '-1' steps down from the current revision, but nothing is applied"},
		// Referring to a specific version.
		{cmd: "upgrade", arg: "27c6a", wantSteps: []string{r1975, r27c6}, wantRows: []string{r27c6}},
		{cmd: "upgrade", arg: "ae102", wantSteps: []string{rAe10}, wantRows: []string{r27c6, rAe10}},
		{cmd: "upgrade", arg: "ae102", wantSteps: []string{}, wantRows: []string{r27c6, rAe10}},
	})

	// Branch labels: shoppingcart on 27c6.
	base[2] = labeled(rv(r27c6, r1975), "shoppingcart")
	g = mustGraph(t, base...)
	runCommands(t, g, []string{r1975}, []command{
		{cmd: "upgrade", arg: "shoppingcart@head", wantSteps: []string{r27c6}, wantRows: []string{r27c6}},
	})
	if got := idsOf(mustResolve(t, g, "shoppingcart", nil)); !slices.Equal(got, []string{r27c6}) {
		t.Errorf("shoppingcart = %v", got)
	}
	base = append(base, rv(rD747, r27c6))
	g = mustGraph(t, base...)
	runCommands(t, g, []string{r1975}, []command{
		{cmd: "upgrade", arg: "shoppingcart@+2", wantSteps: []string{r27c6, rD747}, wantRows: []string{rD747}},
	})
	if got := idsOf(mustResolve(t, g, "ae10@head", nil)); !slices.Equal(got, []string{rAe10}) {
		t.Errorf("ae10@head = %v", got)
	}

	// Multiple bases: networking.
	base = append(base, rv(r55af, rAe10), labeled(rv(r3cac), "networking"), rv(r109e, r3cac), rv(r29f8, r109e))
	g = mustGraph(t, base...)
	rows := runCommands(t, g, nil, []command{
		{cmd: "upgrade", arg: "networking@head", wantSteps: []string{r3cac, r109e, r29f8}, wantRows: []string{r29f8}},
		{cmd: "upgrade", arg: "heads", wantSteps: []string{r1975, r27c6, rD747, rAe10, r55af}, wantRows: []string{r29f8, rD747, r55af}},
	})

	// Branch dependencies: 2a95 depends on 55af, which its row absorbs.
	base = append(base, depends(rv(r2a95, r29f8), r55af))
	g = mustGraph(t, base...)
	steps, err := g.UpgradePlan(rows, "heads")
	if err != nil {
		t.Fatal(err)
	}
	wantStep := []Step{{Revision: g.Get(r2a95), Direction: Up,
		Version: []VersionChange{{Kind: Update, From: r29f8, To: r2a95}, {Kind: Delete, From: r55af}}}}
	if diff := cmp.Diff(wantStep, steps); diff != "" {
		t.Errorf("upgrade heads with depends_on (-want +got):\n%s", diff)
	}
	// Alembic's docs list 27c6 here: its listing forgot the d747 it ran above.
	rows = runCommands(t, g, rows, []command{
		{cmd: "upgrade", arg: "heads", wantSteps: []string{r2a95}, wantRows: []string{r2a95, rD747}},
	})
	if got := idsOf(g.Heads()); !slices.Equal(got, []string{r55af, r2a95, rD747}) {
		t.Errorf("heads (55af an effective head) = %v", got)
	}

	// 34e0 on top of 55af: a real branch again, with a row of its own.
	base = append(base, rv(r34e0, r55af))
	g = mustGraph(t, base...)
	runCommands(t, g, rows, []command{
		{cmd: "upgrade", arg: "heads", wantSteps: []string{r34e0}, wantRows: []string{r2a95, rD747, r34e0}},
		{cmd: "downgrade", arg: "networking@base", wantSteps: []string{r2a95, r29f8, r109e, r3cac}, wantRows: []string{rD747, r34e0}},
		{cmd: "upgrade", arg: "networking@head", wantSteps: []string{r3cac, r109e, r29f8, r2a95}, wantRows: []string{r2a95, rD747, r34e0}},
		{cmd: "downgrade", arg: "shoppingcart@-1", wantSteps: []string{rD747}, wantRows: []string{r2a95, r27c6, r34e0}},
		// The base below shoppingcart is 1975: everything on it goes, and 2a95
		// with it (it depends on 55af); networking stays.
		{cmd: "downgrade", arg: "shoppingcart@base", wantSteps: []string{r27c6, r2a95, r34e0, r55af, rAe10, r1975}, wantRows: []string{r29f8}},
		{cmd: "upgrade", arg: "heads", wantRows: []string{r2a95, rD747, r34e0}},
		// Only 55af's child goes; 2a95, on the networking branch, merely
		// depends on 55af and stays (as in Alembic), so 55af stays applied,
		// absorbed by 2a95's row.
		{cmd: "downgrade", arg: r55af, wantSteps: []string{r34e0}, wantRows: []string{r2a95, rD747}},
		{cmd: "downgrade", arg: "d747a8a8879", wantSteps: []string{}, wantRows: []string{r2a95, rD747}},
		{cmd: "downgrade", arg: r34e0, wantErr: "cannot downgrade to '34e094ad6ef1': revision 34e094ad6ef1 is not applied, so it is not below the current revisions (2a95102259be, d747a8a8879); use 'migrate upgrade 34e094ad6ef1' to move up to it"},
		{cmd: "downgrade", arg: "base", wantRows: []string{}},
	})
}

func mustResolve(t *testing.T, g *Graph, ident string, current []string) []*Revision {
	t.Helper()
	revs, err := g.Resolve(ident, current)
	if err != nil {
		t.Fatalf("Resolve(%q): %v", ident, err)
	}
	return revs
}

func TestPlanErrors(t *testing.T) {
	g := branchesGraph(t)
	tests := []struct {
		name    string
		up      bool
		current []string
		target  string
		check   func(error) bool
		want    string
	}{
		{"upgrade -1", true, []string{r27c6}, "-1",
			func(err error) bool { var e *PlanError; return errors.As(err, &e) && e.Kind == WrongDirection },
			"cannot upgrade to '-1': it steps down from the current revisions (27c6a30d7c24); use 'migrate downgrade -1'"},
		{"downgrade +1", false, []string{r27c6}, "+1",
			func(err error) bool { var e *PlanError; return errors.As(err, &e) && e.Kind == WrongDirection },
			"cannot downgrade to '+1': it steps up from the current revisions (27c6a30d7c24); use 'migrate upgrade +1'"},
		{"downgrade several heads", false, []string{r27c6, rAe10}, "-1",
			func(err error) bool {
				var e *MultipleCurrentError
				return errors.As(err, &e) && slices.Equal(e.Current, []string{r27c6, rAe10})
			},
			"Relative revision '-1' is ambiguous: the database is at several heads (27c6a30d7c24, ae1027a6acf); use LABEL@-1 with a branch label or one of these revision ids (e.g. 27c6a30d7c24@-1) to choose a branch"},
		{"unknown row", true, []string{"feedbeef"}, "heads",
			func(err error) bool {
				var e *VersionRowError
				return errors.As(err, &e) && e.Kind == UnknownRow && e.Row == "feedbeef"
			},
			"version table row 'feedbeef' is not a known revision (was its file deleted, renamed or not yet pulled?); restore the file, or repair the table with 'migrate stamp --purge' and the revisions the database is at; if Alembic wrote the row, give your baseline revision its id: 'migrate revision -m baseline --rev-id feedbeef'"},
		{"downgrade to unapplied", false, []string{r27c6}, "ae10",
			func(err error) bool { var e *PlanError; return errors.As(err, &e) && e.Kind == TargetNotApplied },
			"cannot downgrade to 'ae10': revision ae1027a6acf is not applied, so it is not below the current revisions (27c6a30d7c24); use 'migrate upgrade ae10' to move up to it"},
		{"downgrade on fresh database", false, nil, r1975,
			func(err error) bool { var e *PlanError; return errors.As(err, &e) && e.Kind == TargetNotApplied },
			"cannot downgrade to '1975ea83b712': revision 1975ea83b712 is not applied, so it is not below the current revisions (nothing applied); use 'migrate upgrade 1975ea83b712' to move up to it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.up {
				_, err = g.UpgradePlan(tt.current, tt.target)
			} else {
				_, err = g.DowngradePlan(tt.current, tt.target)
			}
			if err == nil {
				t.Fatal("no error")
			}
			if !tt.check(err) {
				t.Errorf("error %T %+v has the wrong type or fields", err, err)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
		})
	}
}
