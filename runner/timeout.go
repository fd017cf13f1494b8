package runner

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/retortdb/migrate/dialect"
)

// setStatementTimeout asks the server to bound each statement of the session,
// when the dialect can. A server that refuses (MySQL 8 has no bound for DDL) gets a
// warning through Log; the per-statement context deadline still applies.
func (r *Runner) setStatementTimeout(ctx context.Context, conn *sql.Conn) error {
	if r.StatementTimeout <= 0 {
		return nil
	}
	st, ok := r.Dialect.(dialect.StatementTimeouter)
	if !ok {
		return nil
	}
	q := st.StatementTimeoutSQL(r.StatementTimeout)
	if _, err := conn.ExecContext(ctx, q); err != nil {
		r.log(fmt.Sprintf("The server refused the statement timeout (%s: %v); statements are still cancelled from here after %s", q, err, r.StatementTimeout))
	}
	return nil
}

// isServerTimeout recognises a server cancelling a statement for running too long
// (PostgreSQL's "canceling statement due to statement timeout", MariaDB's
// "max_statement_time exceeded").
func isServerTimeout(err error) bool {
	s := err.Error()
	return strings.Contains(s, "statement timeout") || strings.Contains(s, "max_statement_time")
}
