package mysql

import (
	"errors"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

func ptr[T any](v T) *T { return &v }

// renderOne renders a single op and returns its statements' SQL.
func renderOne(t *testing.T, o ops.Op, cur *schema.MetaData) []string {
	t.Helper()
	st, err := Dialect{}.Render([]ops.Op{o}, &dialect.RenderEnv{Current: cur})
	if err != nil {
		t.Fatalf("render %s: %v", ops.Name(o), err)
	}
	var out []string
	for _, s := range st {
		if s.Op != 0 {
			t.Errorf("statement %q has Op %d, want 0", s.SQL, s.Op)
		}
		out = append(out, s.SQL)
	}
	return out
}

func books() *schema.Table {
	return &schema.Table{
		Name: "books",
		Columns: []*schema.Column{
			{Name: "id", Type: schema.Integer(), Autoincrement: true},
			{Name: "title", Type: schema.Varchar(200), Default: ptr("'untitled'"), Comment: "the title"},
			{Name: "author_id", Type: schema.Integer(), Nullable: true},
			{Name: "status", Type: schema.Enum("book_status", "draft", "published"), Default: ptr("'draft'")},
			{Name: "created", Type: schema.TimestampTZ(), Nullable: true, Default: ptr("CURRENT_TIMESTAMP")},
			{Name: "notes", Type: schema.Text(), Nullable: true, Default: ptr("'none'")},
			{Name: "key", Type: schema.UUID(), Nullable: true, Default: ptr("uuid()")},
		},
		PrimaryKey:  &schema.PrimaryKeyDef{Name: "pk_books", Columns: []string{"id"}},
		ForeignKeys: []*schema.ForeignKeyDef{{Name: "fk_books_author", Columns: []string{"author_id"}, RefTable: "authors", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
		Uniques:     []*schema.UniqueDef{{Name: "uq_books_title", Columns: []string{"title"}}},
		Checks:      []*schema.CheckDef{{Name: "ck_books_id", Expr: "id > 0"}},
		Comment:     "Books' catalogue",
	}
}

func TestRenderEveryOp(t *testing.T) {
	cur := &schema.MetaData{Tables: []*schema.Table{books()}}
	cases := []struct {
		op   ops.Op
		want []string
	}{
		{&ops.CreateTable{Table: books()}, []string{"CREATE TABLE books (\n" +
			"\tid INTEGER NOT NULL AUTO_INCREMENT,\n" +
			"\ttitle VARCHAR(200) NOT NULL DEFAULT 'untitled' COMMENT 'the title',\n" +
			"\tauthor_id INTEGER,\n" +
			"\tstatus ENUM('draft', 'published') NOT NULL DEFAULT 'draft',\n" +
			"\tcreated TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP,\n" +
			"\tnotes TEXT DEFAULT ('none'),\n" +
			"\t`key` CHAR(36) DEFAULT (uuid()),\n" +
			"\tPRIMARY KEY (id),\n" +
			"\tCONSTRAINT uq_books_title UNIQUE (title),\n" +
			"\tCONSTRAINT fk_books_author FOREIGN KEY (author_id) REFERENCES authors (id) ON DELETE CASCADE,\n" +
			"\tCONSTRAINT ck_books_id CHECK (id > 0)\n" +
			") COMMENT='Books'' catalogue'"}},
		{&ops.DropTable{Name: "books"}, []string{"DROP TABLE books"}},
		{&ops.RenameTable{Name: "books", NewName: "Old Books"}, []string{"RENAME TABLE books TO `Old Books`"}},
		{&ops.AddColumn{Table: "books", Column: &schema.Column{Name: "price", Type: schema.Numeric(10, 2), Nullable: true, Default: ptr("0")}},
			[]string{"ALTER TABLE books ADD COLUMN price NUMERIC(10, 2) DEFAULT 0"}},
		{&ops.DropColumn{Table: "books", Column: "title"}, []string{"ALTER TABLE books DROP COLUMN title"}},
		{&ops.AlterColumn{Table: "books", Column: "title", Nullable: ptr(true)},
			[]string{"ALTER TABLE books MODIFY COLUMN title VARCHAR(200) DEFAULT 'untitled' COMMENT 'the title'"}},
		{&ops.AlterColumn{Table: "books", Column: "title", NewName: "name"},
			[]string{"ALTER TABLE books CHANGE COLUMN title name VARCHAR(200) NOT NULL DEFAULT 'untitled' COMMENT 'the title'"}},
		{&ops.AlterColumn{Table: "books", Column: "id", Type: ptr(schema.BigInt())},
			[]string{"ALTER TABLE books MODIFY COLUMN id BIGINT NOT NULL AUTO_INCREMENT"}},
		{&ops.AlterColumn{Table: "books", Column: "title", ServerDefault: &ops.Change{Value: ptr("'x'")}},
			[]string{"ALTER TABLE books ALTER COLUMN title SET DEFAULT 'x'"}},
		{&ops.AlterColumn{Table: "books", Column: "title", ServerDefault: &ops.Change{}},
			[]string{"ALTER TABLE books ALTER COLUMN title DROP DEFAULT"}},
		{&ops.AlterColumn{Table: "books", Column: "created", ServerDefault: &ops.Change{Value: ptr("CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP")}},
			[]string{"ALTER TABLE books MODIFY COLUMN created TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"}},
		{&ops.AlterColumn{Table: "books", Column: "title", Comment: &ops.Change{}},
			[]string{"ALTER TABLE books MODIFY COLUMN title VARCHAR(200) NOT NULL DEFAULT 'untitled'"}},
		{&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_books_title", Columns: []string{"title(10)", "key", "author_id DESC", "lower(title)"}}},
			[]string{"CREATE INDEX ix_books_title ON books (title(10), `key`, author_id DESC, (lower(title)))"}},
		{&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_d", Columns: []string{"title", "key"}, Order: []string{"desc"}}},
			[]string{"CREATE INDEX ix_d ON books (title DESC, `key`)"}},
		{&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ux", Columns: []string{"title"}, Unique: true}},
			[]string{"CREATE UNIQUE INDEX ux ON books (title)"}},
		{&ops.DropIndex{Table: "books", Name: "ix_books_title"}, []string{"DROP INDEX ix_books_title ON books"}},
		{&ops.CreateUniqueConstraint{Table: "books", Unique: &schema.UniqueDef{Name: "uq_a", Columns: []string{"title", "author_id"}}},
			[]string{"ALTER TABLE books ADD CONSTRAINT uq_a UNIQUE (title, author_id)"}},
		{&ops.CreateForeignKey{Table: "books", ForeignKey: &schema.ForeignKeyDef{Name: "fk_x", Columns: []string{"author_id"}, RefSchema: "other", RefTable: "authors", RefColumns: []string{"id"}, OnDelete: "set null", OnUpdate: "CASCADE"}},
			[]string{"ALTER TABLE books ADD CONSTRAINT fk_x FOREIGN KEY (author_id) REFERENCES other.authors (id) ON DELETE SET NULL ON UPDATE CASCADE"}},
		{&ops.CreateCheckConstraint{Table: "books", Check: &schema.CheckDef{Name: "ck_x", Expr: "status <> 'x'"}},
			[]string{"ALTER TABLE books ADD CONSTRAINT ck_x CHECK (status <> 'x')"}},
		{&ops.CreatePrimaryKey{Table: "books", PrimaryKey: &schema.PrimaryKeyDef{Name: "ignored", Columns: []string{"id", "title"}}},
			[]string{"ALTER TABLE books ADD PRIMARY KEY (id, title)"}},
		{&ops.DropConstraint{Table: "books", Name: "fk_x", Type: ops.ConstraintForeignKey}, []string{"ALTER TABLE books DROP FOREIGN KEY fk_x"}},
		{&ops.DropConstraint{Table: "books", Name: "uq_a", Type: ops.ConstraintUnique}, []string{"ALTER TABLE books DROP INDEX uq_a"}},
		{&ops.DropConstraint{Table: "books", Name: "ck_x", Type: ops.ConstraintCheck}, []string{"ALTER TABLE books DROP CONSTRAINT ck_x"}},
		{&ops.DropConstraint{Table: "books", Name: "pk_books", Type: ops.ConstraintPrimary}, []string{"ALTER TABLE books DROP PRIMARY KEY"}},
		{&ops.CreateTableComment{Table: "books", Comment: `it's a \ comment`}, []string{`ALTER TABLE books COMMENT='it''s a \\ comment'`}},
		{&ops.DropTableComment{Table: "books", ExistingComment: "x"}, []string{"ALTER TABLE books COMMENT=''"}},
		{&ops.CreateEnum{Name: "e", Values: []string{"a"}}, nil},
		{&ops.DropEnum{Name: "e", Values: []string{"a"}}, nil},
		{&ops.AddEnumValue{Name: "e", Value: "b"}, nil},
		{&ops.Execute{SQL: "UPDATE books SET title = 'x'"}, []string{"UPDATE books SET title = 'x'"}},
		{&ops.Execute{SQL: "SELECT 1", Dialects: map[string]string{"mysql": "SELECT 2", "postgresql": "SELECT 3"}}, []string{"SELECT 2"}},
		{&ops.BulkInsert{Table: "books", Columns: []string{"id", "title", "author_id"}, Rows: []map[string]any{
			{"id": int64(1), "title": "O'Brien"},
			{"id": int64(2), "title": `back\slash`, "author_id": int64(7)},
		}}, []string{`INSERT INTO books (id, title, author_id) VALUES (1, 'O''Brien', NULL), (2, 'back\\slash', 7)`}},
	}
	for _, c := range cases {
		t.Run(ops.Name(c.op), func(t *testing.T) {
			got := renderOne(t, c.op, cur)
			if strings.Join(got, ";\n") != strings.Join(c.want, ";\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, ";\n"), strings.Join(c.want, ";\n"))
			}
		})
	}
}

func TestRenderOpIndexes(t *testing.T) {
	list := []ops.Op{
		&ops.CreateEnum{Name: "e", Values: []string{"a"}},
		&ops.DropTable{Name: "a"},
		&ops.DropTable{Name: "b"},
	}
	st, err := Dialect{}.Render(list, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 2 || st[0].Op != 1 || st[1].Op != 2 {
		t.Fatalf("statements %+v: want two, from ops 1 and 2", st)
	}
}

// An alter_column later in the list sees a column added earlier in it.
func TestRenderAlterSeesEarlierOps(t *testing.T) {
	list := []ops.Op{
		&ops.AddColumn{Table: "books", Column: &schema.Column{Name: "n", Type: schema.Integer(), Nullable: true, Default: ptr("3"), Comment: "c"}},
		&ops.AlterColumn{Table: "books", Column: "n", Nullable: ptr(false)},
	}
	st, err := Dialect{}.Render(list, &dialect.RenderEnv{Current: &schema.MetaData{Tables: []*schema.Table{books()}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "ALTER TABLE books MODIFY COLUMN n INTEGER NOT NULL DEFAULT 3 COMMENT 'c'"; st[1].SQL != want || st[1].Op != 1 {
		t.Errorf("got %q (op %d), want %q (op 1)", st[1].SQL, st[1].Op, want)
	}
}

func TestRenderAlterFromExistingFacts(t *testing.T) {
	o := &ops.AlterColumn{Table: "t", Column: "id", Nullable: ptr(false),
		ExistingType: ptr(schema.BigInt()), ExistingNullable: ptr(true), ExistingServerDefault: ptr("7"),
		ExistingComment: ptr("the id"), ExistingAutoincrement: ptr(true)}
	got := renderOne(t, o, nil)
	want := "ALTER TABLE t MODIFY COLUMN id BIGINT NOT NULL DEFAULT 7 AUTO_INCREMENT COMMENT 'the id'"
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRenderErrors(t *testing.T) {
	cases := []struct {
		name string
		op   ops.Op
		want []string // substrings of the error
	}{
		{"alter without facts", &ops.AlterColumn{Table: "t", Column: "c", Nullable: ptr(false)},
			[]string{`"t"."c"`, "existing_type", "existing_autoincrement"}},
		{"alter without nullable", &ops.AlterColumn{Table: "t", Column: "c", Comment: &ops.Change{Value: ptr("x")}, ExistingType: ptr(schema.Text())},
			[]string{`"t"."c"`, "existing_nullable"}},
		{"partial index", &ops.CreateIndex{Table: "t", Index: &schema.IndexDef{Name: "ix", Columns: []string{"a"}, Where: "a > 0"}},
			[]string{"partial", "ix"}},
		{"varchar without length", &ops.AddColumn{Table: "t", Column: &schema.Column{Name: "c", Type: schema.Type{Name: schema.TVarchar}}},
			[]string{"varchar", "length"}},
		{"interval", &ops.AddColumn{Table: "t", Column: &schema.Column{Name: "c", Type: schema.Interval()}},
			[]string{"interval", "dialect type"}},
		{"other dialect's type", &ops.AddColumn{Table: "t", Column: &schema.Column{Name: "c", Type: schema.Dialect("postgresql", "jsonb")}},
			[]string{"postgresql.jsonb", "postgresql"}},
		{"drop constraint without type", &ops.DropConstraint{Table: "t", Name: "x"},
			[]string{"foreignkey, unique, check or primary"}},
		{"execute for other dialects only", &ops.Execute{Dialects: map[string]string{"postgresql": "SELECT 1"}},
			[]string{"mysql"}},
		{"bad literal", &ops.BulkInsert{Table: "t", Columns: []string{"a"}, Rows: []map[string]any{{"a": struct{}{}}}},
			[]string{"row 1", `"a"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Dialect{}.Render([]ops.Op{&ops.DropTable{Name: "z"}, c.op}, nil)
			var re *dialect.RenderError
			if !errors.As(err, &re) {
				t.Fatalf("error %v is not a *dialect.RenderError", err)
			}
			if re.Op != 1 || re.Dialect != "mysql" || re.OpName != ops.Name(c.op) {
				t.Errorf("RenderError %+v: want op 1, dialect mysql, op name %s", re, ops.Name(c.op))
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestVersionTableSQL(t *testing.T) {
	d := Dialect{}
	vt := dialect.VersionTable{Name: "migrate_version"}
	if got, want := d.CreateVersionTable(vt), "CREATE TABLE IF NOT EXISTS migrate_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT migrate_version_pkc PRIMARY KEY (version_num))"; len(got) != 1 || got[0] != want {
		t.Errorf("CreateVersionTable = %q, want %q", got, want)
	}
	if got, want := d.InsertVersion(vt, "ae1027a6acf0"), "INSERT INTO migrate_version (version_num) VALUES ('ae1027a6acf0')"; got != want {
		t.Errorf("InsertVersion = %q, want %q", got, want)
	}
	if got, want := d.UpdateVersion(vt, "a1", "b2"), "UPDATE migrate_version SET version_num='b2' WHERE migrate_version.version_num = 'a1'"; got != want {
		t.Errorf("UpdateVersion = %q, want %q", got, want)
	}
	if got, want := d.DeleteVersion(dialect.VersionTable{Schema: "ops", Name: "v"}, "a1"), "DELETE FROM ops.v WHERE ops.v.version_num = 'a1'"; got != want {
		t.Errorf("DeleteVersion = %q, want %q", got, want)
	}
	if d.Begin() != "" || d.Commit() != "" {
		t.Errorf("Begin/Commit = %q/%q, want empty (no transactional DDL)", d.Begin(), d.Commit())
	}
	c := d.Capabilities()
	if c.TransactionalDDL || c.NamedEnums || !c.Comments || c.Schemas {
		t.Errorf("Capabilities = %+v", c)
	}
	if got, err := dialect.Get("mysql"); err != nil || got.Name() != "mysql" {
		t.Errorf("dialect.Get(mysql) = %v, %v", got, err)
	}
}
