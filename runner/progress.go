package runner

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/revision"
)

// Progress is how far one revision got in a run that stopped part-way on a
// dialect without transactional DDL, where every statement commits on its own.
// It is kept in the progress table, named after the version table with the
// suffix "_progress" and in the same schema, which exists only while a revision
// is partly applied: at most one row, for the revision the version table does
// not name yet.
type Progress struct {
	Revision  string
	Direction revision.Direction
	// Done counts the statements applied (1 to Done); Total is the number the
	// revision rendered to when they were.
	Done, Total int
	// Checksum is the SHA-256, in hex, of the SQL of statements 1 to Done.
	Checksum string
	// StartedAt is when the revision's first statement ran, RFC 3339 in UTC.
	StartedAt string
	// Pending is the number of the statement (Done+1) that had been started and
	// not recorded as done when the run stopped, 0 when none: it may have taken
	// effect on the server (DDL commits on its own, and the server finishes a
	// statement whose client died). PendingChecksum is the SHA-256, in hex, of
	// its SQL; SchemaBefore the dialect's schema fingerprint taken right before
	// it started (dialect.SchemaFingerprinter), which the next run compares with
	// the schema it finds to tell whether the statement took effect.
	Pending         int
	PendingChecksum string
	SchemaBefore    string

	legacy bool // read from a progress table without the pending columns
}

// String describes the progress as `current` shows it after the heads:
// "<rev> (partial: 1 of 3 statements applied)", "partial downgrade" for a
// downgrade.
func (p *Progress) String() string {
	kind := "partial"
	if p.Direction == revision.Down {
		kind = "partial downgrade"
	}
	if p.Pending > 0 {
		return fmt.Sprintf("%s (%s: %d of %d statements applied, statement %d was running when the run stopped)", p.Revision, kind, p.Done, p.Total, p.Pending)
	}
	return fmt.Sprintf("%s (%s: %d of %d statements applied)", p.Revision, kind, p.Done, p.Total)
}

// ProgressTable returns the progress table beside the version table.
func (r *Runner) ProgressTable() dialect.VersionTable {
	return dialect.VersionTable{Schema: r.VersionTable.Schema, Name: r.VersionTable.Name + "_progress"}
}

// Progress reads the partly applied revision, or nil when there is none. On a
// dialect with transactional DDL it is always nil and nothing is read: a failed
// revision there is rolled back whole.
func (r *Runner) Progress(ctx context.Context) (*Progress, error) {
	if r.Dialect.Capabilities().TransactionalDDL {
		return nil, nil
	}
	return r.readProgress(ctx, r.DB)
}

func (r *Runner) readProgress(ctx context.Context, q queryer) (*Progress, error) {
	pt := r.ProgressTable()
	const cols = "revision, direction, statements_done, statements_total, checksum, started_at"
	legacy := false
	rs, err := q.QueryContext(ctx, "SELECT "+cols+", pending, pending_checksum, schema_before FROM "+qualified(r.Dialect, pt))
	if err != nil {
		if missing, merr := r.tableMissing(ctx, err, pt); merr == nil && missing {
			return nil, nil
		}
		// A table written by an earlier version of migrate, without the
		// pending columns?
		var lerr error
		if rs, lerr = q.QueryContext(ctx, "SELECT "+cols+" FROM "+qualified(r.Dialect, pt)); lerr != nil {
			return nil, fmt.Errorf("reading progress table %s: %w", pt.Name, err)
		}
		legacy = true
	}
	defer rs.Close()
	var out []*Progress
	for rs.Next() {
		p := &Progress{legacy: legacy}
		var dir string
		dest := []any{&p.Revision, &dir, &p.Done, &p.Total, &p.Checksum, &p.StartedAt}
		if !legacy {
			dest = append(dest, &p.Pending, &p.PendingChecksum, &p.SchemaBefore)
		}
		if err := rs.Scan(dest...); err != nil {
			return nil, fmt.Errorf("reading progress table %s: %w", pt.Name, err)
		}
		p.Direction = revision.Up
		if dir == revision.Down.String() {
			p.Direction = revision.Down
		}
		out = append(out, p)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("reading progress table %s: %w", pt.Name, err)
	}
	switch len(out) {
	case 0:
		return nil, nil
	case 1:
		return out[0], nil
	}
	return nil, fmt.Errorf("progress table %s holds %d rows, and migrate writes at most one: it was changed by hand; "+
		"check which revision is partly applied, fix the schema, and delete the rows (DELETE FROM %s)", pt.Name, len(out), qualified(r.Dialect, pt))
}

// tableMissing tells whether err, from a query on table vt, means vt does not
// exist: by the dialect's word when it can tell, else by inspecting.
func (r *Runner) tableMissing(ctx context.Context, err error, vt dialect.VersionTable) (bool, error) {
	if r.Dialect.ClassifyError(err) == dialect.ErrMissingTable {
		return true, nil
	}
	in := r.Inspector
	if in == nil {
		return false, fmt.Errorf("cannot tell whether table %s exists: the runner has no Inspector (set Runner.Inspector)", vt.Name)
	}
	opts := inspect.Options{}
	if vt.Schema != "" {
		opts.Schemas = []string{vt.Schema}
	}
	m, ierr := in.Inspect(ctx, r.DB, opts)
	if ierr != nil {
		return false, ierr
	}
	return m.FindTable(vt.Schema, vt.Name) == nil, nil
}

// Checksum returns the SHA-256, in hex, of the SQL of stmts, each ended by a NUL.
func Checksum(stmts []dialect.Statement) string {
	h := sha256.New()
	for _, s := range stmts {
		h.Write([]byte(s.SQL))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// progressWriter writes the progress table during one autocommit run. The table
// is created on the first write and dropped at the end of the run when no
// revision is left partly applied, so that it never outlives a failure it does
// not describe and autogenerate never sees it otherwise.
type progressWriter struct {
	r       *Runner
	conn    *sql.Conn
	exists  bool // the table exists (created by this run, or found at its start)
	legacy  bool // it exists without the pending columns (earlier migrate)
	hasRow  bool
	started string
}

func (w *progressWriter) table() string { return qualified(w.r.Dialect, w.r.ProgressTable()) }

func (w *progressWriter) lit(v any) string {
	s, err := w.r.Dialect.Literal(v)
	if err != nil {
		// Literal renders strings and integers on every dialect.
		return "NULL"
	}
	return s
}

func (w *progressWriter) ensure(ctx context.Context) error {
	if w.exists && w.legacy {
		for _, c := range []string{"pending INTEGER NOT NULL DEFAULT 0", "pending_checksum VARCHAR(64) NOT NULL DEFAULT ''", "schema_before VARCHAR(64) NOT NULL DEFAULT ''"} {
			s := "ALTER TABLE " + w.table() + " ADD COLUMN " + c
			if _, err := w.conn.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("adding a column to progress table %s: %w (SQL: %s)", w.r.ProgressTable().Name, err, s)
			}
		}
		w.legacy = false
	}
	if w.exists {
		return nil
	}
	q := w.r.Dialect.QuoteIdent
	pk := q(w.r.ProgressTable().Name + "_pkc")
	s := "CREATE TABLE IF NOT EXISTS " + w.table() + " (revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, " +
		"statements_done INTEGER NOT NULL, statements_total INTEGER NOT NULL, checksum VARCHAR(64) NOT NULL, " +
		"started_at VARCHAR(40) NOT NULL, pending INTEGER NOT NULL DEFAULT 0, pending_checksum VARCHAR(64) NOT NULL DEFAULT '', " +
		"schema_before VARCHAR(64) NOT NULL DEFAULT '', CONSTRAINT " + pk + " PRIMARY KEY (revision))"
	if _, err := w.conn.ExecContext(ctx, s); err != nil {
		return fmt.Errorf("creating progress table %s: %w (SQL: %s)", w.r.ProgressTable().Name, err, s)
	}
	w.exists = true
	return nil
}

// record returns the statement that records statements 1 to done of st as
// applied: an INSERT for the first, an UPDATE after.
func (w *progressWriter) record(st *Step, done int) string {
	sum := Checksum(st.Statements[:done])
	if !w.hasRow {
		if w.started == "" {
			w.started = time.Now().UTC().Format(time.RFC3339)
		}
		return fmt.Sprintf("INSERT INTO %s (revision, direction, statements_done, statements_total, checksum, started_at) VALUES (%s, %s, %d, %d, %s, %s)",
			w.table(), w.lit(st.Revision.ID), w.lit(st.Direction.String()), done, len(st.Statements), w.lit(sum), w.lit(w.started))
	}
	return fmt.Sprintf("UPDATE %s SET statements_done = %d, statements_total = %d, checksum = %s, pending = 0, pending_checksum = '', schema_before = '' WHERE revision = %s",
		w.table(), done, len(st.Statements), w.lit(sum), w.lit(st.Revision.ID))
}

// intent returns the statement that records, before it runs, that statement
// k+1 of st is about to run on a schema whose fingerprint is fp: an INSERT
// (statements 1 to k done) when the revision has no row yet, an UPDATE after.
func (w *progressWriter) intent(st *Step, k int, fp string) string {
	pend := Checksum(st.Statements[k : k+1])
	if !w.hasRow {
		if w.started == "" {
			w.started = time.Now().UTC().Format(time.RFC3339)
		}
		return fmt.Sprintf("INSERT INTO %s (revision, direction, statements_done, statements_total, checksum, started_at, pending, pending_checksum, schema_before) "+
			"VALUES (%s, %s, %d, %d, %s, %s, %d, %s, %s)",
			w.table(), w.lit(st.Revision.ID), w.lit(st.Direction.String()), k, len(st.Statements), w.lit(Checksum(st.Statements[:k])), w.lit(w.started),
			k+1, w.lit(pend), w.lit(fp))
	}
	return fmt.Sprintf("UPDATE %s SET pending = %d, pending_checksum = %s, schema_before = %s WHERE revision = %s",
		w.table(), k+1, w.lit(pend), w.lit(fp), w.lit(st.Revision.ID))
}

// unintent returns the statement that withdraws the intent of a statement that
// failed and certainly did not take effect: the row goes when the intent made
// it (hadRow false), else its pending columns are reset.
func (w *progressWriter) unintent(st *Step, hadRow bool) string {
	if !hadRow {
		return w.clear(st)
	}
	return fmt.Sprintf("UPDATE %s SET pending = 0, pending_checksum = '', schema_before = '' WHERE revision = %s", w.table(), w.lit(st.Revision.ID))
}

// clear returns the statement that removes st's row.
func (w *progressWriter) clear(st *Step) string {
	return fmt.Sprintf("DELETE FROM %s WHERE revision = %s", w.table(), w.lit(st.Revision.ID))
}

// finish drops the table when this run used it and no row is left.
func (w *progressWriter) finish(ctx context.Context) error {
	if !w.exists || w.hasRow {
		return nil
	}
	s := "DROP TABLE IF EXISTS " + w.table()
	if _, err := w.conn.ExecContext(ctx, s); err != nil {
		return fmt.Errorf("dropping the empty progress table %s: %w (SQL: %s); drop it by hand", w.r.ProgressTable().Name, err, s)
	}
	w.exists = false
	return nil
}

// resumeCheck checks that the plan's first step continues the partly applied
// revision p and that its statements 1 to p.Done render as they did. It returns
// the number of statements to skip.
//
// When p has a pending statement (p.Pending), ran tells whether it took effect
// (the schema changed since it started): then it is skipped too, provided it
// still renders as it did; otherwise it runs again.
func resumeCheck(p *Progress, plan *Plan, pt string, ran bool) (int, error) {
	how := fmt.Sprintf("revision %s is partly applied: its %s stopped after statement %d of %d (started %s, recorded in table %s)",
		p.Revision, p.Direction, p.Done, p.Total, p.StartedAt, pt)
	if len(plan.Steps) == 0 || plan.Steps[0].Revision.ID != p.Revision || plan.Steps[0].Direction != p.Direction {
		next := "none"
		if len(plan.Steps) > 0 {
			next = plan.Steps[0].Direction.String() + " of " + plan.Steps[0].Revision.ID
		}
		finish := "migrate upgrade " + p.Revision
		if p.Direction == revision.Down {
			finish = "the downgrade that stopped, run again"
		}
		return 0, &ResumeError{Progress: p, Msg: fmt.Sprintf("%s; this run would start with %s instead: finish it first (%s, after fixing the revision), "+
			"or undo its %d applied statement(s) by hand and delete its row (DELETE FROM %s)", how, next, finish, p.Done, pt)}
	}
	st := &plan.Steps[0]
	if p.Done > len(st.Statements) || Checksum(st.Statements[:p.Done]) != p.Checksum {
		return 0, &ResumeError{Progress: p, Msg: fmt.Sprintf("%s; the SQL of %s of the revision, as rendered now, is not the SQL that was applied (checksum), "+
			"so resuming at statement %d could skip or repeat work: put %s back as %s and change only the later ones, "+
			"or bring the database in line by hand and delete the row (DELETE FROM %s)", how, span(p.Done), p.Done+1, span(p.Done), applied(p.Done), pt)}
	}
	if p.Pending > 0 && ran {
		k := p.Pending
		if k != p.Done+1 || k > len(st.Statements) || Checksum(st.Statements[k-1:k]) != p.PendingChecksum {
			return 0, &ResumeError{Progress: p, Msg: fmt.Sprintf("%s; statement %d was running when that run stopped and the schema has changed since it started, "+
				"so it took effect, but its SQL as rendered now is not the SQL that ran (checksum): put statement %d back as it was and change only the later ones, "+
				"or bring the database in line by hand and delete the row (DELETE FROM %s)", how, k, k, pt)}
		}
		return k, nil
	}
	return p.Done, nil
}

// ResumeError is returned when a run cannot resume a partly applied revision.
type ResumeError struct {
	Progress *Progress
	Msg      string
}

func (e *ResumeError) Error() string { return e.Msg }

// PartialError is a failed statement on a dialect without transactional DDL: it
// says what of the revision was applied before, where that is recorded, and how
// to resume. It wraps the *StatementError.
type PartialError struct {
	*StatementError
	// Applied counts the revision's statements applied (in this run and earlier
	// ones) before the failing one.
	Applied int
	// ProgressTable names the table recording them ("" when none was applied).
	ProgressTable string
	// Uncertain: the statement was interrupted (cancelled, or its connection
	// lost) and may still take effect on the server; its start is recorded in
	// ProgressTable, and the next run checks the schema to tell.
	Uncertain bool
}

func (e *PartialError) Error() string {
	se := e.StatementError
	var b strings.Builder
	fmt.Fprintf(&b, "%s of revision %s", se.Direction, se.Revision.ID)
	if se.Revision.Message != "" {
		fmt.Fprintf(&b, " (%q)", se.Revision.Message)
	}
	if se.Revision.Path != "" {
		fmt.Fprintf(&b, " in %s", se.Revision.Path)
	}
	fmt.Fprintf(&b, " failed at statement %d of %d: %v; SQL: %s; ", se.Index, se.Total, se.Err, oneLine(se.SQL))
	if e.Uncertain {
		before := "no earlier statement of this revision was applied"
		if e.Applied > 0 {
			before = span(e.Applied) + " of this revision " + map[bool]string{true: "was", false: "were"}[e.Applied == 1] + " applied"
		}
		fmt.Fprintf(&b, "the statement was interrupted and the server may still complete it; %s; its start is recorded in table %s; "+
			"the version table still names %s; run the same command again: it checks the schema to tell whether statement %d took effect, and skips or reruns it",
			before, e.ProgressTable, rowsText(se.Rows), se.Index)
		return b.String()
	}
	if e.Applied == 0 {
		fmt.Fprintf(&b, "no statement of this revision was applied; the version table still names %s; %s",
			rowsText(se.Rows), se.next("fix the revision or the database and run again"))
		return b.String()
	}
	done := span(e.Applied)
	verb := "were"
	if e.Applied == 1 {
		verb = "was"
	}
	if se.Interrupted {
		fmt.Fprintf(&b, "%s of this revision %s applied and committed (no transactional DDL) and recorded in table %s; "+
			"the version table still names %s; the run was interrupted: run the same command again: it resumes at statement %d",
			done, verb, e.ProgressTable, rowsText(se.Rows), se.Index)
		return b.String()
	}
	fmt.Fprintf(&b, "%s of this revision %s applied and committed (no transactional DDL) and recorded in table %s; "+
		"the version table still names %s; fix statement %d (leave %s as written) and run the same command again: it resumes at statement %d",
		done, verb, e.ProgressTable, rowsText(se.Rows), se.Index, done, se.Index)
	return b.String()
}

// applied is "it was" or "they were" applied, for n statements.
func applied(n int) string {
	if n == 1 {
		return "it was applied"
	}
	return "they were applied"
}

// span is "statement 1" or "statements 1 to n".
func span(n int) string {
	if n == 1 {
		return "statement 1"
	}
	return fmt.Sprintf("statements 1 to %d", n)
}

// Unwrap returns the *StatementError.
func (e *PartialError) Unwrap() error { return e.StatementError }
