package runner_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
)

// A run that loses its lease while it runs (stalled for longer than the lease's
// life, and another run took the row) stops before it commits: its revisions
// are rolled back, the version table is as it was, and the error says why.
// The connection says pooling=transaction, which makes PostgreSQL take the
// lease; the server itself is reached directly.
func TestLostLeaseStopsTheRun(t *testing.T) {
	db := testdb.Postgres(t)
	d, err := dialect.Get("postgresql")
	if err != nil {
		t.Fatal(err)
	}
	sep := "?"
	if strings.Contains(db.URL, "?") {
		sep = "&"
	}
	pool := openURL(t, d, db.URL+sep+"pooling=transaction")
	r := newRunner(t, d, pool)
	r.LeaseTTL = 600 * time.Millisecond
	var logs []string
	r.Log = func(s string) { logs = append(logs, s) }
	g := writeGraph(t, map[string]string{
		"a1.yaml": "revision: a1\ndown_revision: null\nmessage: slow\nupgrade:\n  - create_table: {name: t1, columns: [{name: id, type: integer}]}\n  - execute: \"SELECT pg_sleep(1.5)\"\ndowngrade: []\n",
		"a2.yaml": "revision: a2\ndown_revision: a1\nmessage: next\nupgrade:\n  - create_table: {name: t2, columns: [{name: id, type: integer}]}\ndowngrade: []\n",
	})
	// While a1 sleeps, another run finds the lease expired and takes it.
	go func() {
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			res, err := db.SQL.Exec("UPDATE migrate_version_lock SET holder = 'another run', expires_at = clock_timestamp() + interval '1 minute' WHERE holder <> 'another run'")
			if err == nil {
				if n, _ := res.RowsAffected(); n == 1 {
					return
				}
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	plan, replay := upgradeTo(g, "head")
	_, err = r.Run(context.Background(), plan, replay)
	if err == nil || !strings.Contains(err.Error(), "expired before it was renewed") || !strings.Contains(err.Error(), "rolled back") {
		t.Fatalf("run after losing its lease: %v", err)
	}
	if !strings.Contains(strings.Join(logs, "\n"), "Taking the migration lock as a lease in table migrate_version_lock") {
		t.Fatalf("the run did not take a lease: %q", logs)
	}
	var n int
	if err := db.SQL.QueryRow("SELECT count(*) FROM migrate_version").Scan(&n); err != nil || n != 0 {
		t.Fatalf("version rows after the stopped run: %d, %v", n, err)
	}
	if err := db.SQL.QueryRow("SELECT count(*) FROM pg_tables WHERE tablename IN ('t1', 't2')").Scan(&n); err != nil || n != 0 {
		t.Fatalf("tables of the stopped run: %d, %v", n, err)
	}
}
