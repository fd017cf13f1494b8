package dialect

import (
	"errors"
	"fmt"
	"time"
)

// ErrUnsupported is wrapped by the errors of this package's ability helpers
// (StatementTimeoutSQL) when the dialect lacks the optional ability asked for. It
// is errors.ErrUnsupported, so errors.Is(err, errors.ErrUnsupported) holds too.
var ErrUnsupported = errors.ErrUnsupported

// StatementTimeouter is the optional ability of dialects whose server can bound
// how long one statement runs. StatementTimeoutSQL returns the statement that sets
// that bound to d for the session (PostgreSQL's statement_timeout, MariaDB's
// max_statement_time). The runner also puts a deadline on each statement's
// context, which is all there is on a dialect without this ability (SQLite, where
// the driver interrupts the statement). Call it through the package function
// StatementTimeoutSQL, which supplies the fallback.
type StatementTimeouter interface {
	StatementTimeoutSQL(d time.Duration) string
}

// StatementTimeoutSQL returns the statement that bounds each statement of the
// session to dur on d's server. When d has no such ability it returns "" and an
// error wrapping ErrUnsupported, naming the dialect; the caller then relies on its
// own per-statement context deadline.
func StatementTimeoutSQL(d Dialect, dur time.Duration) (string, error) {
	if st, ok := d.(StatementTimeouter); ok {
		return st.StatementTimeoutSQL(dur), nil
	}
	return "", fmt.Errorf("%s cannot bound a statement's running time on the server: %w", d.Name(), ErrUnsupported)
}
