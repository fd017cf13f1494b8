package dialecttest

import (
	"errors"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
)

// testLock takes the migration lock on one connection; a second Lock on
// another connection, with a short timeout, must fail with
// *dialect.LockTimeoutError. After unlocking, the second connection gets the
// lock, and the first connection cannot take it until that is released too.
func testLock(t *testing.T, h Harness) {
	if h.Dialect.Capabilities().LockIsTransaction {
		t.Skip("the harness says Lock is a no-op: the dialect's migration transaction is the lock")
	}
	s := newSession(t, h)
	c1, err := s.db.Conn(s.ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Close()
	c2, err := s.db.Conn(s.ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	key := "dialecttest " + t.Name() + " " + time.Now().Format(time.RFC3339Nano)
	const short = 200 * time.Millisecond

	unlock1, err := s.d.Lock(s.ctx, c1, key, time.Minute)
	if err != nil {
		t.Fatalf("first Lock: %v", err)
	}
	if u, err := s.d.Lock(s.ctx, c2, key, short); err == nil {
		_ = u()
		t.Fatal("a second Lock on another connection succeeded while the first held the lock")
	} else if lte := (*dialect.LockTimeoutError)(nil); !errors.As(err, &lte) {
		t.Fatalf("second Lock: got %T (%v), want *dialect.LockTimeoutError", err, err)
	}
	if err := unlock1(); err != nil {
		t.Fatalf("unlock: %v", err)
	}
	unlock2, err := s.d.Lock(s.ctx, c2, key, time.Minute)
	if err != nil {
		t.Fatalf("Lock after unlock: %v", err)
	}
	var lte *dialect.LockTimeoutError
	if u, err := s.d.Lock(s.ctx, c1, key, short); err == nil {
		_ = u()
		t.Fatal("the first connection took the lock again while the second held it")
	} else if !errors.As(err, &lte) {
		t.Fatalf("Lock while relocked: got %T (%v), want *dialect.LockTimeoutError", err, err)
	}
	if err := unlock2(); err != nil {
		t.Fatalf("second unlock: %v", err)
	}
}
