package revision

import (
	"slices"
	"strings"
)

// topoOrder returns the input indices of revs in topological order (every
// revision after its parents and dependencies), breaking ties by smallest id:
// Kahn's algorithm with a min-heap of ready revisions keyed by id,
// O((n+e) log r) for r revisions ready at once. When some revisions are left
// over, they are on or above a cycle; it returns a *GraphError naming one
// cycle.
func topoOrder(revs []*Revision, pred, par *adjacency) ([]int32, error) {
	n := len(revs)
	succ := pred.reverse(n)
	indeg := make([]int32, n)
	h := idHeap{revs: revs}
	for i := int32(0); int(i) < n; i++ {
		indeg[i] = int32(len(pred.of(i)))
		if indeg[i] == 0 {
			h.push(i)
		}
	}
	order := make([]int32, 0, n)
	for len(h.a) > 0 {
		i := h.pop()
		order = append(order, i)
		for _, c := range succ.of(i) {
			indeg[c]--
			if indeg[c] == 0 {
				h.push(c)
			}
		}
	}
	if len(order) < n {
		return nil, cycleError(revs, pred, par, indeg)
	}
	return order, nil
}

// cycleError finds one cycle among the revisions Kahn's algorithm left over
// (indeg > 0) and describes it. Every left-over revision has a left-over
// predecessor, so walking predecessors from one must come back to a revision
// already on the walk: that loop is a cycle.
func cycleError(revs []*Revision, pred, par *adjacency, indeg []int32) *GraphError {
	start := int32(-1)
	for i, d := range indeg { // the smallest id left over, for a stable message
		if d > 0 && (start < 0 || revs[i].ID < revs[start].ID) {
			start = int32(i)
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

// idHeap is a binary min-heap of input indices ordered by revision id.
type idHeap struct {
	revs []*Revision
	a    []int32
}

func (h *idHeap) less(i, j int) bool { return h.revs[h.a[i]].ID < h.revs[h.a[j]].ID }

func (h *idHeap) push(x int32) {
	h.a = append(h.a, x)
	i := len(h.a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(i, p) {
			break
		}
		h.a[p], h.a[i] = h.a[i], h.a[p]
		i = p
	}
}

func (h *idHeap) pop() int32 {
	top := h.a[0]
	last := len(h.a) - 1
	h.a[0] = h.a[last]
	h.a = h.a[:last]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(h.a) && h.less(l, m) {
			m = l
		}
		if r < len(h.a) && h.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		h.a[m], h.a[i] = h.a[i], h.a[m]
		i = m
	}
	return top
}
