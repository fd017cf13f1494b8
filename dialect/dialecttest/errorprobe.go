package dialecttest

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
)

// AssertErrorKind fails t unless d classifies err as want, both as the
// driver returned it and wrapped the way the runner wraps it (errors.Join
// with a message naming the revision). A nil err fails too.
func AssertErrorKind(t testing.TB, d dialect.Dialect, err error, want dialect.ErrorKind) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one classified %q", want)
	}
	if got := d.ClassifyError(err); got != want {
		t.Fatalf("ClassifyError(%v) = %q, want %q", err, got, want)
	}
	if got := d.ClassifyError(errors.Join(errors.New("applying revision abc"), err)); got != want {
		t.Fatalf("ClassifyError(wrapped %v) = %q, want %q", err, got, want)
	}
}

// OpenSessions opens rawURL through d, as migrate opens its databases, and
// returns n dedicated connections with the session id each one reports
// for idQuery (pg_backend_pid(), CONNECTION_ID()). Everything is closed
// when t ends.
func OpenSessions(t testing.TB, d dialect.Dialect, rawURL string, n int, idQuery string) ([]*sql.Conn, []int64) {
	t.Helper()
	u, err := dialect.ParseURL(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := d.Open(context.Background(), u)
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
		if err := c.QueryRowContext(context.Background(), idQuery).Scan(&id); err != nil {
			t.Fatal(err)
		}
		conns, ids = append(conns, c), append(ids, id)
	}
	return conns, ids
}

// probeEvery is how often the probes poll. It must exceed 100 ms: InnoDB
// refreshes what information_schema.innodb_trx shows only when nobody read
// it in the last 100 ms, so a faster poll keeps reading the same stale
// snapshot for ever.
const probeEvery = 150 * time.Millisecond

// WaitForCount polls countQuery (a query returning one integer) on c every
// probeEvery until it returns 1: a probe from a third session that another
// session is now waiting on a lock or sleeping. It fails t after 30 s.
func WaitForCount(t testing.TB, c *sql.Conn, countQuery string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !CountIsOne(t, c, countQuery, args...) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 30 s for %q (%v) to count 1", countQuery, args)
		}
		time.Sleep(probeEvery)
	}
}

// CountIsOne runs countQuery (a query returning one integer) on c once and
// reports whether it returned 1.
func CountIsOne(t testing.TB, c *sql.Conn, countQuery string, args ...any) bool {
	t.Helper()
	var n int
	if err := c.QueryRowContext(context.Background(), countQuery, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

// ProvokeDeadlock makes the server pick a deadlock victim between c1 and
// c2 on table t (id int primary key, v int) holding rows 1 and 2: each
// session updates one row, then the other's; blocked reports (one probe from
// a third session) whether the first session now waits for the second's row
// lock. It fails t unless exactly one of the two statements failed, if the
// first session's statement ends before it waited, or after 30 s without a
// wait; it returns the failure.
func ProvokeDeadlock(t testing.TB, c1, c2 *sql.Conn, blocked func() bool) error {
	t.Helper()
	ctx := context.Background()
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
	deadline := time.Now().Add(30 * time.Second)
	for !blocked() {
		select {
		case err := <-done:
			t.Fatalf("the first session's UPDATE of row 2 ended before it waited for the second session's lock: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the first session's UPDATE of row 2 did not wait for the second session's lock within 30 s")
		}
		time.Sleep(probeEvery)
	}
	_, err2 := tx2.ExecContext(ctx, "UPDATE t SET v = 2 WHERE id = 1")
	if err2 == nil {
		_ = tx2.Rollback() // the first session was the victim; free it
	}
	err1 := <-done
	if (err1 == nil) == (err2 == nil) {
		t.Fatalf("want exactly one deadlock victim, got %v and %v", err1, err2)
	}
	return errors.Join(err1, err2)
}
