package revision

import "slices"

// inheritLabels computes, for every position, the sorted branch labels a
// revision carries: its own, those of every ancestor through down_revision,
// and those pushed down from a descendant reached through a chain of
// revisions that are neither branch points (more than one child or dependent)
// nor merge points, as Alembic's RevisionMap._add_branches does.
//
// Two linear passes: children first, to carry labels down such chains, then
// parents first, to pass labels on to descendants. Label sets are shared
// between revisions whenever they are equal to a parent's, so memory grows
// with the number of distinct sets, not with revisions times labels.
func inheritLabels(g *Graph) [][]string {
	n := len(g.revs)
	labs := make([][]string, n)
	if len(g.lab) == 0 {
		return labs
	}
	own := func(i int32) []string {
		if len(g.revs[i].BranchLabels) == 0 {
			return nil
		}
		s := slices.Clone(g.revs[i].BranchLabels)
		slices.Sort(s)
		return slices.Compact(s)
	}
	passable := func(i int32) bool { return len(g.succ.of(i)) <= 1 && len(g.par.of(i)) <= 1 }
	carry := make([][]string, n)  // labels i hands down to its parent
	pushed := make([][]string, n) // labels i receives from above
	for i := int32(n - 1); i >= 0; i-- {
		if !passable(i) {
			continue
		}
		if s := g.succ.of(i); len(s) == 1 && len(g.kid.of(i)) == 1 {
			pushed[i] = carry[s[0]]
		}
		carry[i] = unionSorted(own(i), pushed[i])
	}
	for i := int32(0); int(i) < n; i++ {
		set := unionSorted(own(i), pushed[i])
		for _, p := range g.par.of(i) {
			set = unionSorted(set, labs[p])
		}
		labs[i] = set
	}
	return labs
}

// unionSorted returns the sorted union of two sorted, repeat-free slices,
// returning a or b itself (not a copy) when the union equals it.
func unionSorted(a, b []string) []string {
	switch {
	case len(b) == 0:
		return a
	case len(a) == 0:
		return b
	case len(a) == len(b) && &a[0] == &b[0]:
		return a
	}
	out := make([]string, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	out = append(out, b[j:]...)
	switch len(out) {
	case len(a):
		return a
	case len(b):
		return b
	}
	return out
}
