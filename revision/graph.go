package revision

import (
	"slices"
	"strings"
	"sync"
)

// Graph is the revision graph built from a set of revision files, as Alembic's
// RevisionMap: parents (down_revision), dependencies (depends_on, resolved
// from ids or branch labels), children, heads, bases and branch labels.
//
// Revisions are numbered by their position in the graph's topological order
// (parents and dependencies before children, ties broken by id), so every
// "stable order" below is ascending position. A Graph is immutable once built
// and safe for concurrent use.
type Graph struct {
	revs     []*Revision      // by position
	byID     map[string]int32 // id -> input index
	posOf    []int32          // input index -> position
	lab      map[string]int32 // branch label -> position of the declaring revision
	labs     [][]string       // own + inherited labels, sorted, by position (slices shared)
	par      adjacency        // DownRevisions, declared order, de-duplicated
	dep      adjacency        // DependsOn resolved, declared order, de-duplicated
	pred     adjacency        // par then dep, de-duplicated
	kid      adjacency        // children via down_revision, ascending
	dept     adjacency        // dependents via depends_on, ascending
	succ     adjacency        // kid and dept merged, ascending, de-duplicated
	sortOnce sync.Once        // builds sorted on the first prefix lookup
	sorted   []int32          // positions sorted by id
	// heads (no child), real heads (no child or dependent), bases, by position
	headPos, realHeadPos, basePos []int32
}

// adjacency is a compressed list of lists: the list of node i is
// nodes[start[i]:start[i+1]].
type adjacency struct {
	start []int32
	nodes []int32
}

func (a *adjacency) of(i int32) []int32 { return a.nodes[a.start[i]:a.start[i+1]] }

// reverse returns the adjacency with every edge i->j turned into j->i; each
// reversed list is ascending because i is visited in ascending order.
func (a *adjacency) reverse(n int) adjacency {
	r := adjacency{start: make([]int32, n+1), nodes: make([]int32, len(a.nodes))}
	for _, j := range a.nodes {
		r.start[j+1]++
	}
	for i := 0; i < n; i++ {
		r.start[i+1] += r.start[i]
	}
	fill := make([]int32, n)
	copy(fill, r.start[:n])
	for i := int32(0); int(i) < n; i++ {
		for _, j := range a.of(i) {
			r.nodes[fill[j]] = i
			fill[j]++
		}
	}
	return r
}

// NewGraph builds the revision graph of revs, in time linear in the number of
// revisions and edges (plus sorting the ids once).
//
// Branch labels are inherited as Alembic's RevisionMap._add_branches does: a
// label applies to its revision, to every descendant through down_revision,
// and to the ancestors below it down to (not including) the nearest branch
// point (a revision with several children or dependents) or merge point.
//
// It returns a *GraphError naming the revision ids and files involved when a
// revision is nil or has an invalid id or label, two revisions share an id, a
// down_revision or depends_on names no known revision (depends_on may also name
// a branch label), down_revision and depends_on edges form a cycle (wherever it
// is, whether or not a base reaches it), or a branch label is declared twice
// or equals a revision id. The revisions themselves are not copied or changed.
func NewGraph(revs []*Revision) (*Graph, error) {
	n := len(revs)
	byID := make(map[string]int32, n)
	for i, r := range revs {
		if r == nil {
			return nil, &GraphError{Kind: InvalidRevision,
				msg: "revision list holds a nil revision; this is a bug in the caller, not in a revision file"}
		}
		if !validID(r.ID) {
			return nil, graphErr(InvalidRevision, []*Revision{r},
				"revision id %q in %s is not valid: use 1 to 32 letters, digits or underscores",
				r.ID, fileOf(r))
		}
		if j, dup := byID[r.ID]; dup {
			return nil, graphErr(DuplicateRevision, []*Revision{revs[j], r},
				"revision id %s is declared twice, in %s and in %s; give one of them a new id (and update whatever revises it)",
				r.ID, fileOf(revs[j]), fileOf(r))
		}
		byID[r.ID] = int32(i)
	}
	lab, err := indexLabels(revs, byID)
	if err != nil {
		return nil, err
	}
	par, dep, pred, err := resolveEdges(revs, byID, lab)
	if err != nil {
		return nil, err
	}
	order, err := topoOrder(revs, &pred, &par)
	if err != nil {
		return nil, err
	}
	g := renumber(revs, order, byID, &par, &dep, &pred, lab)
	g.labs = inheritLabels(g)
	return g, nil
}

// renumber builds the Graph with revisions at their topological positions,
// taking over byID (id -> input index).
func renumber(revs []*Revision, order []int32, byID map[string]int32, par, dep, pred *adjacency, lab map[string]int32) *Graph {
	n := len(revs)
	pos := make([]int32, n)
	for k, in := range order {
		pos[in] = int32(k)
	}
	g := &Graph{revs: make([]*Revision, n), byID: byID, posOf: pos, lab: make(map[string]int32, len(lab))}
	for k, in := range order {
		g.revs[k] = revs[in]
	}
	for l, in := range lab {
		g.lab[l] = pos[in]
	}
	remap := func(a *adjacency) adjacency {
		r := adjacency{start: make([]int32, n+1), nodes: make([]int32, 0, len(a.nodes))}
		for k, in := range order {
			for _, p := range a.of(in) {
				r.nodes = append(r.nodes, pos[p])
			}
			r.start[k+1] = int32(len(r.nodes))
		}
		return r
	}
	g.par, g.dep, g.pred = remap(par), remap(dep), remap(pred)
	g.kid = g.par.reverse(n)
	g.dept = g.dep.reverse(n)
	g.succ = g.pred.reverse(n)
	for i := int32(0); int(i) < n; i++ {
		if len(g.kid.of(i)) == 0 {
			g.headPos = append(g.headPos, i)
		}
		if len(g.succ.of(i)) == 0 {
			g.realHeadPos = append(g.realHeadPos, i)
		}
		if len(g.par.of(i)) == 0 {
			g.basePos = append(g.basePos, i)
		}
	}
	return g
}

// validID reports whether id matches [A-Za-z0-9_]{1,32}.
func validID(id string) bool {
	if len(id) == 0 || len(id) > 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// fileOf names the file of r for messages.
func fileOf(r *Revision) string {
	if r.Path == "" {
		return "<no file>"
	}
	return r.Path
}

// byIDOrder returns the positions sorted by revision id, built on first use.
func (g *Graph) byIDOrder() []int32 {
	g.sortOnce.Do(func() {
		g.sorted = make([]int32, len(g.revs))
		for i := range g.sorted {
			g.sorted[i] = int32(i)
		}
		slices.SortFunc(g.sorted, func(a, b int32) int { return strings.Compare(g.revs[a].ID, g.revs[b].ID) })
	})
	return g.sorted
}

// index returns the position of the revision with exactly this id.
func (g *Graph) index(id string) (int32, bool) {
	in, ok := g.byID[id]
	if !ok {
		return -1, false
	}
	return g.posOf[in], true
}
