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
		b.WriteString("; fix the revision and run again")
	default:
		fmt.Fprintf(&b, "statements 1 to %d of this revision were applied and committed (no transactional DDL); the version table still names %s; fix the revision or the database and run again",
			e.Index-1, rowsText(e.Rows))
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
