package postgres

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/dialect/dialecttest"
	"github.com/retortdb/migrate/internal/testdb"
)

var d = Dialect{}

func assertKind(t *testing.T, err error, want dialect.ErrorKind) {
	t.Helper()
	dialecttest.AssertErrorKind(t, d, err, want)
}

// blockedQuery counts 1 while backend $1 runs a statement that waits for
// $2 ("Lock", or "Timeout" in pg_sleep).
const blockedQuery = "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND wait_event_type = $2"

// waitBlocked returns once backend pid runs a statement that waits (on a
// lock, or in pg_sleep), as pg_stat_activity tells the session c.
func waitBlocked(t *testing.T, c *sql.Conn, pid int64, wait string) {
	t.Helper()
	dialecttest.WaitForCount(t, c, blockedQuery, pid, wait)
}

func TestClassifyErrorServer(t *testing.T) {
	ctx := context.Background()
	conns, pids := dialecttest.OpenSessions(t, d, testdb.Postgres(t).URL, 3, "SELECT pg_backend_pid()")
	c1, c2, c3 := conns[0], conns[1], conns[2]
	if _, err := c1.ExecContext(ctx, "CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0), (2, 0); CREATE SCHEMA s"); err != nil {
		t.Fatal(err)
	}

	t.Run("other", func(t *testing.T) {
		_, err := c1.ExecContext(ctx, "SELEC 1")
		assertKind(t, err, dialect.ErrOther)
		_, err = c1.ExecContext(ctx, "INSERT INTO t VALUES (1, 0)")
		assertKind(t, err, dialect.ErrOther)
		if k := d.ClassifyError(nil); k != dialect.ErrOther {
			t.Fatalf("ClassifyError(nil) = %q", k)
		}
	})
	t.Run("missing table", func(t *testing.T) {
		_, err := c1.ExecContext(ctx, "SELECT * FROM nosuch")
		assertKind(t, err, dialect.ErrMissingTable)
		_, err = c1.ExecContext(ctx, "SELECT * FROM s.nosuch")
		assertKind(t, err, dialect.ErrMissingTable)
		_, err = c1.ExecContext(ctx, "SELECT * FROM nosuchschema.t")
		assertKind(t, err, dialect.ErrMissingTable)
	})
	t.Run("statement timeout", func(t *testing.T) {
		q, err := dialect.StatementTimeoutSQL(d, 20*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c1.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
		_, err = c1.ExecContext(ctx, "SELECT pg_sleep(60)")
		assertKind(t, err, dialect.ErrStatementTimeout)
		if _, err := c1.ExecContext(ctx, "SET statement_timeout = 0"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("lock timeout", func(t *testing.T) {
		tx, err := c1.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, "LOCK TABLE t IN ACCESS EXCLUSIVE MODE"); err != nil {
			t.Fatal(err)
		}
		_, err = c2.ExecContext(ctx, "BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE NOWAIT; COMMIT")
		assertKind(t, err, dialect.ErrLockTimeout)
		_, _ = c2.ExecContext(ctx, "ROLLBACK")
		// lock_timeout reports the same code as NOWAIT.
		_, err = c2.ExecContext(ctx, "SET lock_timeout = 10; SELECT * FROM t")
		assertKind(t, err, dialect.ErrLockTimeout)
		if _, err := c2.ExecContext(ctx, "SET lock_timeout = 0"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("deadlock", func(t *testing.T) {
		err := dialecttest.ProvokeDeadlock(t, c1, c2, func() bool { return dialecttest.CountIsOne(t, c3, blockedQuery, pids[0], "Lock") })
		assertKind(t, err, dialect.ErrDeadlock)
	})
	t.Run("cancelled by another session", func(t *testing.T) {
		done := make(chan error, 1)
		go func() {
			_, err := c1.ExecContext(ctx, "SELECT pg_sleep(60)")
			done <- err
		}()
		waitBlocked(t, c3, pids[0], "Timeout")
		if _, err := c3.ExecContext(ctx, "SELECT pg_cancel_backend($1)", pids[0]); err != nil {
			t.Fatal(err)
		}
		assertKind(t, <-done, dialect.ErrCancelled)
	})
	t.Run("cancelled by the context", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		done := make(chan error, 1)
		go func() {
			_, err := c1.ExecContext(cctx, "SELECT pg_sleep(60)")
			done <- err
		}()
		waitBlocked(t, c3, pids[0], "Timeout")
		cancel()
		assertKind(t, <-done, dialect.ErrCancelled)
	})
	t.Run("connection lost", func(t *testing.T) {
		if _, err := c3.ExecContext(ctx, "SELECT pg_terminate_backend($1)", pids[1]); err != nil {
			t.Fatal(err)
		}
		_, err := c2.ExecContext(ctx, "SELECT 1")
		assertKind(t, err, dialect.ErrConnectionLost)
	})
}
