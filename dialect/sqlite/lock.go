package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/retortdb/migrate/dialect"
)

// LockSuffix is appended to the database file's path to name migrate's lock
// file beside it ("app.db" → "app.db.migrate-lock"). The file is created on the
// first run and left in place (empty but for the holder's process id); deleting
// it while no run is going is harmless.
const LockSuffix = ".migrate-lock"

// lockPoll is how often a waiting Lock tries the lock file again.
const lockPoll = 20 * time.Millisecond

// Lock takes migrate's lock on SQLite, which has no session-level lock of its
// own. It is an exclusive advisory lock (flock) on a lock file beside the
// database file (see LockSuffix), held for the whole run — across the
// transactions of transaction_per_migration and around a transactional: false
// revision, where SQLite's own write lock is released — and released by the
// returned unlock or, if the process dies, by the kernel, so a killed run never
// leaves it behind. A run that waited for it reads the version table only after
// it has it. Lock also sets conn's busy_timeout to timeout (0: practically
// forever), so that BEGIN IMMEDIATE (Open's _txlock=immediate) waits that long
// for writers that are not migrate.
//
// It waits at most timeout (0: forever) and then returns a
// *dialect.LockTimeoutError naming the holder's process id when the lock file
// records it; ctx's end stops the wait with ctx's error. An in-memory or
// temporary database has no file and no other process can reach it: only
// busy_timeout is set. key is ignored. Platforms without flock fall back to
// SQLite's write lock alone (each transaction is the lock). Errors: the PRAGMA's,
// reading the database list, and creating or locking the lock file.
func (d Dialect) Lock(ctx context.Context, conn *sql.Conn, key string, timeout time.Duration) (func() error, error) {
	if err := d.SetLockWait(ctx, conn, timeout); err != nil {
		return nil, err
	}
	path, err := mainFile(ctx, conn)
	if err != nil {
		return nil, err
	}
	if path == "" {
		return func() error { return nil }, nil
	}
	lockPath := path + LockSuffix
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("sqlite: opening the migration lock file %s: %w; make its directory writable, or run with --no-lock if no other run can start", lockPath, err)
	}
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	for {
		ok, err := tryLockFile(f)
		if err != nil {
			f.Close()
			if errors.Is(err, errNoFlock) {
				return func() error { return nil }, nil
			}
			return nil, fmt.Errorf("sqlite: locking %s: %w", lockPath, err)
		}
		if ok {
			break
		}
		if !deadline.IsZero() && !time.Now().Before(deadline) {
			holder := lockHolder(lockPath)
			f.Close()
			return nil, &dialect.LockTimeoutError{Timeout: timeout, Holder: holder}
		}
		wait := lockPoll
		if !deadline.IsZero() {
			if rest := time.Until(deadline); rest < wait {
				wait = rest
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			f.Close()
			return nil, fmt.Errorf("sqlite: waiting for the migration lock %s: %w", lockPath, ctx.Err())
		case <-t.C:
		}
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte("pid "+strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() error {
		_ = f.Truncate(0)
		// Closing the file releases the flock.
		return f.Close()
	}, nil
}

// SetLockWait sets conn's busy_timeout to timeout (0: practically forever,
// under 1ms: 1ms): how long a write on conn — BEGIN IMMEDIATE, an autocommit
// statement, COMMIT — waits for another connection's SQLite lock before failing
// with SQLITE_BUSY. Holding migrate's lock file keeps other migrate runs from
// writing, not from reading: a COMMIT still waits for the readers of the moment
// (another run's integrity check, `migrate current`) to finish.
//
// Lock sets it to its own timeout; a caller that first probes the lock with a
// short timeout (to say that it waits) and gets it at once must call SetLockWait
// with the run's whole lock timeout afterwards, or every write of the run would
// give up on a reader after that probe's millisecond. Errors: the PRAGMA's.
func (Dialect) SetLockWait(ctx context.Context, conn *sql.Conn, timeout time.Duration) error {
	ms := int64(math.MaxInt32)
	if timeout > 0 {
		ms = timeout.Milliseconds()
		if ms < 1 {
			ms = 1
		}
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", ms)); err != nil {
		return fmt.Errorf("sqlite: setting busy_timeout to %d ms for the migration lock: %w", ms, err)
	}
	return nil
}

// mainFile returns the path of conn's main database file, "" for an in-memory
// or temporary database.
func mainFile(ctx context.Context, conn *sql.Conn) (string, error) {
	rs, err := conn.QueryContext(ctx, "PRAGMA database_list")
	if err != nil {
		return "", fmt.Errorf("sqlite: reading the database list to find the lock file's place: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var seq int
		var name, file string
		if err := rs.Scan(&seq, &name, &file); err != nil {
			return "", fmt.Errorf("sqlite: reading the database list: %w", err)
		}
		if name == "main" {
			return file, rs.Err()
		}
	}
	return "", rs.Err()
}

// lockHolder describes the holder recorded in the lock file ("migrate process
// 1234"), or "" when none is.
func lockHolder(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	s := strings.TrimSpace(string(b))
	if pid, ok := strings.CutPrefix(s, "pid "); ok && pid != "" {
		return "migrate process " + pid + " (lock file " + path + ")"
	}
	return ""
}
