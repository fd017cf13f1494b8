package mysql

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
)

func TestLockSecondSessionTimesOut(t *testing.T) {
	db := testdb.MySQL(t)
	ctx := context.Background()
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
	key := "migrate_lock_test_" + db.Name + strings.Repeat("x", 60) // longer than 64: hashed
	d := Dialect{}

	unlock1, err := d.Lock(ctx, c1, key, 5*time.Second)
	if err != nil {
		t.Fatalf("first lock: %v", err)
	}
	var id1 int64
	if err := c1.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id1); err != nil {
		t.Fatal(err)
	}

	_, err = d.Lock(ctx, c2, key, time.Second)
	var lte *dialect.LockTimeoutError
	if !errors.As(err, &lte) {
		t.Fatalf("second lock: got %v, want *dialect.LockTimeoutError", err)
	}
	if !strings.Contains(lte.Holder, fmt.Sprintf("connection %d", id1)) {
		t.Errorf("holder %q does not name connection %d", lte.Holder, id1)
	}
	if lte.Timeout != time.Second {
		t.Errorf("timeout %v, want 1s", lte.Timeout)
	}

	if err := unlock1(); err != nil {
		t.Fatalf("unlock: %v", err)
	}
	if err := unlock1(); err == nil {
		t.Error("a second unlock succeeded; want an error saying the lock was not held")
	}
	unlock2, err := d.Lock(ctx, c2, key, time.Second)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	if err := unlock2(); err != nil {
		t.Fatal(err)
	}
}
