package sqlite

import (
	"context"
	"database/sql"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/dialect/dialecttest"
	"github.com/retortdb/migrate/internal/testdb"
)

func assertKind(t *testing.T, err error, want dialect.ErrorKind) {
	t.Helper()
	dialecttest.AssertErrorKind(t, Dialect{}, err, want)
}

func TestClassifyErrorDatabase(t *testing.T) {
	ctx := context.Background()
	db := testdb.SQLite(t)
	if _, err := db.SQL.ExecContext(ctx, "CREATE TABLE t (id integer PRIMARY KEY, v integer)"); err != nil {
		t.Fatal(err)
	}

	t.Run("other", func(t *testing.T) {
		_, err := db.SQL.ExecContext(ctx, "SELEC 1")
		assertKind(t, err, dialect.ErrOther)
		_, err = db.SQL.ExecContext(ctx, "INSERT INTO t VALUES (1, 0), (1, 0)")
		assertKind(t, err, dialect.ErrOther)
		// Another "no such" error of the same result code is not a missing table.
		_, err = db.SQL.ExecContext(ctx, "SELECT nosuchcolumn FROM t")
		assertKind(t, err, dialect.ErrOther)
	})
	t.Run("missing table", func(t *testing.T) {
		_, err := db.SQL.ExecContext(ctx, "SELECT * FROM nosuch")
		assertKind(t, err, dialect.ErrMissingTable)
		_, err = db.SQL.ExecContext(ctx, "INSERT INTO main.nosuch VALUES (1)")
		assertKind(t, err, dialect.ErrMissingTable)
	})
	t.Run("lock timeout", func(t *testing.T) {
		u, err := dialect.ParseURL(db.URL + "?_pragma=busy_timeout(0)")
		if err != nil {
			t.Fatal(err)
		}
		other, err := Dialect{}.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		c1, err := db.SQL.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c1.Close()
		if _, err := c1.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			t.Fatal(err)
		}
		defer c1.ExecContext(ctx, "ROLLBACK")
		_, err = other.ExecContext(ctx, "INSERT INTO t VALUES (5, 0)")
		assertKind(t, err, dialect.ErrLockTimeout)
	})
	t.Run("cancelled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() {
			// Counts to 10^12: runs until interrupted.
			_, err := db.SQL.ExecContext(cctx, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000000) SELECT count(*) FROM n")
			done <- err
		}()
		cancel()
		// Whether the driver interrupted the statement (SQLITE_INTERRUPT) or
		// database/sql stopped it first (context.Canceled), it is a cancellation.
		assertKind(t, <-done, dialect.ErrCancelled)
	})
	t.Run("not sqlite's", func(t *testing.T) {
		assertKind(t, sql.ErrConnDone, dialect.ErrConnectionLost)
		assertKind(t, context.DeadlineExceeded, dialect.ErrCancelled)
		if k := (Dialect{}).ClassifyError(nil); k != dialect.ErrOther {
			t.Fatalf("ClassifyError(nil) = %q", k)
		}
	})
}
