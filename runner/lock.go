package runner

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/retortdb/migrate/dialect"
)

// lockProbe is how long the first, quiet attempt at the lock waits.
const lockProbe = time.Millisecond

// lock takes the dialect's migration lock on conn. When the lock is busy it first
// says so through Log — who holds it, where the server can tell — and then waits
// for the rest of LockTimeout (0: forever). The error of a wait that ran out is the
// dialect's *dialect.LockTimeoutError, reporting the whole timeout.
//
// Where the dialect says its session lock does not hold on conn's server
// (dialect.LeaseLocker: a Galera node, a pooler in transaction mode), the lock
// is a lease in LockTable instead, renewed while the run lasts (see
// dialect.TakeLease).
//
// lost returns nil while the lock holds; only a lease can be lost (see
// dialect.Lease.Lost).
func (r *Runner) lock(ctx context.Context, conn *sql.Conn) (unlock func() error, lost func() error, err error) {
	lost = func() error { return nil }
	if r.Dialect.Capabilities().LockIsTransaction {
		unlock, err = r.Dialect.Lock(ctx, conn, r.lockKey(), r.LockTimeout)
		return unlock, lost, err
	}
	take := func(timeout time.Duration) (func() error, error) {
		return r.Dialect.Lock(ctx, conn, r.lockKey(), timeout)
	}
	if ll, ok := r.Dialect.(dialect.LeaseLocker); ok {
		why, err := ll.LeaseReason(ctx, conn)
		if err != nil {
			return nil, nil, err
		}
		if why != "" {
			lt := r.LockTable()
			r.log(fmt.Sprintf("Taking the migration lock as a lease in table %s: %s", lt.Name, why))
			holder := dialect.LeaseHolder()
			q := ll.LeaseSQL(lt)
			take = func(timeout time.Duration) (func() error, error) {
				l, err := dialect.TakeLease(ctx, r.DB, conn, q, lt.Name, r.lockKey(), holder, r.LeaseTTL, timeout)
				if err != nil {
					return nil, err
				}
				lost = l.Lost
				return l.Release, nil
			}
		}
	}
	start := time.Now()
	probe := lockProbe
	if r.LockTimeout > 0 && r.LockTimeout < probe {
		probe = r.LockTimeout
	}
	unlock, err = take(probe)
	var lt *dialect.LockTimeoutError
	if err == nil {
		unlock, err = r.setLockWait(ctx, conn, unlock)
		return unlock, lost, err
	}
	if !errors.As(err, &lt) {
		return unlock, lost, err
	}
	who := "another migrate run"
	if lt.Holder != "" {
		who = lt.Holder
	}
	msg := "Waiting for the migration lock, held by " + who
	if r.LockTimeout > 0 {
		msg += " (giving up after " + r.LockTimeout.String() + ")"
	}
	r.log(msg)
	rest := time.Duration(0)
	if r.LockTimeout > 0 {
		rest = r.LockTimeout - time.Since(start)
		if rest <= 0 {
			lt.Timeout = r.LockTimeout
			return nil, nil, lt
		}
	}
	unlock, err = take(rest)
	if errors.As(err, &lt) {
		lt.Timeout = r.LockTimeout
	}
	if err != nil {
		return unlock, lost, err
	}
	unlock, err = r.setLockWait(ctx, conn, unlock)
	return unlock, lost, err
}

// LockTable is the table that holds the migration lock's lease where the
// dialect takes one (see dialect.LeaseLocker): named after the version table
// with the suffix "_lock", in the same schema. Only a run that needs the lease
// creates it.
func (r *Runner) LockTable() dialect.VersionTable {
	return dialect.VersionTable{Schema: r.VersionTable.Schema, Name: r.VersionTable.Name + "_lock"}
}

// lockWaiter is a dialect whose Lock also sets how long conn's own writes wait
// for other sessions' locks (SQLite's busy_timeout) to the timeout Lock was
// given; SetLockWait sets that wait alone.
type lockWaiter interface {
	SetLockWait(ctx context.Context, conn *sql.Conn, timeout time.Duration) error
}

// setLockWait gives conn, whose migration lock was just taken with unlock, the
// run's whole LockTimeout as its wait for other sessions' locks, where the
// dialect ties that wait to Lock's timeout: the lock may have been had by the
// probe, whose millisecond would otherwise bound every write of the run (a
// COMMIT that must wait for another process's short read would fail at once
// with SQLITE_BUSY). On error the lock is released.
func (r *Runner) setLockWait(ctx context.Context, conn *sql.Conn, unlock func() error) (func() error, error) {
	lw, ok := r.Dialect.(lockWaiter)
	if !ok {
		return unlock, nil
	}
	if err := lw.SetLockWait(ctx, conn, r.LockTimeout); err != nil {
		_ = unlock()
		return nil, err
	}
	return unlock, nil
}

// session takes a connection, the migration lock on it (unless NoLock) and makes
// sure the version table exists: what every run that changes the version table
// starts with. release unlocks and returns the connection.
//
// lost returns nil while the lock holds (see Runner.lock): a run checks it
// before each change it commits.
func (r *Runner) session(ctx context.Context) (conn *sql.Conn, release func(), lost func() error, err error) {
	lost = func() error { return nil }
	conn, err = r.DB.Conn(ctx)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("connecting: %w", err)
	}
	unguard := func() {}
	if g, ok := r.Dialect.(dialect.SessionGuarder); ok {
		// Before the lock: a later run must see this one as alive from the
		// moment it holds the lock (see dialect.SessionGuarder).
		if unguard, err = g.GuardSession(ctx, r.DB, conn); err != nil {
			conn.Close()
			return nil, nil, nil, err
		}
	}
	unlock := func() error { return nil }
	if !r.NoLock {
		if unlock, lost, err = r.lock(ctx, conn); err != nil {
			unguard()
			conn.Close()
			return nil, nil, nil, err
		}
	}
	release = func() {
		_ = unlock()
		unguard()
		conn.Close()
	}
	for _, s := range r.Dialect.CreateVersionTable(r.VersionTable) {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			release()
			return nil, nil, nil, fmt.Errorf("creating version table %s: %w (SQL: %s)", r.VersionTable.Name, err, s)
		}
	}
	return conn, release, lost, nil
}
