package dialect

import (
	"context"
	"database/sql"
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

// SessionGuarder is the optional ability of dialects whose server keeps running a
// statement after its client died, holding the client's session lock until the
// statement ends (MariaDB and MySQL: GET_LOCK belongs to a session that lives as
// long as its statement). GuardSession is called on conn, the run's connection,
// before the migration lock is taken: it opens a second connection from db that
// marks the run as alive for as long as the client process lives (the server
// ends that idle session as soon as the client's socket closes), so that a later
// run's Lock can tell a dead holder and end its session; and when ctx ends
// (SIGINT, SIGTERM) it stops the statement conn is running on the server from
// that second connection, instead of only closing conn's socket. stop ends the
// guard and releases what it holds; it waits for a pending cancellation to be
// sent. Errors: the second connection could not be opened or marked.
type SessionGuarder interface {
	GuardSession(ctx context.Context, db *sql.DB, conn *sql.Conn) (stop func(), err error)
}

// SchemaFingerprinter is the optional ability of dialects whose DDL commits on
// its own (no transactional DDL): SchemaFingerprint returns a digest (hex) of
// the structure of the connection's current database as the server's catalog
// describes it — tables, columns, indexes, constraints, views, triggers and
// routines, but not row counts, sizes or times — so that two digests differ
// exactly when a DDL statement changed something between them. The runner
// records it before each statement and compares it on resume, to tell whether a
// statement that was running when a run died took effect. Errors: a catalog
// read failed.
//
// CommitsOnItsOwn reports whether a statement may commit by itself (DDL): only
// such statements, and those run outside a transaction, need the record; a
// statement that does not commits together with its progress record.
type SchemaFingerprinter interface {
	SchemaFingerprint(ctx context.Context, conn *sql.Conn) (string, error)
	CommitsOnItsOwn(stmt string) bool
}

// Property names a property of the schema model that only some databases
// store, which autogenerate compares only where the dialect's server stores it
// and its inspector reads it back.
type Property string

// The properties of PropertyModeller.
const (
	// PropIdentityOptions is an identity column's START and INCREMENT
	// (schema.Column.IdentityStart, IdentityIncrement).
	PropIdentityOptions Property = "identity options"
	// PropSQLiteTableOptions is a table's STRICT and WITHOUT ROWID
	// (schema.Table.SQLiteStrict, SQLiteWithoutRowid).
	PropSQLiteTableOptions Property = "sqlite table options"
)

// PropertyModeller is the optional ability of dialects whose server stores,
// and whose inspector reads back, some of the properties only some databases
// have (PostgreSQL: identity options; SQLite: STRICT and WITHOUT ROWID). Call
// it through the package function ModelsProperty, which supplies the
// fallback.
type PropertyModeller interface {
	ModelsProperty(p Property) bool
}

// ModelsProperty reports whether d stores and reads back p; false when d has
// no PropertyModeller ability (a declared value is then ignored on d, as its
// renderer ignores it).
func ModelsProperty(d Dialect, p Property) bool {
	if m, ok := d.(PropertyModeller); ok {
		return m.ModelsProperty(p)
	}
	return false
}

// ScriptStatementer is the optional ability of dialects whose command-line
// client needs some statements written differently in a script than they are
// sent online (MySQL and MariaDB: a trigger or routine whose body holds ";"
// goes between DELIMITER lines). ScriptStatement returns stmt (which has no
// trailing ";") as the script writes it, its terminator included. Call it
// through the package function ScriptStatement, which supplies the fallback.
type ScriptStatementer interface {
	ScriptStatement(stmt string) string
}

// ScriptStatement returns stmt as an offline script for d writes it: d's
// ScriptStatement, or stmt followed by ";" when d has no such ability.
func ScriptStatement(d Dialect, stmt string) string {
	if s, ok := d.(ScriptStatementer); ok {
		return s.ScriptStatement(stmt)
	}
	return stmt + ";"
}

// PropCheckConditions is a CHECK constraint's condition, which autogenerate
// compares only where the server stores it close enough to how it was written
// that ExprNormalizer's form of the declared text equals the inspected one
// (MySQL and MariaDB; PostgreSQL rewrites conditions with casts and arrays).
const PropCheckConditions Property = "check conditions"

// ExprNormalizer is the optional ability of dialects whose inspector rewrites
// SQL expressions it reads (CHECK conditions, generated columns' expressions)
// in a way declared text can be brought to without a server: NormalizeExpr
// returns expr in the form the inspector reports (MySQL: outer parentheses,
// identifier backquotes and character set introducers dropped). Call it
// through the package function NormalizeExpr, which supplies the fallback.
type ExprNormalizer interface {
	NormalizeExpr(expr string) string
}

// NormalizeExpr returns expr as d's inspector would report it: d's
// NormalizeExpr, or expr unchanged when d has no such ability.
func NormalizeExpr(d Dialect, expr string) string {
	if n, ok := d.(ExprNormalizer); ok {
		return n.NormalizeExpr(expr)
	}
	return expr
}
