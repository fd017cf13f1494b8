package revision

// Get returns the revision whose id is exactly id, or nil when there is none.
// It does not resolve prefixes or labels; use Resolve for those.
func (g *Graph) Get(id string) *Revision {
	if i, ok := g.index(id); ok {
		return g.revs[i]
	}
	return nil
}

// Len returns the number of revisions in the graph.
func (g *Graph) Len() int { return len(g.revs) }

// All returns every revision in topological order: parents and dependencies
// before children, ties broken by smallest id. This is the graph's stable
// order; every other list this package returns follows it (or its reverse).
// The slice is a copy; the revisions are shared.
func (g *Graph) All() []*Revision { return append([]*Revision(nil), g.revs...) }

// Heads returns the revisions that no revision names as down_revision, in
// graph order. A revision that is only depended upon (depends_on) still counts,
// as Alembic's "heads" shows it (an "effective head").
func (g *Graph) Heads() []*Revision { return g.list(g.heads()) }

// HeadsResolvingDependencies returns the revisions that no revision names as
// down_revision or depends_on, in graph order: the version-table rows after
// upgrading everything, as Alembic's RevisionMap._real_heads.
func (g *Graph) HeadsResolvingDependencies() []*Revision { return g.list(g.realHeads()) }

// Bases returns the revisions without down_revision, in graph order (a base
// may still have depends_on).
func (g *Graph) Bases() []*Revision { return g.list(g.bases()) }

// BranchPoints returns the revisions that two or more revisions name as
// down_revision, in graph order.
func (g *Graph) BranchPoints() []*Revision {
	var out []int32
	for i := range g.revs {
		if len(g.kid.of(int32(i))) > 1 {
			out = append(out, int32(i))
		}
	}
	return g.list(out)
}

// Labels returns the sorted branch labels of the revision with id rev: its own
// and those it inherits (see NewGraph). It returns nil for an unknown id.
func (g *Graph) Labels(rev string) []string {
	i, ok := g.index(rev)
	if !ok {
		return nil
	}
	return append([]string(nil), g.labs[i]...)
}

// Children returns the revisions that name id as a down_revision, in graph
// order, or nil for an unknown id.
func (g *Graph) Children(id string) []*Revision {
	i, ok := g.index(id)
	if !ok {
		return nil
	}
	return g.list(g.kid.of(i))
}

// Dependents returns the revisions that name id (or one of its own branch
// labels) in depends_on, in graph order, or nil for an unknown id.
func (g *Graph) Dependents(id string) []*Revision {
	i, ok := g.index(id)
	if !ok {
		return nil
	}
	return g.list(g.dept.of(i))
}

// Parents returns the revisions id names as down_revision, in declared order,
// or nil for an unknown id.
func (g *Graph) Parents(id string) []*Revision {
	i, ok := g.index(id)
	if !ok {
		return nil
	}
	return g.list(g.par.of(i))
}

// Dependencies returns the revisions id depends on (depends_on, labels
// resolved to the revision that declares them), in declared order, or nil for
// an unknown id.
func (g *Graph) Dependencies(id string) []*Revision {
	i, ok := g.index(id)
	if !ok {
		return nil
	}
	return g.list(g.dep.of(i))
}

func (g *Graph) heads() []int32     { return g.headPos }
func (g *Graph) realHeads() []int32 { return g.realHeadPos }
func (g *Graph) bases() []int32     { return g.basePos }

// list maps positions to revisions.
func (g *Graph) list(pos []int32) []*Revision {
	if len(pos) == 0 {
		return nil
	}
	out := make([]*Revision, len(pos))
	for k, i := range pos {
		out[k] = g.revs[i]
	}
	return out
}

// ids maps positions to revision ids.
func (g *Graph) ids(pos []int32) []string {
	out := make([]string, len(pos))
	for k, i := range pos {
		out[k] = g.revs[i].ID
	}
	return out
}
