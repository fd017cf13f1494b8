package postgres

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/retortdb/migrate/dialect"
)

// ClassifyError reads the SQLSTATE of a server error (*pgconn.PgError):
// 57014 query_canceled is a statement timeout, or a cancellation when the server's
// message names a user request (PostgreSQL uses the one code for both, and the
// message is all that tells them apart; a cancel caused by the caller's context
// also arrives as such); 55P03 lock_not_available is a lock timeout (lock_timeout,
// NOWAIT); 40P01 is a deadlock; 42P01 undefined_table and 3F000
// invalid_schema_name are a missing table; class 08, 57P01–57P03 (shutdown,
// terminated backend) and the idle-session timeouts 25P03 and 57P05 are a lost
// connection. Errors that are not the server's go to dialect.ClassifyCommon.
func (Dialect) ClassifyError(err error) dialect.ErrorKind {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return dialect.ClassifyCommon(err)
	}
	switch c := pe.Code; {
	case c == "57014":
		if strings.Contains(pe.Message, "user request") {
			return dialect.ErrCancelled
		}
		return dialect.ErrStatementTimeout
	case c == "55P03":
		return dialect.ErrLockTimeout
	case c == "40P01":
		return dialect.ErrDeadlock
	case c == "42P01", c == "3F000":
		return dialect.ErrMissingTable
	case strings.HasPrefix(c, "08"), c == "57P01", c == "57P02", c == "57P03", c == "25P03", c == "57P05":
		return dialect.ErrConnectionLost
	}
	return dialect.ErrOther
}
