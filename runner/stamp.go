package runner

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/revision"
)

// StampPlanner computes the version-table changes of a stamp from the current
// rows, typically with revision.Graph.StampPlan.
type StampPlanner func(rows []string) ([]revision.VersionChange, error)

// StampResult says what a stamp did: the rows before and after, and the
// changes made (in order).
type StampResult struct {
	Before, After []string
	Changes       []revision.VersionChange
}

// Stamp sets the version table without running any revision, as Alembic's
// `stamp`: it takes the dialect's lock (unless NoLock), creates the version
// table when missing, reads the rows, asks plan for the changes and makes them,
// in one transaction where the dialect has transactional DDL (so a failure
// leaves the table as it was), one statement at a time otherwise. Each change
// is logged through Log ("Stamping <from> -> <to>").
//
// Errors: the lock's, plan's (wrapped as returned), and a failed statement,
// naming the SQL and saying what state the table was left in.
func (r *Runner) Stamp(ctx context.Context, plan StampPlanner) (*StampResult, error) {
	conn, release, _, err := r.session(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	var x execer = conn
	var tx *sql.Tx
	if r.Dialect.Capabilities().TransactionalDDL {
		if tx, err = conn.BeginTx(ctx, nil); err != nil {
			return nil, fmt.Errorf("beginning transaction: %w", err)
		}
		x = tx
	}
	rollback := func() {
		if tx != nil {
			_ = tx.Rollback()
		}
	}
	before, err := readRows(ctx, x, r.Dialect, r.VersionTable)
	if err != nil {
		rollback()
		return nil, err
	}
	changes, err := plan(before)
	if err != nil {
		rollback()
		return nil, err
	}
	rows := before
	for i, c := range changes {
		r.log("Stamping " + stampDescribe(c))
		s := versionSQL(r.Dialect, r.VersionTable, changes[i:i+1])[0]
		if _, err := r.traced(x).ExecContext(ctx, s); err != nil {
			rollback()
			state := "the transaction was rolled back, so the version table is as it was"
			if tx == nil {
				state = "the version table now holds " + rowsText(rows) + " (no transactional DDL)"
			}
			return nil, fmt.Errorf("stamping %s failed: %w; SQL: %s; %s; fix the cause and run stamp again", stampDescribe(c), err, s, state)
		}
		rows = FoldRows(rows, changes[i:i+1])
	}
	if tx != nil {
		if err := tx.Commit(); err != nil {
			return nil, fmt.Errorf("committing the stamp: %w", err)
		}
	}
	return &StampResult{Before: before, After: rows, Changes: changes}, nil
}

// stampDescribe is "<from> -> <to>" with "<base>" for no row.
func stampDescribe(c revision.VersionChange) string {
	from, to := c.From, c.To
	if from == "" {
		from = "<base>"
	}
	if to == "" {
		to = "<base>"
	}
	return from + " -> " + to
}

// WriteStampSQL prints the offline (--sql) form of a stamp: the version table's
// CREATE … IF NOT EXISTS, then BEGIN where the dialect has transactional DDL,
// one "-- Stamping A -> B" comment and statement per change, and COMMIT; the
// same layout as Plan.WriteSQL.
func WriteStampSQL(w io.Writer, d dialect.Dialect, vt dialect.VersionTable, changes []revision.VersionChange) error {
	var b strings.Builder
	stmt := func(s string) {
		b.WriteString(strings.TrimRight(s, "; \n\t"))
		b.WriteString(";\n\n")
	}
	for _, s := range d.CreateVersionTable(vt) {
		stmt(s)
	}
	if s := d.Begin(); s != "" {
		stmt(s)
	}
	for i, c := range changes {
		fmt.Fprintf(&b, "-- Stamping %s\n\n", stampDescribe(c))
		stmt(versionSQL(d, vt, changes[i:i+1])[0])
	}
	if s := d.Commit(); s != "" {
		stmt(s)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
