package e2e_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
)

// alembicSchema is a database as Alembic leaves it: its version table, in
// Alembic's layout, at revision ae1027a6acf, and one table.
const alembicSchema = `CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
INSERT INTO alembic_version (version_num) VALUES ('ae1027a6acf');
CREATE TABLE account (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL);
`

// takeover runs README's "Coming from Alembic" recipe on db and returns the
// project: version_table: alembic_version, the models from inspect --format go,
// a baseline revision with Alembic's id, check empty, then a new revision on top.
func takeover(t *testing.T, db *testdb.DB) *project {
	t.Helper()
	testdb.RunScript(t, db, alembicSchema)
	dir := scratch.Module(t, map[string]string{"models/doc.go": "// Package models is generated below.\npackage models\n"})
	p := &project{t: t, Dir: dir, Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	pgConfig(p, "version_table", "alembic_version")
	// Step 1: the models.
	p.write("models/models.go", p.ok("inspect", "--format", "go").Stdout)
	vet := exec.Command("go", "vet", "./...")
	vet.Dir = dir
	if out, err := vet.CombinedOutput(); err != nil {
		t.Fatalf("the generated Go does not compile: %v\n%s", err, out)
	}
	// Before the baseline, the unknown row's error says what to do.
	r := p.fails(3, "--rev-id ae1027a6acf", "check")
	if !strings.Contains(r.Stderr, "ae1027a6acf") {
		t.Fatalf("error does not name the row:\n%s", r.Stderr)
	}
	// Step 2: the baseline revision takes Alembic's id.
	p.ok("revision", "-m", "baseline", "--rev-id", "ae1027a6acf")
	// Step 3: check is empty, the database is at the baseline.
	p.ok("check")
	if got := strings.TrimSpace(p.ok("current").Stdout); got != "ae1027a6acf (head)" {
		t.Fatalf("current = %q, want ae1027a6acf (head)", got)
	}
	// New revisions go on from there.
	p.write("migrations/versions/b2_note.yaml", `revision: b2
down_revision: ae1027a6acf
message: note
upgrade:
  - create_table: {name: note, columns: [{name: id, type: integer, nullable: false}], primary_key: {columns: [id]}}
downgrade:
  - drop_table: {name: note}
`)
	p.ok("upgrade", "head")
	p.ok("downgrade", "-1")
	p.ok("upgrade", "head")
	return p
}

// alembicRows reads the version table with a plain query.
func alembicRows(t *testing.T, db *testdb.DB) string {
	t.Helper()
	var rows string
	q := "SELECT coalesce(string_agg(version_num, ','), '') FROM alembic_version"
	if strings.HasPrefix(db.URL, "sqlite") {
		q = "SELECT coalesce(group_concat(version_num, ','), '') FROM alembic_version"
	}
	if err := db.SQL.QueryRow(q).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestAlembicTakeoverPostgres(t *testing.T) {
	db := testdb.Postgres(t)
	takeover(t, db)
	if got := alembicRows(t, db); got != "b2" {
		t.Errorf("alembic_version = %q, want b2", got)
	}
	var n int
	if err := db.SQL.QueryRow(`SELECT count(*) FROM pg_tables WHERE tablename IN ('account', 'note')`).Scan(&n); err != nil || n != 2 {
		t.Errorf("tables account and note: %d, %v", n, err)
	}
}

func TestAlembicTakeoverSQLite(t *testing.T) {
	db := testdb.SQLite(t)
	takeover(t, db)
	if got := alembicRows(t, db); got != "b2" {
		t.Errorf("alembic_version = %q, want b2", got)
	}
	var n int
	if err := db.SQL.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('account', 'note')`).Scan(&n); err != nil || n != 2 {
		t.Errorf("tables account and note: %d, %v", n, err)
	}
}

// TestAlembicStampPurge: the other way in, a baseline with its own id, and
// stamp --purge replacing Alembic's row (which it need not know).
func TestAlembicStampPurge(t *testing.T) {
	db := testdb.SQLite(t)
	testdb.RunScript(t, db, alembicSchema)
	p := &project{t: t, Dir: scratch.Module(t, map[string]string{"models/doc.go": "package models\n"}), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	pgConfig(p, "version_table", "alembic_version")
	p.ok("revision", "-m", "baseline", "--rev-id", "base1")
	p.ok("stamp", "head", "--purge")
	if got := alembicRows(t, db); got != "base1" {
		t.Errorf("alembic_version after stamp --purge = %q, want base1", got)
	}
}
