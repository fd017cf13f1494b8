package sqlite

import (
	"context"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// parentChild creates authors (with rows and an index) and books referring to
// authors and to itself, and returns the schema as declared.
func parentChild(t *testing.T) (*testdb.DB, *schema.MetaData) {
	t.Helper()
	db := testdb.SQLite(t)
	md := schema.NewMetaData()
	authors := md.Table("authors",
		schema.Col("id", schema.Integer()).PrimaryKey(),
		schema.Col("name", schema.Varchar(100)),
		schema.Col("born", schema.Text()),
		schema.Index("ix_authors_name", "name"),
	).Table()
	books := md.Table("books",
		schema.Col("id", schema.Integer()).PrimaryKey(),
		schema.Col("author_id", schema.Integer()).NotNull().References("authors.id"),
		schema.Col("sequel_of", schema.Integer()).References("books.id"),
	).Table()
	var list []ops.Op
	for _, tb := range []*schema.Table{authors, books} {
		list = append(list, &ops.CreateTable{Table: tb})
		for _, ix := range tb.Indexes {
			list = append(list, &ops.CreateIndex{Table: tb.Name, Index: ix})
		}
	}
	if err := apply(context.Background(), db.SQL, nil, list...); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db.SQL,
		`INSERT INTO authors VALUES (1, 'Ann', '1970'), (2, 'Bob', '1980'), (3, NULL, '1990')`,
		`INSERT INTO books VALUES (10, 1, NULL), (11, 1, 10), (12, 2, NULL)`,
	)
	return db, md
}

func TestBatchAlterKeepsRowsIndexesAndReferrers(t *testing.T) {
	ctx := context.Background()
	db, md := parentChild(t)
	env := &dialect.RenderEnv{Current: md}
	list := []ops.Op{
		&ops.AlterColumn{Table: "authors", Column: "name", Nullable: ptr(false), ServerDefault: &ops.Change{Value: ptr("'anonymous'")}},
		&ops.AlterColumn{Table: "authors", Column: "born", Type: ptr(schema.Integer())},
		&ops.CreateCheckConstraint{Table: "authors", Check: &schema.CheckDef{Name: "ck_authors_born", Expr: "born > 1900"}},
	}
	st, err := Dialect{}.Render(list, env)
	if err != nil {
		t.Fatal(err)
	}
	creates, drops := 0, 0
	for _, s := range st {
		if strings.HasPrefix(s.SQL, "CREATE TABLE _migrate_tmp_authors") {
			creates++
		}
		if strings.HasPrefix(s.SQL, "DROP TABLE authors") {
			drops++
		}
		if s.Op != 0 {
			t.Errorf("statement %q has Op %d; a grouped move and copy belongs to the run's first op", s.SQL, s.Op)
		}
	}
	copies := 0
	for _, s := range st {
		if strings.HasPrefix(s.SQL, "INSERT INTO") && strings.Contains(s.SQL, " SELECT ") && !strings.Contains(s.SQL, "temp.") {
			copies++
		}
	}
	if copies != 1 {
		t.Errorf("the rows are copied %d times, want once:\n%s", copies, strings.Join(sqls(st), "\n"))
	}
	if creates != 1 || drops != 1 {
		t.Fatalf("want ONE move and copy for three ops on authors, got %d creates and %d drops:\n%s", creates, drops, strings.Join(sqls(st), "\n"))
	}
	if err := apply(ctx, db.SQL, env, list...); err != nil {
		t.Fatalf("move and copy failed: %v", err)
	}
	if n := queryInt(t, db.SQL, `SELECT count(*) FROM authors`); n != 3 {
		t.Errorf("authors has %d rows after the rebuild, want 3", n)
	}
	if s := queryString(t, db.SQL, `SELECT name FROM authors WHERE id = 3`); s != "anonymous" {
		t.Errorf("NULL name became %q, want the new default 'anonymous'", s)
	}
	if ty := queryString(t, db.SQL, `SELECT typeof(born) FROM authors WHERE id = 1`); ty != "integer" {
		t.Errorf("born is stored as %s after the type change, want integer (CAST)", ty)
	}
	if n := queryInt(t, db.SQL, `SELECT count(*) FROM books`); n != 3 {
		t.Errorf("books has %d rows after rebuilding authors, want 3 (referencing rows kept)", n)
	}
	if n := queryInt(t, db.SQL, `SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'ix_authors_name'`); n != 1 {
		t.Error("index ix_authors_name was not re-created")
	}
	if n := queryInt(t, db.SQL, `SELECT count(*) FROM pragma_foreign_key_check`); n != 0 {
		t.Errorf("foreign_key_check reports %d violations", n)
	}
	if s := queryString(t, db.SQL, `SELECT sql FROM sqlite_schema WHERE name = 'books'`); !strings.Contains(s, "REFERENCES authors") {
		t.Errorf("books no longer refers to authors: %s", s)
	}
	if n := queryInt(t, db.SQL, `SELECT count(*) FROM sqlite_schema WHERE name LIKE '\_migrate\_tmp\_%' ESCAPE '\'`); n != 0 {
		t.Error("the scratch table was left behind")
	}
	// The new definition holds: NOT NULL, CHECK, and foreign keys still enforced.
	if _, err := db.SQL.Exec(`INSERT INTO authors (id, name, born) VALUES (4, NULL, 1999)`); err == nil {
		t.Error("name accepted NULL after becoming NOT NULL")
	}
	if _, err := db.SQL.Exec(`INSERT INTO authors (id, name, born) VALUES (5, 'x', 1800)`); err == nil || !strings.Contains(err.Error(), "ck_authors_born") {
		t.Errorf("check ck_authors_born not enforced: %v", err)
	}
	if _, err := db.SQL.Exec(`INSERT INTO books VALUES (20, 99, NULL)`); err == nil {
		t.Error("books accepted an author that does not exist: foreign key lost")
	}
	if _, err := db.SQL.Exec(`DELETE FROM authors WHERE id = 1`); err == nil {
		t.Error("deleting a referenced author succeeded: foreign key from books lost")
	}
}

func TestBatchSelfReferencingTable(t *testing.T) {
	ctx := context.Background()
	db, md := parentChild(t)
	list := []ops.Op{&ops.CreateUniqueConstraint{Table: "books", Unique: &schema.UniqueDef{Name: "uq_books_author_sequel", Columns: []string{"author_id", "sequel_of"}}}}
	if err := apply(ctx, db.SQL, &dialect.RenderEnv{Current: md}, list...); err != nil {
		t.Fatalf("rebuilding a self-referencing table: %v", err)
	}
	if n := queryInt(t, db.SQL, `SELECT count(*) FROM books WHERE sequel_of = 10`); n != 1 {
		t.Errorf("self-reference lost: %d rows refer to book 10", n)
	}
	if _, err := db.SQL.Exec(`INSERT INTO books VALUES (30, 1, 999)`); err == nil {
		t.Error("self-referencing foreign key not enforced after the rebuild")
	}
}

func TestBatchForeignKeyViolationReported(t *testing.T) {
	ctx := context.Background()
	db, md := parentChild(t)
	mustExec(t, db.SQL, `ALTER TABLE authors ADD COLUMN agent_id INTEGER`, `UPDATE authors SET agent_id = 77 WHERE id = 2`)
	md.FindTable("", "authors").Columns = append(md.FindTable("", "authors").Columns, &schema.Column{Name: "agent_id", Type: schema.Integer(), Nullable: true})
	list := []ops.Op{&ops.CreateForeignKey{Table: "authors", ForeignKey: &schema.ForeignKeyDef{Name: "fk_agent", Columns: []string{"agent_id"}, RefTable: "books", RefColumns: []string{"id"}}}}
	st, err := Dialect{}.Render(list, &dialect.RenderEnv{Current: md})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	violations := -1
	for _, s := range st {
		if s.SQL == "PRAGMA foreign_key_check(authors)" {
			violations, err = countRows(ctx, tx, s.SQL)
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, err := tx.Exec(s.SQL); err != nil {
			t.Fatalf("%s: %v", s.SQL, err)
		}
	}
	if violations != 1 {
		t.Fatalf("PRAGMA foreign_key_check(authors) returned %d rows, want 1 (author 2's agent 77 does not exist)", violations)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	err = apply(ctx, db.SQL, &dialect.RenderEnv{Current: md}, list...)
	if err == nil || !strings.Contains(err.Error(), "foreign key violation") {
		t.Fatalf("applying a foreign key that existing rows violate: err = %v, want the foreign_key_check failure", err)
	}
	if n := queryInt(t, db.SQL, `SELECT count(*) FROM pragma_foreign_key_list('authors')`); n != 0 {
		t.Error("the failed rebuild was not rolled back")
	}
}

func TestDropColumnNativeAndBatch(t *testing.T) {
	ctx := context.Background()
	db, md := parentChild(t)
	env := &dialect.RenderEnv{Current: md}
	if err := apply(ctx, db.SQL, env, &ops.DropColumn{Table: "authors", Column: "born"}); err != nil {
		t.Fatalf("native drop column: %v", err)
	}
	md.FindTable("", "authors").Columns = md.FindTable("", "authors").Columns[:2]
	if err := apply(ctx, db.SQL, env, &ops.DropColumn{Table: "authors", Column: "name"}); err != nil {
		t.Fatalf("dropping an indexed column (move and copy): %v", err)
	}
	cols := queryString(t, db.SQL, `SELECT group_concat(name) FROM pragma_table_info('authors')`)
	if cols != "id" {
		t.Errorf("authors columns = %s, want id", cols)
	}
	if n := queryInt(t, db.SQL, `SELECT count(*) FROM books`); n != 3 {
		t.Errorf("books lost rows: %d", n)
	}
}

func TestRenameTableRewritesReferences(t *testing.T) {
	ctx := context.Background()
	db, md := parentChild(t)
	if err := apply(ctx, db.SQL, &dialect.RenderEnv{Current: md}, &ops.RenameTable{Name: "authors", NewName: "writers"}); err != nil {
		t.Fatal(err)
	}
	s := queryString(t, db.SQL, `SELECT sql FROM sqlite_schema WHERE name = 'books'`)
	if !strings.Contains(s, `REFERENCES "writers"`) {
		t.Errorf("books' foreign key was not carried to the renamed table: %s", s)
	}
	if n := queryInt(t, db.SQL, `SELECT count(*) FROM pragma_foreign_key_check`); n != 0 {
		t.Errorf("%d foreign key violations after the rename", n)
	}
	if _, err := db.SQL.Exec(`INSERT INTO books VALUES (40, 99, NULL)`); err == nil {
		t.Error("foreign key not enforced after renaming its parent")
	}
}

func TestRenameColumnAndAddColumnBatch(t *testing.T) {
	ctx := context.Background()
	db, md := parentChild(t)
	env := &dialect.RenderEnv{Current: md}
	err := apply(ctx, db.SQL, env,
		&ops.AlterColumn{Table: "authors", Column: "name", NewName: "full_name"},
		&ops.AddColumn{Table: "authors", Column: &schema.Column{Name: "created", Type: schema.Timestamp(), Default: ptr("CURRENT_TIMESTAMP")}},
	)
	if err != nil {
		t.Fatal(err)
	}
	if s := queryString(t, db.SQL, `SELECT full_name FROM authors WHERE id = 1`); s != "Ann" {
		t.Errorf("renamed column holds %q, want Ann", s)
	}
	if n := queryInt(t, db.SQL, `SELECT count(*) FROM authors WHERE created IS NOT NULL`); n != 3 {
		t.Errorf("%d rows got the CURRENT_TIMESTAMP default, want 3", n)
	}
	if s := queryString(t, db.SQL, `SELECT sql FROM sqlite_schema WHERE name = 'ix_authors_name'`); !strings.Contains(s, "full_name") {
		t.Errorf("index not re-created on the renamed column: %s", s)
	}
}

// TestBatchCascadeReferrerOutsideTransaction runs a rebuild of a table that
// another table refers to with ON DELETE CASCADE the way a transactional: false
// revision would: foreign keys turned off first, so no child row is deleted.
func TestBatchCascadeReferrerOutsideTransaction(t *testing.T) {
	ctx := context.Background()
	db, md := parentChild(t)
	mustExec(t, db.SQL, `CREATE TABLE fans (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors (id) ON DELETE CASCADE)`, `INSERT INTO fans VALUES (1, 1), (2, 2)`)
	md.Table("fans", schema.Col("id", schema.Integer()).PrimaryKey(), schema.Col("author_id", schema.Integer()).References("authors.id", schema.OnDelete("CASCADE")))
	st, err := Dialect{}.Render([]ops.Op{
		&ops.Execute{SQL: "PRAGMA foreign_keys = OFF"},
		&ops.AlterColumn{Table: "authors", Column: "born", Type: ptr(schema.Integer())},
		&ops.Execute{SQL: "PRAGMA foreign_keys = ON"},
	}, &dialect.RenderEnv{Current: md})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, s := range st {
		if _, err := conn.ExecContext(ctx, s.SQL); err != nil {
			t.Fatalf("%s: %v", s.SQL, err)
		}
	}
	if n := queryInt(t, db.SQL, `SELECT count(*) FROM fans`); n != 2 {
		t.Fatalf("fans has %d rows after rebuilding authors, want 2: ON DELETE CASCADE fired", n)
	}
}

// TestMoveAndCopyKeepsRowsWhenEveryOldColumnGoes: a revision that adds a
// column and drops every old one rebuilds the table once; the rows stay, with
// the new column's default.
func TestMoveAndCopyKeepsRowsWhenEveryOldColumnGoes(t *testing.T) {
	ctx := context.Background()
	db := testdb.SQLite(t).SQL
	mustExec(t, db, "CREATE TABLE t (a NUMERIC(10, 2), CONSTRAINT ck_a CHECK (a >= 0))", "INSERT INTO t (a) VALUES (1), (2)")
	cur := &schema.MetaData{Tables: []*schema.Table{{Name: "t", Columns: []*schema.Column{{Name: "a", Type: schema.Numeric(10, 2), Nullable: true}},
		Checks: []*schema.CheckDef{{Name: "ck_a", Expr: "a >= 0"}}}}}
	err := apply(ctx, db, &dialect.RenderEnv{Current: cur},
		&ops.DropConstraint{Table: "t", Name: "ck_a", Type: ops.ConstraintCheck},
		&ops.AddColumn{Table: "t", Column: &schema.Column{Name: "b", Type: schema.Integer(), Default: ptr("7")}},
		&ops.DropColumn{Table: "t", Column: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if got := queryString(t, db, "SELECT group_concat(b) FROM t"); got != "7,7" {
		t.Errorf("b after the rebuild = %q, want 7,7", got)
	}
	if got := queryString(t, db, "SELECT group_concat(name) FROM pragma_table_info('t')"); got != "b" {
		t.Errorf("columns after the rebuild = %q, want b", got)
	}
}
