package e2e_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/autogen"
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
	"github.com/retortdb/migrate/schema"
)

// liteChinookChange is the hand-written revision of the Chinook test: one
// execute, then changes SQLite's ALTER TABLE cannot do (so move and copy), then a
// native DROP COLUMN.
const liteChinookChange = `# chinook changes
revision: chinook_change
down_revision: chinook_base
message: chinook changes
upgrade:
  - execute: "UPDATE Track SET Composer = 'Unknown' WHERE Composer IS NULL"
  - alter_column: {table: Track, column: Composer, nullable: false, server_default: "'Unknown'", existing_type: sqlite.NVARCHAR(220), existing_nullable: true}
  - alter_column: {table: InvoiceLine, column: UnitPrice, type: double, existing_type: "sqlite.NUMERIC(10,2)", existing_nullable: false}
  - create_check_constraint: {name: ck_invoiceline_quantity_positive, table: InvoiceLine, condition: "Quantity > 0"}
  - drop_column: {table: Customer, column: Fax, existing: {name: Fax, type: sqlite.NVARCHAR(24)}}
downgrade:
  - add_column: {table: Customer, column: {name: Fax, type: sqlite.NVARCHAR(24)}}
  - drop_constraint: {name: ck_invoiceline_quantity_positive, table: InvoiceLine, type: check, condition: "Quantity > 0"}
  - alter_column: {table: InvoiceLine, column: UnitPrice, type: "sqlite.NUMERIC(10,2)", existing_type: double, existing_nullable: false}
  - alter_column: {table: Track, column: Composer, nullable: true, server_default: null, existing_type: sqlite.NVARCHAR(220), existing_nullable: false, existing_server_default: "'Unknown'"}
`

// TestLiteChinook runs a hand-written revision over the Chinook database with the
// built binary: every row of every table kept, every index and foreign key kept,
// foreign keys clean, the downgrade restoring the schema, and the offline script
// printing the online plan's statements and reaching the same schema.
func TestLiteChinook(t *testing.T) {
	dataset := testdb.Dataset(t, "chinook/Chinook_Sqlite.sql")
	src, err := os.ReadFile(dataset)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	orig := filepath.Join(work, "orig.db")
	liteSQLite3(t, orig, string(src))
	original := liteInspect(t, orig)

	// The baseline revision creates Chinook's schema as it stands: what a team
	// adopting migrate on an existing database writes first, so that migrate
	// knows every table it may have to rebuild (online and offline alike).
	d, err := dialect.Get("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	base, err := autogen.Compare(original, &schema.MetaData{}, d, autogen.Options{CompareType: true, CompareServerDefault: true, VersionTable: "migrate_version"})
	if err != nil {
		t.Fatal(err)
	}
	baseRev := &revision.Revision{ID: "chinook_base", Message: "chinook as found", Transactional: true, Upgrade: base.Upgrade, Downgrade: base.Downgrade}
	baseYAML, err := revision.Marshal(baseRev)
	if err != nil {
		t.Fatal(err)
	}

	p := &project{t: t, Dir: work, Env: []string{"MIGRATE_URL=sqlite:///app.db"}}
	p.ok("init")
	p.write("migrations/versions/chinook_base.yaml", string(baseYAML))
	p.write("migrations/versions/chinook_change.yaml", liteChinookChange)
	app := filepath.Join(work, "app.db")

	p.ok("upgrade", "chinook_base")
	if d := cmp.Diff(original, liteInspect(t, app)); d != "" {
		t.Fatalf("the baseline revision does not reproduce Chinook's schema (-sqlite3 +migrate):\n%s", d)
	}
	var load strings.Builder
	load.WriteString("PRAGMA foreign_keys = OFF;\nATTACH '" + orig + "' AS src;\nBEGIN;\n")
	for _, tb := range original.Tables {
		fmt.Fprintf(&load, "INSERT INTO main.%q SELECT * FROM src.%q;\n", tb.Name, tb.Name)
	}
	load.WriteString("COMMIT;\n")
	liteSQLite3(t, app, load.String())
	// The offline run starts from the same file: copy it before the online run.
	offline := filepath.Join(work, "offline.db")
	liteSQLite3(t, app, "VACUUM INTO '"+offline+"';")

	skip := map[string][]string{"Track": {"Composer"}, "Customer": {"Fax"}}
	sumsBefore := liteChecksums(t, app, skip)
	if sumsBefore["Track"].Rows != 3503 || sumsBefore["InvoiceLine"].Rows != 2240 {
		t.Fatalf("Chinook did not load completely: %+v", sumsBefore)
	}
	db := liteOpen(t, app)
	nullComposers := liteStrings(t, db, `SELECT count(*) FROM Track WHERE Composer IS NULL`)[0]
	if nullComposers == "0" {
		t.Fatal("Chinook has no NULL composers: the test would prove nothing")
	}

	// The online plan, as the upgrade command builds it (replayed schema).
	revs, err := revision.LoadDirs([]string{filepath.Join(work, "migrations", "versions")})
	if err != nil {
		t.Fatal(err)
	}
	g, err := revision.NewGraph(revs)
	if err != nil {
		t.Fatal(err)
	}
	steps, err := g.UpgradePlan([]string{"chinook_base"}, "head")
	if err != nil {
		t.Fatal(err)
	}
	before, err := runner.Replay(g, []string{"chinook_base"})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := runner.Build(d, dialect.VersionTable{Name: "migrate_version"}, steps, before, false)
	if err != nil {
		t.Fatal(err)
	}
	var online []string
	for _, s := range plan.Steps[0].Statements {
		online = append(online, s.SQL)
	}
	online = append(online, plan.Steps[0].Version...)

	script := p.ok("upgrade", "chinook_base:head", "--sql").Stdout
	if d := cmp.Diff(online, liteScriptStep(t, script, "Running upgrade chinook_base -> chinook_change")); d != "" {
		t.Fatalf("offline statements differ from the online plan (-online +offline):\n%s", d)
	}
	// Two ops on InvoiceLine make one move and copy; Track needs one too; the
	// Fax drop is native.
	for tbl, want := range map[string]int{"InvoiceLine": 1, "Track": 1, "Customer": 0} {
		if n := strings.Count(script, `CREATE TABLE "`+"_migrate_tmp_"+tbl+`"`); n != want {
			t.Errorf("offline script rebuilds %s %d times, want %d:\n%s", tbl, n, want, script)
		}
	}
	if !strings.Contains(script, "ALTER TABLE \"Customer\" DROP COLUMN \"Fax\"") {
		t.Errorf("Customer.Fax is not dropped natively:\n%s", script)
	}

	p.ok("upgrade", "head")
	after := liteInspect(t, app)
	want := original.Clone()
	for _, o := range steps[0].Revision.Upgrade {
		if _, isExec := o.(*ops.Execute); !isExec {
			if err := ops.Apply(want, o); err != nil {
				t.Fatal(err)
			}
		}
	}
	if d := cmp.Diff(want, after); d != "" {
		t.Fatalf("schema after upgrade (-expected +inspected):\n%s", d)
	}
	for _, tb := range original.Tables {
		a := after.FindTable("", tb.Name)
		if !cmp.Equal(tb.Indexes, a.Indexes) || !cmp.Equal(tb.ForeignKeys, a.ForeignKeys) {
			t.Errorf("table %s lost an index or foreign key:\n%s\n%s", tb.Name, cmp.Diff(tb.Indexes, a.Indexes), cmp.Diff(tb.ForeignKeys, a.ForeignKeys))
		}
	}
	if d := cmp.Diff(sumsBefore, liteChecksums(t, app, skip)); d != "" {
		t.Fatalf("rows changed by upgrade (-before +after):\n%s", d)
	}
	if v := liteStrings(t, db, `SELECT count(*) FROM pragma_foreign_key_check`); v[0] != "0" {
		t.Fatalf("PRAGMA foreign_key_check reports %s violations after upgrade", v[0])
	}
	if n := liteStrings(t, db, `SELECT count(*) FROM Track WHERE Composer = 'Unknown'`)[0]; n != nullComposers {
		t.Fatalf("%s composers filled, want %s", n, nullComposers)
	}

	// The offline script, run by sqlite3 on the copy, reaches the same schema and rows.
	liteSQLite3(t, offline, script)
	if d := cmp.Diff(after, liteInspect(t, offline)); d != "" {
		t.Fatalf("offline script's schema differs from the online run's (-online +offline):\n%s", d)
	}
	if d := cmp.Diff(liteChecksums(t, app, nil), liteChecksums(t, offline, nil)); d != "" {
		t.Fatalf("offline script's rows differ from the online run's (-online +offline):\n%s", d)
	}

	// Downgrade: the schema comes back. Customer.Fax comes back last (ADD COLUMN
	// appends) and empty; the composers stay filled ('Unknown').
	p.ok("downgrade", "chinook_base")
	down := liteInspect(t, app)
	if d := cmp.Diff(liteSortColumns(original), liteSortColumns(down)); d != "" {
		t.Fatalf("schema after downgrade (-original +downgraded):\n%s", d)
	}
	if d := cmp.Diff(sumsBefore, liteChecksums(t, app, skip)); d != "" {
		t.Fatalf("rows changed by the round trip (-before +after):\n%s", d)
	}
	if n := liteStrings(t, db, `SELECT count(*) FROM Track WHERE Composer IS NULL`)[0]; n != "0" {
		t.Fatalf("%s NULL composers after downgrade: the filled values should stay", n)
	}
	if v := liteStrings(t, db, `SELECT count(*) FROM pragma_foreign_key_check`); v[0] != "0" {
		t.Fatalf("PRAGMA foreign_key_check reports %s violations after downgrade", v[0])
	}
}

// liteSortColumns returns m with each table's columns in name order, for
// comparisons where a column re-added by a downgrade comes back last.
func liteSortColumns(m *schema.MetaData) *schema.MetaData {
	m = m.Clone()
	for _, t := range m.Tables {
		slices.SortFunc(t.Columns, func(a, b *schema.Column) int { return strings.Compare(a.Name, b.Name) })
	}
	return m
}
