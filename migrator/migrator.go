// Package migrator is migrate as a library, for services that migrate their own
// database at start-up: hand it a *sql.DB (or a URL) and an fs.FS of revision files
// (an embed.FS, typically), then call Upgrade, Downgrade, Current, Heads or Stamp with
// a context. It runs exactly the plan the CLI runs — same lock, same transactions,
// same version table, same history table (one row per step, with the revision
// file's checksum), and the same refusal to run over applied revisions whose files
// changed (WithAllowModified to run anyway) — logs through the *slog.Logger it is given, and never writes to
// stdout or stderr nor calls os.Exit.
//
//	//go:embed migrations/versions/*.yaml
//	var revisions embed.FS
//
//	m, err := migrator.New(db, "postgresql", revisions, migrator.WithLogger(slog.Default()))
//	if err != nil { … }
//	res, err := m.Upgrade(ctx, "head")
//
// Errors are typed: errors.As finds a *LockTimeoutError when another run held the
// lock too long, a *MultipleHeadsError when "head" is ambiguous, a *StatementError
// when a statement of a revision failed (with the revision, the statement and what was
// rolled back).
package migrator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/gostep"
	"github.com/retortdb/migrate/internal/drivers"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"

	// The dialects a service may use register themselves.
	_ "github.com/retortdb/migrate/dialect/mysql"
	_ "github.com/retortdb/migrate/dialect/postgres"
	_ "github.com/retortdb/migrate/dialect/sqlite"
	_ "github.com/retortdb/migrate/inspect/mysql"
	_ "github.com/retortdb/migrate/inspect/postgres"
	_ "github.com/retortdb/migrate/inspect/sqlite"
)

// LockTimeoutError is returned when the migration lock was not had in time.
type LockTimeoutError = dialect.LockTimeoutError

// MultipleHeadsError is returned when "head" names several heads.
type MultipleHeadsError = revision.MultipleHeadsError

// StatementError is returned when a statement of a revision failed.
type StatementError = runner.StatementError

// ModifiedRevisionsError is returned by Upgrade and Downgrade when applied
// revisions' files changed or disappeared since they were applied (see
// WithAllowModified).
type ModifiedRevisionsError = runner.ModifiedRevisionsError

// ToolVersion is recorded in the tool_version column of the history rows the
// library writes.
const ToolVersion = "migrator"

// Option configures a Migrator.
type Option func(*Migrator)

// WithLogger sends progress (one record per step, at Info) to l. The default
// discards it.
func WithLogger(l *slog.Logger) Option { return func(m *Migrator) { m.log = l } }

// WithVersionTable sets the version table (default "migrate_version" in the
// default schema).
func WithVersionTable(name, schemaName string) Option {
	return func(m *Migrator) { m.vt = dialect.VersionTable{Name: name, Schema: schemaName} }
}

// WithHistoryTable sets the history table, in the version table's schema
// (default "migrate_history", as the CLI's history_table); "" turns history, and
// with it the check of changed files, off.
func WithHistoryTable(name string) Option { return func(m *Migrator) { m.history = name } }

// WithAllowModified makes Upgrade and Downgrade run over applied revisions whose
// files changed since they were applied (the CLI's --allow-modified), logging one
// warning per revision instead of returning a *ModifiedRevisionsError.
func WithAllowModified(allow bool) Option { return func(m *Migrator) { m.allowModified = allow } }

// WithLockTimeout bounds the wait for the migration lock (default 60 s; 0 waits
// forever).
func WithLockTimeout(d time.Duration) Option { return func(m *Migrator) { m.lockTimeout = d } }

// WithTransactionPerMigration commits after each revision instead of once per run.
func WithTransactionPerMigration(on bool) Option { return func(m *Migrator) { m.perMigration = on } }

// WithRequireAcknowledged(true) makes Upgrade and Downgrade refuse, before
// running anything, a plan holding an op that loses data (drop_table,
// drop_column, a narrowing type change, drop_enum_value; see ops.DataLoss)
// without acknowledge_destructive: true in its revision file, as the CLI's
// --require-acknowledged does. The error is a *revision.UnacknowledgedError.
func WithRequireAcknowledged(on bool) Option {
	return func(m *Migrator) { m.requireAcknowledged = on }
}

// Migrator applies the revisions of one fs.FS to one database.
type Migrator struct {
	db           *sql.DB
	owned        bool
	d            dialect.Dialect
	g            *revision.Graph
	vt           dialect.VersionTable
	log          *slog.Logger
	lockTimeout  time.Duration
	perMigration bool
	// requireAcknowledged is WithRequireAcknowledged.
	requireAcknowledged bool
	history             string
	// allowModified is WithAllowModified.
	allowModified bool
	goSteps       gostep.Registry
	x             map[string]string
	setup         []string
}

// WithGoSteps gives the functions the revisions' Go steps (go: {func: NAME})
// call, inside the revision's transaction. A run whose plan names a step reg
// lacks is refused before anything runs.
func WithGoSteps(reg gostep.Registry) Option { return func(m *Migrator) { m.goSteps = reg } }

// WithX sets the values Go steps see as Session.X (the CLI's -x KEY=VALUE).
func WithX(x map[string]string) Option { return func(m *Migrator) { m.x = x } }

// WithSessionSetup runs stmts first on the run's connection, after the lock is
// taken (SET ROLE, SET lock_timeout, …), as migrate.yaml's session_setup.
func WithSessionSetup(stmts ...string) Option {
	return func(m *Migrator) { m.setup = append([]string(nil), stmts...) }
}

// New returns a Migrator for db, whose dialect is "postgresql", "mysql" or
// "sqlite", with the revision files (*.yaml, *.yml, anywhere in revisions). It
// reads and checks every file and the graph now: a broken file is an error naming
// it with line and column.
func New(db *sql.DB, dialectName string, revisions fs.FS, opts ...Option) (*Migrator, error) {
	d, err := dialect.Get(dialectName)
	if err != nil {
		return nil, err
	}
	g, err := LoadGraph(revisions)
	if err != nil {
		return nil, err
	}
	m := &Migrator{db: db, d: d, g: g, vt: dialect.VersionTable{Name: "migrate_version"}, history: "migrate_history", lockTimeout: 60 * time.Second,
		log: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(m)
	}
	return m, nil
}

// Open connects to the database that url names (as the CLI's --url) and returns a
// Migrator that owns the connection: Close closes it. Errors never show the password.
func Open(ctx context.Context, url string, revisions fs.FS, opts ...Option) (*Migrator, error) {
	u, err := dialect.ParseURL(url)
	if err != nil {
		return nil, err
	}
	d, err := dialect.Get(u.Dialect)
	if err != nil {
		return nil, err
	}
	db, err := d.Open(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", u.Redacted(), err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to %s: %w", u.Redacted(), err)
	}
	m, err := New(db, u.Dialect, revisions, opts...)
	if err != nil {
		db.Close()
		return nil, err
	}
	m.owned = true
	return m, nil
}

// Close closes the database if Open opened it; a Migrator from New leaves the
// caller's *sql.DB open.
func (m *Migrator) Close() error {
	if m.owned {
		return m.db.Close()
	}
	return nil
}

// LoadGraph reads every *.yaml and *.yml file of fsys (recursively) and builds the
// revision graph.
func LoadGraph(fsys fs.FS) (*revision.Graph, error) {
	var paths []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing revision files: %w", err)
	}
	sort.Strings(paths)
	var revs []*revision.Revision
	var errs []error
	for _, p := range paths {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs = append(errs, fmt.Errorf("reading %s: %w", p, err))
			continue
		}
		r, err := revision.ParseFile(path.Clean(p), data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		revs = append(revs, r)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return revision.NewGraph(revs)
}

// Step is one revision applied or reverted.
type Step struct {
	Revision  string
	Direction string // "upgrade" or "downgrade"
	Message   string
}

// Result says what a run did.
type Result struct {
	// Steps are the revisions applied (or reverted), in order.
	Steps []Step
	// Current are the version-table rows afterwards.
	Current []string
	// Elapsed is the run's wall time.
	Elapsed time.Duration
}

func (m *Migrator) runner() *runner.Runner {
	r := &runner.Runner{
		DB: m.db, Dialect: m.d, VersionTable: m.vt, LockTimeout: m.lockTimeout,
		TransactionPerMigration: m.perMigration,
		Log:                     func(s string) { m.log.Info(s) },
		ToolVersion:             ToolVersion,
	}
	if m.history != "" {
		r.HistoryTable = dialect.VersionTable{Name: m.history, Schema: m.vt.Schema}
	}
	r.Inspector, _ = drivers.For(m.d)
	r.GoSteps, r.X, r.Logger, r.SessionSetup = m.goSteps, m.x, m.log, m.setup
	return r
}

func (m *Migrator) move(ctx context.Context, target string, plan func([]string) ([]revision.Step, error)) (*Result, error) {
	start := time.Now()
	r := m.runner()
	warn := func(is runner.IntegrityIssue) { m.log.Warn(is.String() + " (allowed by WithAllowModified)") }
	if err := r.RefuseModified(ctx, m.g, m.allowModified, warn); err != nil {
		return &Result{Elapsed: time.Since(start)}, err
	}
	if m.requireAcknowledged {
		inner := plan
		plan = func(rows []string) ([]revision.Step, error) {
			steps, err := inner(rows)
			if err == nil {
				err = revision.RefuseUnacknowledged(steps)
			}
			return steps, err
		}
	}
	res, err := r.Run(ctx, plan, runner.ReplayerFor(m.g, m.d))
	out := &Result{Elapsed: time.Since(start)}
	if res != nil {
		for _, st := range res.Steps {
			dir := "upgrade"
			if st.Direction == revision.Down {
				dir = "downgrade"
			}
			out.Steps = append(out.Steps, Step{Revision: st.Revision.ID, Direction: dir, Message: st.Revision.Message})
		}
		out.Current = res.Rows
	}
	if err != nil {
		return out, err
	}
	m.log.Info("migration finished", "target", target, "steps", len(out.Steps), "elapsed", out.Elapsed)
	return out, nil
}

// Upgrade applies every revision up to target ("head", "heads", "+1", an id,
// "LABEL@head", …), as `migrate upgrade`.
func (m *Migrator) Upgrade(ctx context.Context, target string) (*Result, error) {
	return m.move(ctx, target, func(rows []string) ([]revision.Step, error) { return m.g.UpgradePlan(rows, target) })
}

// Downgrade reverts every revision above target ("-1", "base", an id, "LABEL@-1",
// …), as `migrate downgrade`.
func (m *Migrator) Downgrade(ctx context.Context, target string) (*Result, error) {
	return m.move(ctx, target, func(rows []string) ([]revision.Step, error) { return m.g.DowngradePlan(rows, target) })
}

// Current returns the revision ids in the version table, in a stable order
// (topological, then id); none for a database that was never migrated. A row naming
// a revision the files do not have is an error.
func (m *Migrator) Current(ctx context.Context) ([]string, error) {
	rows, err := m.runner().Current(ctx)
	if err != nil {
		return nil, err
	}
	revs, err := m.g.CurrentHeads(rows)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(revs))
	for i, r := range revs {
		out[i] = r.ID
	}
	return out, nil
}

// Heads returns the head revision ids of the revision files.
func (m *Migrator) Heads() []string {
	var out []string
	for _, r := range m.g.Heads() {
		out = append(out, r.ID)
	}
	return out
}

// Graph returns the revision graph, for callers that need more than ids.
func (m *Migrator) Graph() *revision.Graph { return m.g }

// Stamp sets the version table to targets ("head", an id, "LABEL@head", …; none
// or "base" empties it) without running any revision, as `migrate stamp`; purge
// deletes every row first. It returns the rows afterwards.
func (m *Migrator) Stamp(ctx context.Context, purge bool, targets ...string) ([]string, error) {
	res, err := m.runner().Stamp(ctx, func(rows []string) ([]revision.VersionChange, error) {
		return m.g.StampPlan(rows, targets, purge)
	})
	if err != nil {
		return nil, err
	}
	return res.After, nil
}
