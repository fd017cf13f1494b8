package runner

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/retortdb/migrate/dialect"
)

// setStatementTimeout asks the server to bound each statement of the session,
// when the dialect can. A server that refuses (MySQL 8 has no bound for DDL) gets a
// warning through Log; the per-statement context deadline still applies.
func (r *Runner) setStatementTimeout(ctx context.Context, conn *sql.Conn) error {
	if r.StatementTimeout <= 0 {
		return nil
	}
	q, err := dialect.StatementTimeoutSQL(r.Dialect, r.StatementTimeout)
	if errors.Is(err, dialect.ErrUnsupported) {
		return nil
	}
	if !dialect.KeepsSession(ctx, r.Dialect, conn) {
		r.log(fmt.Sprintf("The connection goes through a pooler that does not keep session settings: statements are cancelled from here after %s, with no server-side statement timeout", r.StatementTimeout))
		return nil
	}
	if _, err := conn.ExecContext(ctx, q); err != nil {
		r.log(fmt.Sprintf("The server refused the statement timeout (%s: %v); statements are still cancelled from here after %s", q, err, r.StatementTimeout))
	}
	return nil
}

// isServerTimeout reports whether the server cancelled a statement for running
// longer than the session's statement bound, as the dialect classifies err.
func (r *Runner) isServerTimeout(err error) bool {
	return r.Dialect.ClassifyError(err) == dialect.ErrStatementTimeout
}
