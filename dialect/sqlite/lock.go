package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"
)

// Lock takes migrate's lock on SQLite, which has no session-level lock: the lock
// is the runner's transaction itself, which Open's DSN (_txlock=immediate) begins
// as BEGIN IMMEDIATE, taking SQLite's RESERVED lock so that a second migrate run
// waits until the first commits. Lock itself only sets conn's busy_timeout to
// timeout (0: wait practically forever), so that BEGIN IMMEDIATE waits that long
// for another writer; that wait failing surfaces as SQLITE_BUSY from BEGIN, not as
// *dialect.LockTimeoutError. The returned unlock does nothing and returns nil.
// key is ignored. It returns an error if the PRAGMA fails.
func (Dialect) Lock(ctx context.Context, conn *sql.Conn, key string, timeout time.Duration) (func() error, error) {
	ms := int64(math.MaxInt32)
	if timeout > 0 {
		ms = timeout.Milliseconds()
		if ms < 1 {
			ms = 1
		}
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", ms)); err != nil {
		return nil, fmt.Errorf("sqlite: setting busy_timeout for the migration lock: %w", err)
	}
	return func() error { return nil }, nil
}
