package sqlite

import (
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// A table with a property the model cannot hold is never rebuilt: the move and
// copy would drop it.
func TestRenderRefusesRebuildOfUnmodelled(t *testing.T) {
	md := authorsBooks()
	md.FindTable("", "books").SQLiteUnmodelled = []string{`COLLATE NOCASE on column "title"`}
	_, err := Dialect{}.Render([]ops.Op{
		&ops.AlterColumn{Table: "books", Column: "title", Nullable: ptr(false)},
	}, &dialect.RenderEnv{Current: md})
	if err == nil || !strings.Contains(err.Error(), `table "books" must be rebuilt`) || !strings.Contains(err.Error(), `COLLATE NOCASE on column "title"`) {
		t.Fatalf("err = %v, want a refusal naming the table and the property", err)
	}
	// What SQLite's ALTER TABLE does natively is still allowed.
	if _, err := (Dialect{}).Render([]ops.Op{&ops.AddColumn{Table: "books", Column: &schema.Column{Name: "n", Type: schema.Integer(), Nullable: true}}}, &dialect.RenderEnv{Current: md}); err != nil {
		t.Fatal(err)
	}
}

// AUTOINCREMENT is written as a column constraint, with the key's name, and a
// move and copy keeps the sqlite_sequence counter.
func TestRenderSQLiteAutoincrement(t *testing.T) {
	md := schema.NewMetaData()
	md.Table("orders",
		schema.Col("id", schema.Integer()).SQLiteAutoincrement(),
		schema.Col("v", schema.Text()),
		schema.NamedPrimaryKey("pk_orders", "id"),
	)
	if err := md.Validate(); err != nil {
		t.Fatal(err)
	}
	sql, err := Dialect{}.createTableSQL(md.Tables[0], "orders")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sql, `id INTEGER NOT NULL CONSTRAINT pk_orders PRIMARY KEY AUTOINCREMENT`) || strings.Contains(sql, "PRIMARY KEY (id)") {
		t.Fatalf("CREATE TABLE:\n%s", sql)
	}
	st, err := Dialect{}.Render([]ops.Op{&ops.AlterColumn{Table: "orders", Column: "v", Nullable: ptr(false)}}, &dialect.RenderEnv{Current: md})
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, s := range st {
		all = append(all, s.SQL)
	}
	joined := strings.Join(all, "\n")
	for _, want := range []string{
		"DELETE FROM sqlite_sequence WHERE name = '_migrate_tmp_orders'",
		"UPDATE sqlite_sequence SET name = '_migrate_tmp_orders' WHERE name = 'orders'\nDROP TABLE orders",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("move and copy lacks %q:\n%s", want, joined)
		}
	}
	// AUTOINCREMENT on a column that is not the integer key is refused.
	md2 := schema.NewMetaData()
	md2.Table("t", schema.Col("id", schema.Text()).SQLiteAutoincrement(), schema.PrimaryKeyConstraint("id"))
	if _, err := (Dialect{}).createTableSQL(md2.Tables[0], "t"); err == nil || !strings.Contains(err.Error(), "INTEGER PRIMARY KEY") {
		t.Fatalf("err = %v", err)
	}
}
