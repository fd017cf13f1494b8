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
	r := p.ok("upgrade", "head")
	if !strings.Contains(r.Stderr, "completed from the live schema") {
		t.Fatalf("expected the live-schema note:\n%s", r.Stderr)
	}
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
