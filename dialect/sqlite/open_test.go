package sqlite

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
)

func TestOpenFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "app.db")
	u, err := dialect.ParseURL("sqlite:///" + path + "?_pragma=journal_mode(wal)")
	if err != nil {
		t.Fatal(err)
	}
	db, err := Dialect{}.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := queryInt(t, db, "PRAGMA foreign_keys"); n != 1 {
		t.Errorf("foreign_keys = %d, want 1", n)
	}
	if n := queryInt(t, db, "PRAGMA busy_timeout"); n != defaultBusyTimeout {
		t.Errorf("busy_timeout = %d, want %d", n, defaultBusyTimeout)
	}
	if s := queryString(t, db, "PRAGMA journal_mode"); s != "wal" {
		t.Errorf("journal_mode = %q: the URL's option was not passed through", s)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	unlock, err := Dialect{}.Lock(ctx, conn, "k", 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var ms int
	if err := conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&ms); err != nil || ms != 2000 {
		t.Errorf("after Lock(2s) busy_timeout = %d (%v), want 2000", ms, err)
	}
	if err := unlock(); err != nil {
		t.Errorf("unlock: %v", err)
	}
}

// TestOpenImmediateTransactions checks that a second writer cannot begin while
// the first holds its transaction: the migration lock on SQLite.
func TestOpenImmediateTransactions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lock.db")
	u, _ := dialect.ParseURL("sqlite:///" + path + "?_pragma=busy_timeout(50)")
	a, err := Dialect{}.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Dialect{}.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	txa, err := a.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer txa.Rollback()
	txb, err := b.BeginTx(ctx, nil)
	if err == nil {
		txb.Rollback()
		t.Fatal("a second transaction began while the first held the lock: transactions are not BEGIN IMMEDIATE")
	}
	if !strings.Contains(strings.ToLower(err.Error()), "locked") && !strings.Contains(strings.ToLower(err.Error()), "busy") {
		t.Fatalf("second BEGIN failed with %v, want SQLITE_BUSY", err)
	}
}

func TestOpenMemoryKeepsOneConnection(t *testing.T) {
	ctx := context.Background()
	u, _ := dialect.ParseURL("sqlite://:memory:")
	db, err := Dialect{}.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustExec(t, db, "CREATE TABLE t (x)")
	if n := queryInt(t, db, "SELECT count(*) FROM sqlite_schema WHERE name = 't'"); n != 1 {
		t.Fatal("table created in :memory: is not visible to the next query")
	}
	if got := db.Stats().MaxOpenConnections; got != 1 {
		t.Fatalf("MaxOpenConnections = %d, want 1", got)
	}
}

func TestOpenMissingDirectory(t *testing.T) {
	u, _ := dialect.ParseURL("sqlite:///" + filepath.Join(t.TempDir(), "nope", "app.db"))
	_, err := Dialect{}.Open(context.Background(), u)
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("err = %v, want a missing-directory error", err)
	}
}

func TestDSNEscapesPath(t *testing.T) {
	got := DSN("dir/a?b#c.db", map[string][]string{"_pragma": {"foreign_keys(0)"}})
	want := "file:dir/a%3Fb%23c.db?_pragma=busy_timeout(60000)&_txlock=immediate&_pragma=foreign_keys(0)"
	if got != want {
		t.Fatalf("DSN = %q\nwant %q", got, want)
	}
}

// TestSetLockWait checks that SetLockWait sets the connection's busy_timeout
// alone, 0 meaning practically forever, read back from SQLite itself.
func TestSetLockWait(t *testing.T) {
	ctx := context.Background()
	u, err := dialect.ParseURL("sqlite:///" + filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := Dialect{}.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, c := range []struct {
		d    time.Duration
		want int
	}{{time.Millisecond, 1}, {3 * time.Second, 3000}, {0, math.MaxInt32}, {time.Microsecond, 1}} {
		if err := (Dialect{}).SetLockWait(ctx, conn, c.d); err != nil {
			t.Fatal(err)
		}
		var ms int
		if err := conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&ms); err != nil || ms != c.want {
			t.Errorf("after SetLockWait(%s) busy_timeout = %d (%v), want %d", c.d, ms, err, c.want)
		}
	}
}
