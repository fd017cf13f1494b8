package e2e_test

import (
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
)

// liteObjectsRevisions create a STRICT, WITHOUT ROWID table with generated
// columns, a view and a trigger on it, and then rebuild the table (a column
// made NOT NULL), which must re-create the trigger the first revision made.
const liteObjectsA = `revision: a
message: create
upgrade:
  - create_table:
      name: items
      columns:
        - {name: k, type: text, nullable: false}
        - {name: qty, type: integer}
        - {name: twice, type: integer, generated: qty * 2}
        - {name: label, type: text, generated: "k || ':' || qty", generated_stored: true}
      primary_key: {columns: [k]}
      sqlite_strict: true
      sqlite_without_rowid: true
  - create_table:
      name: log
      columns:
        - {name: msg, type: text}
  - create_object: {kind: view, name: big_items, definition: "SELECT k, twice FROM items WHERE qty > 10"}
  - create_object:
      kind: trigger
      name: items_log
      table: items
      definition: |
        CREATE TRIGGER items_log AFTER INSERT ON items BEGIN
            INSERT INTO log VALUES (new.label);
        END
downgrade:
  - drop_object: {kind: trigger, name: items_log, table: items}
  - drop_object: {kind: view, name: big_items}
  - drop_table: {name: log}
  - drop_table: {name: items}
`

const liteObjectsB = `revision: b
down_revision: a
message: qty not null
upgrade:
  - alter_column: {table: items, column: qty, nullable: false, server_default: "0", existing_type: integer, existing_nullable: true}
downgrade:
  - alter_column: {table: items, column: qty, nullable: true, server_default: null, existing_type: integer, existing_nullable: false}
`

// TestLiteOfflineObjectsAndTableProps runs the same two revisions online on
// one database and as an offline script through sqlite3 -bail on another, and
// compares the two sqlite_schema texts; the trigger survives the rebuild of
// its table in both (it fires after), and the generated columns compute.
func TestLiteOfflineObjectsAndTableProps(t *testing.T) {
	online, offline := testdb.SQLite(t), testdb.SQLite(t)
	p := &project{t: t, Dir: scratch.Module(t, nil), Env: []string{"MIGRATE_URL=" + online.URL}}
	p.ok("init")
	p.write("migrations/versions/a.yaml", liteObjectsA)
	p.write("migrations/versions/b.yaml", liteObjectsB)
	p.ok("upgrade", "head")

	q := &project{t: t, Dir: p.Dir, Env: []string{"MIGRATE_URL=" + offline.URL}}
	script := q.ok("upgrade", "head", "--sql").Stdout
	if out, ok := liteRunScript(t, offline, script); !ok {
		t.Fatalf("sqlite3 -bail stopped the script:\n%s\n%s", out, script)
	}
	on, off := liteSchemaSQL(t, online), liteSchemaSQL(t, offline)
	if on != off {
		t.Errorf("online and offline schemas differ:\nonline:\n%s\noffline:\n%s", on, off)
	}
	for _, want := range []string{") STRICT, WITHOUT ROWID", "GENERATED ALWAYS AS (qty * 2) VIRTUAL", "trigger items_log: CREATE TRIGGER items_log", "view big_items: CREATE VIEW big_items AS SELECT"} {
		if !strings.Contains(off, want) {
			t.Errorf("sqlite_schema lacks %q:\n%s", want, off)
		}
	}
	for _, db := range []*testdb.DB{online, offline} {
		liteLoad(t, db, "INSERT INTO items (k, qty) VALUES ('a', 11);\n")
		if got := liteStrings(t, db.SQL, `SELECT msg FROM log`); len(got) != 1 || got[0] != "a:11" {
			t.Errorf("the trigger after the rebuild logged %v, want [a:11]", got)
		}
		if got := liteStrings(t, db.SQL, `SELECT k || twice FROM big_items`); len(got) != 1 || got[0] != "a22" {
			t.Errorf("the view reads %v, want [a22]", got)
		}
	}
	p.ok("downgrade", "base")
	if left := liteSchemaSQL(t, online); left != "" {
		t.Errorf("downgrade base left:\n%s", left)
	}
}
