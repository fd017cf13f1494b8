// Package gostep lets a revision run Go code: a data migration that reads rows,
// computes in Go and writes them back, inside the revision's transaction, as an
// Alembic revision's upgrade() does through op.get_bind().
//
// A revision file names the function with a go op:
//
//	upgrade:
//	  - go: {func: backfill_emails, reverse: clear_emails}
//	downgrade:
//	  - go: {func: clear_emails, reverse: backfill_emails}
//
// and a package of the user's module registers it, in an init function:
//
//	func init() {
//		gostep.Register("backfill_emails", BackfillEmails)
//		gostep.Register("clear_emails", ClearEmails)
//	}
//
//	func BackfillEmails(ctx context.Context, s *gostep.Session) error {
//		_, err := s.DB.ExecContext(ctx, "UPDATE users SET email = lower(login) || '@example.com'")
//		return err
//	}
//
// (or in a Registry variable that migrate.yaml's go_steps.symbol names). The
// migrate command builds a runner program from that package (go_steps.package
// in migrate.yaml), cached like the metadata loader; a binary of your own passes
// the registry to cmd.Main with cmd.WithGoSteps, and the migrator library with
// migrator.WithGoSteps.
//
// A Go step is one statement of its revision: it runs on the connection that
// runs the revision's SQL, inside its transaction where there is one (PostgreSQL
// and SQLite; not for a revision marked transactional: false), so an error it
// returns rolls the revision back; on MySQL/MariaDB it runs in a transaction of
// its own, committed together with the progress record that counts it, so a run
// that failed resumes after the last completed step. Its context is cancelled by
// SIGINT/SIGTERM and bounded by --statement-timeout.
//
// Offline (--sql) scripts cannot run Go: a step registered with WithOfflineSQL
// prints the SQL that function returns instead, and any other step makes the
// script an error that names the revision and the function.
package gostep

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"regexp"
	"sort"
	"sync"
)

// DB is what a Go step runs its SQL through: the revision's *sql.Tx, or its
// *sql.Conn for a revision outside a transaction. Statements are written in the
// database's own SQL and placeholders ($1 on PostgreSQL, ? on MySQL and SQLite).
type DB interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Session is what a Go step gets besides its context.
type Session struct {
	// DB is the revision's transaction (or connection; see DB).
	DB DB
	// Dialect is "postgresql", "mysql" or "sqlite".
	Dialect string
	// X are the -x KEY=VALUE arguments of the run (never nil).
	X map[string]string
	// Log is the run's logger: the command's progress output, or the logger
	// given to the migrator library (never nil).
	Log *slog.Logger
	// Revision is the id of the revision being applied, and Downgrade is true
	// when its downgrade is.
	Revision  string
	Downgrade bool
}

// Func is a Go step. It returns nil when done; an error fails the revision
// (migrate reports it with the revision and the function's name).
type Func func(ctx context.Context, s *Session) error

// OfflineFunc returns the SQL statements an offline (--sql) script prints in
// place of the step, for dialect ("postgresql", "mysql", "sqlite") and the -x
// values. Returning no statements prints none.
type OfflineFunc func(dialect string, x map[string]string) ([]string, error)

// Step is a registered Go step: Run is called online; Offline, when set, gives
// the SQL of offline scripts.
type Step struct {
	Run     Func
	Offline OfflineFunc
}

// Registry maps the names revision files use (go: {func: NAME}) to steps. A
// package may declare one as a variable and name it in migrate.yaml
// (go_steps: {package: ./migrations/steps, symbol: Steps}).
type Registry map[string]Step

// Option adds to a step being registered.
type Option func(*Step)

// WithOfflineSQL gives the step the SQL offline scripts print in its place.
func WithOfflineSQL(f OfflineFunc) Option { return func(s *Step) { s.Offline = f } }

// nameRE is what a step's name may be: the identifier revision files use.
var nameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ValidName reports whether name can name a Go step: letters, digits and _,
// not starting with a digit.
func ValidName(name string) bool { return nameRE.MatchString(name) }

// Add registers run as name in r. It panics (at init, where registration
// happens) when name is not a valid name, run is nil, or name is taken: two
// functions under one name would make a revision's meaning depend on
// initialisation order.
func (r Registry) Add(name string, run Func, opts ...Option) {
	if !ValidName(name) {
		panic(fmt.Sprintf("gostep: cannot register %q: a step name is letters, digits and _, not starting with a digit", name))
	}
	if run == nil {
		panic(fmt.Sprintf("gostep: cannot register %q: the function is nil", name))
	}
	if _, dup := r[name]; dup {
		panic(fmt.Sprintf("gostep: %q is registered twice: give each function its own name", name))
	}
	s := Step{Run: run}
	for _, o := range opts {
		o(&s)
	}
	r[name] = s
}

// Names returns the registered names, sorted.
func (r Registry) Names() []string {
	out := make([]string, 0, len(r))
	for n := range r {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

var (
	mu       sync.Mutex
	defaults = Registry{}
)

// Register registers run as name in the default registry, which the runner the
// migrate command builds uses when go_steps.symbol is not set. Call it from an
// init function. It panics as Registry.Add does.
func Register(name string, run Func, opts ...Option) {
	mu.Lock()
	defer mu.Unlock()
	defaults.Add(name, run, opts...)
}

// Default returns a copy of the default registry (what Register filled).
func Default() Registry {
	mu.Lock()
	defer mu.Unlock()
	out := make(Registry, len(defaults))
	for k, v := range defaults {
		out[k] = v
	}
	return out
}
