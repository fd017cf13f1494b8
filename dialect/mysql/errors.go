package mysql

import (
	"errors"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/retortdb/migrate/dialect"
)

// ClassifyError reads the error number of a server error (*mysql.MySQLError):
// 1969 (MariaDB's max_statement_time) and 3024 (MySQL's max_execution_time) are a
// statement timeout; 1205 (innodb_lock_wait_timeout) and 3572 (NOWAIT) a lock
// timeout; 1213 a deadlock; 1146 a missing table; 1317 (KILL QUERY) a
// cancellation; 1927 (KILL CONNECTION), 1053 (server shutdown) and the client
// codes 2006 and 2013 a lost connection. The driver's mysql.ErrInvalidConn is a
// lost connection too; other errors that are not the server's go to
// dialect.ClassifyCommon.
func (Dialect) ClassifyError(err error) dialect.ErrorKind {
	var me *gomysql.MySQLError
	if !errors.As(err, &me) {
		if errors.Is(err, gomysql.ErrInvalidConn) {
			return dialect.ErrConnectionLost
		}
		return dialect.ClassifyCommon(err)
	}
	switch me.Number {
	case 1969, 3024:
		return dialect.ErrStatementTimeout
	case 1205, 3572:
		return dialect.ErrLockTimeout
	case 1213:
		return dialect.ErrDeadlock
	case 1146:
		return dialect.ErrMissingTable
	case 1317:
		return dialect.ErrCancelled
	case 1927, 1053, 2006, 2013:
		return dialect.ErrConnectionLost
	}
	return dialect.ErrOther
}
