package e2e_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
)

// liteLoad runs script with the sqlite3 client on db and fails the test on any
// error.
func liteLoad(t *testing.T, db *testdb.DB, script string) {
	t.Helper()
	liteSQLite3(t, db.Name, script)
}

// liteRunScript runs an offline script as docs/offline.md says (sqlite3 -bail
// with .read) and returns the client's output and whether it exited 0.
func liteRunScript(t *testing.T, db *testdb.DB, script string) (string, bool) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "upgrade.sql")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(testdb.Client(t, "sqlite3"), "-bail", db.Name, ".read "+file)
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

// liteSchemaSQL is sqlite_schema's text, the independent record of what the
// database holds, without migrate's bookkeeping tables.
func liteSchemaSQL(t *testing.T, db *testdb.DB) string {
	t.Helper()
	return strings.Join(liteStrings(t, db.SQL, `SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_schema WHERE tbl_name NOT IN ('migrate_version', 'migrate_history') ORDER BY type, name`), "\n")
}

// An offline script whose move and copy would drop a trigger the revisions do
// not know stops by itself under sqlite3 -bail: it exits non-zero, says which
// table and what to do, and leaves the database as it was (no version row, the
// trigger and the table's definition unchanged).
func TestLiteOfflineGuardStopsScript(t *testing.T) {
	db := testdb.SQLite(t)
	p := &project{t: t, Dir: scratch.Module(t, nil), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	p.write("migrations/versions/a.yaml", `revision: a
message: create
upgrade:
  - create_table:
      name: t2
      columns:
        - {name: id, type: integer, nullable: false}
        - {name: v, type: integer}
      primary_key: {columns: [id]}
`)
	p.ok("upgrade", "a")
	liteLoad(t, db, `CREATE TABLE audit (msg TEXT);
CREATE TRIGGER t2_trg AFTER UPDATE ON t2 BEGIN INSERT INTO audit VALUES ('u'); END;
INSERT INTO t2 VALUES (1, 5);
`)
	p.write("migrations/versions/b.yaml", `revision: b
down_revision: a
message: v not null
upgrade:
  - alter_column: {table: t2, column: v, nullable: false, existing_type: integer, existing_nullable: true}
`)
	script := p.ok("upgrade", "a:b", "--sql").Stdout
	before := liteSchemaSQL(t, db)
	out, ok := liteRunScript(t, db, script)
	if ok {
		t.Fatalf("sqlite3 -bail ran the script to the end (exit 0), the trigger is lost:\n%s", out)
	}
	for _, want := range []string{"t2_trg", "CHECK constraint failed", `table "t2" must be rebuilt`, "drop each with an execute op"} {
		if !strings.Contains(out, want) {
			t.Errorf("sqlite3's output lacks %q:\n%s", want, out)
		}
	}
	if after := liteSchemaSQL(t, db); after != before {
		t.Errorf("the stopped script changed the schema:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if v := liteStrings(t, db.SQL, `SELECT version_num FROM migrate_version`); len(v) != 1 || v[0] != "a" {
		t.Errorf("version after the stopped script: %v, want [a]", v)
	}

	// Without the trigger the same script runs to the end.
	liteLoad(t, db, "DROP TRIGGER t2_trg;\n")
	if out, ok := liteRunScript(t, db, script); !ok {
		t.Fatalf("the script failed on a database without the trigger:\n%s", out)
	}
	if v := liteStrings(t, db.SQL, `SELECT "notnull" FROM pragma_table_info('t2') WHERE name = 'v'`); len(v) != 1 || v[0] != "1" {
		t.Errorf("after the script: v notnull=%v", v)
	}
}

// A rebuild that drops a column a view or a trigger uses fails, names the view or
// trigger and is rolled back, as SQLite's own ALTER TABLE DROP COLUMN refuses it.
func TestLiteRebuildBreakingViewFails(t *testing.T) {
	for _, obj := range []struct{ ddl, name string }{
		{"CREATE VIEW big_orders AS SELECT id, customer FROM orders WHERE total > 100;", "view big_orders"},
		{"CREATE TABLE log (x); CREATE TRIGGER orders_log AFTER INSERT ON orders BEGIN INSERT INTO log VALUES (NEW.total); END;", "trigger orders_log"},
	} {
		t.Run(strings.Fields(obj.name)[0], func(t *testing.T) {
			db := testdb.SQLite(t)
			liteLoad(t, db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, total INT);\nINSERT INTO orders VALUES (1, 'a', 500);\n"+obj.ddl+"\n")
			p := &project{t: t, Dir: scratch.Module(t, nil), Env: []string{"MIGRATE_URL=" + db.URL}}
			p.ok("init")
			p.write("migrations/versions/a.yaml", `revision: a
message: drop total
upgrade:
  - alter_column: {table: orders, column: customer, nullable: false, existing_type: text, existing_nullable: true}
  - drop_column: {table: orders, column: total}
`)
			before := liteSchemaSQL(t, db)
			// The alter_column makes the group a move and copy.
			p.fails(1, "error in "+obj.name+": no such column", "upgrade", "head")
			if after := liteSchemaSQL(t, db); after != before {
				t.Errorf("the failed revision changed the schema:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

// A move and copy of an AUTOINCREMENT table keeps AUTOINCREMENT and its
// sqlite_sequence counter, upgrade and downgrade: an id handed out and deleted
// before the migration is not handed out again after it.
func TestLiteRebuildKeepsAutoincrement(t *testing.T) {
	db := testdb.SQLite(t)
	liteLoad(t, db, `CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, customer TEXT, total INT, at DATETIME, price DECIMAL(5,2));
INSERT INTO orders (customer, total) VALUES ('a', 1), ('b', 2), ('c', 3);
DELETE FROM orders WHERE id = 3;
`)
	p := &project{t: t, Dir: scratch.Module(t, nil), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	p.write("migrations/versions/a.yaml", `revision: a
message: customer not null
upgrade:
  - alter_column: {table: orders, column: customer, nullable: false, existing_type: text, existing_nullable: true}
downgrade:
  - alter_column: {table: orders, column: customer, nullable: true, existing_type: text, existing_nullable: false}
`)
	nextID := func(step string) {
		t.Helper()
		if n := liteStrings(t, db.SQL, `SELECT count(*) FROM sqlite_schema WHERE name = 'orders' AND sql LIKE '%AUTOINCREMENT%'`); n[0] != "1" {
			t.Fatalf("after %s the table is no longer AUTOINCREMENT", step)
		}
		types := liteStrings(t, db.SQL, `SELECT type FROM pragma_table_info('orders') ORDER BY cid`)
		if want := []string{"INTEGER", "TEXT", "INT", "DATETIME", "DECIMAL(5,2)"}; strings.Join(types, ",") != strings.Join(want, ",") {
			t.Errorf("after %s the declared types are %v, want %v", step, types, want)
		}
		if _, err := db.SQL.Exec(`INSERT INTO orders (customer, total) VALUES ('x', 9)`); err != nil {
			t.Fatal(err)
		}
		got := liteStrings(t, db.SQL, `SELECT max(id) FROM orders`)
		if got[0] == "3" {
			t.Fatalf("after %s a deleted id (3) was handed out again", step)
		}
		if _, err := db.SQL.Exec(`DELETE FROM orders WHERE customer = 'x'`); err != nil {
			t.Fatal(err)
		}
	}
	p.ok("upgrade", "head")
	if v := liteStrings(t, db.SQL, `SELECT "notnull" FROM pragma_table_info('orders') WHERE name = 'customer'`); v[0] != "1" {
		t.Fatal("the upgrade did not rebuild the table")
	}
	nextID("the upgrade")
	seq := liteStrings(t, db.SQL, `SELECT seq FROM sqlite_sequence WHERE name = 'orders'`)
	p.ok("downgrade", "base")
	nextID("the downgrade")
	if after := liteStrings(t, db.SQL, `SELECT seq FROM sqlite_sequence WHERE name = 'orders'`); len(seq) != 1 || len(after) != 1 || after[0] != "5" || seq[0] != "4" {
		t.Errorf("sqlite_sequence was %v after the upgrade's insert and %v after the downgrade's, want [4] and [5]", seq, after)
	}
}
