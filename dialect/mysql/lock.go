package mysql

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"time"

	"github.com/retortdb/migrate/dialect"
)

// maxLockName is the longest name GET_LOCK accepts (64 characters).
const maxLockName = 64

// foreverStep is how long one GET_LOCK call waits when the caller asked to wait
// forever; Lock calls again until it has the lock or ctx ends.
const foreverStep = 3600

// lockName returns the GET_LOCK name used for key: key itself when it fits in 64
// characters, otherwise "migrate_" and the first 56 hex digits of its SHA-256, so
// distinct long keys get distinct names. GET_LOCK names are server-wide, not per
// database, so the key should name the database.
func lockName(key string) string {
	if len([]rune(key)) <= maxLockName {
		return key
	}
	sum := sha256.Sum256([]byte(key))
	return "migrate_" + hex.EncodeToString(sum[:])[:maxLockName-len("migrate_")]
}

// Lock takes the named user lock GET_LOCK(lockName(database + "/" + key), seconds)
// on conn — scoped to the connection's database, since lock names are server-wide —,
// waiting
// at most timeout (rounded up to whole seconds, at least 1; 0 waits until ctx ends,
// calling GET_LOCK again every hour). The lock belongs to conn's session: unlock
// runs RELEASE_LOCK on the same conn and returns an error if the lock was no longer
// held. A timeout is a *dialect.LockTimeoutError naming the holder's connection id,
// user, host and database when IS_USED_LOCK and the process list tell; other
// failures are wrapped errors naming the lock.
func (Dialect) Lock(ctx context.Context, conn *sql.Conn, key string, timeout time.Duration) (func() error, error) {
	// GET_LOCK names are server-wide, but a migration lock guards one database:
	// two databases on one server with the same version table must not wait for
	// each other.
	var db sql.NullString
	if err := conn.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&db); err != nil {
		return nil, fmt.Errorf("mysql: reading the current database for the migration lock: %w", err)
	}
	name := lockName(db.String + "/" + key)
	secs := int64(foreverStep)
	if timeout > 0 {
		secs = int64(math.Ceil(timeout.Seconds()))
		if secs < 1 {
			secs = 1
		}
	}
	for {
		var got sql.NullInt64
		if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, ?)", name, secs).Scan(&got); err != nil {
			return nil, fmt.Errorf("mysql: taking lock %q with GET_LOCK: %w", name, err)
		}
		if !got.Valid {
			return nil, fmt.Errorf("mysql: GET_LOCK(%q) returned NULL (the wait was killed or the server ran out of memory): try again", name)
		}
		if got.Int64 == 1 {
			break
		}
		if timeout > 0 {
			return nil, &dialect.LockTimeoutError{Timeout: timeout, Holder: lockHolder(ctx, conn, name)}
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("mysql: waiting for lock %q: %w", name, err)
		}
	}
	unlock := func() error {
		var rel sql.NullInt64
		if err := conn.QueryRowContext(context.Background(), "SELECT RELEASE_LOCK(?)", name).Scan(&rel); err != nil {
			return fmt.Errorf("mysql: releasing lock %q: %w", name, err)
		}
		if !rel.Valid || rel.Int64 != 1 {
			return fmt.Errorf("mysql: releasing lock %q: this session no longer held it (was the connection reset?)", name)
		}
		return nil
	}
	return unlock, nil
}

// lockHolder describes the session holding lock name, or "" when unknown.
func lockHolder(ctx context.Context, conn *sql.Conn, name string) string {
	var id sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT IS_USED_LOCK(?)", name).Scan(&id); err != nil || !id.Valid {
		return ""
	}
	var user, host, db sql.NullString
	err := conn.QueryRowContext(ctx, "SELECT USER, HOST, DB FROM information_schema.PROCESSLIST WHERE ID = ?", id.Int64).Scan(&user, &host, &db)
	if err != nil {
		return fmt.Sprintf("connection %d", id.Int64)
	}
	s := fmt.Sprintf("connection %d, %s@%s", id.Int64, user.String, host.String)
	if db.Valid && db.String != "" {
		s += ", database " + db.String
	}
	return s
}

// StatementTimeoutSQL sets MariaDB's max_statement_time (seconds) for the session.
// MySQL 8 has no such bound for DDL (its max_execution_time covers SELECT only)
// and refuses the variable: the runner then warns and relies on the context
// deadline it puts on each statement.
func (Dialect) StatementTimeoutSQL(d time.Duration) string {
	return fmt.Sprintf("SET SESSION max_statement_time = %g", d.Seconds())
}
