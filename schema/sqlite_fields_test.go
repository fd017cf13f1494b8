package schema

import (
	"strings"
	"testing"
)

// Nullable() on a primary-key column keeps it nullable (SQLite semantics), with
// a column-level key and with PrimaryKeyConstraint; without it key columns are
// NOT NULL. GoSource writes what makes the declaration come back the same.
func TestNullablePrimaryKeyColumns(t *testing.T) {
	m := NewMetaData()
	m.Table("a", Col("id", Text()).PrimaryKey().Nullable(), Col("n", Text()))
	m.Table("b", Col("x", Text()).Nullable(), Col("y", Integer()), PrimaryKeyConstraint("x", "y"))
	m.Table("c", Col("id", Integer()).SQLiteAutoincrement(), PrimaryKeyConstraint("id"))
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	a, b, c := m.FindTable("", "a"), m.FindTable("", "b"), m.FindTable("", "c")
	if !a.FindColumn("id").Nullable || !b.FindColumn("x").Nullable || b.FindColumn("y").Nullable {
		t.Fatalf("a.id nullable=%v b.x nullable=%v b.y nullable=%v, want true true false",
			a.FindColumn("id").Nullable, b.FindColumn("x").Nullable, b.FindColumn("y").Nullable)
	}
	if id := c.FindColumn("id"); !id.SQLiteAutoincrement || !id.Autoincrement || id.Nullable {
		t.Fatalf("c.id = %+v", id)
	}
	src, err := GoSource(m, "models")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`schema.Col("x", schema.Text()).Nullable()`,
		`schema.Col("y", schema.Integer()).NotNull()`,
		`schema.Col("id", schema.Integer()).NotNull().SQLiteAutoincrement()`,
	} {
		if !strings.Contains(string(src), want) {
			t.Errorf("GoSource lacks %s:\n%s", want, src)
		}
	}
}

// GoSource refuses a table holding what the models cannot say.
func TestGoSourceRefusesUnmodelled(t *testing.T) {
	m := &MetaData{Tables: []*Table{{Name: "kv", Columns: []*Column{{Name: "k", Type: Text()}}, SQLiteUnmodelled: []string{"WITHOUT ROWID"}}}}
	_, err := GoSource(m, "models")
	if err == nil || !strings.Contains(err.Error(), `table "kv": WITHOUT ROWID`) {
		t.Fatalf("err = %v", err)
	}
}

// GoSource lists the views and triggers the models do not declare.
func TestGoSourceListsViewsAndTriggers(t *testing.T) {
	m := &MetaData{Views: []string{"big_orders"}, Tables: []*Table{{Name: "orders", Columns: []*Column{{Name: "id", Type: Integer()}},
		Triggers: []*TriggerDef{{Name: "orders_log", SQL: "CREATE TRIGGER orders_log …"}}}}}
	src, err := GoSource(m, "models")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`//   - view "big_orders"`, `//   - trigger "orders_log" on table "orders"`} {
		if !strings.Contains(string(src), want) {
			t.Errorf("GoSource lacks %s:\n%s", want, src)
		}
	}
}
