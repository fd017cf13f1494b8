package runner

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/schema"
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
	in, ierr := inspect.Get(r.Dialect.Name())
	if ierr != nil {
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

// Run takes the lock, reads the version table, asks plan for the steps, builds the
// plan and executes it: in one transaction for the whole run (or one per revision
// with TransactionPerMigration) where the dialect has transactional DDL, statement
// by statement otherwise. before is the schema before the first step for dialects
// that need it (see Build); replay gives it from the rows.
func (r *Runner) Run(ctx context.Context, plan Planner, replay func(rows []string) (*schema.MetaData, error)) (*Result, error) {
	conn, release, err := r.session(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	if err := r.setStatementTimeout(ctx, conn); err != nil {
		return nil, err
	}
	if err := r.ensureHistory(ctx, conn); err != nil {
		return nil, err
	}
	if replay != nil && r.Dialect.Capabilities().LiveSchemaOnline {
		replay = r.withLiveSchema(ctx, replay)
	}
	if r.Dialect.Capabilities().TransactionalDDL {
		return r.runTransactional(ctx, conn, plan, replay)
	}
	return r.runAutocommit(ctx, conn, plan, replay)
}

func (r *Runner) buildFrom(ctx context.Context, q queryer, plan Planner, replay func([]string) (*schema.MetaData, error)) ([]string, *Plan, error) {
	rows, err := readRows(ctx, q, r.Dialect, r.VersionTable)
	if err != nil {
		return nil, nil, err
	}
	steps, err := plan(rows)
	if err != nil {
		return rows, nil, err
	}
	var before *schema.MetaData
	if replay != nil && len(steps) > 0 {
		if before, err = replay(rows); err != nil {
			return rows, nil, err
		}
	}
	p, err := Build(r.Dialect, r.VersionTable, steps, before, false)
	return rows, p, err
}

func (r *Runner) runTransactional(ctx context.Context, conn *sql.Conn, plan Planner, replay func([]string) (*schema.MetaData, error)) (*Result, error) {
	res := &Result{}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("beginning transaction: %w", err)
	}
	rollback := func() { _ = tx.Rollback() }
	rows, p, err := r.buildFrom(ctx, tx, plan, replay)
	var pe *PlanError
	if errors.As(err, &pe) && replay != nil {
		// The revision files do not describe a table the revision must restate
		// (SQLite's move and copy of a table migrate did not create): complete
		// the replayed schema from the live one, as the autocommit path does.
		if rows2, p2, err2 := r.buildFrom(ctx, tx, plan, r.withLiveSchema(ctx, replay)); err2 == nil {
			r.log(fmt.Sprintf("The revision files do not describe all that the %s of %s changes: completed from the live schema", pe.Direction, pe.Revision.ID))
			rows, p, err = rows2, p2, nil
		}
	}
	if err != nil {
		rollback()
		return nil, err
	}
	pending := []Step{}
	for i := 0; i < len(p.Steps); i++ {
		st := p.Steps[i]
		r.log(st.Describe())
		if !st.Transactional {
			if err := tx.Commit(); err != nil {
				return res, fmt.Errorf("committing before non-transactional revision %s: %w", st.Revision.ID, err)
			}
			res.Steps = append(res.Steps, pending...)
			pending = nil
			if err := r.execStep(ctx, conn, &st); err != nil {
				return res, err
			}
			rows = FoldRows(rows, st.Changes)
			res.Steps = append(res.Steps, st)
			if tx, err = conn.BeginTx(ctx, nil); err != nil {
				return res, fmt.Errorf("beginning transaction: %w", err)
			}
			continue
		}
		if err := r.execStep(ctx, tx, &st); err != nil {
			_ = tx.Rollback()
			var se *StatementError
			if errors.As(err, &se) {
				se.RolledBack = true
				se.Committed = len(res.Steps)
			}
			return res, err
		}
		rows = FoldRows(rows, st.Changes)
		pending = append(pending, st)
		if r.TransactionPerMigration && i < len(p.Steps)-1 {
			if err := tx.Commit(); err != nil {
				return res, fmt.Errorf("committing revision %s: %w", st.Revision.ID, err)
			}
			res.Steps = append(res.Steps, pending...)
			pending = nil
			if tx, err = conn.BeginTx(ctx, nil); err != nil {
				return res, fmt.Errorf("beginning transaction: %w", err)
			}
			// Where the lock is the transaction itself (SQLite), another run may
			// have moved the version table between our transactions: re-plan.
			now, np, err := r.buildFrom(ctx, tx, plan, replay)
			if err != nil {
				_ = tx.Rollback()
				return res, err
			}
			if !sameRows(now, rows) {
				rows, p, i = now, np, -1
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("committing: %w", err)
	}
	res.Steps = append(res.Steps, pending...)
	res.Rows = rows
	return res, nil
}

// runAutocommit runs the plan on a dialect without transactional DDL: each
// revision's statements one by one, each recorded in the progress table as it
// completes, then its version-table change (see execStepResumable). A run that
// finds a partly applied revision resumes it where it stopped, after checking
// that the statements already applied still render the same (resumeCheck). A
// revision that can be rendered only with the live schema's help (see
// planOnline) is planned once the revisions before it have run.
func (r *Runner) runAutocommit(ctx context.Context, conn *sql.Conn, plan Planner, replay func([]string) (*schema.MetaData, error)) (*Result, error) {
	res := &Result{}
	prog, err := r.readProgress(ctx, conn)
	if err != nil {
		return nil, err
	}
	w := &progressWriter{r: r, conn: conn}
	if prog != nil {
		w.exists, w.hasRow, w.started = true, true, prog.StartedAt
	}
	var rows []string
	for first := true; ; first = false {
		var p *Plan
		var more bool
		rows, p, more, err = r.planOnline(ctx, conn, plan, replay)
		if err != nil {
			if ferr := w.finish(ctx); ferr != nil {
				return res, fmt.Errorf("%w (and %v)", err, ferr)
			}
			return res, err
		}
		skip := 0
		if first && prog != nil {
			if skip, err = resumeCheck(prog, p, r.ProgressTable().Name); err != nil {
				return nil, err
			}
		}
		for i := range p.Steps {
			st := p.Steps[i]
			r.log(st.Describe())
			switch {
			case skip > 0 && skip == len(st.Statements):
				r.log(fmt.Sprintf("Resuming %s of %s: its %d statements were applied by an earlier run; updating the version table",
					st.Direction, st.Revision.ID, skip))
			case skip > 0:
				r.log(fmt.Sprintf("Resuming %s of %s at statement %d of %d: statements 1 to %d were applied by an earlier run",
					st.Direction, st.Revision.ID, skip+1, len(st.Statements), skip))
			}
			if err := r.execStepResumable(ctx, conn, w, &st, skip); err != nil {
				var se *StatementError
				if errors.As(err, &se) {
					se.Committed = len(res.Steps)
					se.Rows = rows
				}
				if ferr := w.finish(ctx); ferr != nil {
					return res, fmt.Errorf("%w (and %v)", err, ferr)
				}
				return res, err
			}
			skip = 0
			rows = FoldRows(rows, st.Changes)
			res.Steps = append(res.Steps, st)
		}
		if !more {
			break
		}
	}
	if err := w.finish(ctx); err != nil {
		return res, err
	}
	res.Rows = rows
	return res, nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (r *Runner) execStep(ctx context.Context, x execer, st *Step) error {
	start := time.Now()
	total := len(st.Statements)
	for k, s := range st.Statements {
		if err := r.execOne(ctx, x, s); err != nil {
			return &StatementError{Revision: st.Revision, Direction: st.Direction, Index: k + 1, Total: total, SQL: s.SQL, Err: err, Transactional: r.Dialect.Capabilities().TransactionalDDL && st.Transactional}
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
func (r *Runner) execOne(ctx context.Context, x execer, s dialect.Statement) error {
	if r.StatementTimeout <= 0 {
		return execStatement(ctx, x, s)
	}
	sctx, cancel := context.WithTimeout(ctx, r.StatementTimeout)
	defer cancel()
	err := execStatement(sctx, x, s)
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
