package postgres

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/retortdb/migrate/dialect"
)

// LeaseReason says why a run on conn takes a lease instead of a session
// advisory lock: conn was opened for a pooler in transaction mode (the URL's
// pooling=transaction, see Open), where consecutive transactions of one client
// connection may run on different server connections, so a session lock could
// be released on another server connection than the one holding it, or stay
// held by a server connection another client gets next. "" otherwise.
func (Dialect) LeaseReason(ctx context.Context, conn *sql.Conn) (string, error) {
	if !pooled(conn) {
		return "", nil
	}
	return "the connection goes through a pooler in transaction mode (pooling=transaction), where a session advisory lock does not hold", nil
}

// LeaseSQL returns the statements of the lease lock table (see
// dialect.LeaseLocker), with expiries in the server's clock
// (clock_timestamp()). Each is one statement in its own transaction, which a
// pooler in transaction mode runs on one server connection.
func (d Dialect) LeaseSQL(table dialect.VersionTable) dialect.LeaseSQL {
	t := d.QuoteIdent(table.Name)
	if table.Schema != "" {
		t = d.QuoteIdent(table.Schema) + "." + t
	}
	return dialect.LeaseSQL{
		Create: []string{"CREATE TABLE IF NOT EXISTS " + t + " (name text PRIMARY KEY, holder text NOT NULL, expires_at timestamptz NOT NULL)"},
		Acquire: "INSERT INTO " + t + " AS l (name, holder, expires_at) VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3::bigint))" +
			" ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at WHERE l.expires_at < clock_timestamp()",
		Read:    "SELECT holder, extract(epoch FROM expires_at - clock_timestamp())::float8 FROM " + t + " WHERE name = $1",
		Renew:   "UPDATE " + t + " SET expires_at = clock_timestamp() + make_interval(secs => $1::bigint) WHERE name = $2 AND holder = $3",
		Release: "DELETE FROM " + t + " WHERE name = $1 AND holder = $2",
	}
}

// KeepsSession reports whether session settings (SET) made on conn stay with
// it: not when conn was opened for a pooler in transaction mode.
func (Dialect) KeepsSession(ctx context.Context, conn *sql.Conn) bool {
	return !pooled(conn)
}

// pooled reports whether conn was opened with pooling=transaction (Open then
// sets pgx's simple protocol, which this reads back from the connection).
func pooled(conn *sql.Conn) bool {
	p := false
	_ = conn.Raw(func(dc any) error {
		if c, ok := dc.(*stdlib.Conn); ok {
			p = c.Conn().Config().DefaultQueryExecMode == pgx.QueryExecModeSimpleProtocol
		}
		return nil
	})
	return p
}
