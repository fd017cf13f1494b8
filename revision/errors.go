package revision

import (
	"fmt"
	"strings"
)

// GraphErrorKind says which load check a *GraphError comes from.
type GraphErrorKind int

const (
	// InvalidRevision: a nil revision, an id outside [A-Za-z0-9_]{1,32}, or a
	// branch label that is empty, reserved (head, heads, base, current) or holds
	// '@', ':', ',' or white space.
	InvalidRevision GraphErrorKind = iota + 1
	// DuplicateRevision: two files declare the same revision id.
	DuplicateRevision
	// MissingRevision: a down_revision or depends_on names no known revision
	// (or, for depends_on, no branch label).
	MissingRevision
	// Cycle: following down_revision and depends_on comes back to where it
	// started.
	Cycle
	// LabelCollision: a branch label is declared twice, or equals a revision id.
	LabelCollision
)

// String returns the kind's name, e.g. "duplicate revision".
func (k GraphErrorKind) String() string {
	switch k {
	case InvalidRevision:
		return "invalid revision"
	case DuplicateRevision:
		return "duplicate revision"
	case MissingRevision:
		return "missing revision"
	case Cycle:
		return "cycle"
	case LabelCollision:
		return "branch label collision"
	}
	return fmt.Sprintf("GraphErrorKind(%d)", int(k))
}

// GraphError is a load error from NewGraph: the revision files do not form a
// valid revision graph. Its message names the revisions and files involved and
// what to change.
type GraphError struct {
	Kind GraphErrorKind
	// Revisions are the ids involved, in the order the message names them.
	Revisions []string
	// Paths are the files involved (Revision.Path, "" when not from a file),
	// one per entry of Revisions.
	Paths []string
	msg   string
}

// Error returns the message: what is wrong, in which files, and what to change.
func (e *GraphError) Error() string { return e.msg }

// ResolveErrorKind says why an identifier could not be resolved.
type ResolveErrorKind int

const (
	// NoSuchRevision: no revision id, id prefix or branch label matches.
	NoSuchRevision ResolveErrorKind = iota + 1
	// AmbiguousPrefix: several revision ids start with the given prefix.
	AmbiguousPrefix
	// InvalidIdentifier: the identifier or range does not follow the grammar.
	InvalidIdentifier
	// AmbiguousStep: a relative step reached a branch point (going up), a merge
	// point (going down) or several bases.
	AmbiguousStep
	// StepOutOfRange: a relative step went above a head or below base.
	StepOutOfRange
	// NotOnBranch: LABEL@REV names a revision that is not on that branch.
	NotOnBranch
	// NothingApplied: a step relative to the current revisions, with nothing
	// applied (on that branch) to start from.
	NothingApplied
	// NotAncestor: the lower end of a history range is neither the upper end
	// nor one of its ancestors (for example two sibling branches).
	NotAncestor
)

// ResolveError is returned when a revision identifier cannot be resolved. Its
// message keeps the detail, e.g. "Multiple revisions start with 'ae1':
// ae1027a6acf0, ae1b5d9e2c11" or "No such revision or branch 'zzzz'".
type ResolveError struct {
	Kind ResolveErrorKind
	// Ident is the identifier (or the part of it) that failed.
	Ident string
	// Candidates are the revision ids involved: the matches of an ambiguous
	// prefix, the children or parents of an ambiguous step.
	Candidates []string
	msg        string
}

// Error returns the message, with the identifier and the candidates involved.
func (e *ResolveError) Error() string { return e.msg }

// MultipleHeadsError is returned when "head" (or "LABEL@head") is asked for
// while several heads match. Heads are the matching heads in graph order.
type MultipleHeadsError struct {
	Ident string
	Heads []string
}

// Error returns the message: the heads, and the ways to pick among them.
func (e *MultipleHeadsError) Error() string {
	return fmt.Sprintf("Multiple heads are present for '%s': %s; use 'heads' to target all of them, "+
		"'LABEL@head' (a branch label or revision id) to pick one branch, or 'migrate merge heads' to join them",
		e.Ident, strings.Join(e.Heads, ", "))
}

// MultipleCurrentError is returned when a step relative to the current
// revisions (+N, -N) is asked for while the database is at several heads, so
// the starting point is ambiguous. Current are those heads in graph order.
type MultipleCurrentError struct {
	Ident   string
	Current []string
}

// Error returns the message: the current heads, and LABEL@ to pick one.
func (e *MultipleCurrentError) Error() string {
	sign := "-1"
	if strings.Contains(e.Ident, "+") {
		sign = "+1"
	}
	example := "LABEL"
	if len(e.Current) > 0 {
		example = e.Current[0]
	}
	return fmt.Sprintf("Relative revision '%s' is ambiguous: the database is at several heads (%s); "+
		"use LABEL@%s with a branch label or one of these revision ids (e.g. %s@%s) to choose a branch",
		e.Ident, strings.Join(e.Current, ", "), sign, example, sign)
}

// RowErrorKind says what is wrong with a version-table row.
type RowErrorKind int

const (
	// UnknownRow: the row names no known revision.
	UnknownRow RowErrorKind = iota + 1
	// RedundantRow: the row is an ancestor of another row. Plans no longer
	// return it (they delete such a row first); it is kept for callers that
	// check a table themselves.
	RedundantRow
)

// VersionRowError reports a version-table row that does not fit the revision
// graph. Other is, for RedundantRow, the row that descends from Row.
type VersionRowError struct {
	Kind  RowErrorKind
	Row   string
	Other string
}

// Error returns the message: the row, and how to repair the table.
func (e *VersionRowError) Error() string {
	if e.Kind == RedundantRow {
		return fmt.Sprintf("version table rows '%s' and '%s' overlap: %s is an ancestor of %s, but the table "+
			"must hold only heads; repair it with 'migrate stamp --purge' and the revisions the database is at",
			e.Row, e.Other, e.Row, e.Other)
	}
	return fmt.Sprintf("version table row '%s' is not a known revision (was its file deleted, renamed or not "+
		"yet pulled?); restore the file, or repair the table with 'migrate stamp --purge' and the revisions "+
		"the database is at; if Alembic wrote the row, give your baseline revision its id: "+
		"'migrate revision -m baseline --rev-id %s'", e.Row, e.Row)
}

// PlanErrorKind says why a plan could not be made.
type PlanErrorKind int

const (
	// TargetNotApplied: a downgrade target that is not at or below the current
	// revisions.
	TargetNotApplied PlanErrorKind = iota + 1
	// WrongDirection: a relative target pointing the other way (upgrade -1,
	// downgrade +1).
	WrongDirection
)

// PlanError is returned by UpgradePlan and DowngradePlan for a target that
// resolves but cannot be moved to in that direction. Current are the current
// revisions in graph order.
type PlanError struct {
	Kind    PlanErrorKind
	Target  string
	Current []string
	msg     string
}

// Error returns the message: the target, the current revisions and the command to use instead.
func (e *PlanError) Error() string { return e.msg }

func currentText(ids []string) string {
	if len(ids) == 0 {
		return "nothing applied"
	}
	return strings.Join(ids, ", ")
}

// graphErr builds a *GraphError about revs with a formatted message.
func graphErr(kind GraphErrorKind, revs []*Revision, format string, args ...any) *GraphError {
	e := &GraphError{Kind: kind, msg: fmt.Sprintf(format, args...)}
	for _, r := range revs {
		e.Revisions = append(e.Revisions, r.ID)
		e.Paths = append(e.Paths, r.Path)
	}
	return e
}

// resolveErr builds a *ResolveError.
func resolveErr(kind ResolveErrorKind, ident string, cands []string, format string, args ...any) *ResolveError {
	return &ResolveError{Kind: kind, Ident: ident, Candidates: cands, msg: fmt.Sprintf(format, args...)}
}
