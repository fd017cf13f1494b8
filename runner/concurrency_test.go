package runner_test

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/retortdb/migrate/internal/testdb"
)

// ledgerRevisions is a chain of five revisions, each inserting its id into the
// ledger table; the third is transactional: false (on SQLite the lock used to be
// the transaction, released right before such a revision).
var ledgerRevisions = map[string]string{
	"l1.yaml": `revision: l1
message: ledger
upgrade:
  - create_table: {name: ledger, columns: [{name: rev, type: varchar(10), nullable: false}]}
  - execute: "INSERT INTO ledger (rev) VALUES ('l1')"
downgrade:
  - drop_table: {name: ledger}
`,
	"l2.yaml": "revision: l2\ndown_revision: l1\nmessage: two\nupgrade:\n  - execute: \"INSERT INTO ledger (rev) VALUES ('l2')\"\n",
	"l3.yaml": "revision: l3\ndown_revision: l2\nmessage: three\ntransactional: false\nupgrade:\n  - execute: \"INSERT INTO ledger (rev) VALUES ('l3')\"\n",
	"l4.yaml": "revision: l4\ndown_revision: l3\nmessage: four\nupgrade:\n  - execute: \"INSERT INTO ledger (rev) VALUES ('l4')\"\n",
	"l5.yaml": "revision: l5\ndown_revision: l4\nmessage: five\nupgrade:\n  - execute: \"INSERT INTO ledger (rev) VALUES ('l5')\"\n",
}

// TestConcurrentRunsApplyOnce: 8 runs at once, each with its own connection
// pool, over a chain with a transactional: false revision, apply each revision
// exactly once (ledger rows counted), with and without
// transaction_per_migration, on every dialect.
func TestConcurrentRunsApplyOnce(t *testing.T) {
	g := writeGraph(t, ledgerRevisions)
	for _, odb := range onlineDBs {
		for _, perMigration := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/per_migration=%v", odb.name, perMigration), func(t *testing.T) {
				d := offDialect(t, odb.name)
				db := odb.open(t)
				const n = 8
				errs := make([]error, n)
				applied := make([]int, n)
				start := make(chan struct{})
				var wg sync.WaitGroup
				for i := 0; i < n; i++ {
					r := newRunner(t, d, openURL(t, d, db.URL))
					r.TransactionPerMigration = perMigration
					r.LockTimeout = 2 * time.Minute
					wg.Add(1)
					go func(i int) {
						defer wg.Done()
						<-start
						plan, replay := upgradeTo(g, "head")
						res, err := r.Run(context.Background(), plan, replay)
						errs[i] = err
						if res != nil {
							applied[i] = len(res.Steps)
						}
					}(i)
				}
				close(start)
				wg.Wait()
				total := 0
				for i, err := range errs {
					if err != nil {
						t.Errorf("run %d: %v", i, err)
					}
					total += applied[i]
				}
				if total != 5 {
					t.Errorf("the runs applied %d steps between them (%v), want 5", total, applied)
				}
				got := ledgerCounts(t, db.SQL)
				if got != "l1=1 l2=1 l3=1 l4=1 l5=1" {
					t.Fatalf("ledger counts %s, want each revision exactly once", got)
				}
				rows, err := newRunner(t, d, db.SQL).Current(context.Background())
				if err != nil || fmt.Sprint(rows) != "[l5]" {
					t.Fatalf("version table = %v (%v), want [l5]", rows, err)
				}
			})
		}
	}
}

// ledgerCounts is "rev=count …" of the ledger table, in rev order, read with
// plain SQL (not through migrate).
func ledgerCounts(t *testing.T, db *sql.DB) string {
	t.Helper()
	rs, err := db.Query("SELECT rev, COUNT(*) FROM ledger GROUP BY rev ORDER BY rev")
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var parts []string
	for rs.Next() {
		var rev string
		var n int
		if err := rs.Scan(&rev, &n); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, fmt.Sprintf("%s=%d", rev, n))
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(parts, " ")
}

// TestLockedRunWaitsForReaderSQLite: a run that gets the migration lock at once
// (the probe) still waits, for its whole lock timeout, for another process's
// read transaction to end before it writes — it used to keep the probe's 1 ms
// as SQLite's busy_timeout and fail with SQLITE_BUSY whenever another run's
// integrity check was reading at that moment. A reader holds a read
// transaction open; the test lets it go once the run is seen waiting (SQLite's
// PENDING lock turns a fresh reader away), and the run must then succeed.
func TestLockedRunWaitsForReaderSQLite(t *testing.T) {
	g := writeGraph(t, ledgerRevisions)
	d := offDialect(t, "sqlite")
	db := testdb.SQLite(t)
	ctx := context.Background()

	reader, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	tx, err := reader.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A failed test must not leave the transaction open: closing reader would
	// wait for it forever.
	defer func() { _ = tx.Rollback() }()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
		t.Fatal(err)
	}

	// A fresh reader that does not wait: SQLITE_BUSY from it means a writer
	// holds PENDING, waiting for the read transaction above to end.
	probe, err := sql.Open("sqlite", "file:"+db.Name+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer probe.Close()
	probe.SetMaxOpenConns(1)

	r := newRunner(t, d, openURL(t, d, db.URL))
	r.LockTimeout = 2 * time.Minute
	done := make(chan error, 1)
	go func() {
		plan, replay := upgradeTo(g, "head")
		_, err := r.Run(ctx, plan, replay)
		done <- err
	}()
	// The reader lets go once the run has been seen waiting on waitingSeen
	// probes in a row (each a few microseconds or more): a run that gives up
	// after a millisecond ends first.
	const waitingSeen = 5000
	for seen := 0; seen < waitingSeen; {
		select {
		case err := <-done:
			t.Fatalf("the run ended while another connection was reading, before it could write: %v", err)
		default:
		}
		var k int
		err := probe.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&k)
		switch {
		case err == nil:
			seen = 0
		case strings.Contains(err.Error(), "SQLITE_BUSY"):
			seen++
		default:
			t.Fatalf("probing for the waiting writer: %v", err)
		}
		runtime.Gosched()
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the run failed after the reader let go: %v", err)
	}
	if got := ledgerCounts(t, db.SQL); got != "l1=1 l2=1 l3=1 l4=1 l5=1" {
		t.Fatalf("ledger counts %s, want each revision exactly once", got)
	}
}
