package revision

// History returns the revisions from lower to upper, both included, newest
// first (reverse graph order), as Alembic's history (walk_revisions). lower and
// upper are identifiers as Resolve takes; an empty lower is base and an empty
// upper is heads; current (the version-table rows) serves "current" and
// relative identifiers.
//
// The revisions listed are those upper needs (its ancestors through
// down_revision and depends_on, and itself) that are, when lower is not base,
// lower itself or descendants of lower through down_revision. "L@base" as
// lower keeps the descendants of the bases below L, so "networking@base:"
// lists the networking branch without the revisions it depends on.
// Use ParseRange to split an "A:B" range.
//
// Errors: those of Resolve.
func (g *Graph) History(lower, upper string, current []string) ([]*Revision, error) {
	if lower == "" {
		lower = "base"
	}
	if upper == "" {
		upper = "heads"
	}
	cur := g.lazyRows(current)
	tu, err := g.resolve(upper, cur)
	if err != nil {
		return nil, err
	}
	tl, err := g.resolve(lower, cur)
	if err != nil {
		return nil, err
	}
	keep := g.ancestors(tu.revs)
	switch {
	case tl.base && tl.branch < 0:
	case tl.base:
		above := g.reach(tl.roots, &g.kid)
		for i := range keep {
			keep[i] = keep[i] && above[i]
		}
	default:
		above := g.reach(tl.revs, &g.kid)
		below := g.ancestors(tl.revs)
		for _, i := range tl.revs {
			below[i] = false
		}
		for i := range keep {
			keep[i] = keep[i] && above[i] && !below[i]
		}
	}
	var out []*Revision
	for i := len(keep) - 1; i >= 0; i-- {
		if keep[i] {
			out = append(out, g.revs[i])
		}
	}
	return out, nil
}
