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

// lockStep is the longest, in seconds, one GET_LOCK call waits: between calls
// Lock looks for a dead holder to end.
const lockStep = 1

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

// Lock takes the named user lock GET_LOCK(lockName(database + "/" + key)) on
// conn — scoped to the connection's database, since lock names are server-wide —,
// waiting at most timeout (rounded up to whole seconds, at least 1; 0 waits until
// ctx ends). It waits in steps of a second; between steps, a holder that is a
// migrate run whose process died (GuardSession's marks show it: its session
// still runs a statement the server has not finished) is ended with KILL
// CONNECTION, which rolls back that statement and frees the lock. The lock
// belongs to conn's session: unlock runs RELEASE_LOCK on the same conn and
// returns an error if the lock was no longer held. A timeout is a
// *dialect.LockTimeoutError naming the holder's connection id, user, host and
// database when IS_USED_LOCK and the process list tell; other failures are
// wrapped errors naming the lock.
func (Dialect) Lock(ctx context.Context, conn *sql.Conn, key string, timeout time.Duration) (func() error, error) {
	// GET_LOCK names are server-wide, but a migration lock guards one database:
	// two databases on one server with the same version table must not wait for
	// each other.
	var db sql.NullString
	if err := conn.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&db); err != nil {
		return nil, fmt.Errorf("mysql: reading the current database for the migration lock: %w", err)
	}
	name := lockName(db.String + "/" + key)
	// Wait in steps of at most lockStep, so that between steps a holder that
	// is provably a dead migrate run (see GuardSession) can be ended. A
	// timeout of 0 waits until ctx ends.
	var deadline time.Time
	if timeout > 0 {
		secs := int64(math.Ceil(timeout.Seconds()))
		if secs < 1 {
			secs = 1
		}
		deadline = time.Now().Add(time.Duration(secs) * time.Second)
	}
	for {
		step := int64(lockStep)
		if timeout > 0 {
			left := int64(math.Ceil(time.Until(deadline).Seconds()))
			if left < step {
				step = left
			}
			if step < 1 {
				step = 1
			}
		}
		var got sql.NullInt64
		if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, ?)", name, step).Scan(&got); err != nil {
			return nil, fmt.Errorf("mysql: taking lock %q with GET_LOCK: %w", name, err)
		}
		if !got.Valid {
			return nil, fmt.Errorf("mysql: GET_LOCK(%q) returned NULL (the wait was killed or the server ran out of memory): try again", name)
		}
		if got.Int64 == 1 {
			break
		}
		killed := endDeadHolder(ctx, conn, name)
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("mysql: waiting for lock %q: %w", name, err)
		}
		if timeout > 0 && !time.Now().Before(deadline) {
			if killed {
				// The dead holder's session is ending: one more short wait.
				deadline = time.Now().Add(time.Second)
				continue
			}
			return nil, &dialect.LockTimeoutError{Timeout: timeout, Holder: lockHolder(ctx, conn, name)}
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

// aliveName and runName are the server-wide GET_LOCK names by which a migrate run
// on connection id marks itself: runName is held by the run's own connection (it
// is a migrate run that holds the migration lock), aliveName by a second, idle
// connection of the same process, which the server ends as soon as the process
// dies (see GuardSession).
func aliveName(id int64) string { return fmt.Sprintf("migrate-alive/%d", id) }
func runName(id int64) string   { return fmt.Sprintf("migrate-run/%d", id) }

// endDeadHolder ends the session holding lock name when it is provably a dead
// migrate run: it holds runName (a migrate run guarded by GuardSession) and
// nobody holds its aliveName (the process that held it is gone, while its
// session still runs a statement the server has not finished). It returns
// whether it sent KILL. A session of an older migrate, or of anything else, is
// never ended: the caller waits for it as before.
func endDeadHolder(ctx context.Context, conn *sql.Conn, name string) bool {
	var holder sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT IS_USED_LOCK(?)", name).Scan(&holder); err != nil || !holder.Valid {
		return false
	}
	id := holder.Int64
	var run, alive sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT IS_USED_LOCK(?), IS_USED_LOCK(?)", runName(id), aliveName(id)).Scan(&run, &alive); err != nil {
		return false
	}
	if !run.Valid || run.Int64 != id || alive.Valid {
		return false
	}
	// Still the holder (ids are not reused while the session lives)?
	if err := conn.QueryRowContext(ctx, "SELECT IS_USED_LOCK(?)", name).Scan(&holder); err != nil || !holder.Valid || holder.Int64 != id {
		return false
	}
	_, err := conn.ExecContext(ctx, fmt.Sprintf("KILL CONNECTION %d", id))
	return err == nil
}

// GuardSession marks conn's session as a guarded migrate run (runName on conn,
// aliveName on a second connection from db) and, when ctx ends, sends KILL QUERY
// for conn's running statement from the second connection, so that the server
// stops it instead of finishing it after the client has gone (a killed DDL
// statement is rolled back on MariaDB 10.6 and later). stop releases both marks
// and the second connection, after any KILL QUERY was sent. Errors: reading the
// connection id, opening the second connection, or a mark already taken.
func (Dialect) GuardSession(ctx context.Context, db *sql.DB, conn *sql.Conn) (func(), error) {
	var id int64
	if err := conn.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id); err != nil {
		return nil, fmt.Errorf("mysql: reading the connection id to guard the run: %w", err)
	}
	w, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("mysql: opening the second connection that guards the run: %w", err)
	}
	take := func(c *sql.Conn, name string) error {
		var got sql.NullInt64
		if err := c.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", name).Scan(&got); err != nil {
			return fmt.Errorf("mysql: taking the run marker %q: %w", name, err)
		}
		if !got.Valid || got.Int64 != 1 {
			return fmt.Errorf("mysql: the run marker %q is held by another session", name)
		}
		return nil
	}
	// The alive mark first: a waiter never sees the run mark without it while
	// this process lives.
	if err := take(w, aliveName(id)); err != nil {
		w.Close()
		return nil, err
	}
	if err := take(conn, runName(id)); err != nil {
		_, _ = w.ExecContext(context.Background(), "SELECT RELEASE_LOCK(?)", aliveName(id))
		w.Close()
		return nil, err
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		select {
		case <-ctx.Done():
			kctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			_, _ = w.ExecContext(kctx, fmt.Sprintf("KILL QUERY %d", id))
			cancel()
		case <-done:
		}
	}()
	stop := func() {
		close(done)
		<-finished
		bg, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		// conn may be broken (a cancelled statement closes it): its session,
		// and the mark with it, is then gone.
		_, _ = conn.ExecContext(bg, "SELECT RELEASE_LOCK(?)", runName(id))
		_, _ = w.ExecContext(bg, "SELECT RELEASE_LOCK(?)", aliveName(id))
		w.Close()
	}
	return stop, nil
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
