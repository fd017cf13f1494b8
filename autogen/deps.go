package autogen

import "github.com/retortdb/migrate/schema"

// fkGraph is the foreign-key graph among a set of tables: an edge i→j says table
// i has a foreign key referring to table j (i ≠ j). Self-references are not edges:
// a table's key to itself is created and dropped with the table.
type fkGraph struct {
	tables []*schema.Table
	edges  [][]fkEdge // edges[i] in the order of tables[i].ForeignKeys
	// cyclic holds the keys that lie on a cycle (both ends in one strongly
	// connected component of two or more tables).
	cyclic map[*schema.ForeignKeyDef]bool
}

type fkEdge struct {
	to int
	fk *schema.ForeignKeyDef
}

// newFKGraph builds the graph among tables and finds its cyclic keys.
func newFKGraph(tables []*schema.Table) *fkGraph {
	index := make(map[tableKey]int, len(tables))
	for i, t := range tables {
		index[keyOf(t)] = i
	}
	g := &fkGraph{tables: tables, edges: make([][]fkEdge, len(tables)), cyclic: map[*schema.ForeignKeyDef]bool{}}
	for i, t := range tables {
		for _, fk := range t.ForeignKeys {
			if j, ok := index[refKey(fk)]; ok && j != i {
				g.edges[i] = append(g.edges[i], fkEdge{to: j, fk: fk})
			}
		}
	}
	comp := g.components()
	for i := range g.edges {
		for _, e := range g.edges[i] {
			if comp[i] == comp[e.to] {
				g.cyclic[e.fk] = true
			}
		}
	}
	return g
}

// components labels each table with its strongly connected component (Tarjan's
// algorithm); tables on a common cycle share a label.
func (g *fkGraph) components() []int {
	n := len(g.tables)
	index, low, comp := make([]int, n), make([]int, n), make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i], comp[i] = -1, -1
	}
	var stack []int
	next, label := 0, 0
	var visit func(v int)
	visit = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, e := range g.edges[v] {
			w := e.to
			if index[w] < 0 {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = label
				if w == v {
					break
				}
			}
			label++
		}
	}
	for v := range n {
		if index[v] < 0 {
			visit(v)
		}
	}
	return comp
}

// createOrder returns the tables so that each comes after every table its
// non-cyclic keys refer to; among tables that are ready at once, the earliest in
// the given order goes first.
func (g *fkGraph) createOrder() []*schema.Table {
	return g.order(func(i, j int) bool { return g.dependsOn(i, j) })
}

// dropOrder returns the tables so that each comes after every table whose
// non-cyclic keys refer to it (referencing tables first); among tables that are
// ready at once, the earliest in the given order goes first.
func (g *fkGraph) dropOrder() []*schema.Table {
	return g.order(func(i, j int) bool { return g.dependsOn(j, i) })
}

// dependsOn reports whether table i has a non-cyclic key referring to table j.
func (g *fkGraph) dependsOn(i, j int) bool {
	for _, e := range g.edges[i] {
		if e.to == j && !g.cyclic[e.fk] {
			return true
		}
	}
	return false
}

// order places tables one at a time, always the first unplaced table i for which
// no unplaced j has mustFollow(i, j). With the cyclic keys ignored the graph has
// no cycle, so every round places one table.
func (g *fkGraph) order(mustFollow func(i, j int) bool) []*schema.Table {
	n := len(g.tables)
	placed := make([]bool, n)
	out := make([]*schema.Table, 0, n)
	for len(out) < n {
		progress := false
		for i := 0; i < n && !progress; i++ {
			if placed[i] {
				continue
			}
			ready := true
			for j := 0; j < n && ready; j++ {
				if !placed[j] && j != i && mustFollow(i, j) {
					ready = false
				}
			}
			if ready {
				placed[i] = true
				out = append(out, g.tables[i])
				progress = true
			}
		}
		if !progress { // unreachable: cyclic keys are ignored
			for i := range n {
				if !placed[i] {
					out = append(out, g.tables[i])
				}
			}
			break
		}
	}
	return out
}
