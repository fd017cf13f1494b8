package revision

import "fmt"

// DowngradePlan returns the steps that bring a database at current (its
// version-table rows) down to target, an identifier as Resolve takes: the
// target's children through down_revision and every applied revision that
// descends from them through down_revision or depends_on, as Alembic's
// _collect_downgrade_revisions. A revision that only depends_on the target
// (another branch) is kept, and so is the target: its row stays or is
// absorbed by that dependent's row. The order is Alembic's (branchOrder from
// the current rows): each branch is undone before the next.
//
//   - "base" removes everything; "L@base" removes the bases below L and every
//     applied revision above them.
//   - "L@X" (X an id, head, -N, ...) removes only what is above X on L's
//     lineage: the children of X that are not on it are kept.
//   - "-N" steps down from the single current revision; with several current
//     heads it is refused with a *MultipleCurrentError that lists them and
//     suggests L@-N.
//   - A target that is applied but has nothing applied above it gives an
//     empty plan.
//
// A current row that is an ancestor of another row (as Alembic's stamp can
// leave) is DELETEd by the first step.
//
// Errors: those of Resolve; *VersionRowError for a current row that is
// unknown; *PlanError with Kind TargetNotApplied for a
// target that is not at or below the current revisions, or WrongDirection for
// a relative target that steps up (+1, L@+1).
func (g *Graph) DowngradePlan(current []string, target string) ([]Step, error) {
	rows, redundant, err := g.headRows(current)
	if err != nil {
		return nil, err
	}
	t, err := g.resolve(target, func() ([]int32, error) { return rows, nil })
	if err != nil {
		return nil, err
	}
	cur := g.ids(rows)
	if t.rel > 0 {
		return nil, &PlanError{Kind: WrongDirection, Target: target, Current: cur,
			msg: fmt.Sprintf("cannot downgrade to '%s': it steps up from the current revisions (%s); use 'migrate upgrade %s'",
				target, currentText(cur), target)}
	}
	sim := g.newRowSim(rows)
	var remove []bool
	switch {
	case t.base && t.branch < 0:
		remove = append([]bool(nil), sim.applied...)
	case t.base:
		remove = g.descendants(t.roots)
	default:
		for _, i := range t.revs {
			if !sim.applied[i] {
				return nil, &PlanError{Kind: TargetNotApplied, Target: target, Current: cur,
					msg: fmt.Sprintf("cannot downgrade to '%s': revision %s is not applied, so it is not below the current revisions (%s); use 'migrate upgrade %s' to move up to it",
						target, g.revs[i].ID, currentText(cur), target)}
			}
		}
		var roots []int32
		var lin []bool
		if t.branch >= 0 {
			lin = g.lineage(t.branch)
		}
		for _, i := range t.revs {
			for _, c := range g.kid.of(i) {
				if lin == nil || lin[c] {
					roots = append(roots, c)
				}
			}
		}
		remove = g.descendants(roots)
		keep := g.ancestors(t.revs)
		for i, k := range keep {
			if k {
				remove[i] = false
			}
		}
	}
	for i, a := range sim.applied {
		remove[i] = remove[i] && a
	}
	var steps []Step
	for _, i := range g.branchOrder(remove, rows) {
		steps = append(steps, Step{Revision: g.revs[i], Direction: Down, Version: sim.down(i)})
	}
	g.dropRedundant(steps, redundant)
	return steps, nil
}
