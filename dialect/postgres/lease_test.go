package postgres

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
)

// The lease on a real server: a second taker times out naming the holder; a
// row whose expiry has passed is taken over at once; a holder whose row
// another run took finds at its next renewal that it lost the lease (Lost and
// Release say so, and Release leaves the other's row); Release deletes the
// holder's row. The
// table is read with plain SQL, not through the lease code.
func TestLease(t *testing.T) {
	db := testdb.Postgres(t)
	ctx := context.Background()
	q := Dialect{}.LeaseSQL(dialect.VersionTable{Name: "v_lock"})
	connA, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer connA.Close()
	connB, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer connB.Close()
	const ttl = 600 * time.Millisecond
	a, err := dialect.TakeLease(ctx, db.SQL, connA, q, "v_lock", "k", "holder A", ttl, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var who string
	if err := db.SQL.QueryRow("SELECT holder FROM v_lock WHERE name = 'k' AND expires_at > clock_timestamp()").Scan(&who); err != nil || who != "holder A" {
		t.Fatalf("live lease row: %q, %v", who, err)
	}
	_, err = dialect.TakeLease(ctx, db.SQL, connB, q, "v_lock", "k", "holder B", ttl, 300*time.Millisecond)
	var lt *dialect.LockTimeoutError
	if !errors.As(err, &lt) || !strings.Contains(lt.Holder, "holder A (lease in v_lock") {
		t.Fatalf("second taker: %v", err)
	}
	// A dead holder's row whose expiry has passed is taken over at once.
	if _, err := db.SQL.Exec("INSERT INTO v_lock VALUES ('k2', 'dead holder', clock_timestamp() - interval '1 second')"); err != nil {
		t.Fatal(err)
	}
	b, err := dialect.TakeLease(ctx, db.SQL, connB, q, "v_lock", "k2", "holder B", ttl, time.Second)
	if err != nil {
		t.Fatalf("taking an expired lease: %v", err)
	}
	if err := db.SQL.QueryRow("SELECT holder FROM v_lock WHERE name = 'k2'").Scan(&who); err != nil || who != "holder B" {
		t.Fatalf("expired row after the takeover: %q, %v", who, err)
	}
	// A stalled holder whose row another run took: its next renewal finds
	// the lease lost.
	if err := a.Lost(); err != nil {
		t.Fatalf("A lost its lease before a renewal saw it: %v", err)
	}
	if _, err := db.SQL.Exec("UPDATE v_lock SET holder = 'another run' WHERE name = 'k'"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * ttl) // A's renewal (every ttl/3) runs and finds the row gone
	if err := a.Lost(); err == nil || !strings.Contains(err.Error(), "expired before it was renewed") {
		t.Fatalf("Lost after the lease was taken over: %v", err)
	}
	if err := a.Release(); err == nil || !strings.Contains(err.Error(), "expired before it was renewed") {
		t.Fatalf("release of the lost lease: %v", err)
	}
	if err := db.SQL.QueryRow("SELECT holder FROM v_lock WHERE name = 'k'").Scan(&who); err != nil || who != "another run" {
		t.Fatalf("A's release touched the row of %q, %v", who, err)
	}
	if err := b.Lost(); err != nil {
		t.Fatal(err)
	}
	if err := b.Release(); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.SQL.QueryRow("SELECT count(*) FROM v_lock WHERE name = 'k2'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d rows of B's lease after its release, %v", n, err)
	}
	// A plain connection keeps its session and needs no lease.
	if why, err := (Dialect{}).LeaseReason(ctx, connA); why != "" || err != nil || !(Dialect{}).KeepsSession(ctx, connA) {
		t.Fatalf("direct connection: lease reason %q, %v", why, err)
	}
}
