package e2e_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
)

// A SQLite table that migrate did not create (an onboarded database) can still be
// changed by an op that needs a move and copy: the runner completes the schema it
// replays from the revision files with the live one.
func TestBatchOnTableMigrateDidNotCreate(t *testing.T) {
	db := testdb.SQLite(t)
	load := exec.Command(testdb.Client(t, "sqlite3"), "-bail", db.Name)
	load.Stdin = strings.NewReader("CREATE TABLE legacy (id INTEGER PRIMARY KEY, note VARCHAR(20));\nINSERT INTO legacy VALUES (1, 'a'), (2, 'b');\n")
	if out, err := load.CombinedOutput(); err != nil {
		t.Fatalf("sqlite3: %v\n%s", err, out)
	}
	p := &project{t: t, Dir: scratch.Module(t, nil), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	p.write("migrations/versions/a.yaml", `revision: a
message: note not null
upgrade:
  - execute: UPDATE legacy SET note = 'x' WHERE note IS NULL
  - alter_column: {table: legacy, column: note, nullable: false, existing_type: varchar(20), existing_nullable: true}
downgrade:
  - alter_column: {table: legacy, column: note, nullable: true, existing_type: varchar(20), existing_nullable: false}
`)
	p.ok("upgrade", "head")
	var notnull, rows int
	_ = db.SQL.QueryRow(`SELECT "notnull" FROM pragma_table_info('legacy') WHERE name = 'note'`).Scan(&notnull)
	_ = db.SQL.QueryRow(`SELECT count(*) FROM legacy`).Scan(&rows)
	if notnull != 1 || rows != 2 {
		t.Fatalf("after the move and copy: notnull=%d rows=%d", notnull, rows)
	}
	p.ok("downgrade", "base")
	_ = db.SQL.QueryRow(`SELECT "notnull" FROM pragma_table_info('legacy') WHERE name = 'note'`).Scan(&notnull)
	if notnull != 0 {
		t.Fatal("the downgrade did not make the column nullable again")
	}
}

// A SQLite table rebuilt by a move and copy keeps its triggers: online runs read
// them from the live database and re-create them after the copy.
func TestBatchKeepsTriggers(t *testing.T) {
	db := testdb.SQLite(t)
	load := exec.Command(testdb.Client(t, "sqlite3"), "-bail", db.Name)
	load.Stdin = strings.NewReader(`CREATE TABLE acct (id INTEGER PRIMARY KEY, balance INTEGER);
CREATE TABLE audit (msg TEXT);
CREATE TRIGGER acct_audit AFTER UPDATE ON acct BEGIN INSERT INTO audit VALUES ('changed ' || NEW.id); END;
INSERT INTO acct VALUES (1, 10);
`)
	if out, err := load.CombinedOutput(); err != nil {
		t.Fatalf("sqlite3: %v\n%s", err, out)
	}
	p := &project{t: t, Dir: scratch.Module(t, nil), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	p.write("migrations/versions/a.yaml", `revision: a
message: balance not null
upgrade:
  - alter_column: {table: acct, column: balance, nullable: false, existing_type: integer, existing_nullable: true}
`)
	p.ok("upgrade", "head")
	var notnull, triggers int
	_ = db.SQL.QueryRow(`SELECT "notnull" FROM pragma_table_info('acct') WHERE name = 'balance'`).Scan(&notnull)
	_ = db.SQL.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'acct_audit'`).Scan(&triggers)
	if notnull != 1 || triggers != 1 {
		t.Fatalf("after the rebuild: notnull=%d, trigger present=%d", notnull, triggers)
	}
	if _, err := db.SQL.Exec(`UPDATE acct SET balance = 11 WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	var audited int
	_ = db.SQL.QueryRow(`SELECT count(*) FROM audit WHERE msg = 'changed 1'`).Scan(&audited)
	if audited != 1 {
		t.Fatalf("the re-created trigger did not fire (audit rows %d)", audited)
	}
	// Offline there is no live schema: a table migrate did not create cannot be
	// rebuilt, and says so.
	p.fails(1, "needs the table's definition", "upgrade", "base:head", "--sql")

	// A table the revisions created, with a trigger added by raw SQL the model
	// cannot see: the offline script's guard stops the rebuild rather than lose it.
	p.write("migrations/versions/a.yaml", `revision: a
message: create with trigger
upgrade:
  - create_table:
      name: t2
      columns:
        - {name: id, type: integer, nullable: false}
        - {name: v, type: integer}
  - execute: CREATE TRIGGER t2_trg AFTER UPDATE ON t2 BEGIN SELECT 1; END
`)
	p.write("migrations/versions/b.yaml", `revision: b
down_revision: a
message: v not null
upgrade:
  - alter_column: {table: t2, column: v, nullable: false, existing_type: integer, existing_nullable: true}
`)
	script := p.ok("upgrade", "head", "--sql").Stdout
	if !strings.Contains(script, "SELECT name AS trigger_name") {
		t.Fatalf("the offline script has no trigger guard:\n%s", script)
	}
}
