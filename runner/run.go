package runner

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/gostep"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/revision"
)

// Runner applies plans to one database.
type Runner struct {
	DB           *sql.DB
	Dialect      dialect.Dialect
	VersionTable dialect.VersionTable
	// TransactionPerMigration commits after each revision instead of once for
	// the whole run (Alembic's transaction_per_migration).
	TransactionPerMigration bool
	// LockTimeout bounds the wait for the migration lock (0: wait forever).
	LockTimeout time.Duration
	// NoLock skips the lock. Unsafe when two runs can start at once.
	NoLock bool
	// Replicas are read replicas the run waits for after each revision: once a
	// revision is committed, the next starts only when every replica has
	// replayed it (the dialect's dialect.ReplicaWaiter). With replicas, a
	// dialect with transactional DDL commits after each revision, as with
	// TransactionPerMigration.
	Replicas []Replica
	// ReplicaTimeout bounds each wait for the replicas (0: wait forever); a wait
	// that runs out stops the run with a *ReplicaError.
	ReplicaTimeout time.Duration
	// LeaseTTL is how long the migration lock's lease lives without renewal,
	// where the dialect takes a lease (0: dialect.DefaultLeaseTTL): a run killed
	// with SIGKILL holds the lock at most this long after its last renewal.
	LeaseTTL time.Duration
	// Log receives one progress line per step ("Running upgrade …"); nil discards.
	Log func(string)
	// HistoryTable, when its Name is set, records every applied step (revision,
	// direction, file checksum, start and end time, ToolVersion) in the same
	// transaction as the step's version-table change.
	HistoryTable dialect.VersionTable
	// ToolVersion is written into history rows.
	ToolVersion string
	// StatementTimeout bounds each statement of a revision (0: no bound): on the
	// server where the dialect can (dialect.StatementTimeouter), and always with a
	// deadline on the statement's context.
	StatementTimeout time.Duration
	// Inspector reads the live schema: once per online plan, to fill what the
	// revision files do not describe, and to tell a missing version, progress or
	// history table from a failing read. Required for Plan, Run and Current.
	Inspector inspect.Inspector
	// Trace, when set, is called after each statement a run or stamp executes
	// for its steps: the plan's statements, the version-table and progress
	// records and the history row, with the SQL, how long it took and its error
	// (nil on success). The lock, the bookkeeping tables' creation and the reads
	// are not reported.
	Trace func(sql string, took time.Duration, err error)
	// Tag is written into the history rows' tag column ("" writes NULL), as
	// Alembic's --tag.
	Tag string
	// Graph, when set, is the revision graph the planner plans over. It lets a
	// run whose plan does not continue a partly applied downgrade (dialects
	// without transactional DDL: a downgrade interrupted part-way, then
	// `upgrade head`) finish that downgrade first and then plan from there;
	// without it such a run stops with a *ResumeError saying what to run.
	Graph *revision.Graph
	// GoSteps are the functions the plan's Go steps (ops.GoStep) call. A plan
	// naming one it lacks is refused by Plan before anything runs.
	GoSteps gostep.Registry
	// X are the run's -x values, handed to Go steps.
	X map[string]string
	// Logger is the logger Go steps get; nil: one whose lines go to Log.
	Logger *slog.Logger
	// SessionSetup are statements run first on the run's connection, after
	// the lock is taken and before anything else (migrate.yaml's
	// session_setup: SET ROLE, SET lock_timeout, …).
	SessionSetup []string
}

// Planner computes the steps from the current version-table rows.
type Planner func(rows []string) ([]revision.Step, error)

// Result says what a run did.
type Result struct {
	// Steps are the steps that completed, in order.
	Steps []Step
	// Rows are the version-table rows at the end.
	Rows []string
}

func (r *Runner) log(s string) {
	if r.Log != nil {
		r.Log(s)
	}
}

func (r *Runner) lockKey() string {
	return "migrate:" + r.VersionTable.Schema + "." + r.VersionTable.Name
}

// Current reads the version-table rows. A database without the version table has
// no rows (nil, nil): when the SELECT fails, the dialect's inspector tells whether
// the table is missing or the failure is real.
func (r *Runner) Current(ctx context.Context) ([]string, error) {
	rows, err := readRows(ctx, r.DB, r.Dialect, r.VersionTable)
	if err == nil {
		return rows, nil
	}
	in := r.Inspector
	if in == nil {
		return nil, err
	}
	opts := inspect.Options{}
	if r.VersionTable.Schema != "" {
		opts.Schemas = []string{r.VersionTable.Schema}
	}
	m, ierr := in.Inspect(ctx, r.DB, opts)
	if ierr != nil {
		return nil, err
	}
	if m.FindTable(r.VersionTable.Schema, r.VersionTable.Name) == nil {
		return nil, nil
	}
	// Another run may have created the table between the SELECT and the
	// inspection: read once more.
	return readRows(ctx, r.DB, r.Dialect, r.VersionTable)
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func qualified(d dialect.Dialect, vt dialect.VersionTable) string {
	name := d.QuoteIdent(vt.Name)
	if vt.Schema != "" {
		name = d.QuoteIdent(vt.Schema) + "." + name
	}
	return name
}

func readRows(ctx context.Context, q queryer, d dialect.Dialect, vt dialect.VersionTable) ([]string, error) {
	rs, err := q.QueryContext(ctx, "SELECT version_num FROM "+qualified(d, vt))
	if err != nil {
		return nil, fmt.Errorf("reading version table %s: %w", vt.Name, err)
	}
	defer rs.Close()
	var out []string
	for rs.Next() {
		var v string
		if err := rs.Scan(&v); err != nil {
			return nil, fmt.Errorf("reading version table %s: %w", vt.Name, err)
		}
		out = append(out, v)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("reading version table %s: %w", vt.Name, err)
	}
	return out, nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (r *Runner) execStep(ctx context.Context, x execer, st *Step) error {
	x = r.traced(x)
	start := time.Now()
	total := len(st.Statements)
	for k, s := range st.Statements {
		if err := r.execOne(ctx, x, st, s); err != nil {
			return &StatementError{Revision: st.Revision, Direction: st.Direction, Index: k + 1, Total: total, SQL: s.SQL, Err: err, Transactional: r.Dialect.Capabilities().TransactionalDDL && st.Transactional, Interrupted: ctx.Err() != nil}
		}
	}
	for _, s := range st.Version {
		if _, err := x.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("updating version table for revision %s: %w (SQL: %s)", st.Revision.ID, err, s)
		}
	}
	h, err := r.historyInsert(st, start)
	if err != nil {
		return err
	}
	if h != "" {
		if _, err := x.ExecContext(ctx, h); err != nil {
			return fmt.Errorf("recording revision %s in history table %s: %w (SQL: %s)", st.Revision.ID, r.HistoryTable.Name, err, h)
		}
	}
	return nil
}

// execOne runs one statement of a revision, within StatementTimeout.
func (r *Runner) execOne(ctx context.Context, x execer, st *Step, s dialect.Statement) error {
	run := execStatement
	if s.Go != "" {
		run = func(ctx context.Context, x execer, s dialect.Statement) error { return r.runGo(ctx, x, st, s) }
	}
	if r.StatementTimeout <= 0 {
		return run(ctx, x, s)
	}
	sctx, cancel := context.WithTimeout(ctx, r.StatementTimeout)
	defer cancel()
	err := run(sctx, x, s)
	if err != nil && ctx.Err() == nil && (sctx.Err() != nil || r.isServerTimeout(err)) {
		return fmt.Errorf("the statement ran longer than the statement timeout (%s) and was cancelled: %w", r.StatementTimeout, err)
	}
	return err
}

func execStatement(ctx context.Context, x execer, s dialect.Statement) error {
	if !s.ExpectNoRows {
		_, err := x.ExecContext(ctx, s.SQL)
		return err
	}
	rs, err := x.QueryContext(ctx, s.SQL)
	if err != nil {
		return err
	}
	defer rs.Close()
	if rs.Next() {
		cols, _ := rs.Columns()
		vals := make([]any, len(cols))
		for i := range vals {
			vals[i] = new(any)
		}
		_ = rs.Scan(vals...)
		desc := ""
		for i, c := range cols {
			desc += fmt.Sprintf(" %s=%v", c, *(vals[i].(*any)))
		}
		return fmt.Errorf("check failed, first offending row:%s", desc)
	}
	return rs.Err()
}
