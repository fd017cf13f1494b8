package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/retortdb/migrate/dialect"
)

// LockKey returns the advisory-lock key for a lock key string: the FNV-1a 64-bit
// hash of key, as a signed int64 (PostgreSQL's bigint advisory-lock key space).
func LockKey(key string) int64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	return int64(h.Sum64())
}

// Lock takes a session-level advisory lock on conn for LockKey(key), trying
// pg_try_advisory_lock in a loop (every 25 ms at first, backing off to 1 s) until
// it succeeds, timeout passes (0: wait forever) or ctx ends. On timeout it returns
// *dialect.LockTimeoutError whose Holder names the session holding the lock (pid,
// application_name, user and client address, read from pg_locks joined with
// pg_stat_activity); when ctx ends it returns ctx's error wrapped. The returned
// unlock calls pg_advisory_unlock on the same connection and reports an error
// when the lock was no longer held. conn must stay open until unlock is called.
func (Dialect) Lock(ctx context.Context, conn *sql.Conn, key string, timeout time.Duration) (func() error, error) {
	if conn == nil {
		return nil, errors.New("postgresql: lock: no connection")
	}
	k := LockKey(key)
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	wait := 25 * time.Millisecond
	for {
		var ok bool
		if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", k).Scan(&ok); err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("postgresql: waiting for migration lock %q: %w", key, ctx.Err())
			}
			return nil, fmt.Errorf("postgresql: taking migration lock %q (advisory lock %d): %w", key, k, err)
		}
		if ok {
			return func() error { return unlock(conn, key, k) }, nil
		}
		sleep := wait
		if !deadline.IsZero() {
			left := time.Until(deadline)
			if left <= 0 {
				return nil, &dialect.LockTimeoutError{Timeout: timeout, Holder: lockHolder(ctx, conn, k)}
			}
			sleep = min(sleep, left)
		}
		t := time.NewTimer(sleep)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("postgresql: waiting for migration lock %q: %w", key, ctx.Err())
		case <-t.C:
		}
		wait = min(wait*2, time.Second)
	}
}

func unlock(conn *sql.Conn, key string, k int64) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var ok bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_advisory_unlock($1)", k).Scan(&ok); err != nil {
		return fmt.Errorf("postgresql: releasing migration lock %q (advisory lock %d): %w", key, k, err)
	}
	if !ok {
		return fmt.Errorf("postgresql: releasing migration lock %q (advisory lock %d): this session did not hold it (was the connection reset?)", key, k)
	}
	return nil
}

// lockHolder describes the session holding advisory lock k in this database
// (advisory locks are per database: the same key elsewhere is another lock), or
// "" when it cannot
// tell (the holder let go meanwhile, or pg_stat_activity hides it).
func lockHolder(ctx context.Context, conn *sql.Conn, k int64) string {
	u := uint64(k)
	const q = `SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''),
       coalesce(host(a.client_addr), 'local socket')
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid
LIMIT 1`
	var (
		pid              int64
		app, user, caddr string
	)
	if err := conn.QueryRowContext(ctx, q, int64(u>>32), int64(u&0xffffffff)).Scan(&pid, &app, &user, &caddr); err != nil {
		return ""
	}
	s := fmt.Sprintf("pid %d", pid)
	if app != "" {
		s += fmt.Sprintf(", application_name %q", app)
	}
	if user != "" {
		s += fmt.Sprintf(", user %q", user)
	}
	return s + ", client " + caddr
}

// StatementTimeoutSQL sets the session's statement_timeout, so the server itself
// cancels a statement that runs longer than d (error 57014).
func (Dialect) StatementTimeoutSQL(d time.Duration) string {
	return fmt.Sprintf("SET statement_timeout = %d", d.Milliseconds())
}
