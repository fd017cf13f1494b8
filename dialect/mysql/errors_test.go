package mysql

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

// lockWaitQuery counts 1 while connection ? waits for a row lock.
const lockWaitQuery = "SELECT count(*) FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = ? AND trx_state = 'LOCK WAIT'"

// waitLockWait returns once connection id waits for a row lock, as
// information_schema tells the session c.
func waitLockWait(t *testing.T, c *sql.Conn, id int64) {
	t.Helper()
	dialecttest.WaitForCount(t, c, lockWaitQuery, id)
}

func TestClassifyErrorServer(t *testing.T) {
	ctx := context.Background()
	conns, ids := dialecttest.OpenSessions(t, d, testdb.MySQL(t).URL, 3, "SELECT CONNECTION_ID()")
	c1, c2, c3 := conns[0], conns[1], conns[2]
	for _, q := range []string{"CREATE TABLE t (id int PRIMARY KEY, v int) ENGINE=InnoDB", "INSERT INTO t VALUES (1, 0), (2, 0)"} {
		if _, err := c1.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("other", func(t *testing.T) {
		_, err := c1.ExecContext(ctx, "SELEC 1")
		assertKind(t, err, dialect.ErrOther)
		_, err = c1.ExecContext(ctx, "INSERT INTO t VALUES (1, 0)")
		assertKind(t, err, dialect.ErrOther)
	})
	t.Run("missing table", func(t *testing.T) {
		_, err := c1.ExecContext(ctx, "SELECT * FROM nosuch")
		assertKind(t, err, dialect.ErrMissingTable)
	})
	t.Run("statement timeout", func(t *testing.T) {
		q, err := dialect.StatementTimeoutSQL(d, 20*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c1.ExecContext(ctx, q); err != nil {
			t.Skipf("the server has no max_statement_time (MySQL): %v", err)
		}
		// A join that runs for minutes: the server stops it.
		_, err = c1.ExecContext(ctx, "SELECT count(*) FROM information_schema.columns a, information_schema.columns b, information_schema.columns c")
		assertKind(t, err, dialect.ErrStatementTimeout)
		if _, err := c1.ExecContext(ctx, "SET SESSION max_statement_time = 0"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("lock timeout", func(t *testing.T) {
		tx, err := c1.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, "SELECT * FROM t WHERE id = 1 FOR UPDATE"); err != nil {
			t.Fatal(err)
		}
		_, err = c2.ExecContext(ctx, "SELECT * FROM t WHERE id = 1 FOR UPDATE NOWAIT")
		assertKind(t, err, dialect.ErrLockTimeout)
		if _, err := c2.ExecContext(ctx, "SET SESSION innodb_lock_wait_timeout = 1"); err != nil {
			t.Fatal(err)
		}
		_, err = c2.ExecContext(ctx, "UPDATE t SET v = 3 WHERE id = 1")
		assertKind(t, err, dialect.ErrLockTimeout)
	})
	t.Run("deadlock", func(t *testing.T) {
		err := dialecttest.ProvokeDeadlock(t, c1, c2, func() bool { return dialecttest.CountIsOne(t, c3, lockWaitQuery, ids[0]) })
		assertKind(t, err, dialect.ErrDeadlock)
	})
	t.Run("cancelled by another session", func(t *testing.T) {
		tx, err := c2.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, "SELECT * FROM t WHERE id = 1 FOR UPDATE"); err != nil {
			t.Fatal(err)
		}
		if _, err := c1.ExecContext(ctx, "SET SESSION innodb_lock_wait_timeout = 600"); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := c1.ExecContext(ctx, "UPDATE t SET v = 4 WHERE id = 1")
			done <- err
		}()
		waitLockWait(t, c3, ids[0])
		if _, err := c3.ExecContext(ctx, "KILL QUERY ?", ids[0]); err != nil {
			t.Fatal(err)
		}
		assertKind(t, <-done, dialect.ErrCancelled)
	})
	t.Run("connection lost", func(t *testing.T) {
		if _, err := c3.ExecContext(ctx, "KILL CONNECTION ?", ids[1]); err != nil {
			t.Fatal(err)
		}
		_, err := c2.ExecContext(ctx, "SELECT 1")
		assertKind(t, err, dialect.ErrConnectionLost)
	})
}
