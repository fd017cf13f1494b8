package dialect

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"
)

// ErrorKind is what a failed statement's error means to the runner and the
// commands, as the dialect's ClassifyError reads it from the driver's error codes.
// The zero value, ErrOther, is every error with no kind of its own.
type ErrorKind int

const (
	// ErrOther is an error of no kind below (a syntax error, a constraint
	// violation, a refused DDL …).
	ErrOther ErrorKind = iota
	// ErrStatementTimeout: the server cancelled the statement because it ran
	// longer than the session's statement bound (PostgreSQL's statement_timeout,
	// MariaDB's max_statement_time).
	ErrStatementTimeout
	// ErrLockTimeout: the statement waited too long for a lock another session
	// holds (PostgreSQL's lock_timeout or NOWAIT, MySQL's
	// innodb_lock_wait_timeout, SQLite's busy database).
	ErrLockTimeout
	// ErrDeadlock: the server broke a deadlock by failing this statement.
	ErrDeadlock
	// ErrMissingTable: the statement named a table (or the schema holding it)
	// that does not exist.
	ErrMissingTable
	// ErrCancelled: the statement was cancelled before it finished — by the
	// caller's context, or by another session (PostgreSQL's pg_cancel_backend,
	// MySQL's KILL QUERY).
	ErrCancelled
	// ErrConnectionLost: the connection broke (closed by the server or the
	// network, or killed by another session); whether the statement took effect
	// is unknown.
	ErrConnectionLost
)

var kindNames = [...]string{
	ErrOther:            "other",
	ErrStatementTimeout: "statement timeout",
	ErrLockTimeout:      "lock timeout",
	ErrDeadlock:         "deadlock",
	ErrMissingTable:     "missing table",
	ErrCancelled:        "cancelled",
	ErrConnectionLost:   "connection lost",
}

// String returns the kind in words ("statement timeout", "missing table" …).
func (k ErrorKind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// ClassifyCommon classifies the errors that are not the server's: nil and
// errors of no kind are ErrOther; context.Canceled and context.DeadlineExceeded are
// ErrCancelled; driver.ErrBadConn, sql.ErrConnDone, an unexpected EOF, a reset or
// broken connection and any net.Error are ErrConnectionLost. The dialects'
// ClassifyError use it for what their driver's error codes do not cover.
func ClassifyCommon(err error) ErrorKind {
	switch {
	case err == nil:
		return ErrOther
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return ErrCancelled
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), errors.Is(err, net.ErrClosed):
		return ErrConnectionLost
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return ErrConnectionLost
	}
	return ErrOther
}
