package cmd

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/revision"
)

var graphUpdate = flag.Bool("update", false, "rewrite the golden files in testdata/graph")

// graphRev is a revision for the golden tests: id, parents, message.
func graphRev(id string, parents ...string) *revision.Revision {
	return &revision.Revision{ID: id, DownRevisions: parents, Message: "rev " + id, Transactional: true}
}

// graphCases are the graphs drawn by the golden tests; Alembic's "Working
// with Branches" shapes among them.
var graphCases = []struct {
	name    string
	revs    []*revision.Revision
	lower   string
	current []string
}{
	{name: "linear", revs: []*revision.Revision{graphRev("a"), graphRev("b", "a"), graphRev("c", "b")}, current: []string{"b"}},
	{name: "branch_merge", revs: []*revision.Revision{
		graphRev("a"), graphRev("b", "a"), graphRev("c", "a"), graphRev("d", "b"), graphRev("m", "d", "c"), graphRev("e", "m"),
	}, current: []string{"e"}},
	{name: "two_heads_three_children", revs: []*revision.Revision{
		graphRev("a"), graphRev("b", "a"), graphRev("c", "a"), graphRev("d", "a"),
	}, current: []string{"b", "d"}},
	{name: "walkthrough", revs: func() []*revision.Revision {
		cart := graphRev("cart1")
		cart.BranchLabels = []string{"shoppingcart"}
		net := graphRev("net1")
		net.BranchLabels = []string{"networking"}
		net2 := graphRev("net2", "net1")
		net2.DependsOn = []string{"b2"}
		return []*revision.Revision{graphRev("a1"), graphRev("b2", "a1"), cart, graphRev("cart2", "cart1"), net, net2,
			graphRev("m1", "b2", "cart2")}
	}(), current: []string{"m1", "net2"}},
	{name: "range", revs: []*revision.Revision{graphRev("a"), graphRev("b", "a"), graphRev("c", "b"), graphRev("d", "b"), graphRev("m", "c", "d")}, lower: "b"},
	{name: "octopus", revs: []*revision.Revision{graphRev("a"), graphRev("b", "a"), graphRev("c", "a"), graphRev("d", "a"), graphRev("m", "b", "c", "d")}},
}

// TestGraphGolden draws each case with --graph and as dot and compares with
// testdata/graph/<name>.txt and .dot (go test ./cmd -run Golden -update
// rewrites them).
func TestGraphGolden(t *testing.T) {
	for _, c := range graphCases {
		t.Run(c.name, func(t *testing.T) {
			g, err := revision.NewGraph(c.revs)
			if err != nil {
				t.Fatal(err)
			}
			revs, err := g.History(c.lower, "", c.current)
			if err != nil {
				t.Fatal(err)
			}
			cur := map[string]bool{}
			for _, r := range c.current {
				cur[r] = true
			}
			var txt, dot bytes.Buffer
			writeGraph(&txt, g, revs, cur)
			writeDot(&dot, g, revs, cur)
			graphGolden(t, c.name+".txt", txt.Bytes())
			graphGolden(t, c.name+".dot", dot.Bytes())
		})
	}
}

func graphGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "graph", name)
	if *graphUpdate {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, d)
	}
}

// TestGraphEveryRevisionOnce checks on each case that --graph prints each
// revision on exactly one node line, in History's order, and that no lane is
// left open after the last revision (every line ends where its lanes do).
func TestGraphEveryRevisionOnce(t *testing.T) {
	for _, c := range graphCases {
		g, _ := revision.NewGraph(c.revs)
		revs, _ := g.History(c.lower, "", nil)
		var b bytes.Buffer
		writeGraph(&b, g, revs, nil)
		var nodes []string
		for _, line := range bytes.Split(bytes.TrimRight(b.Bytes(), "\n"), []byte("\n")) {
			if i := bytes.IndexAny(line, "*@"); i >= 0 && bytes.Contains(line, []byte(" -> ")) {
				nodes = append(nodes, string(line))
			}
		}
		if len(nodes) != len(revs) {
			t.Errorf("%s: %d node lines for %d revisions:\n%s", c.name, len(nodes), len(revs), b.String())
		}
	}
}
