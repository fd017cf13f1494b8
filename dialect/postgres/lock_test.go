package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
)

func TestLockKeyStable(t *testing.T) {
	if a, b := LockKey("migrate_version"), LockKey("migrate_version"); a != b {
		t.Fatal("LockKey is not deterministic")
	}
	if LockKey("a") == LockKey("b") {
		t.Fatal("LockKey(a) == LockKey(b)")
	}
}

func TestLockTimeoutNamesHolder(t *testing.T) {
	db := testdb.Postgres(t)
	ctx := context.Background()
	d := Dialect{}
	c1, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Close()
	c2, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if _, err := c1.ExecContext(ctx, "SET application_name = 'deploy-one'"); err != nil {
		t.Fatal(err)
	}
	var pid1 int
	if err := c1.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid1); err != nil {
		t.Fatal(err)
	}

	unlock1, err := d.Lock(ctx, c1, "migrate_version", time.Second)
	if err != nil {
		t.Fatalf("first lock: %v", err)
	}
	_, err = d.Lock(ctx, c2, "migrate_version", 150*time.Millisecond)
	var lte *dialect.LockTimeoutError
	if !errors.As(err, &lte) {
		t.Fatalf("second lock: want *dialect.LockTimeoutError, got %v", err)
	}
	if lte.Timeout != 150*time.Millisecond {
		t.Errorf("Timeout = %s", lte.Timeout)
	}
	for _, want := range []string{"pid " + strconv.Itoa(pid1), `application_name "deploy-one"`, "client "} {
		if !strings.Contains(lte.Holder, want) {
			t.Errorf("Holder %q does not contain %q", lte.Holder, want)
		}
	}

	// Another key is independent.
	unlockOther, err := d.Lock(ctx, c2, "other_key", time.Second)
	if err != nil {
		t.Fatalf("lock on another key: %v", err)
	}
	if err := unlockOther(); err != nil {
		t.Fatal(err)
	}

	// Once released, the second connection gets it.
	if err := unlock1(); err != nil {
		t.Fatalf("unlock: %v", err)
	}
	if err := unlock1(); err == nil {
		t.Error("a second unlock reported success; want an error saying the lock was not held")
	}
	unlock2, err := d.Lock(ctx, c2, "migrate_version", time.Second)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	if err := unlock2(); err != nil {
		t.Fatal(err)
	}
}

func TestLockHonoursContext(t *testing.T) {
	db := testdb.Postgres(t)
	ctx := context.Background()
	d := Dialect{}
	c1, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Close()
	c2, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	unlock, err := d.Lock(ctx, c1, "k", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock() //nolint:errcheck
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		_, err := d.Lock(cctx, c2, "k", 0) // forever, until cancelled
		done <- err
	}()
	cancel()
	err = <-done
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Lock after cancel = %v, want context.Canceled", err)
	}
	var lte *dialect.LockTimeoutError
	if errors.As(err, &lte) {
		t.Errorf("a cancelled wait reported a timeout: %v", err)
	}
}
