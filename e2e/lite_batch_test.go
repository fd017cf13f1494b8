package e2e_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// liteParentChild is a base revision: authors, and books referring to them
// with ON DELETE CASCADE, with rows.
const liteParentChild = `revision: lite_base
down_revision: null
message: authors and books
upgrade:
  - create_table:
      name: authors
      columns:
        - {name: id, type: integer, nullable: false, autoincrement: true}
        - {name: name, type: varchar(50)}
      primary_key: {columns: [id]}
  - create_table:
      name: books
      columns:
        - {name: id, type: integer, nullable: false, autoincrement: true}
        - {name: author_id, type: integer, nullable: false}
        - {name: title, type: varchar(100)}
      primary_key: {columns: [id]}
      foreign_keys:
        - {name: fk_books_author, columns: [author_id], ref_table: authors, ref_columns: [id], on_delete: CASCADE}
  - create_index: {name: ix_books_title, table: books, columns: [title]}
  - bulk_insert: {table: authors, rows: [{id: 1, name: Ann}, {id: 2, name: Bob}]}
  - bulk_insert: {table: books, rows: [{id: 1, author_id: 1, title: A}, {id: 2, author_id: 2, title: B}, {id: 3, author_id: 2, title: C}]}
  - execute: "CREATE TABLE audit (what TEXT)"
  - execute: "CREATE TRIGGER trg_books_audit AFTER INSERT ON books BEGIN INSERT INTO audit VALUES ('book ' || NEW.title); END"
downgrade:
  - execute: "DROP TABLE audit"
  - drop_table: {name: books}
  - drop_table: {name: authors}
`

func liteBatchProject(t *testing.T) (*project, string) {
	dir := t.TempDir()
	p := &project{t: t, Dir: dir, Env: []string{"MIGRATE_URL=sqlite:///app.db"}}
	p.ok("init")
	p.write("migrations/versions/lite_base.yaml", liteParentChild)
	p.ok("upgrade", "head")
	return p, filepath.Join(dir, "app.db")
}

// Several ops on one table in one revision make one move and copy, and the
// table's trigger stops it (rolled back, version unchanged) until the revision
// drops and re-creates the trigger itself.
func TestLiteBatchOneRebuildAndTriggers(t *testing.T) {
	p, app := liteBatchProject(t)
	change := func(pre, post string) string {
		return `revision: lite_change
down_revision: lite_base
message: books changes
upgrade:
` + pre + `  - alter_column: {table: books, column: title, nullable: false, server_default: "'untitled'", existing_type: varchar(100)}
  - alter_column: {table: books, column: title, type: varchar(200), existing_type: varchar(100)}
  - create_check_constraint: {name: ck_books_title, table: books, condition: "length(title) > 0"}
  - add_column: {table: books, column: {name: pages, type: integer, nullable: false, server_default: "0"}}
` + post + `downgrade:
  - drop_column: {table: books, column: pages}
  - drop_constraint: {name: ck_books_title, table: books, type: check, condition: "length(title) > 0"}
  - alter_column: {table: books, column: title, nullable: true, server_default: null, type: varchar(100), existing_type: varchar(200)}
`
	}
	p.write("migrations/versions/lite_change.yaml", change("", ""))
	script := p.ok("upgrade", "lite_base:head", "--sql").Stdout
	step := liteScriptStep(t, script, "Running upgrade lite_base -> lite_change")
	var shape []string
	for _, s := range step {
		f := strings.Fields(s)
		shape = append(shape, strings.Join(f[:min(2, len(f))], " "))
	}
	want := "CREATE TEMP|PRAGMA defer_foreign_keys|" + // pending violations recorded, keys deferred
		"SELECT name|CREATE TEMP|INSERT INTO|DROP TABLE|" + // the trigger guard
		"CREATE TABLE|INSERT INTO|DROP TABLE|PRAGMA legacy_alter_table|ALTER TABLE|PRAGMA legacy_alter_table|PRAGMA defer_foreign_keys|CREATE INDEX|" + // the move and copy: one copy
		"CREATE TABLE|ALTER TABLE|DROP TABLE|" + // the view and trigger check
		"PRAGMA foreign_key_check(books)|SELECT \"table\",|DROP TABLE|UPDATE migrate_version"
	if got := strings.Join(shape, "|"); got != want {
		t.Fatalf("four ops on books: statement shape\n%s\nwant one move and copy\n%s\nscript:\n%s", got, want, script)
	}

	// Online, the trigger is read from the database and re-created after the
	// copy (offline, above, the script can only guard against losing it).
	p.ok("upgrade", "head")
	db := liteOpen(t, app)
	if _, err := db.Exec(`INSERT INTO books (author_id, title) VALUES (1, 'D')`); err != nil {
		t.Fatal(err)
	}
	if got := liteStrings(t, db, `SELECT what FROM audit`); len(got) != 1 || got[0] != "book D" {
		t.Fatalf("the re-created trigger did not fire: audit = %q", got)
	}
	if got := liteStrings(t, db, `SELECT count(*) || ',' || sum(pages) FROM books`); got[0] != "4,0" {
		t.Fatalf("books rows,pages = %s, want 4,0", got[0])
	}
	if got := liteStrings(t, db, `SELECT name FROM sqlite_schema WHERE tbl_name = 'books' AND type = 'index'`); len(got) != 1 || got[0] != "ix_books_title" {
		t.Fatalf("books indexes after the rebuild = %q", got)
	}
}

// Rebuilding a table that another refers to with ON DELETE CASCADE is refused
// (the DROP would delete the children); the documented way out is a revision
// with transactional: false that turns foreign keys off around its own
// transaction. Every child row survives.
func TestLiteBatchCascadeWayOut(t *testing.T) {
	p, app := liteBatchProject(t)
	const ops = `  - alter_column: {table: authors, column: name, nullable: false, server_default: "'?'", existing_type: varchar(50)}
`
	p.write("migrations/versions/lite_change.yaml", `revision: lite_change
down_revision: lite_base
message: authors name not null
upgrade:
`+ops+`downgrade:
  - alter_column: {table: authors, column: name, nullable: true, server_default: null, existing_type: varchar(50)}
`)
	p.fails(1, "ON DELETE CASCADE", "upgrade", "head")

	p.write("migrations/versions/lite_change.yaml", `revision: lite_change
down_revision: lite_base
message: authors name not null
transactional: false
upgrade:
  - execute: "PRAGMA foreign_keys = OFF"
  - execute: "BEGIN IMMEDIATE"
`+ops+`  - execute: "COMMIT"
  - execute: "PRAGMA foreign_keys = ON"
downgrade:
  - execute: "PRAGMA foreign_keys = OFF"
  - execute: "BEGIN IMMEDIATE"
  - alter_column: {table: authors, column: name, nullable: true, server_default: null, existing_type: varchar(50)}
  - execute: "COMMIT"
  - execute: "PRAGMA foreign_keys = ON"
`)
	p.ok("upgrade", "head")
	db := liteOpen(t, app)
	if got := liteStrings(t, db, `SELECT count(*) FROM books`); got[0] != "3" {
		t.Fatalf("books has %s rows after rebuilding authors, want 3 (ON DELETE CASCADE fired)", got[0])
	}
	if got := liteStrings(t, db, `SELECT "notnull" FROM pragma_table_info('authors') WHERE name = 'name'`); got[0] != "1" {
		t.Fatal("authors.name is not NOT NULL after the upgrade")
	}
	// Foreign keys are enforced again, and still cascade.
	if _, err := db.Exec(`PRAGMA foreign_keys = ON; DELETE FROM authors WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	if got := liteStrings(t, db, `SELECT count(*) FROM books`); got[0] != "1" {
		t.Fatalf("books has %s rows after deleting author 2, want 1: the key no longer cascades", got[0])
	}
	p.ok("downgrade", "base")
	if got := liteTables(t, app); strings.Join(got, ",") != leftAfterBase {
		t.Fatalf("tables after downgrade base: %v", got)
	}
}
