package postgres

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
)

// openPG opens the test database through the dialect (cancel requests on a
// context's end, as migrate runs) and returns n dedicated connections with
// their backend pids.
func openPG(t *testing.T, n int) ([]*sql.Conn, []int) {
	t.Helper()
	db := testdb.Postgres(t)
	u, err := dialect.ParseURL(db.URL)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := Dialect{}.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Close() })
	var conns []*sql.Conn
	var pids []int
	for range n {
		c, err := pool.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		var pid int
		if err := c.QueryRowContext(context.Background(), "SELECT pg_backend_pid()").Scan(&pid); err != nil {
			t.Fatal(err)
		}
		conns, pids = append(conns, c), append(pids, pid)
	}
	return conns, pids
}

// waitBlocked polls pg_stat_activity from c until backend pid is running a
// statement that waits (on a lock, or in pg_sleep).
func waitBlocked(t *testing.T, c *sql.Conn, pid int, wait string) {
	t.Helper()
	for {
		var n int
		q := "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND wait_event_type = $2"
		if err := c.QueryRowContext(context.Background(), q, pid, wait).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 1 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func assertKind(t *testing.T, err error, want dialect.ErrorKind) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one classified %q", want)
	}
	if got := (Dialect{}).ClassifyError(err); got != want {
		t.Fatalf("ClassifyError(%v) = %q, want %q", err, got, want)
	}
	// Wrapping, as the runner does, changes nothing.
	if got := (Dialect{}).ClassifyError(errors.Join(errors.New("applying revision abc"), err)); got != want {
		t.Fatalf("ClassifyError(wrapped %v) = %q, want %q", err, got, want)
	}
}

func TestClassifyErrorServer(t *testing.T) {
	ctx := context.Background()
	conns, pids := openPG(t, 3)
	c1, c2, c3 := conns[0], conns[1], conns[2]
	if _, err := c1.ExecContext(ctx, "CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0), (2, 0); CREATE SCHEMA s"); err != nil {
		t.Fatal(err)
	}

	t.Run("other", func(t *testing.T) {
		_, err := c1.ExecContext(ctx, "SELEC 1")
		assertKind(t, err, dialect.ErrOther)
		_, err = c1.ExecContext(ctx, "INSERT INTO t VALUES (1, 0)")
		assertKind(t, err, dialect.ErrOther)
		if k := (Dialect{}).ClassifyError(nil); k != dialect.ErrOther {
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
		q, err := dialect.StatementTimeoutSQL(Dialect{}, 20*time.Millisecond)
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
		tx1, err := c1.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx1.Rollback()
		tx2, err := c2.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx2.Rollback()
		if _, err := tx1.ExecContext(ctx, "UPDATE t SET v = 1 WHERE id = 1"); err != nil {
			t.Fatal(err)
		}
		if _, err := tx2.ExecContext(ctx, "UPDATE t SET v = 2 WHERE id = 2"); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := tx1.ExecContext(ctx, "UPDATE t SET v = 1 WHERE id = 2")
			done <- err
		}()
		waitBlocked(t, c3, pids[0], "Lock")
		_, err2 := tx2.ExecContext(ctx, "UPDATE t SET v = 2 WHERE id = 1")
		if err2 == nil {
			_ = tx2.Rollback() // tx1 was the victim; free it
		}
		err1 := <-done
		if (err1 == nil) == (err2 == nil) {
			t.Fatalf("want exactly one deadlock victim, got %v and %v", err1, err2)
		}
		assertKind(t, errors.Join(err1, err2), dialect.ErrDeadlock)
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
