package revision

// reach marks the seeds and every position reachable from them along adj
// (iterative depth-first search, O(reached nodes and edges)). The result has
// one entry per revision.
func (g *Graph) reach(seeds []int32, adj *adjacency) []bool {
	mark := make([]bool, len(g.revs))
	stack := make([]int32, 0, len(seeds))
	for _, s := range seeds {
		if !mark[s] {
			mark[s] = true
			stack = append(stack, s)
		}
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, j := range adj.of(i) {
			if !mark[j] {
				mark[j] = true
				stack = append(stack, j)
			}
		}
	}
	return mark
}

// ancestors marks seeds and all their ancestors through down_revision and
// depends_on: what must be applied for the seeds to be applied.
func (g *Graph) ancestors(seeds []int32) []bool { return g.reach(seeds, &g.pred) }

// descendants marks seeds and all revisions that descend from them through
// down_revision or depends_on.
func (g *Graph) descendants(seeds []int32) []bool { return g.reach(seeds, &g.succ) }

// lineage marks b, its ancestors and its descendants through down_revision
// only: the revisions that "share lineage" with b, as Alembic's
// RevisionMap._shares_lineage without dependencies.
func (g *Graph) lineage(b int32) []bool {
	up := g.reach([]int32{b}, &g.kid)
	down := g.reach([]int32{b}, &g.par)
	for i, d := range down {
		up[i] = up[i] || d
	}
	return up
}

// lineageDeps is lineage through down_revision and depends_on.
func (g *Graph) lineageDeps(b int32) []bool {
	up := g.descendants([]int32{b})
	down := g.ancestors([]int32{b})
	for i, d := range down {
		up[i] = up[i] || d
	}
	return up
}

// filter returns the members of set that are marked, keeping order.
func filter(set []int32, mark []bool) []int32 {
	var out []int32
	for _, i := range set {
		if mark[i] {
			out = append(out, i)
		}
	}
	return out
}
