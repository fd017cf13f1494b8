package e2e_test

import (
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
)

// TestTransactionalDialectsKeepNoProgress: on SQLite and PostgreSQL a failed
// revision rolls back whole; no progress table is created and current shows no
// partial revision.
func TestTransactionalDialectsKeepNoProgress(t *testing.T) {
	for name, newDB := range map[string]func(testing.TB) *testdb.DB{"sqlite": testdb.SQLite, "postgresql": testdb.Postgres} {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			p := &project{t: t, Dir: t.TempDir(), Env: []string{"MIGRATE_URL=" + db.URL}}
			p.ok("init")
			myWriteRevision(p, myRev1, "", "base tables", myBaseRevision)
			myWriteRevision(p, myRev2, myRev1, "three steps", myThreeStatements("step one", "nope"))
			p.fails(1, "the transaction was rolled back", "upgrade", "head")
			if got := p.ok("current").Stdout; got != "" {
				t.Fatalf("current = %q, want nothing (the whole run rolled back)", got)
			}
			var n int
			q := "SELECT count(*) FROM information_schema.tables WHERE table_name = 'migrate_version_progress'"
			if name == "sqlite" {
				q = "SELECT count(*) FROM sqlite_master WHERE name = 'migrate_version_progress'"
			}
			if err := db.SQL.QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Fatalf("a progress table exists on %s", name)
			}
			if r := p.run("upgrade", "head"); strings.Contains(r.Stderr, "Resuming") {
				t.Fatalf("a transactional dialect resumed:\n%s", r.Stderr)
			}
		})
	}
}
