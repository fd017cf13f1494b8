package mysql

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
)

// openMy opens the test database through the dialect and returns n dedicated
// connections with their connection ids.
func openMy(t *testing.T, n int) ([]*sql.Conn, []int64) {
	t.Helper()
	db := testdb.MySQL(t)
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
	var ids []int64
	for range n {
		c, err := pool.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		var id int64
		if err := c.QueryRowContext(context.Background(), "SELECT CONNECTION_ID()").Scan(&id); err != nil {
			t.Fatal(err)
		}
		conns, ids = append(conns, c), append(ids, id)
	}
	return conns, ids
}

// waitLockWait polls information_schema from c until connection id waits for a
// row lock.
func waitLockWait(t *testing.T, c *sql.Conn, id int64) {
	t.Helper()
	for {
		var n int
		q := "SELECT count(*) FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = ? AND trx_state = 'LOCK WAIT'"
		if err := c.QueryRowContext(context.Background(), q, id).Scan(&n); err != nil {
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
		t.Fatalf("ClassifyError(%#v) = %q, want %q", err, got, want)
	}
	if got := (Dialect{}).ClassifyError(errors.Join(errors.New("applying revision abc"), err)); got != want {
		t.Fatalf("ClassifyError(wrapped %v) = %q, want %q", err, got, want)
	}
}

func TestClassifyErrorServer(t *testing.T) {
	ctx := context.Background()
	conns, ids := openMy(t, 3)
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
		q, err := dialect.StatementTimeoutSQL(Dialect{}, 20*time.Millisecond)
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
		waitLockWait(t, c3, ids[0])
		_, err2 := tx2.ExecContext(ctx, "UPDATE t SET v = 2 WHERE id = 1")
		if err2 == nil {
			_ = tx2.Rollback()
		}
		err1 := <-done
		if (err1 == nil) == (err2 == nil) {
			t.Fatalf("want exactly one deadlock victim, got %v and %v", err1, err2)
		}
		assertKind(t, errors.Join(err1, err2), dialect.ErrDeadlock)
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
