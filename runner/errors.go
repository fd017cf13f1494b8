package runner

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/revision"
)

// StatementError says which statement of which revision failed, and what state the
// database was left in.
type StatementError struct {
	Revision  *revision.Revision
	Direction revision.Direction
	// Index is the 1-based number of the failing statement among Total.
	Index, Total int
	SQL          string
	Err          error
	// Transactional is true when the statement ran inside a transaction.
	Transactional bool
	// RolledBack is true when the failing transaction was rolled back.
	RolledBack bool
	// Committed counts the revisions committed before the failure.
	Committed int
	// Rows are the version-table rows after the failure (autocommit dialects).
	Rows []string
	// Interrupted is true when the statement failed because the run was
	// cancelled (Ctrl-C, SIGTERM): nothing needs fixing, the run can be repeated.
	Interrupted bool
}

// next is what to do after the failure: fix (the revision is at fault), or,
// after an interruption, just run again.
func (e *StatementError) next(fix string) string {
	if e.Interrupted {
		return "the run was interrupted: run the same command again"
	}
	return fix
}

func (e *StatementError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s of revision %s", e.Direction, e.Revision.ID)
	if e.Revision.Message != "" {
		fmt.Fprintf(&b, " (%q)", e.Revision.Message)
	}
	fmt.Fprintf(&b, " failed at statement %d of %d: %v; SQL: %s; ", e.Index, e.Total, e.Err, oneLine(e.SQL))
	switch {
	case e.RolledBack:
		b.WriteString("the transaction was rolled back, so the schema and the version table are as they were before it")
		if e.Committed > 0 {
			fmt.Fprintf(&b, " (%d earlier revision(s) of this run were committed)", e.Committed)
		}
		b.WriteString("; " + e.next("fix the revision and run again"))
	default:
		fmt.Fprintf(&b, "statements 1 to %d of this revision were applied and committed (no transactional DDL); the version table still names %s; %s",
			e.Index-1, rowsText(e.Rows), e.next("fix the revision or the database and run again"))
	}
	return b.String()
}

func (e *StatementError) Unwrap() error { return e.Err }

func rowsText(rows []string) string {
	if len(rows) == 0 {
		return "no revision (base)"
	}
	return strings.Join(rows, ", ")
}
