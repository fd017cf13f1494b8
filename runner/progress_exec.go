package runner

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/retortdb/migrate/dialect"
)

// execStepResumable runs st statement by statement on a dialect without
// transactional DDL, starting after the first skip statements (applied by an
// earlier run). Each statement runs in a transaction together with the progress
// row that counts it, so a statement that is not DDL (an INSERT, an UPDATE)
// and its record commit together, and DDL (which commits implicitly) is recorded
// right after. The version-table statements and the removal of the progress row
// then commit together.
func (r *Runner) execStepResumable(ctx context.Context, conn *sql.Conn, w *progressWriter, st *Step, skip int) error {
	start := time.Now()
	total := len(st.Statements)
	fper, _ := r.Dialect.(dialect.SchemaFingerprinter)
	for k := skip; k < total; k++ {
		s := st.Statements[k]
		if err := w.ensure(ctx); err != nil {
			return err
		}
		hadRow, intended := w.hasRow, false
		if fper != nil && s.Go == "" && (s.NoTransaction || fper.CommitsOnItsOwn(s.SQL)) {
			// Record the intent first: if this process dies while the server
			// runs the statement, the next run knows which statement may have
			// taken effect, and on what schema it started.
			fp, err := fper.SchemaFingerprint(ctx, conn)
			if err != nil {
				return fmt.Errorf("%s of revision %s: before statement %d of %d: %w; that statement did not run", st.Direction, st.Revision.ID, k+1, total, err)
			}
			in := w.intent(st, k, fp)
			if _, err := conn.ExecContext(ctx, in); err != nil {
				return fmt.Errorf("%s of revision %s: recording the start of statement %d of %d in table %s failed: %w (SQL: %s); that statement did not run",
					st.Direction, st.Revision.ID, k+1, total, r.ProgressTable().Name, err, in)
			}
			w.hasRow, intended = true, true
		}
		rec := w.record(st, k+1)
		stmtErr, recErr := r.execRecorded(ctx, conn, s.SQL, s.NoTransaction, func(x execer) error { return r.execOne(ctx, x, st, s) }, rec)
		if stmtErr != nil {
			se := &StatementError{Revision: st.Revision, Direction: st.Direction, Index: k + 1, Total: total, SQL: s.SQL, Err: stmtErr, Interrupted: ctx.Err() != nil}
			pe := &PartialError{StatementError: se, Applied: k}
			if intended {
				// A statement that failed on its own did not take effect (DDL
				// that fails is rolled back): withdraw the intent. One that was
				// interrupted may still complete on the server: keep it.
				kind := r.Dialect.ClassifyError(stmtErr)
				pe.Uncertain = ctx.Err() != nil || kind == dialect.ErrCancelled || kind == dialect.ErrConnectionLost
				if !pe.Uncertain {
					if _, err := conn.ExecContext(ctx, w.unintent(st, hadRow)); err != nil {
						pe.Uncertain = true
					} else {
						w.hasRow = hadRow
					}
				}
			}
			if k > 0 || pe.Uncertain {
				pe.ProgressTable = r.ProgressTable().Name
			}
			return pe
		}
		if recErr != nil && intended {
			return fmt.Errorf("%s of revision %s: statement %d of %d ran, but recording it in table %s failed: %w (SQL: %s); "+
				"its start is recorded there: run the same command again, it checks the schema to tell whether statement %d took effect, and skips or reruns it",
				st.Direction, st.Revision.ID, k+1, total, r.ProgressTable().Name, recErr, rec, k+1)
		}
		if recErr != nil {
			return fmt.Errorf("%s of revision %s: statement %d of %d ran, but recording it in table %s failed: %w (SQL: %s); "+
				"statements 1 to %d are recorded there: if statement %d is not in the database, the next run redoes it; otherwise set statements_done to %d by hand before running again",
				st.Direction, st.Revision.ID, k+1, total, r.ProgressTable().Name, recErr, rec, k, k+1, k+1)
		}
		w.hasRow = true
	}
	tail := append([]string(nil), st.Version...)
	if w.hasRow {
		tail = append(tail, w.clear(st))
	}
	h, err := r.historyInsert(st, start)
	if err != nil {
		return err
	}
	if h != "" {
		tail = append(tail, h)
	}
	btx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("updating version table for revision %s: beginning a transaction: %w", st.Revision.ID, err)
	}
	tx := r.traced(btx)
	for _, s := range tail {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			_ = btx.Rollback()
			return fmt.Errorf("updating version table for revision %s: %w (SQL: %s); all %d statements of the revision were applied: "+
				"fix the cause and run again (it resumes with the version update)", st.Revision.ID, err, s, total)
		}
	}
	if err := btx.Commit(); err != nil {
		return fmt.Errorf("updating version table for revision %s: committing: %w; all %d statements of the revision were applied: run again", st.Revision.ID, err, total)
	}
	w.hasRow, w.started = false, ""
	return nil
}

// execRecorded runs one statement through run and then the record statement,
// in one transaction unless noTx. It returns the statement's error (nothing was
// recorded) or the record's error (the statement ran).
func (r *Runner) execRecorded(ctx context.Context, conn *sql.Conn, stmt string, noTx bool, run func(execer) error, rec string) (stmtErr, recErr error) {
	if noTx {
		x := r.traced(conn)
		if err := run(x); err != nil {
			return err, nil
		}
		_, err := x.ExecContext(ctx, rec)
		return nil, err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning a transaction: %w", err), nil
	}
	x := r.traced(tx)
	if err := run(x); err != nil {
		_ = tx.Rollback()
		return err, nil
	}
	if _, err := x.ExecContext(ctx, rec); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	return nil, tx.Commit()
}
