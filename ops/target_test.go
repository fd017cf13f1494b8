package ops

import "testing"

func TestAlteredTable(t *testing.T) {
	for _, o := range []Op{&AddColumn{Table: "t"}, &DropColumn{Table: "t"}, &AlterColumn{Table: "t"}, &CreateIndex{Table: "t"},
		&DropIndex{Table: "t"}, &CreateUniqueConstraint{Table: "t"}, &CreateForeignKey{Table: "t"}, &CreateCheckConstraint{Table: "t"},
		&CreatePrimaryKey{Table: "t"}, &DropConstraint{Table: "t"}, &CreateTableComment{Table: "t"}, &DropTableComment{Table: "t"}} {
		if _, tb, ok := AlteredTable(o); !ok || tb != "t" {
			t.Errorf("%s: AlteredTable = %q, %v", Name(o), tb, ok)
		}
	}
	for _, o := range []Op{&CreateTable{}, &DropTable{Name: "t"}, &RenameTable{Name: "t"}, &CreateEnum{}, &Execute{}, &BulkInsert{Table: "t"}} {
		if _, _, ok := AlteredTable(o); ok {
			t.Errorf("%s: AlteredTable says it alters a table in place", Name(o))
		}
	}
}

func TestBulkInsertColumnList(t *testing.T) {
	o := &BulkInsert{Rows: []map[string]any{{"b": 1, "a": 2}, {"c": 3}}}
	if got := o.ColumnList(); len(got) != 3 || got[0] != "a" || got[1] != "b" || got[2] != "c" {
		t.Fatalf("derived columns %v, want [a b c]", got)
	}
	o.Columns = []string{"c", "a", "b"}
	got := o.ColumnList()
	got[0] = "changed"
	if o.Columns[0] != "c" {
		t.Fatal("ColumnList shares its slice with Columns")
	}
}
