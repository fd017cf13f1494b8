package ops

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/retortdb/migrate/schema"
)

// applyBase is the schema each Apply test starts from.
func applyBase() *schema.MetaData {
	return &schema.MetaData{
		Enums: []*schema.EnumDef{{Name: "status", Values: []string{"draft", "published"}}},
		Tables: []*schema.Table{
			{
				Name: "authors",
				Columns: []*schema.Column{
					{Name: "id", Type: schema.BigInt(), Autoincrement: true},
					{Name: "name", Type: schema.Varchar(100)},
				},
				PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_authors", Columns: []string{"id"}},
			},
			{
				Name: "books",
				Columns: []*schema.Column{
					{Name: "id", Type: schema.BigInt()},
					{Name: "author_id", Type: schema.BigInt()},
					{Name: "title", Type: schema.Text(), Nullable: true},
					{Name: "status", Type: schema.Enum("status", "draft", "published")},
				},
				PrimaryKey:  &schema.PrimaryKeyDef{Name: "pk_books", Columns: []string{"id"}},
				ForeignKeys: []*schema.ForeignKeyDef{{Name: "fk_books_author", Columns: []string{"author_id"}, RefTable: "authors", RefColumns: []string{"id"}}},
				Uniques:     []*schema.UniqueDef{{Name: "uq_books_title", Columns: []string{"title"}}},
				Checks:      []*schema.CheckDef{{Name: "ck_books_title", Expr: "title <> ''"}},
				Indexes:     []*schema.IndexDef{{Name: "ix_books_author_title", Columns: []string{"author_id", "title"}}},
				Comment:     "Books",
			},
		},
	}
}

func TestApply(t *testing.T) {
	cases := []struct {
		name string
		op   Op
		edit func(m *schema.MetaData) // what the op must do to applyBase()
	}{
		{"create_table", &CreateTable{Table: &schema.Table{Name: "tags", Columns: []*schema.Column{{Name: "id", Type: schema.Integer()}}, Indexes: []*schema.IndexDef{{Name: "ix"}}}},
			func(m *schema.MetaData) {
				m.Tables = append(m.Tables, &schema.Table{Name: "tags", Columns: []*schema.Column{{Name: "id", Type: schema.Integer()}}})
			}},
		{"drop_table", &DropTable{Name: "books"}, func(m *schema.MetaData) { m.Tables = m.Tables[:1] }},
		{"rename_table", &RenameTable{Name: "authors", NewName: "writers"}, func(m *schema.MetaData) {
			m.Tables[0].Name = "writers"
			m.Tables[1].ForeignKeys[0].RefTable = "writers"
		}},
		{"add_column", &AddColumn{Table: "authors", Column: &schema.Column{Name: "bio", Type: schema.Text(), Nullable: true}}, func(m *schema.MetaData) {
			m.Tables[0].Columns = append(m.Tables[0].Columns, &schema.Column{Name: "bio", Type: schema.Text(), Nullable: true})
		}},
		{"drop_column", &DropColumn{Table: "books", Column: "title"}, func(m *schema.MetaData) {
			b := m.Tables[1]
			b.Columns = []*schema.Column{b.Columns[0], b.Columns[1], b.Columns[3]}
			b.Uniques, b.Checks, b.Indexes = nil, nil, nil // ck_books_title uses title too
		}},
		{"drop_column in pk and fk", &DropColumn{Table: "books", Column: "author_id"}, func(m *schema.MetaData) {
			b := m.Tables[1]
			b.Columns = []*schema.Column{b.Columns[0], b.Columns[2], b.Columns[3]}
			b.ForeignKeys, b.Indexes = nil, nil
		}},
		{"alter_column", &AlterColumn{Table: "books", Column: "title", Nullable: bp(false), Type: tp(schema.Varchar(200)), ServerDefault: &Change{Value: sp("''")}, Comment: &Change{Value: sp("the title")}},
			func(m *schema.MetaData) {
				c := m.Tables[1].Columns[2]
				c.Nullable, c.Type, c.Default, c.Comment = false, schema.Varchar(200), sp("''"), "the title"
			}},
		{"alter_column drop default and comment", &AlterColumn{Table: "authors", Column: "name", ServerDefault: &Change{}, Comment: &Change{}}, func(m *schema.MetaData) {}},
		{"alter_column rename", &AlterColumn{Table: "authors", Column: "id", NewName: "author_id"}, func(m *schema.MetaData) {
			m.Tables[0].Columns[0].Name = "author_id"
			m.Tables[0].PrimaryKey.Columns = []string{"author_id"}
			m.Tables[1].ForeignKeys[0].RefColumns = []string{"author_id"}
		}},
		{"create_index", &CreateIndex{Table: "authors", Index: &schema.IndexDef{Name: "ix_name", Columns: []string{"name"}, Unique: true}}, func(m *schema.MetaData) {
			m.Tables[0].Indexes = []*schema.IndexDef{{Name: "ix_name", Columns: []string{"name"}, Unique: true}}
		}},
		{"drop_index", &DropIndex{Table: "books", Name: "ix_books_author_title"}, func(m *schema.MetaData) { m.Tables[1].Indexes = nil }},
		{"drop_index without table", &DropIndex{Name: "ix_books_author_title"}, func(m *schema.MetaData) { m.Tables[1].Indexes = nil }},
		{"create_unique_constraint", &CreateUniqueConstraint{Table: "authors", Unique: &schema.UniqueDef{Name: "uq_name", Columns: []string{"name"}}}, func(m *schema.MetaData) {
			m.Tables[0].Uniques = []*schema.UniqueDef{{Name: "uq_name", Columns: []string{"name"}}}
		}},
		{"create_foreign_key", &CreateForeignKey{Table: "authors", ForeignKey: &schema.ForeignKeyDef{Name: "fk_x", Columns: []string{"id"}, RefTable: "books", RefColumns: []string{"id"}, OnDelete: "CASCADE"}}, func(m *schema.MetaData) {
			m.Tables[0].ForeignKeys = []*schema.ForeignKeyDef{{Name: "fk_x", Columns: []string{"id"}, RefTable: "books", RefColumns: []string{"id"}, OnDelete: "CASCADE"}}
		}},
		{"create_check_constraint", &CreateCheckConstraint{Table: "authors", Check: &schema.CheckDef{Name: "ck", Expr: "id > 0"}}, func(m *schema.MetaData) {
			m.Tables[0].Checks = []*schema.CheckDef{{Name: "ck", Expr: "id > 0"}}
		}},
		{"drop_constraint foreignkey", &DropConstraint{Table: "books", Name: "fk_books_author", Type: ConstraintForeignKey}, func(m *schema.MetaData) { m.Tables[1].ForeignKeys = nil }},
		{"drop_constraint unique", &DropConstraint{Table: "books", Name: "uq_books_title", Type: ConstraintUnique}, func(m *schema.MetaData) { m.Tables[1].Uniques = nil }},
		{"drop_constraint check", &DropConstraint{Table: "books", Name: "ck_books_title", Type: ConstraintCheck}, func(m *schema.MetaData) { m.Tables[1].Checks = nil }},
		{"drop_constraint primary", &DropConstraint{Table: "books", Name: "pk_books", Type: ConstraintPrimary}, func(m *schema.MetaData) { m.Tables[1].PrimaryKey = nil }},
		{"create_table_comment", &CreateTableComment{Table: "authors", Comment: "People"}, func(m *schema.MetaData) { m.Tables[0].Comment = "People" }},
		{"drop_table_comment", &DropTableComment{Table: "books", ExistingComment: "Books"}, func(m *schema.MetaData) { m.Tables[1].Comment = "" }},
		{"create_enum", &CreateEnum{Name: "mood", Values: []string{"ok"}}, func(m *schema.MetaData) {
			m.Enums = append(m.Enums, &schema.EnumDef{Name: "mood", Values: []string{"ok"}})
		}},
		{"drop_enum", &DropEnum{Name: "status"}, func(m *schema.MetaData) { m.Enums = nil }},
		{"add_enum_value", &AddEnumValue{Name: "status", Value: "archived"}, func(m *schema.MetaData) {
			m.Enums[0].Values = []string{"draft", "published", "archived"}
			m.Tables[1].Columns[3].Type = schema.Enum("status", "draft", "published", "archived")
		}},
		{"add_enum_value after", &AddEnumValue{Name: "status", Value: "review", After: "draft"}, func(m *schema.MetaData) {
			m.Enums[0].Values = []string{"draft", "review", "published"}
			m.Tables[1].Columns[3].Type = schema.Enum("status", "draft", "review", "published")
		}},
		{"execute", &Execute{SQL: "DROP TABLE books"}, func(m *schema.MetaData) {}},
		{"bulk_insert", &BulkInsert{Table: "books", Columns: []string{"id"}, Rows: []map[string]any{{"id": int64(1)}}}, func(m *schema.MetaData) {}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, want := applyBase(), applyBase()
			c.edit(want)
			if err := Apply(m, c.op); err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if d := cmp.Diff(want, m, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("model after %s (-want +got):\n%s", Name(c.op), d)
			}
		})
	}
}

func TestApplyPrimaryKeyMakesColumnsNotNull(t *testing.T) {
	m := applyBase()
	for _, o := range []Op{
		&DropConstraint{Table: "books", Name: "pk_books", Type: ConstraintPrimary},
		&CreatePrimaryKey{Table: "books", PrimaryKey: &schema.PrimaryKeyDef{Name: "pk2", Columns: []string{"title"}}},
	} {
		if err := Apply(m, o); err != nil {
			t.Fatal(err)
		}
	}
	b := m.FindTable("", "books")
	if b.PrimaryKey == nil || b.PrimaryKey.Name != "pk2" || b.FindColumn("title").Nullable {
		t.Errorf("primary key = %+v, title nullable = %v; want pk2 on a NOT NULL title", b.PrimaryKey, b.FindColumn("title").Nullable)
	}
}

func TestApplyDoesNotShareWithOp(t *testing.T) {
	m := applyBase()
	col := &schema.Column{Name: "bio", Type: schema.Text()}
	if err := Apply(m, &AddColumn{Table: "authors", Column: col}); err != nil {
		t.Fatal(err)
	}
	col.Name = "changed"
	if m.FindTable("", "authors").FindColumn("bio") == nil {
		t.Error("changing the op's column changed the model")
	}
}

func TestApplyErrors(t *testing.T) {
	cases := []struct {
		op   Op
		want string
		is   error
	}{
		{&CreateTable{Table: &schema.Table{Name: "books"}}, `create_table: table "books": already exists`, ErrExists},
		{&DropTable{Name: "nope"}, `drop_table: table "nope": not found`, ErrNotFound},
		{&DropTable{Schema: "s", Name: "books"}, `drop_table: table "s"."books": not found`, ErrNotFound},
		{&RenameTable{Name: "books", NewName: "authors"}, `rename_table: cannot rename table "books" to "authors": already exists`, ErrExists},
		{&AddColumn{Table: "books", Column: &schema.Column{Name: "title"}}, `add_column: column "title" of table "books": already exists`, ErrExists},
		{&DropColumn{Table: "books", Column: "nope"}, `drop_column: column "nope" of table "books": not found`, ErrNotFound},
		{&AlterColumn{Table: "books", Column: "nope", Nullable: bp(true)}, `alter_column: column "nope" of table "books": not found`, ErrNotFound},
		{&AlterColumn{Table: "books", Column: "title", NewName: "id"}, `alter_column: cannot rename column "title" of table "books" to "id": already exists`, ErrExists},
		{&CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_books_author_title"}}, `create_index: index "ix_books_author_title" on table "books": already exists`, ErrExists},
		{&DropIndex{Table: "books", Name: "nope"}, `drop_index: index "nope" on table "books": not found`, ErrNotFound},
		{&DropIndex{Name: "nope"}, `drop_index: index "nope": not found`, ErrNotFound},
		{&CreateUniqueConstraint{Table: "books", Unique: &schema.UniqueDef{Name: "u", Columns: []string{"nope"}}}, `create_unique_constraint: column "nope" of table "books": not found`, ErrNotFound},
		{&CreateCheckConstraint{Table: "books", Check: &schema.CheckDef{Name: "fk_books_author"}}, `create_check_constraint: constraint "fk_books_author" on table "books": already exists`, ErrExists},
		{&CreatePrimaryKey{Table: "books", PrimaryKey: &schema.PrimaryKeyDef{Name: "pk2", Columns: []string{"id"}}}, `create_primary_key: table "books" already has a primary key ("pk_books"); drop it first: already exists`, ErrExists},
		{&DropConstraint{Table: "books", Name: "nope", Type: ConstraintCheck}, `drop_constraint: check constraint "nope" on table "books": not found`, ErrNotFound},
		{&DropConstraint{Table: "authors", Name: "nope", Type: ConstraintPrimary}, `drop_constraint: primary key "nope" on table "authors": not found`, ErrNotFound},
		{&DropConstraint{Table: "books", Name: "x", Type: "index"}, `drop_constraint: unknown constraint type "index" (want foreignkey, unique, check or primary)`, nil},
		{&CreateTableComment{Table: "nope", Comment: "x"}, `create_table_comment: table "nope": not found`, ErrNotFound},
		{&CreateEnum{Name: "status"}, `create_enum: enum "status": already exists`, ErrExists},
		{&DropEnum{Name: "nope"}, `drop_enum: enum "nope": not found`, ErrNotFound},
		{&AddEnumValue{Name: "status", Value: "draft"}, `add_enum_value: value "draft" of enum "status": already exists`, ErrExists},
		{&AddEnumValue{Name: "status", Value: "x", After: "nope"}, `add_enum_value: value "nope" of enum "status" (named in after:): not found`, ErrNotFound},
	}
	for _, c := range cases {
		m := applyBase()
		err := Apply(m, c.op)
		if err == nil || err.Error() != c.want {
			t.Errorf("Apply(%s) error = %v, want %q", Name(c.op), err, c.want)
			continue
		}
		if c.is != nil && !errors.Is(err, c.is) {
			t.Errorf("Apply(%s) error does not wrap %v", Name(c.op), c.is)
		}
		if d := cmp.Diff(applyBase(), m, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("failed Apply(%s) changed the model:\n%s", Name(c.op), d)
		}
	}
	if err := Apply(nil, &Execute{}); err == nil {
		t.Error("Apply(nil model) succeeded")
	}
}
