package e2e_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"

	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	pgdialect "github.com/retortdb/migrate/dialect/postgres"
	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
)

// logRevisions are three revisions; each upgrade inserts one row into run_log, so
// the log counts how often each ran.
var logRevisions = map[string]string{
	"migrations/versions/r1.yaml": `revision: r1
message: log table
upgrade:
  - create_table:
      name: run_log
      columns:
        - {name: rev, type: varchar(10), nullable: false}
  - execute: INSERT INTO run_log (rev) VALUES ('r1')
downgrade:
  - drop_table: {name: run_log}
`,
	"migrations/versions/r2.yaml": "revision: r2\ndown_revision: r1\nmessage: two\nupgrade:\n  - execute: INSERT INTO run_log (rev) VALUES ('r2')\n",
	"migrations/versions/r3.yaml": "revision: r3\ndown_revision: r2\nmessage: three\nupgrade:\n  - execute: INSERT INTO run_log (rev) VALUES ('r3')\n",
}

func logProject(t *testing.T, db *testdb.DB) *project {
	dir := scratch.Module(t, nil)
	p := &project{t: t, Dir: dir, Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	for k, v := range logRevisions {
		p.write(k, v)
	}
	return p
}

// concurrentUpgrade starts n `migrate upgrade head` at once against one database.
func concurrentUpgrade(t *testing.T, db *testdb.DB, n int) {
	p := logProject(t, db)
	var wg sync.WaitGroup
	results := make([]result, n)
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			cmd := exec.Command(migrateBin, "upgrade", "head", "--lock-timeout", "60s")
			cmd.Dir = p.Dir
			cmd.Env = append(os.Environ(), p.Env...)
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			results[i] = result{Code: code, Stdout: out.String(), Stderr: errb.String()}
		}(i)
	}
	close(start)
	wg.Wait()
	for i, r := range results {
		if r.Code != 0 {
			t.Fatalf("process %d exited %d:\n%s", i, r.Code, r.Stderr)
		}
	}
	counts := map[string]int{}
	rows, err := db.SQL.Query(`SELECT rev FROM run_log`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		counts[s]++
	}
	rows.Close()
	if fmt.Sprint(counts) != "map[r1:1 r2:1 r3:1]" {
		t.Fatalf("each revision must run exactly once; run_log counts %v", counts)
	}
	if got := strings.TrimSpace(p.ok("current").Stdout); got != "r3 (head)" {
		t.Fatalf("current = %q", got)
	}
}

func TestConcurrentUpgradeSQLite(t *testing.T)   { concurrentUpgrade(t, testdb.SQLite(t), 8) }
func TestConcurrentUpgradePostgres(t *testing.T) { concurrentUpgrade(t, testdb.Postgres(t), 8) }
func TestConcurrentUpgradeMySQL(t *testing.T)    { concurrentUpgrade(t, testdb.MySQL(t), 8) }

// sleepRevision makes r2's upgrade block in the server for a long time.
func sleepRevision(p *project, sleepSQL string) {
	p.write("migrations/versions/r2.yaml", "revision: r2\ndown_revision: r1\nmessage: slow\nupgrade:\n  - execute: INSERT INTO run_log (rev) VALUES ('r2')\n  - execute: "+sleepSQL+"\n")
}

// startAndWait starts `migrate upgrade head` and waits until the sleeping
// statement is running on the server.
func startAndWait(t *testing.T, p *project, db *sql.DB, activity string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(migrateBin, "upgrade", "head")
	cmd.Dir = p.Dir
	cmd.Env = append(os.Environ(), p.Env...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		if err := db.QueryRow(activity).Scan(&n); err == nil && n > 0 {
			return cmd, &errb
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	t.Fatalf("the slow statement never started; stderr:\n%s", errb.String())
	return nil, nil
}

const pgSleeping = `SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(%' AND datname = current_database()`

func TestSignalsPostgres(t *testing.T) {
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGTERM, 143}, {syscall.SIGINT, 130}} {
		t.Run(c.sig.String(), func(t *testing.T) {
			db := testdb.Postgres(t)
			p := logProject(t, db)
			p.ok("upgrade", "r1")
			sleepRevision(p, "SELECT pg_sleep(60)")
			cmd, errb := startAndWait(t, p, db.SQL, pgSleeping)
			start := time.Now()
			_ = cmd.Process.Signal(c.sig)
			err := cmd.Wait()
			ee, ok := err.(*exec.ExitError)
			if !ok || ee.ExitCode() != c.code {
				t.Fatalf("exit %v, want %d; stderr:\n%s", err, c.code, errb)
			}
			if time.Since(start) > 15*time.Second {
				t.Fatalf("the running statement was not cancelled (took %s)", time.Since(start))
			}
			checkErrorLine(t, errb.String(), "r2")
			// Rolled back: r2's insert is gone, the version table still says r1.
			var n int
			_ = db.SQL.QueryRow(`SELECT count(*) FROM run_log WHERE rev = 'r2'`).Scan(&n)
			if n != 0 {
				t.Fatal("the cancelled revision's insert was committed")
			}
			if got := strings.TrimSpace(p.ok("current").Stdout); got != "r1" {
				t.Fatalf("current = %q, want r1", got)
			}
			// The lock was released (the server may take a moment to see the
			// connection close): nobody holds an advisory lock.
			deadline := time.Now().Add(5 * time.Second)
			for {
				_ = db.SQL.QueryRow(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted`).Scan(&n)
				if n == 0 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%d advisory lock(s) still held 5 s after the process exited", n)
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
}

// A run killed with SIGKILL leaves a database the next run brings to head.
func TestKilledRunRecoversPostgres(t *testing.T) {
	db := testdb.Postgres(t)
	p := logProject(t, db)
	p.ok("upgrade", "r1")
	sleepRevision(p, "SELECT pg_sleep(60)")
	cmd, _ := startAndWait(t, p, db.SQL, pgSleeping)
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	// The server notices the dead connection; its session lock dies with it.
	sleepRevision(p, "SELECT 1")
	r := p.run("upgrade", "head", "--lock-timeout", "30s")
	if r.Code != 0 {
		t.Fatalf("the run after a SIGKILL failed: %s", r.Stderr)
	}
	if got := strings.TrimSpace(p.ok("current").Stdout); got != "r3 (head)" {
		t.Fatalf("current = %q", got)
	}
}

// A second run waiting for the lock gives up after --lock-timeout with a clear error.
func TestLockTimeoutPostgres(t *testing.T) {
	db := testdb.Postgres(t)
	p := logProject(t, db)
	p.ok("upgrade", "r1")
	sleepRevision(p, "SELECT pg_sleep(20)")
	cmd, _ := startAndWait(t, p, db.SQL, pgSleeping)
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	r := p.fails(1, "could not take the migration lock within 500ms", "upgrade", "head", "--lock-timeout", "500ms")
	if !strings.Contains(r.Stderr, "held by") {
		t.Fatalf("the error does not say who holds the lock: %s", r.Stderr)
	}
	if !strings.Contains(r.Stderr, "INFO  Waiting for the migration lock, held by pid ") {
		t.Fatalf("the waiting process did not say it waits, and for whom:\n%s", r.Stderr)
	}
}

// A run killed with SIGKILL in the middle of a revision, on MariaDB (its session
// lock dies with the connection; the progress table records what ran) and SQLite
// (the rollback journal undoes the open transaction), leaves a database that the
// next run brings to head without repair.
func TestKilledRunRecoversMySQLAndSQLite(t *testing.T) {
	cases := []struct {
		name     string
		db       func(testing.TB) *testdb.DB
		sleep    string
		activity string
	}{
		{"mysql", testdb.MySQL, "SELECT SLEEP(3)", `SELECT count(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP%'`},
		{"sqlite", testdb.SQLite, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000000) SELECT count(*) FROM c", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := c.db(t)
			p := logProject(t, db)
			p.ok("upgrade", "r1")
			sleepRevision(p, c.sleep)
			var cmd *exec.Cmd
			if c.activity != "" {
				cmd, _ = startAndWait(t, p, db.SQL, c.activity)
			} else {
				cmd = exec.Command(migrateBin, "upgrade", "head")
				cmd.Dir = p.Dir
				cmd.Env = append(os.Environ(), p.Env...)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(500 * time.Millisecond)
			}
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			sleepRevision(p, "SELECT 1")
			if r := p.run("upgrade", "head", "--lock-timeout", "30s"); r.Code != 0 {
				t.Fatalf("the run after a SIGKILL failed: %s", r.Stderr)
			}
			if got := strings.TrimSpace(p.ok("current").Stdout); got != "r3 (head)" {
				t.Fatalf("current = %q", got)
			}
			var n int
			_ = db.SQL.QueryRow(`SELECT count(*) FROM run_log WHERE rev = 'r2'`).Scan(&n)
			if n != 1 {
				t.Fatalf("r2's insert is in the log %d times, want exactly once", n)
			}
		})
	}
}

// --no-lock runs without the migration lock, even while another session holds it
// (for databases where locks are unavailable; documented as unsafe).
func TestNoLockPostgres(t *testing.T) {
	db := testdb.Postgres(t)
	p := logProject(t, db)
	conn, err := db.SQL.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "SELECT pg_advisory_lock($1)", pgdialect.LockKey("migrate:.migrate_version")); err != nil {
		t.Fatal(err)
	}
	p.fails(1, "could not take the migration lock", "upgrade", "head", "--lock-timeout", "200ms")
	p.ok("upgrade", "head", "--no-lock")
	if got := strings.TrimSpace(p.ok("current").Stdout); got != "r3 (head)" {
		t.Fatalf("current = %q", got)
	}
}
