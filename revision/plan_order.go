package revision

import "slices"

// branchOrder returns the positions marked in todo newest first, in the order
// Alembic's RevisionMap._topological_sort emits them: one line of descent is
// followed down from a head until it reaches a revision that another pending
// head still needs (an ancestor of that head), then that head's line is
// followed, and so on, so each branch is finished before the next is started.
// A downgrade runs this order; an upgrade runs its reverse.
//
// heads are the starting points (the targets of an upgrade, the current rows
// of a downgrade); those not in todo are ignored and the others are taken in
// graph order (Alembic takes them in the order its revision files were
// listed by the file system, which is not deterministic). Going down from a
// revision, its parents are followed in down_revision order, then its
// dependencies in depends_on order: the first continues the current line,
// the others are queued as heads of their own.
//
// It runs in time linear in the revisions and edges of todo, plus, each time
// a line stops at a revision another head needs, a search from the pending
// heads limited to revisions above that one.
func (g *Graph) branchOrder(todo []bool, heads []int32) []int32 {
	n := len(g.revs)
	pending := make([]int32, n) // todo successors not yet emitted
	count := 0
	for i, t := range todo {
		if !t {
			continue
		}
		count++
		for _, p := range g.pred.of(int32(i)) {
			if todo[p] {
				pending[p]++
			}
		}
	}
	out := make([]int32, 0, count)
	if count == 0 {
		return out
	}
	done := make([]bool, n)
	inList := make([]bool, n)
	var list []int32
	push := func(h int32) {
		if todo[h] && !done[h] && !inList[h] {
			inList[h] = true
			list = append(list, h)
		}
	}
	hs := slices.Clone(heads)
	slices.Sort(hs)
	for _, h := range hs {
		push(h)
	}
	// needs reports whether head h has c as an ancestor. Every revision on a
	// path from h down to c descends from c, so sits above c in graph order:
	// the search never goes below c.
	visit := make([]int32, n)
	var mark int32
	var stack []int32
	needs := func(h, c int32) bool {
		mark++
		stack = append(stack[:0], h)
		visit[h] = mark
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, p := range g.pred.of(i) {
				if p == c {
					return true
				}
				if p > c && visit[p] != mark {
					visit[p] = mark
					stack = append(stack, p)
				}
			}
		}
		return false
	}
	idx := 0
	for len(out) < count {
		if len(list) == 0 {
			// Only reached when some revision to run is not below any head
			// given (a history range whose upper end is outside it): carry
			// on from the newest revisions left.
			for i := n - 1; i >= 0; i-- {
				if todo[i] && !done[i] && pending[i] == 0 {
					push(int32(i))
				}
			}
			idx = 0
		}
		c := list[idx]
		if pending[c] > 0 {
			moved := false
			for j, h := range list {
				if j != idx && needs(h, c) {
					idx, moved = j, true
					break
				}
			}
			if moved {
				continue
			}
		}
		out = append(out, c)
		done[c] = true
		inList[c] = false
		first := true
		for _, p := range g.pred.of(c) {
			if !todo[p] {
				continue
			}
			pending[p]--
			if done[p] || inList[p] {
				continue
			}
			inList[p] = true
			if first {
				list[idx] = p
				first = false
			} else {
				list = append(list, p)
			}
		}
		if first {
			list = slices.Delete(list, idx, idx+1)
			idx = max(idx-1, 0)
		}
	}
	return out
}
