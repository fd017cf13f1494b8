package cmd

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/retortdb/migrate/revision"
)

// writeGraph draws revs (newest first, as History returns them) as a DAG in
// the terminal, in the manner of `git log --graph`: one line per revision
// with "*" on its lane ("@" when it is current), "|" for the other open lanes,
// "|\" where a merge revision opens a lane per extra parent, "|/" where the
// lanes of a branch point's children join, and "/" where lanes to the right
// move left when a lane ends. Only down_revision edges are drawn; depends_on
// shows in the line text. Each revision's text is revLine's.
func writeGraph(w io.Writer, g *revision.Graph, revs []*revision.Revision, current map[string]bool) {
	var lanes []string // the revision each open lane waits for
	in := map[string]bool{}
	for _, r := range revs {
		in[r.ID] = true
	}
	row := func(marks map[int]byte, n int) string {
		b := []byte(strings.Repeat(" ", max(0, 2*n-1)))
		for i := 0; i < n; i++ {
			b[2*i] = '|'
		}
		for col, c := range marks {
			for col >= len(b) {
				b = append(b, ' ')
			}
			b[col] = c
		}
		return strings.TrimRight(string(b), " ")
	}
	for _, r := range revs {
		var hit []int
		for i, id := range lanes {
			if id == r.ID {
				hit = append(hit, i)
			}
		}
		if len(hit) == 0 {
			lanes = append(lanes, r.ID)
			hit = []int{len(lanes) - 1}
		}
		col := hit[0]
		// The children's lanes that also waited for r join col first,
		// rightmost first, as git draws "|/" above the branch point.
		for k := len(hit) - 1; k >= 1; k-- {
			j := hit[k]
			marks := map[int]byte{}
			for i := j; i < len(lanes); i++ {
				marks[2*i] = ' '
				marks[2*i-1] = '/'
			}
			fmt.Fprintln(w, row(marks, len(lanes)))
			lanes = slices.Delete(lanes, j, j+1)
		}
		node := byte('*')
		if current[r.ID] {
			node = '@'
		}
		fmt.Fprintf(w, "%s  %s\n", row(map[int]byte{2 * col: node}, len(lanes)), revLine(g, r, current))
		var parents []string // those shown: a range may cut the graph
		for _, p := range r.DownRevisions {
			if in[p] {
				parents = append(parents, p)
			}
		}
		switch len(parents) {
		case 0: // a base (or the bottom of a range): its lane ends
			lanes = slices.Delete(lanes, col, col+1)
			if col < len(lanes) {
				marks := map[int]byte{}
				for i := col + 1; i <= len(lanes); i++ {
					marks[2*i] = ' '
					marks[2*i-1] = '/'
				}
				fmt.Fprintln(w, row(marks, len(lanes)+1))
			}
		default:
			lanes[col] = parents[0]
			for k, p := range parents[1:] {
				at := col + 1 + k
				lanes = slices.Insert(lanes, at, p)
				marks := map[int]byte{}
				for i := at; i < len(lanes); i++ {
					marks[2*i] = ' '
					marks[2*i-1] = '\\'
				}
				fmt.Fprintln(w, row(marks, len(lanes)))
			}
		}
	}
}

// writeDot writes revs as a Graphviz digraph: one box per revision (id and
// message; heads with a double border, current revisions filled), a solid
// edge from each revision to each down_revision, and a dashed edge labelled
// depends_on to each dependency. Render with `dot -Tsvg`.
func writeDot(w io.Writer, g *revision.Graph, revs []*revision.Revision, current map[string]bool) {
	fmt.Fprintln(w, "digraph revisions {")
	fmt.Fprintln(w, "  rankdir=BT;")
	fmt.Fprintln(w, "  node [shape=box, fontname=\"monospace\"];")
	in := map[string]bool{}
	for _, r := range revs {
		in[r.ID] = true
	}
	for _, r := range revs {
		label := r.ID
		if labels := g.Labels(r.ID); len(labels) > 0 {
			label += " (" + strings.Join(labels, ", ") + ")"
		}
		if r.Message != "" {
			label += "\n" + r.Message
		}
		attrs := []string{"label=" + strconv.Quote(label)}
		if len(g.Children(r.ID)) == 0 {
			attrs = append(attrs, "peripheries=2")
		}
		if current[r.ID] {
			attrs = append(attrs, "style=filled", "fillcolor=\"#c8e6c9\"")
		}
		fmt.Fprintf(w, "  %s [%s];\n", strconv.Quote(r.ID), strings.Join(attrs, ", "))
	}
	for _, r := range revs {
		for _, p := range r.DownRevisions {
			if in[p] {
				fmt.Fprintf(w, "  %s -> %s;\n", strconv.Quote(r.ID), strconv.Quote(p))
			}
		}
		for _, d := range g.Dependencies(r.ID) {
			if in[d.ID] {
				fmt.Fprintf(w, "  %s -> %s [style=dashed, label=\"depends_on\"];\n", strconv.Quote(r.ID), strconv.Quote(d.ID))
			}
		}
	}
	fmt.Fprintln(w, "}")
}
