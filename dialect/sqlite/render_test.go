package sqlite

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

func ptr[T any](v T) *T { return &v }

// authorsBooks is a small current schema for render tests.
func authorsBooks() *schema.MetaData {
	md := schema.NewMetaData()
	md.Table("authors",
		schema.Col("id", schema.Integer()).PrimaryKey(),
		schema.Col("name", schema.Varchar(100)).NotNull(),
	)
	md.Table("books",
		schema.Col("id", schema.Integer()).PrimaryKey(),
		schema.Col("author_id", schema.Integer()).NotNull().References("authors.id"),
		schema.Col("title", schema.Varchar(200)),
		schema.Col("note", schema.Text()),
		schema.Index("ix_books_title", "title"),
	)
	return md
}

func render(t *testing.T, env *dialect.RenderEnv, list ...ops.Op) []dialect.Statement {
	t.Helper()
	st, err := Dialect{}.Render(list, env)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return st
}

func sqls(st []dialect.Statement) []string {
	out := make([]string, len(st))
	for i, s := range st {
		out[i] = s.SQL
	}
	return out
}

func TestRenderCreateTable(t *testing.T) {
	md := schema.NewMetaData()
	tb := md.Table("Order",
		schema.Col("id", schema.BigInt()).PrimaryKey(),
		schema.Col("status", schema.Enum("order_status", "new", "it's done")).NotNull().ServerDefault("'new'"),
		schema.Col("at", schema.Timestamp()).ServerDefault("CURRENT_TIMESTAMP"),
		schema.Col("n", schema.Integer()).ServerDefault("abs(-1)"),
		schema.Col("parent", schema.BigInt()),
		schema.UniqueConstraint("uq_order_at", "at"),
		schema.Check("ck_n", "n >= 0"),
		schema.ForeignKey([]string{"parent"}, "Order", []string{"id"}, schema.OnDelete("set null"), schema.ConstraintName("fk_parent")),
	).Table()
	tb.PrimaryKey.Name = "pk_order"
	got := sqls(render(t, nil, &ops.CreateTable{Table: tb}))
	want := []string{`CREATE TABLE "Order" (
	id INTEGER NOT NULL,
	status VARCHAR(9) NOT NULL DEFAULT 'new' CONSTRAINT order_status CHECK ("status" IN ('new', 'it''s done')),
	at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
	n INTEGER DEFAULT (abs(-1)),
	parent BIGINT,
	CONSTRAINT pk_order PRIMARY KEY (id),
	CONSTRAINT fk_parent FOREIGN KEY (parent) REFERENCES "Order" (id) ON DELETE SET NULL,
	CONSTRAINT uq_order_at UNIQUE (at),
	CONSTRAINT ck_n CHECK (n >= 0)
)`}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("create_table (-want +got):\n%s", d)
	}
}

func TestRenderKeyTypes(t *testing.T) {
	md := schema.NewMetaData()
	noAuto := md.Table("a", schema.Col("id", schema.Integer()).PrimaryKey().Autoincrement(false)).Table()
	got := sqls(render(t, nil, &ops.CreateTable{Table: noAuto}))
	if !strings.Contains(got[0], "id INT NOT NULL") {
		t.Errorf("a non-autoincrement integer key must not be a rowid alias (INT, not INTEGER): %s", got[0])
	}
	bad := md.Table("b", schema.Col("id", schema.Integer()).Autoincrement(true)).Table()
	_, err := Dialect{}.Render([]ops.Op{&ops.CreateTable{Table: bad}}, nil)
	var re *dialect.RenderError
	if !errors.As(err, &re) || re.Table != "b" || re.Op != 0 {
		t.Fatalf("autoincrement without primary key: err = %v, want a RenderError on table b", err)
	}
}

func TestRenderSimpleOps(t *testing.T) {
	env := &dialect.RenderEnv{Current: authorsBooks()}
	cases := []struct {
		op   ops.Op
		want []string
	}{
		{&ops.DropTable{Name: "books"}, []string{"DROP TABLE books"}},
		{&ops.RenameTable{Name: "books", NewName: "Tomes"}, []string{`ALTER TABLE books RENAME TO "Tomes"`}},
		{&ops.AddColumn{Table: "books", Column: &schema.Column{Name: "pages", Type: schema.Integer(), Nullable: true}},
			[]string{"ALTER TABLE books ADD COLUMN pages INTEGER"}},
		{&ops.AddColumn{Table: "books", Column: &schema.Column{Name: "lang", Type: schema.Char(2), Default: ptr("'en'")}},
			[]string{"ALTER TABLE books ADD COLUMN lang CHAR(2) NOT NULL DEFAULT 'en'"}},
		{&ops.DropColumn{Table: "books", Column: "note"}, []string{"ALTER TABLE books DROP COLUMN note"}},
		{&ops.AlterColumn{Table: "books", Column: "note", NewName: "Notes"}, []string{`ALTER TABLE books RENAME COLUMN note TO "Notes"`}},
		{&ops.AlterColumn{Table: "books", Column: "note", Comment: &ops.Change{Value: ptr("x")}}, nil},
		{&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_t", Columns: []string{"title", "lower(note)"}, Unique: true, Where: "note IS NOT NULL"}},
			[]string{"CREATE UNIQUE INDEX ix_t ON books (title, lower(note)) WHERE note IS NOT NULL"}},
		{&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_d", Columns: []string{"title", "note"}, Order: []string{"desc"}}},
			[]string{"CREATE INDEX ix_d ON books (title DESC, note)"}},
		{&ops.DropIndex{Table: "books", Name: "ix_books_title"}, []string{"DROP INDEX ix_books_title"}},
		{&ops.Execute{SQL: "UPDATE books SET note = 'x';"}, []string{"UPDATE books SET note = 'x'"}},
		{&ops.Execute{SQL: "generic", Dialects: map[string]string{"sqlite": "SELECT 1", "postgresql": "SELECT 2"}}, []string{"SELECT 1"}},
		{&ops.BulkInsert{Table: "authors", Columns: []string{"id", "name"}, Rows: []map[string]any{{"id": int64(1), "name": "O'Brien"}, {"id": int64(2)}}},
			[]string{"INSERT INTO authors (id, name) VALUES (1, 'O''Brien'), (2, NULL)"}},
		{&ops.BulkInsert{Table: "authors"}, nil},
		{&ops.CreateTableComment{Table: "books", Comment: "c"}, nil},
		{&ops.DropTableComment{Table: "books"}, nil},
		{&ops.CreateEnum{Name: "e", Values: []string{"a"}}, nil},
		{&ops.DropEnum{Name: "e"}, nil},
		{&ops.AddEnumValue{Name: "e", Value: "b"}, nil},
	}
	for _, c := range cases {
		got := sqls(render(t, env, c.op))
		if len(got) == 0 {
			got = nil
		}
		if d := cmp.Diff(c.want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", ops.Name(c.op), d)
		}
	}
}

func TestRenderOpIndexes(t *testing.T) {
	env := &dialect.RenderEnv{Current: authorsBooks()}
	st := render(t, env,
		&ops.CreateEnum{Name: "e", Values: []string{"a"}},
		&ops.DropIndex{Table: "books", Name: "ix_books_title"},
		&ops.DropTable{Name: "authors"},
	)
	if len(st) != 2 || st[0].Op != 1 || st[1].Op != 2 {
		t.Fatalf("statements = %+v, want ops 1 and 2", st)
	}
}

func TestRenderExecuteWithoutSQL(t *testing.T) {
	_, err := Dialect{}.Render([]ops.Op{&ops.DropTable{Name: "x"}, &ops.Execute{Dialects: map[string]string{"mysql": "x"}}}, nil)
	var re *dialect.RenderError
	if !errors.As(err, &re) || re.Op != 1 || re.OpName != "execute" {
		t.Fatalf("err = %v, want a RenderError for op 1 (execute)", err)
	}
}

func TestRenderBatchNeedsDefinition(t *testing.T) {
	for _, env := range []*dialect.RenderEnv{nil, {Current: schema.NewMetaData()}} {
		_, err := Dialect{}.Render([]ops.Op{&ops.AlterColumn{Table: "books", Column: "title", Nullable: ptr(false)}}, env)
		var re *dialect.RenderError
		if !errors.As(err, &re) || re.Table != "books" || !strings.Contains(err.Error(), "definition") {
			t.Fatalf("err = %v, want a RenderError saying the table definition is needed", err)
		}
	}
}

func TestRenderBatchShape(t *testing.T) {
	env := &dialect.RenderEnv{Current: authorsBooks()}
	st := render(t, env,
		&ops.DropTable{Name: "gone"},
		&ops.AlterColumn{Table: "books", Column: "title", Nullable: ptr(false), ServerDefault: &ops.Change{Value: ptr("'untitled'")}},
		&ops.AlterColumn{Table: "books", Column: "note", Type: ptr(schema.Varchar(50)), NewName: "summary"},
		&ops.CreateCheckConstraint{Table: "books", Check: &schema.CheckDef{Name: "ck_len", Expr: "length(title) > 0"}},
		&ops.DropTable{Name: "other"},
	)
	want := []string{
		"DROP TABLE gone",
		"CREATE TEMP TABLE _migrate_tmp__pending AS SELECT ((SELECT defer_foreign_keys FROM pragma_defer_foreign_keys) OR EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%DEFERRED%')) AS pending",
		"PRAGMA defer_foreign_keys = ON",
		`SELECT name AS trigger_name, 'table "books" must be rebuilt (move and copy), which would drop this trigger: drop it with an execute op before the change and re-create it with one after, in the same revision' AS what_to_do FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'books' COLLATE NOCASE`,
		`CREATE TEMP TABLE _migrate_tmp__guard (triggers INTEGER CONSTRAINT "table ""books"" must be rebuilt (move and copy), which would drop the triggers on it that migrate does not know (listed by the query before): drop each with an execute op before the change and re-create it with one after, in the same revision" CHECK (triggers = 0))`,
		"INSERT INTO temp._migrate_tmp__guard SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'books' COLLATE NOCASE",
		"DROP TABLE temp._migrate_tmp__guard",
		`CREATE TABLE _migrate_tmp_books (
	id INTEGER NOT NULL,
	author_id INTEGER NOT NULL,
	title VARCHAR(200) NOT NULL DEFAULT 'untitled',
	summary VARCHAR(50),
	PRIMARY KEY (id),
	FOREIGN KEY (author_id) REFERENCES authors (id),
	CONSTRAINT ck_len CHECK (length(title) > 0)
)`,
		"INSERT INTO _migrate_tmp_books (id, author_id, title, summary) SELECT id, author_id, COALESCE(title, 'untitled'), CAST(note AS VARCHAR(50)) FROM books",
		"DROP TABLE books",
		"PRAGMA legacy_alter_table = ON",
		"ALTER TABLE _migrate_tmp_books RENAME TO books",
		"PRAGMA legacy_alter_table = OFF",
		"PRAGMA defer_foreign_keys = OFF",
		"CREATE INDEX ix_books_title ON books (title)",
		"CREATE TABLE _migrate_tmp__schema_check (x)",
		"ALTER TABLE _migrate_tmp__schema_check RENAME TO _migrate_tmp__schema_checked",
		"DROP TABLE _migrate_tmp__schema_checked",
		"PRAGMA foreign_key_check(books)",
		`SELECT "table", rowid, parent, fkid, 'table "books" was rebuilt (move and copy) while foreign key violations could be pending (PRAGMA defer_foreign_keys on, or a DEFERRABLE INITIALLY DEFERRED key), and this row violates a key; fix the rows before the change or make the change in its own revision' AS what_to_do FROM pragma_foreign_key_check WHERE (SELECT pending FROM temp._migrate_tmp__pending)`,
		"DROP TABLE temp._migrate_tmp__pending",
		"DROP TABLE other",
	}
	if d := cmp.Diff(want, sqls(st)); d != "" {
		t.Fatalf("batch (-want +got):\n%s", d)
	}
	for i, s := range st {
		wantOp := 1
		switch {
		case i == 0:
			wantOp = 0
		case i == len(st)-1:
			wantOp = 4
		}
		if s.Op != wantOp {
			t.Errorf("statement %d (%q) has Op %d, want %d", i, s.SQL, s.Op, wantOp)
		}
	}
}

func TestRenderDropColumnBatchWhenIndexed(t *testing.T) {
	env := &dialect.RenderEnv{Current: authorsBooks()}
	got := sqls(render(t, env, &ops.DropColumn{Table: "books", Column: "title"}))
	if len(got) < 3 || got[1] != "PRAGMA defer_foreign_keys = ON" {
		t.Fatalf("dropping an indexed column must be a move and copy, got %q", got)
	}
	for _, s := range got {
		if strings.Contains(s, "ix_books_title") {
			t.Errorf("the index on the dropped column must go with it, got %q", s)
		}
	}
}

func TestRenderBatchRefusesCascadingReferrer(t *testing.T) {
	md := authorsBooks()
	md.FindTable("", "books").ForeignKeys[0].OnDelete = "CASCADE"
	_, err := Dialect{}.Render([]ops.Op{&ops.AlterColumn{Table: "authors", Column: "name", Nullable: ptr(true)}}, &dialect.RenderEnv{Current: md})
	var re *dialect.RenderError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "ON DELETE CASCADE") || !strings.Contains(err.Error(), `"books"`) {
		t.Fatalf("err = %v, want a RenderError naming books' ON DELETE CASCADE", err)
	}
}

func TestRenderBatchAllowedWithForeignKeysOff(t *testing.T) {
	md := authorsBooks()
	md.FindTable("", "books").ForeignKeys[0].OnDelete = "CASCADE"
	st, err := Dialect{}.Render([]ops.Op{
		&ops.Execute{SQL: "PRAGMA foreign_keys = OFF"},
		&ops.AlterColumn{Table: "authors", Column: "name", Nullable: ptr(true)},
		&ops.Execute{SQL: "PRAGMA foreign_keys=ON;"},
	}, &dialect.RenderEnv{Current: md})
	if err != nil {
		t.Fatalf("with PRAGMA foreign_keys = OFF first, the rebuild must render: %v", err)
	}
	if got := sqls(st); got[0] != "PRAGMA foreign_keys = OFF" || got[len(got)-1] != "PRAGMA foreign_keys=ON" {
		t.Fatalf("statements = %q", got)
	}
	_, err = Dialect{}.Render([]ops.Op{
		&ops.Execute{SQL: "PRAGMA foreign_keys = OFF"},
		&ops.Execute{SQL: "PRAGMA foreign_keys = ON"},
		&ops.AlterColumn{Table: "authors", Column: "name", Nullable: ptr(true)},
	}, &dialect.RenderEnv{Current: md})
	if err == nil {
		t.Fatal("after PRAGMA foreign_keys = ON again the rebuild must be refused")
	}
}

// TestRenderIndexNullsOrderRefused: SQLite's CREATE INDEX takes ASC or DESC
// but no NULLS FIRST/LAST.
func TestRenderIndexNullsOrderRefused(t *testing.T) {
	_, err := Dialect{}.Render([]ops.Op{&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_n", Columns: []string{"title"}, Order: []string{"DESC NULLS LAST"}}}}, &dialect.RenderEnv{})
	if err == nil || !strings.Contains(err.Error(), "only ASC or DESC") {
		t.Errorf("Render = %v, want an error saying SQLite indexes take only ASC or DESC", err)
	}
}
