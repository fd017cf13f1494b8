package mysql_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/dialect/mysql"
	"github.com/retortdb/migrate/internal/testdb"
)

// The migration lock is per database: the same key in two databases of one server
// does not conflict, while two sessions of one database do.
func TestLockIsPerDatabase(t *testing.T) {
	ctx := context.Background()
	a, b := testdb.MySQL(t), testdb.MySQL(t)
	ca, err := a.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer ca.Close()
	cb, err := b.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close()
	d := mysql.Dialect{}
	unlockA, err := d.Lock(ctx, ca, "migrate:.migrate_version", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer unlockA()
	unlockB, err := d.Lock(ctx, cb, "migrate:.migrate_version", time.Second)
	if err != nil {
		t.Fatalf("a lock in another database blocked this one: %v", err)
	}
	defer unlockB()
	ca2, err := a.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer ca2.Close()
	_, err = d.Lock(ctx, ca2, "migrate:.migrate_version", time.Second)
	var lt *dialect.LockTimeoutError
	if !errors.As(err, &lt) {
		t.Fatalf("a second session of the same database got the lock: %v", err)
	}
}
