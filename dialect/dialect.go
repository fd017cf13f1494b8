// Package dialect defines what migrate needs from a database dialect — DDL
// rendering of ops, type mapping, identifier quoting, literals, version-table SQL,
// locking and transactional-DDL facts — and a registry of the dialects compiled in.
// Each dialect lives in its own sub-package (dialect/postgres, dialect/mysql,
// dialect/sqlite), with the same file names in each, and registers itself from an
// init function. Nothing outside dialect/ and inspect/ asks which dialect it is:
// differences are methods here.
package dialect

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// Statement is one SQL statement rendered from an op, without a trailing
// semicolon. Op is the 0-based index, within the list given to Render, of the op it
// came from.
type Statement struct {
	SQL string
	Op  int
	// NoTransaction is true for a statement the server refuses to run inside a
	// transaction block (PostgreSQL's ALTER TYPE … ADD VALUE before 12, CREATE INDEX
	// CONCURRENTLY).
	NoTransaction bool
	// ExpectNoRows marks a check statement that returns rows only when something is
	// wrong (SQLite's PRAGMA foreign_key_check): the runner queries it and fails
	// the revision, rolling back, when any row comes back.
	ExpectNoRows bool
}

// Capabilities are the facts about a dialect that callers branch on.
type Capabilities struct {
	// TransactionalDDL: DDL runs inside a transaction and rolls back with it
	// (PostgreSQL, SQLite), rather than committing implicitly (MySQL).
	TransactionalDDL bool
	// NamedEnums: enum types are schema objects of their own (PostgreSQL) that
	// create_enum/drop_enum manage, rather than inline column types.
	NamedEnums bool
	// Comments: the database stores table and column comments.
	Comments bool
	// Schemas: the database has schemas (namespaces) beside the default one.
	Schemas bool
	// UniqueIndexesAreConstraints: a UNIQUE constraint and a unique index are one
	// object, which the inspector reports as a unique constraint (MySQL).
	// Autogenerate then takes a live unique constraint for the declared unique
	// index of the same name and columns.
	UniqueIndexesAreConstraints bool
	// LockIsTransaction: the dialect has no session lock; Lock only sets how long
	// the run's first (immediate) transaction waits for other writers (SQLite), so
	// there is no holder to name and nothing to probe.
	LockIsTransaction bool
	// LiveSchemaOnline: rendering restates whole tables from RenderEnv.Current
	// (SQLite's move and copy), so an online run plans with the schema replayed
	// from the revision files completed by the live one — triggers included —
	// rather than only when the files fall short.
	LiveSchemaOnline bool
}

// RenderEnv is what rendering may consult besides the ops themselves.
type RenderEnv struct {
	// Current is the schema as known before the ops run (replayed from earlier
	// revisions, or inspected when online); nil when unknown. Dialects that must
	// restate a whole table or column (SQLite's move and copy, MySQL's MODIFY) read
	// it.
	Current *schema.MetaData
	// Model, when set, is Current with an index of its tables (Model.MetaData()
	// is Current), kept by the runner while it carries one model through many
	// revisions; Table finds a table through it in constant time.
	Model *ops.Model
	// Offline is true when rendering for --sql output, with no connection.
	Offline bool
}

// Table returns the table schemaName.name of the schema before the ops, or nil
// when it is unknown (no Current, or not in it): through Model when it is set,
// by a scan of Current otherwise. e may be nil.
func (e *RenderEnv) Table(schemaName, name string) *schema.Table {
	switch {
	case e == nil:
		return nil
	case e.Model != nil:
		return e.Model.Table(schemaName, name)
	}
	return e.Current.FindTable(schemaName, name)
}

// VersionTable names the version table and its schema ("" for the default).
type VersionTable struct {
	Schema string
	Name   string
}

// Dialect is one database dialect. Implementations are safe for concurrent use.
type Dialect interface {
	// Name is the dialect's name: "postgresql", "mysql" or "sqlite".
	Name() string
	// Capabilities returns the dialect's facts.
	Capabilities() Capabilities

	// QuoteIdent quotes an identifier when it needs quoting (reserved word, upper
	// case where the dialect folds case, any character outside [a-z0-9_], a
	// leading digit) and returns it unchanged otherwise.
	QuoteIdent(name string) string
	// Literal renders a Go value (nil, bool, integers, floats, string, []byte,
	// time.Time) as an SQL literal escaped for the dialect. It returns an error for
	// a value it cannot render.
	Literal(v any) (string, error)
	// TypeSQL renders a type as the dialect's DDL spells it. A dialect-only type of
	// another dialect is an error.
	TypeSQL(t schema.Type) (string, error)

	// NormalizeDefault returns a server-default expression in the canonical form
	// this dialect's inspector reads back (casts stripped, keyword case folded,
	// now() as CURRENT_TIMESTAMP …), so autogenerate compares declared and
	// inspected defaults by equality of their normalised forms. t is the column's
	// type.
	NormalizeDefault(expr string, t schema.Type) string
	// EquivalentType reports whether a declared type and an inspected type are the
	// same on this dialect (both render to the same storage), so autogenerate
	// proposes no type change between them. For example, on SQLite varchar(10) and
	// varchar(20) are not the same, but on a dialect without named enums the enum
	// names are not compared.
	EquivalentType(declared, inspected schema.Type) bool

	// Render renders a revision's ops into statements, in order. An op the dialect
	// cannot do is an error naming the op, its table and what to do instead; the
	// error is wrapped in *RenderError.
	Render(list []ops.Op, env *RenderEnv) ([]Statement, error)

	// CreateVersionTable returns the statements that create the version table if
	// it does not exist (version_num VARCHAR(32) NOT NULL, primary key).
	CreateVersionTable(vt VersionTable) []string
	// InsertVersion, UpdateVersion and DeleteVersion return a statement with the
	// revision ids as literals (ids are [A-Za-z0-9_]{1,32}).
	InsertVersion(vt VersionTable, rev string) string
	UpdateVersion(vt VersionTable, from, to string) string
	DeleteVersion(vt VersionTable, rev string) string

	// Begin and Commit are the transaction statements for offline scripts
	// ("BEGIN", "COMMIT"); empty when the dialect has no transactional DDL.
	Begin() string
	Commit() string

	// Open connects to the database that u names. It does not ping.
	Open(ctx context.Context, u *URL) (*sql.DB, error)
	// Lock takes the dialect's migration lock on conn, waiting at most timeout
	// (0: wait forever). It returns a function that releases it. A timeout is
	// reported as *LockTimeoutError.
	Lock(ctx context.Context, conn *sql.Conn, key string, timeout time.Duration) (unlock func() error, err error)

	// ClassifyError tells what a statement's error means (statement timeout,
	// lock timeout, deadlock, missing table, cancelled, connection lost) from the
	// driver's error codes. Message text is read only where the server gives two
	// kinds one code, and the implementation says so. Errors of no such kind, and
	// nil, are ErrOther. err may be wrapped.
	ClassifyError(err error) ErrorKind
}

// RenderError says which op a dialect could not render and why.
type RenderError struct {
	Dialect string
	Op      int // 0-based index of the op in the list given to Render
	OpName  string
	Table   string
	Err     error
}

func (e *RenderError) Error() string {
	where := e.OpName
	if e.Table != "" {
		where += " on table " + fmt.Sprintf("%q", e.Table)
	}
	return fmt.Sprintf("%s: op %d (%s): %v", e.Dialect, e.Op+1, where, e.Err)
}

func (e *RenderError) Unwrap() error { return e.Err }

// LockTimeoutError is returned by Lock when the lock was not had in time.
type LockTimeoutError struct {
	Timeout time.Duration
	Holder  string // who holds it, when the server can tell ("" otherwise)
}

func (e *LockTimeoutError) Error() string {
	msg := fmt.Sprintf("could not take the migration lock within %s", e.Timeout)
	if e.Holder != "" {
		msg += " (held by " + e.Holder + ")"
	}
	return msg + "; another migrate run is in progress: wait for it, or raise --lock-timeout"
}

var (
	mu       sync.RWMutex
	registry = map[string]Dialect{}
)

// Register makes d available under d.Name(). Dialect packages call it from init.
func Register(d Dialect) {
	mu.Lock()
	defer mu.Unlock()
	registry[d.Name()] = d
}

// Get returns the dialect registered under name ("postgresql", "mysql", "sqlite").
func Get(name string) (Dialect, error) {
	mu.RLock()
	defer mu.RUnlock()
	if d, ok := registry[name]; ok {
		return d, nil
	}
	return nil, fmt.Errorf("dialect %q is not compiled in (have %v)", name, names())
}

func names() []string {
	var out []string
	for n := range registry {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// ModelExtender is the optional ability of dialects whose server changes a
// schema differently from ops.Apply for some ops. ApplyModel changes m as
// running o on d's server does: ops.Apply's semantics plus the dialect's own
// documented steps (MySQL and MariaDB keep a key that loses one of several
// columns on the remaining ones, where ops.Apply drops it). The runner carries
// its model across revisions with it, so a later revision that names such a
// key plans as the server will run it. The error is as ops.Model.Apply's: it
// names the op and wraps ops.ErrNotFound or ops.ErrExists, and m is left
// unchanged. Call it through the package function ApplyModel, which supplies
// the fallback.
type ModelExtender interface {
	ApplyModel(m *ops.Model, o ops.Op) error
}

// ApplyModel changes m as running o on d's server does: through d's
// ModelExtender when d has that ability, by m.Apply (ops.Apply's semantics)
// otherwise. The error names the op and wraps ops.ErrNotFound (o names a
// table, column, key or enum m lacks) or ops.ErrExists (o creates one m has);
// m is left unchanged when it fails.
func ApplyModel(d Dialect, m *ops.Model, o ops.Op) error {
	if x, ok := d.(ModelExtender); ok {
		return x.ApplyModel(m, o)
	}
	return m.Apply(o)
}
