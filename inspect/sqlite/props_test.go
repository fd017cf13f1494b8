package sqlite

import (
	"context"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/dialect"
	sq "github.com/retortdb/migrate/dialect/sqlite"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// TestRebuildKeepsTableProps rebuilds (move and copy) a STRICT, WITHOUT ROWID
// table with virtual and stored generated columns, and adds a stored generated
// column (which ALTER TABLE cannot), and checks against SQLite itself that the
// options and generations are still there (sqlite_master, pragma
// table_xinfo's hidden column), that the rows are kept and the generated
// values computed, and that the inspector reads back the declared model.
func TestRebuildKeepsTableProps(t *testing.T) {
	ctx := context.Background()
	db := testdb.SQLite(t)
	md := schema.NewMetaData()
	md.Table("lines",
		schema.Col("k", schema.Text()).NotNull(),
		schema.Col("qty", schema.Dialect("sqlite", "INT")),
		schema.Col("twice", schema.Dialect("sqlite", "INT")).Generated("qty * 2"),
		schema.Col("label", schema.Text()).GeneratedStored("k || ':' || qty"),
		schema.PrimaryKeyConstraint("k"),
	).SQLiteStrict().SQLiteWithoutRowid()
	if err := md.Validate(); err != nil {
		t.Fatal(err)
	}
	create(t, db.SQL, md.Tables...)
	if _, err := db.SQL.Exec(`INSERT INTO lines (k, qty) VALUES ('a', 1), ('b', 2)`); err != nil {
		t.Fatal(err)
	}
	list := []ops.Op{
		&ops.AlterColumn{Table: "lines", Column: "qty", Nullable: ptr(false), ServerDefault: &ops.Change{Value: ptr("0")}, ExistingNullable: ptr(true)},
		&ops.AddColumn{Table: "lines", Column: &schema.Column{Name: "thrice", Type: schema.Dialect("sqlite", "INT"), Nullable: true, Generated: &schema.GeneratedDef{Expr: "qty * 3", Stored: true}}},
	}
	st, err := sq.Dialect{}.Render(list, &dialect.RenderEnv{Current: md})
	if err != nil {
		t.Fatal(err)
	}
	var rebuilt bool
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, s := range st {
		rebuilt = rebuilt || strings.HasPrefix(s.SQL, "INSERT INTO _migrate_tmp_lines")
		rows, err := tx.Query(s.SQL)
		if err != nil {
			t.Fatalf("%s: %v", s.SQL, err)
		}
		rows.Close()
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if !rebuilt {
		t.Fatalf("no move and copy:\n%v", st)
	}

	var ddl string
	if err := db.SQL.QueryRow(`SELECT sql FROM sqlite_master WHERE name = 'lines'`).Scan(&ddl); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(ddl, ") STRICT, WITHOUT ROWID") {
		t.Errorf("CREATE TABLE after the rebuild lost its options:\n%s", ddl)
	}
	hidden := map[string]int{}
	rows, err := db.SQL.Query(`SELECT name, hidden FROM pragma_table_xinfo('lines')`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		var h int
		if err := rows.Scan(&n, &h); err != nil {
			t.Fatal(err)
		}
		hidden[n] = h
	}
	rows.Close()
	if d := gocmp.Diff(map[string]int{"k": 0, "qty": 0, "twice": 2, "label": 3, "thrice": 3}, hidden); d != "" {
		t.Errorf("pragma table_xinfo hidden (-want +got):\n%s", d)
	}
	var got string
	if err := db.SQL.QueryRow(`SELECT group_concat(k || qty || twice || label || thrice, ',') FROM (SELECT * FROM lines ORDER BY k)`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "a12a:13,b24b:26" {
		t.Errorf("rows after the rebuild = %q", got)
	}

	lines := md.FindTable("", "lines")
	lines.FindColumn("qty").Nullable = false
	lines.FindColumn("qty").Default = ptr("0")
	lines.Columns = append(lines.Columns, list[1].(*ops.AddColumn).Column)
	live, err := Inspector{}.Inspect(ctx, db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := gocmp.Diff(lines, live.FindTable("", "lines")); d != "" {
		t.Errorf("inspected after the rebuild (-want +got):\n%s", d)
	}
}
