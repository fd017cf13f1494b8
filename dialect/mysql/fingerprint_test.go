package mysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
)

func TestCommitsOnItsOwn(t *testing.T) {
	for stmt, want := range map[string]bool{
		"INSERT INTO t VALUES (1)":                  false,
		"  /* x */ update t set a = 1":              false,
		"-- c\nDELETE FROM t":                       false,
		"(SELECT 1)":                                false,
		"WITH c AS (SELECT 1) SELECT * FROM c":      false,
		"CREATE TABLE slow AS SELECT SLEEP(3) AS x": true,
		"ALTER TABLE t ADD COLUMN c INT":            true,
		"DROP TABLE t":                              true,
		"RENAME TABLE a TO b":                       true,
		"TRUNCATE t":                                true,
		"CALL p()":                                  true,
		"/* unterminated":                           true,
		"INSERTX INTO t":                            true,
	} {
		if got := (Dialect{}).CommitsOnItsOwn(stmt); got != want {
			t.Errorf("CommitsOnItsOwn(%q) = %v, want %v", stmt, got, want)
		}
	}
}

func TestSchemaFingerprintSeesDDLOnly(t *testing.T) {
	db := testdb.MySQL(t)
	ctx := context.Background()
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	d := Dialect{}
	fp := func() string {
		t.Helper()
		start := time.Now()
		s, err := d.SchemaFingerprint(ctx, conn)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("fingerprint in %s", time.Since(start))
		return s
	}
	exec := func(q string) {
		t.Helper()
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	empty := fp()
	exec("CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(10))")
	created := fp()
	if created == empty {
		t.Fatal("CREATE TABLE left the fingerprint unchanged")
	}
	exec("INSERT INTO t (v) VALUES ('a'), ('b')")
	exec("ANALYZE TABLE t")
	if fp() != created {
		t.Fatal("rows (and the AUTO_INCREMENT counter, row counts) changed the fingerprint")
	}
	last := created
	for _, q := range []string{
		"ALTER TABLE t ADD COLUMN w INT",
		"CREATE INDEX ix_t_v ON t (v)",
		"ALTER TABLE t ADD CONSTRAINT ck_w CHECK (w > 0)",
		"ALTER TABLE t MODIFY v VARCHAR(20)",
		"CREATE VIEW vt AS SELECT id FROM t",
		"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.w = 1",
		"ALTER TABLE t COMMENT 'c'",
		"DROP VIEW vt",
	} {
		exec(q)
		now := fp()
		if now == last {
			t.Errorf("%s left the fingerprint unchanged", q)
		}
		last = now
	}
}

// A holder of the migration lock marked as a migrate run (runName) whose alive
// mark is gone — its process died while its statement runs — is ended by the
// next Lock; one whose alive mark is held, or one that is not marked, is waited
// for.
func TestLockEndsDeadHolder(t *testing.T) {
	db := testdb.MySQL(t)
	ctx := context.Background()
	d := Dialect{}
	key := "migrate_dead_holder_test"
	conns := func(n int) []*sql.Conn {
		var out []*sql.Conn
		for i := 0; i < n; i++ {
			c, err := db.SQL.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			out = append(out, c)
		}
		return out
	}
	id := func(c *sql.Conn) int64 {
		var id int64
		if err := c.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	take := func(c *sql.Conn, name string) {
		var got int
		if err := c.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", name).Scan(&got); err != nil || got != 1 {
			t.Fatalf("GET_LOCK(%s) = %d, %v", name, got, err)
		}
	}
	for _, c := range []struct {
		name       string
		run, alive bool
		ended      bool
	}{
		{"marked and dead", true, false, true},
		{"marked and alive", true, true, false},
		{"not marked", false, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			cs := conns(3)
			holder, watcher, waiter := cs[0], cs[1], cs[2]
			hid := id(holder)
			if c.alive {
				take(watcher, aliveName(hid))
				defer watcher.ExecContext(ctx, "SELECT RELEASE_LOCK(?)", aliveName(hid))
			}
			if c.run {
				take(holder, runName(hid))
			}
			unlock, err := d.Lock(ctx, holder, key, time.Second)
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := holder.ExecContext(ctx, "SELECT SLEEP(20)")
				done <- err
			}()
			// The holder's statement has started when the process list shows it.
			for i := 0; ; i++ {
				var n int
				_ = waiter.QueryRowContext(ctx, "SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = ? AND INFO LIKE 'SELECT SLEEP%'", hid).Scan(&n)
				if n == 1 {
					break
				}
				if i > 200 {
					t.Fatal("the holder's statement never started")
				}
				time.Sleep(25 * time.Millisecond)
			}
			u2, err := d.Lock(ctx, waiter, key, 3*time.Second)
			if c.ended {
				if err != nil {
					t.Fatalf("the dead holder was not ended: %v", err)
				}
				_ = u2()
				if err := <-done; err == nil {
					t.Fatal("the dead holder's statement ran to its end")
				}
				return
			}
			var lt *dialect.LockTimeoutError
			if !errors.As(err, &lt) {
				t.Fatalf("a live or unmarked holder must be waited for; Lock: %v", err)
			}
			if _, err := waiter.ExecContext(ctx, fmt.Sprintf("KILL QUERY %d", hid)); err != nil {
				t.Fatal(err)
			}
			<-done
			_ = unlock()
		})
	}
}

// GuardSession: when the run's context ends, the statement running on the
// guarded connection is stopped on the server (KILL QUERY) rather than left to
// finish; stop releases the marks.
func TestGuardSessionKillsQueryOnCancel(t *testing.T) {
	db := testdb.MySQL(t)
	d := Dialect{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	conn, err := db.SQL.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	stop, err := d.GuardSession(ctx, db.SQL, conn)
	if err != nil {
		t.Fatal(err)
	}
	var hid int64
	_ = conn.QueryRowContext(context.Background(), "SELECT CONNECTION_ID()").Scan(&hid)
	var run, alive sql.NullInt64
	_ = db.SQL.QueryRow("SELECT IS_USED_LOCK(?), IS_USED_LOCK(?)", runName(hid), aliveName(hid)).Scan(&run, &alive)
	if !run.Valid || run.Int64 != hid || !alive.Valid || alive.Int64 == hid {
		t.Fatalf("marks: run %v, alive %v (connection %d)", run, alive, hid)
	}
	done := make(chan struct{})
	go func() {
		// Not bound to ctx: the driver alone would never stop the statement.
		_, _ = conn.ExecContext(context.Background(), "CREATE TABLE slow AS SELECT SLEEP(20) AS x")
		close(done)
	}()
	for i := 0; ; i++ {
		var n int
		_ = db.SQL.QueryRow("SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = ? AND INFO LIKE 'CREATE TABLE slow%'", hid).Scan(&n)
		if n == 1 {
			break
		}
		if i > 200 {
			t.Fatal("the statement never started")
		}
		time.Sleep(25 * time.Millisecond)
	}
	cancel()
	<-done // returns only once the server stopped the statement
	stop()
	var n int
	_ = db.SQL.QueryRow("SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'slow'").Scan(&n)
	if n != 0 {
		t.Fatal("the killed CREATE TABLE … AS SELECT left its table")
	}
	_ = db.SQL.QueryRow("SELECT IS_USED_LOCK(?), IS_USED_LOCK(?)", runName(hid), aliveName(hid)).Scan(&run, &alive)
	if run.Valid || alive.Valid {
		t.Fatalf("stop left marks: run %v, alive %v", run, alive)
	}
}
