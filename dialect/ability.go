package dialect

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
	"strings"
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

// Tenant kinds: what each name a fleet's query lists is on the server.
const (
	// TenantSchema is a tenant that lives in one schema of a database.
	TenantSchema = "schema"
	// TenantDatabase is a tenant that has a database of its own on a server.
	TenantDatabase = "database"
)

// TenantLocator is the optional ability of dialects whose servers hold many
// tenants: TenantURL points the server URL u at the tenant called name, whose
// kind is TenantSchema or TenantDatabase, and returns the new URL and the schema
// the tenant's version and history tables belong in ("" for the connection's
// default schema). Call it through the package function TenantURL, which
// supplies the error for a dialect without the ability.
type TenantLocator interface {
	TenantURL(u *URL, kind, name string) (raw, versionSchema string, err error)
}

// TenantURL returns u pointed at tenant name of the given kind, and the schema
// of the tenant's version table, through d's TenantLocator. A dialect without
// the ability (SQLite, whose tenants are files: list them with a glob) is an
// error wrapping ErrUnsupported, naming the dialect.
func TenantURL(d Dialect, u *URL, kind, name string) (string, string, error) {
	tl, ok := d.(TenantLocator)
	if !ok {
		return "", "", fmt.Errorf("%s has no tenants inside one URL (no schemas or databases to list): name each target's URL, or list SQLite files with glob: %w", d.Name(), ErrUnsupported)
	}
	if kind != TenantSchema && kind != TenantDatabase {
		return "", "", fmt.Errorf("tenant kind %q is not known: use %s or %s", kind, TenantSchema, TenantDatabase)
	}
	if name == "" {
		return "", "", fmt.Errorf("a tenant's %s name is empty", kind)
	}
	return tl.TenantURL(u, kind, name)
}

// Lint levels, from least to most severe: a LintFinding's Level.
const (
	// LintInfo: the statement is safe; the finding records its lock and cost.
	LintInfo = "info"
	// LintWarning: the statement blocks reads or writes of a table for as long
	// as it scans or rewrites it, or breaks code still running against the old
	// schema; a safer form exists.
	LintWarning = "warning"
	// LintError: the statement fails on the server or loses data as planned.
	LintError = "error"
)

// LintLevelRank orders the levels: info 0, warning 1, error 2; -1 for any
// other string.
func LintLevelRank(level string) int {
	switch level {
	case LintInfo:
		return 0
	case LintWarning:
		return 1
	case LintError:
		return 2
	}
	return -1
}

// LintFinding is what a dialect knows about one planned statement: the lock
// it takes on the server, whether it rewrites or scans the table while
// holding that lock, and a safer equivalent.
type LintFinding struct {
	// Statement is the 0-based index of the statement in LintInput.Statements.
	Statement int `json:"statement"`
	// Rule is the rule's stable name ("pg-create-index"); docs/lint.md lists them.
	Rule string `json:"rule"`
	// Level is LintInfo, LintWarning or LintError.
	Level string `json:"level"`
	// Lock is the lock the statement holds on the table as the server names it
	// (PostgreSQL: "ACCESS EXCLUSIVE", "SHARE", "SHARE UPDATE EXCLUSIVE";
	// MySQL/MariaDB: the strongest LOCK= clause it needs, "NONE", "SHARED",
	// "EXCLUSIVE"; SQLite: "database write lock").
	Lock string `json:"lock"`
	// Algorithm is MySQL/MariaDB's ALTER TABLE algorithm the server can use
	// ("INSTANT", "NOCOPY", "INPLACE", "COPY"); "" elsewhere.
	Algorithm string `json:"algorithm,omitempty"`
	// Rewrite is true when the statement writes a new copy of the table (and
	// of its indexes).
	Rewrite bool `json:"rewrite"`
	// Scan is true when the statement reads every row of the table while
	// holding Lock (to build an index or validate a constraint).
	Scan bool `json:"scan"`
	// Message says what the server does, one line.
	Message string `json:"message"`
	// Safer is the safer equivalent, as ops to write ("" when the statement
	// is the safe form already).
	Safer string `json:"safer,omitempty"`
}

// LintInput is one revision's planned work in one direction, as lint sees it.
type LintInput struct {
	// Ops are the revision's ops; Statements what Render made of them
	// (Statement.Op indexes Ops).
	Ops        []ops.Op
	Statements []Statement
	// Before is the schema before the first op (nil when unknown), for what
	// the rules read of existing tables (column types, validated checks). A
	// table created by an earlier op of Ops is new and empty; every other
	// table is taken to hold rows, whether Before has it or not (a table may
	// predate the revision files).
	Before *schema.MetaData
	// Version is the server version ("15.4", "10.11.6-MariaDB", "8.0.36");
	// "" when unknown, where each linter assumes the version its documentation
	// names.
	Version string
	// Transactional is false for a revision marked transactional: false.
	Transactional bool
	// ViewsReading names, per column ("schema.table.column", schema "" for
	// the connection's default), the views that read it on the live
	// database (ViewReader); nil when unknown.
	ViewsReading map[string][]string
}

// Linter is the optional ability of dialects that know what their server
// does with each statement: LintStatements returns the findings for in's
// statements, at most a few per statement, in statement order. Call it
// through the package function Lint, which supplies the fallback.
type Linter interface {
	LintStatements(in *LintInput) []LintFinding
}

// Lint returns d's findings for in (Linter). A dialect without the ability
// returns one info finding per statement saying that nothing is known of its
// locks, so that no statement passes a lint gate unseen.
func Lint(d Dialect, in *LintInput) []LintFinding {
	if l, ok := d.(Linter); ok {
		return l.LintStatements(in)
	}
	out := make([]LintFinding, 0, len(in.Statements))
	for i := range in.Statements {
		out = append(out, LintFinding{Statement: i, Rule: "unknown", Level: LintWarning, Lock: "unknown",
			Message: d.Name() + " has no lint knowledge: the lock and cost of this statement are unknown"})
	}
	return out
}

// ServerVersioner is the optional ability of dialects that can name their
// server's version, which lint rules depend on. ServerVersion returns it as
// the server prints it ("15.4", "10.11.6-MariaDB", "3.46.0"). Call it through
// the package function ServerVersion.
type ServerVersioner interface {
	ServerVersion(ctx context.Context, db *sql.DB) (string, error)
}

// ServerVersion returns the version of d's server behind db, or "" and an
// error wrapping ErrUnsupported when d cannot tell.
func ServerVersion(ctx context.Context, d Dialect, db *sql.DB) (string, error) {
	if v, ok := d.(ServerVersioner); ok {
		return v.ServerVersion(ctx, db)
	}
	return "", fmt.Errorf("%s cannot name its server's version: %w", d.Name(), ErrUnsupported)
}

// SafeFormer is the optional ability of dialects whose server can make some
// changes without blocking reads or writes for as long as it reads the
// table, when they are written another way. SafeForms returns up rewritten
// into those forms for tables that exist in live (a table new in the
// revision is empty and needs none), and whether the revision must still run
// in one transaction: the safe forms usually must not, so that each
// statement's lock ends with the statement. Ops it does not rewrite are
// returned as they are. autogenerate.safe_forms in migrate.yaml calls it on
// every autogenerated upgrade; call it through the package function
// SafeForms.
type SafeFormer interface {
	SafeForms(up []ops.Op, live *schema.MetaData) (safe []ops.Op, transactional bool)
}

// SafeForms returns d's safe forms of up (SafeFormer), or up unchanged and
// true when d has none.
func SafeForms(d Dialect, up []ops.Op, live *schema.MetaData) ([]ops.Op, bool) {
	if s, ok := d.(SafeFormer); ok {
		return s.SafeForms(up, live)
	}
	return up, true
}

// ViewReader is the optional ability of dialects whose catalog records which
// views read which columns (PostgreSQL's pg_depend). ViewsReading returns,
// per column ("schema.table.column", schema "" for the connection's default
// schema), the views ("schema.view" or "view") that read it, for lint's
// rules on dropping or retyping a column a view reads. Call it through the
// package function ViewsReading.
type ViewReader interface {
	ViewsReading(ctx context.Context, db *sql.DB) (map[string][]string, error)
}

// ViewsReading returns d's ViewReader answer for db, or nil and an error
// wrapping ErrUnsupported when d's catalog does not record it (MySQL and
// SQLite let a column a view reads be dropped, leaving the view broken).
func ViewsReading(ctx context.Context, d Dialect, db *sql.DB) (map[string][]string, error) {
	if v, ok := d.(ViewReader); ok {
		return v.ViewsReading(ctx, db)
	}
	return nil, fmt.Errorf("%s does not record which views read a column: %w", d.Name(), ErrUnsupported)
}

// SessionKeeper is the optional ability of dialects whose connection may not
// keep session settings: behind a pooler in transaction mode, a SET outside a
// transaction lands on whichever server connection runs it and stays there for
// the pooler's next client. KeepsSession reports whether settings made on conn
// stay with it; the runner makes none where they do not (the statement timeout
// is then enforced by the client alone). A dialect without the ability keeps
// them.
type SessionKeeper interface {
	KeepsSession(ctx context.Context, conn *sql.Conn) bool
}

// KeepsSession reports whether session settings made on conn stay with it on
// d's server (true for a dialect without SessionKeeper).
func KeepsSession(ctx context.Context, d Dialect, conn *sql.Conn) bool {
	if k, ok := d.(SessionKeeper); ok {
		return k.KeepsSession(ctx, conn)
	}
	return true
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

// DefinitionComparer is the optional ability of dialects whose server stores a
// view's or trigger's text as it was written (SQLite), so that a definition
// declared in other spacing or letter case than the stored one must still
// compare equal without a server round trip. SameDefinition reports whether
// the declared and the live definition of an object of kind (schema.KindView,
// …) mean the same to d's server; it errs towards "different", which costs a
// replace_object, never a missed change. Call it through the package function
// SameDefinition, which supplies the fallback.
type DefinitionComparer interface {
	SameDefinition(kind, declared, live string) bool
}

// SameDefinition reports whether two definitions of an object of kind are the
// same on d: d's SameDefinition, or, when d has no such ability, equal text
// once surrounding space and a final semicolon are removed.
func SameDefinition(d Dialect, kind, declared, live string) bool {
	if c, ok := d.(DefinitionComparer); ok {
		return c.SameDefinition(kind, declared, live)
	}
	return TrimDefinition(declared) == TrimDefinition(live)
}

// TrimDefinition returns s without surrounding space and a final semicolon.
func TrimDefinition(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ";")
	return strings.TrimSpace(s)
}
