package revision

import (
	"slices"
	"strings"
)

// topoOrder returns the input indices of revs in topological order (every
// revision after its parents and dependencies), breaking ties by smallest id:
// Kahn's algorithm with a min-heap of id ranks, O((n+e) log n). When some
// revisions are left over, they are on or above a cycle; it returns a *GraphError
// naming one cycle. byRank lists the input indices sorted by id.
func topoOrder(revs []*Revision, pred, par *adjacency) (order, byRank []int32, err error) {
	n := len(revs)
	byRank = make([]int32, n) // input indices sorted by id
	for i := range byRank {
		byRank[i] = int32(i)
	}
	slices.SortFunc(byRank, func(a, b int32) int { return strings.Compare(revs[a].ID, revs[b].ID) })
	rank := make([]int32, n)
	for r, i := range byRank {
		rank[i] = int32(r)
	}
	succ := pred.reverse(n)
	indeg := make([]int32, n)
	for i := int32(0); int(i) < n; i++ {
		indeg[i] = int32(len(pred.of(i)))
	}
	h := rankHeap{}
	for i := int32(0); int(i) < n; i++ {
		if indeg[i] == 0 {
			h.push(rank[i])
		}
	}
	order = make([]int32, 0, n)
	for len(h) > 0 {
		i := byRank[h.pop()]
		order = append(order, i)
		for _, c := range succ.of(i) {
			indeg[c]--
			if indeg[c] == 0 {
				h.push(rank[c])
			}
		}
	}
	if len(order) < n {
		return nil, nil, cycleError(revs, pred, par, indeg, byRank)
	}
	return order, byRank, nil
}

// cycleError finds one cycle among the revisions Kahn's algorithm left over
// (indeg > 0) and describes it. Every left-over revision has a left-over
// predecessor, so walking predecessors from one must come back to a revision
// already on the walk: that loop is a cycle.
func cycleError(revs []*Revision, pred, par *adjacency, indeg []int32, byRank []int32) *GraphError {
	start := int32(-1)
	for _, i := range byRank { // smallest id first, for a stable message
		if indeg[i] > 0 {
			start = i
			break
		}
	}
	onPath := make(map[int32]int)
	var path []int32
	cur := start
	for {
		if at, ok := onPath[cur]; ok {
			path = path[at:]
			break
		}
		onPath[cur] = len(path)
		path = append(path, cur)
		for _, p := range pred.of(cur) {
			if indeg[p] > 0 {
				cur = p
				break
			}
		}
	}
	// path[k] lists path[k+1] (cyclically) as down_revision or depends_on.
	low := 0
	for k := range path {
		if revs[path[k]].ID < revs[path[low]].ID {
			low = k
		}
	}
	path = append(path[low:], path[:low]...)
	var links, files []string
	var cyc []*Revision
	for k, i := range path {
		next := path[(k+1)%len(path)]
		verb := " depends on "
		if slices.Contains(par.of(i), next) {
			verb = " revises "
		}
		links = append(links, revs[i].ID+verb+revs[next].ID)
		files = append(files, fileOf(revs[i]))
		cyc = append(cyc, revs[i])
	}
	return graphErr(Cycle, cyc,
		"revision cycle: %s (files: %s); edit down_revision or depends_on in one of these files to break the cycle",
		strings.Join(links, ", "), strings.Join(files, ", "))
}

// rankHeap is a binary min-heap of id ranks.
type rankHeap []int32

func (h *rankHeap) push(x int32) {
	*h = append(*h, x)
	a := *h
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if a[p] <= a[i] {
			break
		}
		a[p], a[i] = a[i], a[p]
		i = p
	}
}

func (h *rankHeap) pop() int32 {
	a := *h
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(a) && a[l] < a[m] {
			m = l
		}
		if r < len(a) && a[r] < a[m] {
			m = r
		}
		if m == i {
			break
		}
		a[m], a[i] = a[i], a[m]
		i = m
	}
	*h = a
	return top
}
