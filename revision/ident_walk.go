package revision

import (
	"slices"
	"strings"
)

// resolveRelative resolves SYM+N / SYM-N (sign +1 / -1), SYM possibly empty
// (the current revisions). A walk that ends at base gives a base target.
func (g *Graph) resolveRelative(ident, sym string, sign, n int, t target, cur func() ([]int32, error)) (target, error) {
	var lin []bool
	if t.branch >= 0 {
		lin = g.lineage(t.branch)
	}
	up := sign > 0
	var starts []int32 // -1 is base
	switch sym {
	case "", "current":
		t.rel = sign
		rows, err := cur()
		if err != nil {
			return t, err
		}
		var s int32
		if up {
			s, err = g.upStart(ident, rows, t.branch, lin)
		} else {
			s, err = g.downStart(ident, rows, t.branch, lin)
		}
		if err != nil {
			return t, err
		}
		starts = []int32{s}
	case "head":
		hs, err := g.headOf(ident, t.branch)
		if err != nil {
			return t, err
		}
		starts = append(hs, -1)[:1] // the head, or base for an empty graph
	case "heads":
		if up {
			return t, resolveErr(StepOutOfRange, ident, nil,
				"Relative revision '%s' goes above the heads; nothing is above a head", ident)
		}
		starts = g.headsOf(t.branch)
	case "base":
		starts = []int32{-1}
	default:
		i, err := g.lookupOn(sym, t.branch)
		if err != nil {
			return t, err
		}
		if err := g.onBranch(ident, i, t.branch); err != nil {
			return t, err
		}
		starts = []int32{i}
	}
	for _, s := range starts {
		p, err := g.walk(ident, s, n, up, lin)
		if err != nil {
			return t, err
		}
		if p >= 0 && !slices.Contains(t.revs, p) {
			t.revs = append(t.revs, p)
		}
	}
	slices.Sort(t.revs)
	t.base = len(t.revs) == 0
	return t, nil
}

// walk takes n steps from start (-1 = base) up through children or down
// through down_revision, staying on lin when it is not nil, as Alembic's
// RevisionMap._walk. It returns the position reached (-1 = base).
func (g *Graph) walk(ident string, start int32, n int, up bool, lin []bool) (int32, error) {
	cur := start
	for step := 0; step < n; step++ {
		var cands []int32
		if up {
			if cur < 0 {
				cands = g.bases()
			} else {
				cands = g.kid.of(cur)
			}
		} else {
			if cur < 0 {
				return 0, resolveErr(StepOutOfRange, ident, nil,
					"Relative revision '%s' goes below base: base was reached after %d of %d steps", ident, step, n)
			}
			cands = g.par.of(cur)
		}
		if lin != nil {
			cands = filter(cands, lin)
		}
		switch {
		case len(cands) == 1:
			cur = cands[0]
		case len(cands) == 0 && !up:
			cur = -1
		case len(cands) == 0 && cur < 0:
			return 0, resolveErr(StepOutOfRange, ident, nil,
				"Relative revision '%s' goes above the heads: there is no revision on that branch to step to", ident)
		case len(cands) == 0:
			return 0, resolveErr(StepOutOfRange, ident, nil,
				"Relative revision '%s' goes above the heads: %s is a head, reached after %d of %d steps",
				ident, g.revs[cur].ID, step, n)
		case up && cur < 0:
			return 0, resolveErr(AmbiguousStep, ident, g.ids(cands),
				"Relative revision '%s' is ambiguous: there are several bases (%s); use LABEL@+N with a branch label or one of these ids to choose a branch",
				ident, strings.Join(g.ids(cands), ", "))
		case up:
			return 0, resolveErr(AmbiguousStep, ident, g.ids(cands),
				"Relative revision '%s' is ambiguous: %s is a branch point with children %s; use LABEL@+N with a branch label or one of these ids to choose a branch",
				ident, g.revs[cur].ID, strings.Join(g.ids(cands), ", "))
		default:
			return 0, resolveErr(AmbiguousStep, ident, g.ids(cands),
				"Relative revision '%s' is ambiguous: %s is a merge point of %s; name the revision to go to instead, or keep the step on one parent's branch with LABEL@-%d, where LABEL is a branch label or one of those ids (e.g. %s@-%d)",
				ident, g.revs[cur].ID, strings.Join(g.ids(cands), ", "), n, g.revs[cands[0]].ID, n)
		}
	}
	return cur, nil
}

// upStart picks the revision an upward step from the current revisions starts
// from (-1 = base). With a branch and no current revision on its lineage it
// backs up to the tips of the applied revisions on the lineage, as Alembic's
// _parse_upgrade_target.
func (g *Graph) upStart(ident string, rows []int32, branch int32, lin []bool) (int32, error) {
	cands := rows
	if branch >= 0 {
		cands = filter(rows, lin)
		if len(cands) == 0 {
			applied := g.ancestors(rows)
			for i, a := range applied {
				if a && lin[i] && !g.anyMarked(g.kid.of(int32(i)), applied, lin) {
					cands = append(cands, int32(i))
				}
			}
		}
	}
	switch len(cands) {
	case 0:
		return -1, nil
	case 1:
		return cands[0], nil
	}
	return 0, &MultipleCurrentError{Ident: ident, Current: g.ids(cands)}
}

// downStart picks the revision a downward step from the current revisions
// starts from. With a branch and no current revision on its lineage it uses
// the applied revisions on the lineage that have no applied child (a
// dependency absorbed by another branch's row), as Alembic's
// _parse_downgrade_target.
func (g *Graph) downStart(ident string, rows []int32, branch int32, lin []bool) (int32, error) {
	cands := rows
	if branch >= 0 {
		cands = filter(rows, lin)
		if len(cands) == 0 {
			applied := g.ancestors(rows)
			for i, a := range applied {
				if a && lin[i] && !g.anyMarked(g.kid.of(int32(i)), applied, nil) {
					cands = append(cands, int32(i))
				}
			}
		}
	}
	switch len(cands) {
	case 0:
		where := ""
		if branch >= 0 {
			where = " on the branch of " + g.revs[branch].ID
		}
		return 0, resolveErr(NothingApplied, ident, nil,
			"Relative revision '%s' steps down from the current revision, but nothing is applied%s", ident, where)
	case 1:
		return cands[0], nil
	}
	return 0, &MultipleCurrentError{Ident: ident, Current: g.ids(cands)}
}

// anyMarked reports whether some member of set is marked in a (and in b when
// b is not nil).
func (g *Graph) anyMarked(set []int32, a, b []bool) bool {
	for _, i := range set {
		if a[i] && (b == nil || b[i]) {
			return true
		}
	}
	return false
}
