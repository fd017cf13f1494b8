package runner

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/schema"
)

// Replayer returns the schema the revision files describe at the version-table
// rows given (typically Replay over the graph).
type Replayer func(rows []string) (*schema.MetaData, error)

// online is what an online plan holds between Plan and Apply: the session's
// connection, which holds the migration lock, and how to give both back.
type online struct {
	conn    *sql.Conn
	release func()
	// lost returns an error once the migration lock is lost (a lease that
	// expired while the run was stalled): the run stops before its next change.
	lost func() error
	// progress is the partly applied revision found at planning time (dialects
	// without transactional DDL), skip the statements of the plan's first step it
	// already applied.
	progress *Progress
	skip     int
	// pendingRan: the progress's pending statement took effect (the schema
	// changed since it started).
	pendingRan bool
}

// Plan makes the plan of an online run, before anything of it runs: it takes a
// connection and the migration lock (unless NoLock; the lock is held until Apply
// or Discard), creates the version table (and the history table) when missing,
// reads the version-table rows (and the progress table on dialects without
// transactional DDL), asks planner for the steps and renders every statement of
// every step. The schema it renders against is replay(rows) with its gaps filled
// from one read of the live schema through Inspector, made once, up front, on
// every dialect (see fillGaps): tables and columns the revision files never
// describe, and the triggers of tables they describe without any.
//
// The version-table statements are in the plan (Step.Version); what Apply adds
// is derived from it: the history row of each step (HistoryTable), and on
// dialects without transactional DDL the progress-table row that records each
// statement as it completes.
//
// Errors: the lock's, planner's, a read's, a *PlanError for a revision that
// cannot be rendered (naming, when an earlier revision of the same run runs raw
// SQL the model cannot follow, both revisions and what to do), and a
// *ResumeError when a partly applied revision cannot be resumed. On error
// nothing has changed but the version and history tables' creation, and the
// lock is released.
func (r *Runner) Plan(ctx context.Context, planner Planner, replay Replayer) (_ *Plan, err error) {
	if len(r.Replicas) > 0 {
		if _, err := dialect.ReplicaWaiterFor(r.Dialect); err != nil {
			return nil, err
		}
	}
	conn, release, lost, err := r.session(ctx)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			release()
		}
	}()
	if err := r.checkReplicas(ctx, conn); err != nil {
		return nil, err
	}
	if err := r.setStatementTimeout(ctx, conn); err != nil {
		return nil, err
	}
	for _, q := range r.SessionSetup {
		if _, err := r.traced(conn).ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("session set-up statement %q (session_setup in migrate.yaml) failed: %w; nothing was changed: fix or remove it", q, err)
		}
	}
	if err := r.ensureHistory(ctx, conn); err != nil {
		return nil, err
	}
	rows, err := readRows(ctx, conn, r.Dialect, r.VersionTable)
	if err != nil {
		return nil, err
	}
	var prog *Progress
	if !r.Dialect.Capabilities().TransactionalDDL {
		if prog, err = r.readProgress(ctx, conn); err != nil {
			return nil, err
		}
	}
	steps, err := planner(rows)
	if err != nil {
		return nil, err
	}
	if fin := r.finishStep(prog, rows, steps); fin != nil {
		rest, err := planner(FoldRows(rows, fin.Version))
		if err != nil {
			return nil, err
		}
		r.log(fmt.Sprintf("Finishing the %s of %s, which an earlier run left partly applied, before this run's plan", fin.Direction, fin.Revision.ID))
		steps = append([]revision.Step{*fin}, rest...)
	}
	var before *schema.MetaData
	var filled map[string]bool
	if replay != nil && len(steps) > 0 {
		if before, err = replay(rows); err != nil {
			return nil, err
		}
		live, err := r.readLive(ctx)
		if err != nil {
			return nil, err
		}
		before, filled = fillGaps(before, live)
	}
	// The live read completing the replayed schema means raw SQL made what the
	// files do not describe: the model is blind from the start (see Build).
	p, err := BuildFrom(r.Dialect, r.VersionTable, steps, Start{Schema: before, Blind: len(filled) > 0}, false)
	if err != nil {
		return nil, explainPlanError(err, steps)
	}
	p.From = rows
	if err := checkGoSteps(p, r.GoSteps); err != nil {
		return nil, err
	}
	for i := range p.Steps {
		if t := filledTable(p.Steps[i].Ops, filled); t != "" {
			st := &p.Steps[i]
			r.log(fmt.Sprintf("The revision files do not describe all that the %s of %s changes: completed from the live schema (table %s)", st.Direction, st.Revision.ID, t))
		}
	}
	o := &online{conn: conn, release: release, lost: lost, progress: prog}
	if prog != nil {
		if prog.Pending > 0 {
			if fper, ok := r.Dialect.(dialect.SchemaFingerprinter); ok {
				fp, err := fper.SchemaFingerprint(ctx, conn)
				if err != nil {
					return nil, fmt.Errorf("checking whether statement %d of revision %s, running when an earlier run stopped, took effect: %w; nothing was changed", prog.Pending, prog.Revision, err)
				}
				o.pendingRan = fp != prog.SchemaBefore
			}
		}
		if o.skip, err = resumeCheck(prog, p, r.ProgressTable().Name, o.pendingRan); err != nil {
			return nil, err
		}
	}
	p.online = o
	return p, nil
}

// finishStep returns the step that finishes the partly applied downgrade prog
// when steps do not continue it and r.Graph can plan that one step alone (the
// downgrade of a revision the version table names, not a merge); nil
// otherwise (then resumeCheck explains). A partly applied upgrade is never
// finished on the way to a downgrade: the run is refused, as the user may be
// reverting the very revision that failed.
func (r *Runner) finishStep(prog *Progress, rows []string, steps []revision.Step) *revision.Step {
	if prog == nil || r.Graph == nil || prog.Direction != revision.Down {
		return nil
	}
	if len(steps) > 0 && steps[0].Revision.ID == prog.Revision && steps[0].Direction == prog.Direction {
		return nil
	}
	rev := r.Graph.Get(prog.Revision)
	if rev == nil {
		return nil
	}
	if !slices.Contains(rows, rev.ID) || rev.IsMerge() {
		return nil
	}
	target := "base"
	if !rev.IsBase() {
		target = rev.DownRevisions[0]
	}
	one, err := r.Graph.DowngradePlan(rows, target)
	if err != nil || len(one) == 0 || one[0].Revision.ID != rev.ID || one[0].Direction != prog.Direction {
		return nil
	}
	return &one[0]
}

// connectionGone tells whether the run's connection is gone (the run was
// cancelled, or the statement's or the cleanup's error says the connection was
// lost): then an empty progress table left behind is the next run's to drop,
// and saying "drop it by hand" would be wrong.
func (r *Runner) connectionGone(ctx context.Context, errs ...error) bool {
	if ctx.Err() != nil {
		return true
	}
	for _, e := range errs {
		if k := r.Dialect.ClassifyError(e); k == dialect.ErrConnectionLost || k == dialect.ErrCancelled || errors.Is(e, driver.ErrBadConn) {
			return true
		}
	}
	return false
}

// Discard releases the lock and the connection an online plan holds, without
// applying it. It does nothing for an offline plan or one already applied.
func (p *Plan) Discard() {
	if p == nil || p.online == nil {
		return
	}
	p.online.release()
	p.online = nil
}

// Apply executes p, made by Plan on this runner, exactly as planned: in one
// transaction for the whole run (or one per revision with
// TransactionPerMigration) where the dialect has transactional DDL, a revision
// marked transactional: false outside any transaction; statement by statement
// otherwise, each recorded in the progress table as it completes (a run that
// stopped part-way resumes where it stopped). It releases the lock and the
// connection when done, whatever the outcome. Errors: *StatementError (or
// *PartialError) for a failed statement, naming the revision, the statement and
// the state left; an error for a failed version-table or history write; an
// error for a plan that was not made by Plan (offline plans are printed, not
// applied) or was applied or discarded already.
func (r *Runner) Apply(ctx context.Context, p *Plan) (*Result, error) {
	if p == nil || p.online == nil {
		return nil, errors.New("runner: Apply needs a plan made by Runner.Plan and not yet applied or discarded (an offline plan is printed with WriteSQL)")
	}
	o := p.online
	defer p.Discard()
	if r.Dialect.Capabilities().TransactionalDDL {
		return r.applyTransactional(ctx, o, p)
	}
	return r.applyAutocommit(ctx, o, p)
}

// Run plans the run (Plan) and applies that plan (Apply), under one lock.
func (r *Runner) Run(ctx context.Context, planner Planner, replay Replayer) (*Result, error) {
	p, err := r.Plan(ctx, planner, replay)
	if err != nil {
		return nil, err
	}
	return r.Apply(ctx, p)
}

// readLive reads the live schema once (the version, progress, lock and history
// tables excluded). When the run holds the pool's only connection (SQLite :memory:), the
// inspector could not get one: the schema there is what this process made, and
// the revision files alone are used.
func (r *Runner) readLive(ctx context.Context) (*schema.MetaData, error) {
	if st := r.DB.Stats(); st.MaxOpenConnections > 0 && st.InUse >= st.MaxOpenConnections {
		return nil, nil
	}
	if r.Inspector == nil {
		return nil, errors.New("runner: no Inspector to read the live schema with (set Runner.Inspector)")
	}
	opts := inspect.Options{ExcludeTables: []string{r.VersionTable.Name, r.ProgressTable().Name, r.LockTable().Name}}
	if r.HistoryTable.Name != "" {
		opts.ExcludeTables = append(opts.ExcludeTables, r.HistoryTable.Name)
	}
	if r.VersionTable.Schema != "" {
		opts.Schemas = []string{r.VersionTable.Schema}
	}
	live, err := r.Inspector.Inspect(ctx, r.DB, opts)
	if err != nil {
		return nil, fmt.Errorf("reading the live schema to plan the run: %w; nothing was changed", err)
	}
	return live, nil
}

// fillGaps is the one rule that completes the schema replayed from the revision
// files with the live one: it returns a copy of m with the tables of live that m
// lacks, the columns of live that m's tables lack, and the live triggers of
// m's tables that have none (revision files create triggers with raw SQL, which
// the model does not follow). Everything the revision files describe is kept as
// they describe it. filled names ("schema.table") the tables that gained
// anything. live nil returns m unchanged.
func fillGaps(m, live *schema.MetaData) (out *schema.MetaData, filled map[string]bool) {
	if live == nil {
		return m, nil
	}
	out = m.Clone()
	if out == nil {
		out = &schema.MetaData{}
	}
	filled = map[string]bool{}
	for _, lt := range live.Tables {
		key := lt.Schema + "." + lt.Name
		t := out.FindTable(lt.Schema, lt.Name)
		if t == nil {
			out.Tables = append(out.Tables, lt.Clone())
			filled[key] = true
			continue
		}
		for _, lc := range lt.Columns {
			if t.FindColumn(lc.Name) == nil {
				t.Columns = append(t.Columns, lc.Clone())
				filled[key] = true
			}
		}
		if len(t.Triggers) == 0 {
			for _, tr := range lt.Triggers {
				x := *tr
				t.Triggers = append(t.Triggers, &x)
			}
		}
	}
	return out, filled
}

// filledTable returns the first table among those list alters in place that
// fillGaps completed from the live schema, or "".
func filledTable(list []ops.Op, filled map[string]bool) string {
	if len(filled) == 0 {
		return ""
	}
	for _, o := range list {
		if s, t, ok := ops.AlteredTable(o); ok && filled[s+"."+t] {
			return t
		}
	}
	return ""
}

// explainPlanError turns a *PlanError for a step that follows, in the same run,
// a revision running raw SQL (execute) into an error naming both: the table the
// later revision changes may be one the earlier creates, which neither the
// revision files nor the live database (where it does not exist yet) describe,
// so the run cannot be planned before it starts. Other errors are returned as
// they are.
func explainPlanError(err error, steps []revision.Step) error {
	var pe *PlanError
	if !errors.As(err, &pe) {
		return err
	}
	table := ""
	var re *dialect.RenderError
	if errors.As(err, &re) {
		table = re.Table
	}
	var earlier *revision.Step
	for i := range steps {
		st := &steps[i]
		if st.Revision == pe.Revision && st.Direction == pe.Direction {
			break
		}
		list := st.Revision.Upgrade
		if st.Direction == revision.Down {
			list = st.Revision.Downgrade
		}
		for _, o := range list {
			x, ok := o.(*ops.Execute)
			if !ok {
				continue
			}
			if earlier == nil || (table != "" && strings.Contains(strings.ToLower(x.SQL), strings.ToLower(table))) {
				earlier = st
			}
		}
	}
	if earlier == nil {
		return err
	}
	what := "a table"
	if table != "" {
		what = fmt.Sprintf("table %q", table)
	}
	return &PlanError{Revision: pe.Revision, Direction: pe.Direction, Err: fmt.Errorf(
		"it changes %s that neither the revision files nor the database describe yet, and revision %s, earlier in this run, runs raw SQL (execute) that may create it, "+
			"so the run cannot be planned before it starts; no revision was applied: run `migrate %s %s` first and then this command again, "+
			"or describe the table with ops (create_table) instead of raw SQL (%w)",
		what, revLabel(earlier.Revision), earlier.Direction, earlier.Revision.ID, pe.Err)}
}

// revLabel is "id" or "id (path)".
func revLabel(r *revision.Revision) string {
	if r.Path != "" {
		return r.ID + " (" + r.Path + ")"
	}
	return r.ID
}

// applyTransactional executes p on a dialect with transactional DDL, with the
// transactions WriteSQL prints: a transaction is begun before the first
// transactional step after none is open, and committed before a step marked
// transactional: false (which runs outside any), after each step with
// TransactionPerMigration, and at the end.
func (r *Runner) applyTransactional(ctx context.Context, o *online, p *Plan) (*Result, error) {
	conn := o.conn
	res := &Result{}
	rows := p.From
	var tx *sql.Tx
	var pending []Step
	commit := func(what string) error {
		if tx == nil {
			return nil
		}
		if err := o.lost(); err != nil {
			_ = tx.Rollback()
			tx = nil
			return fmt.Errorf("%w; %s was rolled back, not committed: run the command again", err, what)
		}
		err := tx.Commit()
		tx = nil
		if err != nil {
			return fmt.Errorf("committing %s: %w", what, err)
		}
		res.Steps = append(res.Steps, pending...)
		pending = nil
		return nil
	}
	for i := range p.Steps {
		st := p.Steps[i]
		if err := o.lost(); err != nil {
			if tx != nil {
				_ = tx.Rollback()
			}
			return res, fmt.Errorf("%w; stopped before revision %s (the uncommitted revisions of the run were rolled back): run the command again", err, st.Revision.ID)
		}
		r.log(st.Describe())
		if !st.Transactional {
			if err := commit("before non-transactional revision " + st.Revision.ID); err != nil {
				return res, err
			}
			if err := r.execStep(ctx, conn, &st); err != nil {
				return res, err
			}
			rows = FoldRows(rows, st.Changes)
			res.Steps = append(res.Steps, st)
			if err := r.waitReplicas(ctx, conn, st.Revision.ID); err != nil {
				return res, err
			}
			continue
		}
		if tx == nil {
			var err error
			if tx, err = conn.BeginTx(ctx, nil); err != nil {
				return res, fmt.Errorf("beginning transaction: %w", err)
			}
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
		if r.TransactionPerMigration || len(r.Replicas) > 0 {
			if err := commit("revision " + st.Revision.ID); err != nil {
				return res, err
			}
			if err := r.waitReplicas(ctx, conn, st.Revision.ID); err != nil {
				return res, err
			}
		}
	}
	if err := commit("the run"); err != nil {
		return res, err
	}
	res.Rows = rows
	return res, nil
}

// applyAutocommit executes p on a dialect without transactional DDL: each
// revision's statements one by one, each recorded in the progress table as it
// completes, then its version-table change (see execStepResumable). A plan whose
// first step continues a partly applied revision skips the statements already
// applied (Plan checked that they still render the same: resumeCheck).
func (r *Runner) applyAutocommit(ctx context.Context, o *online, p *Plan) (*Result, error) {
	res := &Result{}
	w := &progressWriter{r: r, conn: o.conn}
	if o.progress != nil {
		w.exists, w.legacy, w.hasRow, w.started = true, o.progress.legacy, true, o.progress.StartedAt
		if k := o.progress.Pending; k > 0 {
			if o.pendingRan {
				r.log(fmt.Sprintf("Statement %d of the %s of %s was running when an earlier run stopped; the schema changed since it started, so it took effect: not running it again",
					k, o.progress.Direction, o.progress.Revision))
			} else {
				r.log(fmt.Sprintf("Statement %d of the %s of %s was running when an earlier run stopped; the schema is as it was before it started, so it did not take effect: running it again",
					k, o.progress.Direction, o.progress.Revision))
			}
		}
	}
	rows := p.From
	skip := o.skip
	for i := range p.Steps {
		st := p.Steps[i]
		if err := o.lost(); err != nil {
			err = fmt.Errorf("%w; stopped before revision %s: run the command again", err, st.Revision.ID)
			if ferr := w.finish(ctx); ferr != nil && !r.connectionGone(ctx, err, ferr) {
				return res, fmt.Errorf("%w (and %v)", err, ferr)
			}
			return res, err
		}
		r.log(st.Describe())
		switch {
		case skip > 0 && skip == len(st.Statements):
			r.log(fmt.Sprintf("Resuming %s of %s: its %d statements were applied by an earlier run; updating the version table",
				st.Direction, st.Revision.ID, skip))
		case skip > 0:
			r.log(fmt.Sprintf("Resuming %s of %s at statement %d of %d: statements 1 to %d were applied by an earlier run",
				st.Direction, st.Revision.ID, skip+1, len(st.Statements), skip))
		}
		if err := r.execStepResumable(ctx, o.conn, w, &st, skip); err != nil {
			var se *StatementError
			if errors.As(err, &se) {
				se.Committed = len(res.Steps)
				se.Rows = rows
			}
			if ferr := w.finish(ctx); ferr != nil && !r.connectionGone(ctx, err, ferr) {
				return res, fmt.Errorf("%w (and %v)", err, ferr)
			}
			return res, err
		}
		skip = 0
		rows = FoldRows(rows, st.Changes)
		res.Steps = append(res.Steps, st)
		if err := r.waitReplicas(ctx, o.conn, st.Revision.ID); err != nil {
			if ferr := w.finish(ctx); ferr != nil && !r.connectionGone(ctx, err, ferr) {
				return res, fmt.Errorf("%w (and %v)", err, ferr)
			}
			return res, err
		}
	}
	if err := w.finish(ctx); err != nil {
		return res, err
	}
	res.Rows = rows
	return res, nil
}
