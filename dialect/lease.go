package dialect

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// LeaseLocker is the optional ability of dialects whose session lock (Lock) does
// not always hold: on a MariaDB Galera cluster GET_LOCK is local to one node, so
// two runs connected to two nodes would both hold it; behind PgBouncer in
// transaction pooling a session advisory lock is taken on one server connection
// and released, or left behind, on another. There the runner takes a lease
// instead: a row in a lock table beside the version table, written in its own
// transaction (under the cluster's certification on Galera), with a holder and
// an expiry that the holder renews while it runs (see TakeLease).
//
// LeaseReason returns why the server conn is connected to needs the lease ("" when
// Lock holds): the caller takes the lease instead of Lock when it is not "".
// LeaseSQL returns the statements of the lock table named table.
type LeaseLocker interface {
	LeaseReason(ctx context.Context, conn *sql.Conn) (string, error)
	LeaseSQL(table VersionTable) LeaseSQL
}

// LeaseSQL are one dialect's statements for a lease lock table (columns name,
// holder, expires_at; expires_at is the server's clock). Each statement takes its
// arguments in the order given, with the dialect's placeholders.
type LeaseSQL struct {
	// Create creates the lock table when it is missing (idempotent).
	Create []string
	// Acquire inserts the row of (name, holder, ttl seconds), or takes over a
	// row whose expiry has passed; it leaves a live row of another holder as it
	// is. It may fail when another run wins the same row at the same moment (a
	// duplicate key, a Galera certification failure): the caller reads the row
	// back and tries again.
	Acquire string
	// Read returns the holder of (name) and the seconds left until its expiry
	// (negative once expired); no row when nobody holds it.
	Read string
	// Renew moves the expiry of (ttl seconds, name, holder) to ttl from now;
	// it affects no row when the lease was lost.
	Renew string
	// Release deletes the row of (name, holder).
	Release string
	// Prepare are statements run on the run's connection before it tries the
	// lease (Galera: wsrep_sync_wait, so that its reads — the lease row, then
	// the version table — see every node's commits).
	Prepare []string
}

// DefaultLeaseTTL is how long a lease lives without renewal: a run killed with
// SIGKILL frees its lease at most this long after its last renewal. The holder
// renews it every third of it.
const DefaultLeaseTTL = 15 * time.Second

// leaseRetry is the pause between two attempts at a held lease.
const leaseRetry = 250 * time.Millisecond

// LeaseHolder returns the holder string a lease of this process records:
// host name, process id and a random token (so two runs of one process differ).
func LeaseHolder() string {
	host, _ := os.Hostname()
	var b [6]byte
	_, _ = rand.Read(b[:])
	s := fmt.Sprintf("%s pid %d token %s", host, os.Getpid(), hex.EncodeToString(b[:]))
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// Lease is a held lease (see TakeLease).
type Lease struct {
	// Release stops the renewal and deletes the row. It returns the error
	// Lost returns, when there is one, instead of deleting a row that is no
	// longer the holder's.
	Release func() error
	// Lost returns nil while the lease is held, and an error saying so once a
	// renewal found it expired and gone (the holder was stalled for longer
	// than the ttl: another run may hold it now). The holder checks it before
	// each change it commits.
	Lost func() error
}

// TakeLease takes the lease name in the lock table that q describes: it creates
// the table when missing (on conn), then tries q.Acquire (on conn, autocommit)
// until it reads the row back with holder as its holder, or timeout passes (0:
// until ctx ends). While held, a goroutine renews it on db every ttl/3 (ttl 0:
// DefaultLeaseTTL). A timeout is a *LockTimeoutError naming the holder and the
// seconds until its lease expires; a statement that keeps failing without
// another holder in the way is returned as an error naming the table.
func TakeLease(ctx context.Context, db *sql.DB, conn *sql.Conn, q LeaseSQL, table, name, holder string, ttl, timeout time.Duration) (*Lease, error) {
	if ttl <= 0 {
		ttl = DefaultLeaseTTL
	}
	secs := int64((ttl + time.Second - 1) / time.Second)
	for _, s := range q.Create {
		// Two runs creating the table at once may collide (PostgreSQL's
		// CREATE TABLE IF NOT EXISTS is not atomic): a second try sees it.
		var err error
		for try := 0; try < 3; try++ {
			if _, err = conn.ExecContext(ctx, s); err == nil || ctx.Err() != nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if err != nil {
			return nil, fmt.Errorf("creating lock table %s: %w (SQL: %s); nothing was changed", table, err, s)
		}
	}
	for _, s := range q.Prepare {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return nil, fmt.Errorf("preparing the session to take the lease %q: %w (SQL: %s); nothing was changed", name, err, s)
		}
	}
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	fails := 0
	for {
		_, aerr := conn.ExecContext(ctx, q.Acquire, name, holder, secs)
		who, left, rerr := readLease(ctx, conn, q, name)
		if rerr == nil && who == holder {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("waiting for the lease %q in lock table %s: %w", name, table, err)
		}
		err := errors.Join(aerr, rerr)
		switch {
		case err != nil && who == "":
			// Failing with nobody in the way: a conflict with another run
			// taking it at the same moment clears up at once; anything else
			// (no privilege, a broken table) does not.
			if fails++; fails >= 20 {
				return nil, fmt.Errorf("taking the lease %q in lock table %s: %w; nothing was changed: check the table and the user's privileges", name, table, err)
			}
		default:
			fails = 0
		}
		if !deadline.IsZero() && !time.Now().Before(deadline) {
			h := who
			if h != "" {
				h = fmt.Sprintf("%s (lease in %s, expires in %ds unless renewed)", who, table, max(left, 0))
			}
			return nil, &LockTimeoutError{Timeout: timeout, Holder: h}
		}
		sleep := leaseRetry
		if !deadline.IsZero() {
			sleep = min(sleep, time.Until(deadline))
		}
		t := time.NewTimer(max(sleep, time.Millisecond))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("waiting for the lease %q in lock table %s: %w", name, table, ctx.Err())
		case <-t.C:
		}
	}
	done, finished := make(chan struct{}), make(chan struct{})
	var mu sync.Mutex
	var lost error
	go func() {
		defer close(finished)
		tick := time.NewTicker(ttl / 3)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			rctx, cancel := context.WithTimeout(context.Background(), ttl/3)
			res, err := db.ExecContext(rctx, q.Renew, secs, name, holder)
			cancel()
			if err != nil {
				continue // a passing failure: the next tick tries again before expiry
			}
			if n, err := res.RowsAffected(); err == nil && n == 0 {
				mu.Lock()
				defer mu.Unlock()
				lost = fmt.Errorf("the lease %q in lock table %s expired before it was renewed (the run was stalled for over %s): another run may have taken it", name, table, ttl)
				return
			}
		}
	}()
	isLost := func() error {
		mu.Lock()
		defer mu.Unlock()
		return lost
	}
	unlock := func() error {
		close(done)
		<-finished
		if err := isLost(); err != nil {
			return err
		}
		bg, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := db.ExecContext(bg, q.Release, name, holder); err != nil {
			return fmt.Errorf("releasing the lease %q in lock table %s: %w; it expires by itself within %s", name, table, err, ttl)
		}
		return nil
	}
	return &Lease{Release: unlock, Lost: isLost}, nil
}

// readLease reads the holder of lease name and the seconds until it expires;
// "" when the row is missing.
func readLease(ctx context.Context, conn *sql.Conn, q LeaseSQL, name string) (string, int64, error) {
	var who sql.NullString
	var left sql.NullFloat64
	err := conn.QueryRowContext(ctx, q.Read, name).Scan(&who, &left)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, nil
	}
	if err != nil {
		return "", 0, err
	}
	return who.String, int64(left.Float64), nil
}
