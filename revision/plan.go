package revision

import "fmt"

// Direction is the way a Step moves: Up runs a revision's upgrade ops, Down
// its downgrade ops.
type Direction int

const (
	// Up applies a revision (its upgrade ops).
	Up Direction = iota + 1
	// Down removes a revision (its downgrade ops).
	Down
)

// String returns "upgrade" or "downgrade".
func (d Direction) String() string {
	switch d {
	case Up:
		return "upgrade"
	case Down:
		return "downgrade"
	}
	return fmt.Sprintf("Direction(%d)", int(d))
}

// ChangeKind is the kind of a version-table row change.
type ChangeKind int

const (
	// Insert adds row To.
	Insert ChangeKind = iota + 1
	// Update changes row From into To.
	Update
	// Delete removes row From.
	Delete
)

// String returns "insert", "update" or "delete".
func (k ChangeKind) String() string {
	switch k {
	case Insert:
		return "insert"
	case Update:
		return "update"
	case Delete:
		return "delete"
	}
	return fmt.Sprintf("ChangeKind(%d)", int(k))
}

// VersionChange is one change to the version table (one row per current
// head): From is the row removed or updated ("" for Insert), To the row
// inserted or written ("" for Delete). Both are revision ids.
type VersionChange struct {
	Kind     ChangeKind
	From, To string
}

// Step is one revision to run in a plan, with the version-table changes to
// make after it, in the order to make them.
//
// The rows are always the heads of the applied set, where down_revision and
// depends_on both count, so an applied dependency is absorbed by its
// dependent's row as in Alembic. Upgrading R replaces the rows among R's
// parents and dependencies by R: the first of them (DownRevisions order, then
// DependsOn order) is UPDATEd to R and the others DELETEd (a merge); with none
// of them a row, R is INSERTed (a new branch). Downgrading R replaces R's row
// by those of its parents and dependencies that become heads: R is UPDATEd to
// the first (same order) and the others INSERTed (an unmerge); with none, R's
// row is DELETEd. Alembic picks the updated row from an unordered set; this
// fixed order is ours.
type Step struct {
	Revision  *Revision
	Direction Direction
	Version   []VersionChange
}

// UpgradePlan returns the steps that bring a database at current (its
// version-table rows; nil for a fresh database) up to target, an identifier
// as Resolve takes: every revision that target needs (its ancestors through
// down_revision and depends_on, and itself) and that is not applied yet,
// touching no other branch, as Alembic's upgrade with implicit_base. The
// order is Alembic's: the reverse of branchOrder from the target, so a branch
// is finished before the next one starts. "heads" upgrades everything. A target already applied gives
// an empty plan.
//
// A current row that is an ancestor of another row (as Alembic's stamp can
// leave) is DELETEd by the first step.
//
// Errors: those of Resolve; *VersionRowError for a current row that is
// unknown; *PlanError (WrongDirection) for a relative
// target that steps down from the current revisions (-1, L@-1).
func (g *Graph) UpgradePlan(current []string, target string) ([]Step, error) {
	rows, redundant, err := g.headRows(current)
	if err != nil {
		return nil, err
	}
	t, err := g.resolve(target, func() ([]int32, error) { return rows, nil })
	if err != nil {
		return nil, err
	}
	if t.rel < 0 {
		return nil, &PlanError{Kind: WrongDirection, Target: target, Current: g.ids(rows),
			msg: fmt.Sprintf("cannot upgrade to '%s': it steps down from the current revisions (%s); use 'migrate downgrade %s'",
				target, currentText(g.ids(rows)), target)}
	}
	need := g.ancestors(t.revs)
	sim := g.newRowSim(rows)
	for i, a := range sim.applied {
		if a {
			need[i] = false
		}
	}
	order := g.branchOrder(need, t.revs)
	var steps []Step
	for k := len(order) - 1; k >= 0; k-- {
		i := order[k]
		steps = append(steps, Step{Revision: g.revs[i], Direction: Up, Version: sim.up(i)})
	}
	g.dropRedundant(steps, redundant)
	return steps, nil
}
