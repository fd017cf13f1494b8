package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Position returns pg_current_wal_lsn() on conn's server: the WAL position
// every transaction committed so far has reached.
func (Dialect) Position(ctx context.Context, conn *sql.Conn) (string, error) {
	var lsn string
	if err := conn.QueryRowContext(ctx, "SELECT pg_current_wal_lsn()::text").Scan(&lsn); err != nil {
		return "", fmt.Errorf("postgresql: reading the primary's WAL position (pg_current_wal_lsn): %w", err)
	}
	return lsn, nil
}

// Replayed reports whether the standby replica has replayed the WAL up to pos
// (pg_last_wal_replay_lsn() >= pos), and the position it has replayed to. A
// server that is not in recovery is an error: it replays no primary.
func (Dialect) Replayed(ctx context.Context, replica *sql.DB, pos string) (bool, string, error) {
	var at sql.NullString
	var done sql.NullBool
	err := replica.QueryRowContext(ctx, "SELECT pg_last_wal_replay_lsn()::text, pg_last_wal_replay_lsn() >= $1::text::pg_lsn", pos).Scan(&at, &done)
	if err != nil {
		return false, "", fmt.Errorf("postgresql: reading the replica's replay position (pg_last_wal_replay_lsn): %w", err)
	}
	if !at.Valid {
		return false, "", errors.New("postgresql: the server is not a standby (pg_last_wal_replay_lsn() is NULL: it is not in recovery)")
	}
	return done.Bool, at.String, nil
}
