package sqlite

import (
	"reflect"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// TestRenderOverlayModel renders a list that creates, renames, rebuilds and
// drops tables, some of them more than once, over a schema with referring
// tables; the statements must be the same with and without an ops.Model
// index of env.Current, and Current must be left unchanged.
func TestRenderOverlayModel(t *testing.T) {
	md := schema.NewMetaData()
	md.Table("authors",
		schema.Col("id", schema.Integer()).PrimaryKey(),
		schema.Col("name", schema.Varchar(100)),
		schema.Index("ix_authors_name", "name"),
	)
	md.Table("books",
		schema.Col("id", schema.Integer()).PrimaryKey(),
		schema.Col("author_id", schema.Integer()).References("authors.id"),
	)
	md.Table("notes", schema.Col("id", schema.Integer()).PrimaryKey())
	list := []ops.Op{
		&ops.CreateTable{Table: &schema.Table{Name: "tags", Columns: []*schema.Column{{Name: "id", Type: schema.Integer()}, {Name: "book_id", Type: schema.Integer(), Nullable: true}}}},
		&ops.CreateForeignKey{Table: "tags", ForeignKey: &schema.ForeignKeyDef{Name: "fk_tags_book", Columns: []string{"book_id"}, RefTable: "books", RefColumns: []string{"id"}}},
		&ops.AlterColumn{Table: "authors", Column: "name", Nullable: ptr(false), ServerDefault: &ops.Change{Value: ptr("'?'")}},
		&ops.AlterColumn{Table: "authors", Column: "id", NewName: "author_id"},
		&ops.RenameTable{Name: "books", NewName: "volumes"},
		&ops.CreateCheckConstraint{Table: "volumes", Check: &schema.CheckDef{Name: "ck_volumes_id", Expr: "id > 0"}},
		&ops.CreateIndex{Table: "tags", Index: &schema.IndexDef{Name: "ix_tags_book", Columns: []string{"book_id"}}},
		&ops.DropTable{Name: "notes"},
		&ops.CreateTable{Table: &schema.Table{Name: "notes", Columns: []*schema.Column{{Name: "id", Type: schema.Integer()}}}},
		&ops.AlterColumn{Table: "notes", Column: "id", Nullable: ptr(true)},
		&ops.AlterColumn{Table: "tags", Column: "id", Type: ptr(schema.BigInt())},
	}
	before := md.Clone()
	plain, err := Dialect{}.Render(list, &dialect.RenderEnv{Current: md})
	if err != nil {
		t.Fatal(err)
	}
	indexed, err := Dialect{}.Render(list, &dialect.RenderEnv{Current: md, Model: ops.NewModel(md)})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plain, indexed) {
		t.Fatalf("statements differ with an index:\n%v\n%v", plain, indexed)
	}
	if !reflect.DeepEqual(before, md) {
		t.Fatal("Render changed env.Current")
	}
	for _, want := range []string{"PRAGMA foreign_key_check(tags)", "PRAGMA foreign_key_check(volumes)"} {
		found := false
		for _, s := range plain {
			found = found || s.SQL == want
		}
		if !found {
			t.Errorf("no %q among the statements:\n%v", want, plain)
		}
	}
}
