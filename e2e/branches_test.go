package e2e_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
)

// branchesRev writes a revision file with one tiny create_table op.
func branchesRev(p *project, id, down, labels, deps string) {
	p.write("migrations/versions/"+id+".yaml", fmt.Sprintf(`# rev %[1]s
revision: %[1]s
down_revision: %[2]s
branch_labels: %[3]s
depends_on: %[4]s
message: rev %[1]s
upgrade:
  - create_table: {name: t_%[1]s, columns: [{name: id, type: integer}]}
downgrade:
  - drop_table: {name: t_%[1]s}
`, id, down, labels, deps))
}

// branchesRows reads the version table, sorted.
func branchesRows(t *testing.T, db *testdb.DB) []string {
	t.Helper()
	rs, err := db.SQL.Query("SELECT version_num FROM migrate_version")
	if err != nil {
		t.Fatalf("reading the version table: %v", err)
	}
	defer rs.Close()
	var out []string
	for rs.Next() {
		var v string
		if err := rs.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// branchesStep is one command of the walkthrough and the version-table rows
// expected after it ("" in fail means it must succeed; otherwise it must exit
// 1 with that text in its ERROR line and leave the rows as given).
type branchesStep struct {
	args   string
	rows   []string
	fail   string
	stdout []string // texts stdout must hold
}

// branchesWalkthrough follows Alembic's "Working with Branches": a branch
// from one base (a1 -> b2, a1 -> c3 labelled shoppingcart), partial
// upgrades, the refusal to write a revision on several heads, merge heads,
// unmerging downgrades, a second base labelled networking whose second
// revision depends_on b2, branch-relative upgrades and downgrades, stamp, and
// the repair of an unknown version row.
var branchesWalkthrough = []branchesStep{
	{args: "upgrade shoppingcart@head", rows: []string{"c3"}},
	{args: "upgrade b2", rows: []string{"b2", "c3"}},
	{args: "current", rows: []string{"b2", "c3"}, stdout: []string{"b2 (head)", "c3 (shoppingcart) (head)"}},
	{args: "heads", rows: []string{"b2", "c3"}, stdout: []string{"b2 (head)", "c3 (shoppingcart) (head)"}},
	{args: "branches", rows: []string{"b2", "c3"}, stdout: []string{"<base> -> a1 (branchpoint), rev a1", "   -> a1 -> c3 (shoppingcart) (head), rev c3"}},
	{args: "revision -m more", rows: []string{"b2", "c3"}, fail: "multiple heads are present (b2, c3)"},
	{args: "upgrade head", rows: []string{"b2", "c3"}, fail: "Multiple heads are present for 'head'"},
	{args: "merge heads -m join --rev-id m4", rows: []string{"b2", "c3"}},
	{args: "upgrade heads", rows: []string{"m4"}},
	{args: "downgrade -1", rows: []string{"m4"}, fail: "m4 is a merge point of b2, c3"},
	{args: "downgrade shoppingcart@-1", rows: []string{"b2", "c3"}},
	{args: "upgrade heads", rows: []string{"m4"}},
	{args: "downgrade b2", rows: []string{"b2", "c3"}},
	{args: "upgrade m4", rows: []string{"m4"}},
	{args: "revision -m networking --head base --branch-label networking --rev-id n5", rows: []string{"m4"}},
	{args: "revision -m ip --head networking@head --depends-on b2 --rev-id n6", rows: []string{"m4"}},
	{args: "heads", rows: []string{"m4"}, stdout: []string{"m4 (shoppingcart) (head) (mergepoint)", "n6 (networking) (head)"}},
	{args: "upgrade networking@head", rows: []string{"m4", "n6"}},
	{args: "history --graph --indicate-current", rows: []string{"m4", "n6"}, stdout: []string{"@  n5 -> n6 (networking) (head) (current), ip", "|\\", "|/"}},
	{args: "downgrade networking@base", rows: []string{"m4"}},
	{args: "upgrade networking@+1", rows: []string{"m4", "n5"}},
	{args: "upgrade heads", rows: []string{"m4", "n6"}},
	{args: "stamp base", rows: nil},
	{args: "stamp heads", rows: []string{"m4", "n6"}},
	{args: "stamp n5 c3", rows: []string{"c3", "n5"}},
	{args: "stamp b2", rows: []string{"b2", "c3", "n5"}},
	{args: "upgrade heads", rows: []string{"m4", "n6"}},
	{args: "show m4", rows: []string{"m4", "n6"}, stdout: []string{"Rev: m4 (shoppingcart) (head) (mergepoint)", "Merges: b2, c3"}},
}

func TestBranchesWalkthroughSQLite(t *testing.T) { branchesRun(t, testdb.SQLite(t)) }

func TestBranchesWalkthroughPostgres(t *testing.T) { branchesRun(t, testdb.Postgres(t)) }

func branchesRun(t *testing.T, db *testdb.DB) {
	p := &project{t: t, Dir: t.TempDir(), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.write("migrate.yaml", "script_location: migrations\n")
	branchesRev(p, "a1", "null", "[]", "[]")
	branchesRev(p, "b2", "a1", "[]", "[]")
	branchesRev(p, "c3", "a1", "[shoppingcart]", "[]")
	for i, s := range branchesWalkthrough {
		args := strings.Fields(s.args)
		var r result
		if s.fail != "" {
			r = p.fails(1, s.fail, args...)
		} else {
			r = p.ok(args...)
		}
		for _, want := range s.stdout {
			if !strings.Contains(r.Stdout, want) {
				t.Fatalf("step %d `%s`: stdout lacks %q:\n%s", i, s.args, want, r.Stdout)
			}
		}
		if got := branchesRows(t, db); !slices.Equal(got, s.rows) {
			t.Fatalf("step %d `%s`: version rows %v, want %v\nstderr:\n%s", i, s.args, got, s.rows, r.Stderr)
		}
	}
	// JSON: branches lists a1 with its two children; show resolves a prefix
	// and a label.
	var bps []struct {
		ID       string `json:"id"`
		IsBP     bool   `json:"is_branch_point"`
		Branches []struct {
			ID           string   `json:"id"`
			BranchLabels []string `json:"branch_labels"`
		} `json:"branches"`
	}
	if err := json.Unmarshal([]byte(p.ok("branches", "--format", "json").Stdout), &bps); err != nil {
		t.Fatal(err)
	}
	if len(bps) != 1 || bps[0].ID != "a1" || !bps[0].IsBP || len(bps[0].Branches) != 2 || bps[0].Branches[0].ID != "b2" ||
		bps[0].Branches[1].ID != "c3" || !slices.Equal(bps[0].Branches[1].BranchLabels, []string{"shoppingcart"}) {
		t.Fatalf("branches --format json: %+v", bps)
	}
	var shown []struct {
		ID            string   `json:"id"`
		DownRevisions []string `json:"down_revisions"`
		DependsOn     []string `json:"depends_on"`
		IsHead        bool     `json:"is_head"`
	}
	if err := json.Unmarshal([]byte(p.ok("show", "networking@head", "--format", "json").Stdout), &shown); err != nil {
		t.Fatal(err)
	}
	if len(shown) != 1 || shown[0].ID != "n6" || !slices.Equal(shown[0].DownRevisions, []string{"n5"}) ||
		!slices.Equal(shown[0].DependsOn, []string{"b2"}) || !shown[0].IsHead {
		t.Fatalf("show networking@head --format json: %+v", shown)
	}
	p.fails(1, "No such revision or branch 'zz'", "show", "zz")
	p.fails(1, "a merge joins two or more revisions", "merge", "m4", "-m", "x")
	p.fails(1, "a1 is already an ancestor of m4", "merge", "a1", "m4", "-m", "x")
	// A row naming a revision that has no file: current names it and says how
	// to repair; stamp --purge repairs.
	if _, err := db.SQL.Exec("INSERT INTO migrate_version (version_num) VALUES ('zzzz')"); err != nil {
		t.Fatal(err)
	}
	p.fails(1, "version table row 'zzzz' is not a known revision", "current")
	p.fails(1, "migrate stamp --purge", "current")
	p.fails(1, "'zzzz'", "stamp", "heads")
	p.ok("stamp", "--purge", "heads")
	if got := branchesRows(t, db); !slices.Equal(got, []string{"m4", "n6"}) {
		t.Fatalf("after stamp --purge heads: rows %v", got)
	}
	// stamp --sql prints the statements, BEGIN/COMMIT from the dialect, and
	// touches nothing.
	out := p.ok("stamp", "--sql", "m4").Stdout
	for _, want := range []string{"CREATE TABLE IF NOT EXISTS", "INSERT INTO migrate_version (version_num) VALUES ('m4')"} {
		if !strings.Contains(out, want) {
			t.Fatalf("stamp --sql lacks %q:\n%s", want, out)
		}
	}
	if got := branchesRows(t, db); !slices.Equal(got, []string{"m4", "n6"}) {
		t.Fatalf("stamp --sql changed the rows: %v", got)
	}
}
