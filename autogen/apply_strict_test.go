package autogen

import (
	"strings"
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// TestApplierRejectsInvalidOps shows that the round-trip checks can fail: the
// test applier refuses ops that a database would refuse, and ops whose Existing
// facts are wrong.
func TestApplierRejectsInvalidOps(t *testing.T) {
	base := func() *schema.MetaData {
		return md(authors, books, tbl("s", idCol(), schema.Col("status", schema.Enum("book_status", "draft"))))
	}
	cases := []struct {
		name string
		op   ops.Op
		want string
	}{
		{"drop an enum in use", &ops.DropEnum{Name: "book_status", Values: []string{"draft"}}, "still used"},
		{"key to a missing table", &ops.CreateForeignKey{Table: "books", ForeignKey: &schema.ForeignKeyDef{Name: "fk", Columns: []string{"id"}, RefTable: "nope", RefColumns: []string{"id"}}}, "missing table"},
		{"drop a referred table", &ops.DropTable{Name: "authors", Existing: noIndexes(table(base(), "authors"))}, "still referred to"},
		{"drop an indexed column", &ops.DropColumn{Table: "books", Column: "title", Existing: table(base(), "books").FindColumn("title").Clone()}, "still used by index"},
		{"alter with a wrong existing type", &ops.AlterColumn{Table: "books", Column: "title", Nullable: bp(true),
			ExistingType: tp(schema.Integer()), ExistingNullable: bp(false), ExistingAutoincrement: bp(false)}, "existing_type"},
		{"drop a table with a wrong existing", &ops.DropTable{Name: "authors", Existing: &schema.Table{Name: "authors"}}, "existing does not describe"},
		{"column of a missing enum", &ops.AddColumn{Table: "authors", Column: &schema.Column{Name: "m", Type: schema.Enum("nope", "a")}}, "does not exist"},
		{"create_table with indexes", &ops.CreateTable{Table: &schema.Table{Name: "z", Columns: []*schema.Column{{Name: "a", Type: schema.Text()}},
			Indexes: []*schema.IndexDef{{Name: "ix", Columns: []string{"a"}}}}}, "carries indexes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := applyForTest(base(), []ops.Op{c.op}, true)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v, want one containing %q", err, c.want)
			}
		})
	}
}
