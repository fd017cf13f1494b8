package runner

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/retortdb/migrate/dialect"
)

// lockProbe is how long the first, quiet attempt at the lock waits.
const lockProbe = time.Millisecond

// lock takes the dialect's migration lock on conn. When the lock is busy it first
// says so through Log — who holds it, where the server can tell — and then waits
// for the rest of LockTimeout (0: forever). The error of a wait that ran out is the
// dialect's *dialect.LockTimeoutError, reporting the whole timeout.
func (r *Runner) lock(ctx context.Context, conn *sql.Conn) (func() error, error) {
	if r.Dialect.Capabilities().LockIsTransaction {
		return r.Dialect.Lock(ctx, conn, r.lockKey(), r.LockTimeout)
	}
	start := time.Now()
	probe := lockProbe
	if r.LockTimeout > 0 && r.LockTimeout < probe {
		probe = r.LockTimeout
	}
	unlock, err := r.Dialect.Lock(ctx, conn, r.lockKey(), probe)
	var lt *dialect.LockTimeoutError
	if err == nil || !errors.As(err, &lt) {
		return unlock, err
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
			return nil, lt
		}
	}
	unlock, err = r.Dialect.Lock(ctx, conn, r.lockKey(), rest)
	if errors.As(err, &lt) {
		lt.Timeout = r.LockTimeout
	}
	return unlock, err
}
