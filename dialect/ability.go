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

// ScriptPreluder is the optional ability of dialects whose offline scripts must
// first set up the client's session as migrate sets up its own connection for an
// online run, so that a plain client runs the script as the online run would
// (MySQL's SET NAMES utf8mb4: the script is UTF-8 whatever the client's default
// character set). ScriptPrelude returns those statements, without semicolons.
// Call it through the package function ScriptPrelude.
type ScriptPreluder interface {
	ScriptPrelude() []string
}

// ScriptPrelude returns the statements an offline script for d starts with, or
// nil when d needs none.
func ScriptPrelude(d Dialect) []string {
	if p, ok := d.(ScriptPreluder); ok {
		return p.ScriptPrelude()
	}
	return nil
}
