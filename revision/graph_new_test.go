package revision

import (
	"slices"
	"strings"
	"testing"
)

// newTestGraph builds: a <- b <- c, b <- d (labelled "side"), e depends_on c.
func newTestGraph(t *testing.T) *Graph {
	t.Helper()
	rev := func(id string, parents ...string) *Revision {
		return &Revision{ID: id, DownRevisions: parents, Transactional: true}
	}
	d := rev("d1", "b1")
	d.BranchLabels = []string{"side"}
	e := rev("e1", "d1")
	e.DependsOn = []string{"c1"}
	g, err := NewGraph([]*Revision{rev("a1"), rev("b1", "a1"), rev("c1", "b1"), d, e})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestNewParents(t *testing.T) {
	empty, err := NewGraph(nil)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := empty.NewParents("head", false); err != nil || p != nil {
		t.Fatalf("empty graph, head: %v %v", p, err)
	}
	if _, err := empty.NewParents("abc", false); err == nil || !strings.Contains(err.Error(), "names nothing") {
		t.Fatalf("empty graph, abc: %v", err)
	}
	g := newTestGraph(t)
	if p, err := g.NewParents("c1", false); err != nil || !slices.Equal(p, []string{"c1"}) {
		t.Fatalf("c1: %v %v", p, err)
	}
	if p, err := g.NewParents("base", false); err != nil || p != nil {
		t.Fatalf("base: %v %v", p, err)
	}
	if _, err := g.NewParents("b1", false); err == nil || !strings.Contains(err.Error(), "not a head: pass --splice") {
		t.Fatalf("b1 without splice: %v", err)
	}
	if p, err := g.NewParents("b1", true); err != nil || !slices.Equal(p, []string{"b1"}) {
		t.Fatalf("b1 with splice: %v %v", p, err)
	}
	if p, err := g.NewParents("side@head", false); err != nil || !slices.Equal(p, []string{"e1"}) {
		t.Fatalf("side@head: %v %v", p, err)
	}
	if _, err := g.NewParents("zz", false); err == nil {
		t.Fatal("zz resolved")
	}
}

func TestResolveDependsOn(t *testing.T) {
	g := newTestGraph(t)
	got, err := g.ResolveDependsOn([]string{"c", "side", "a1"})
	if err != nil || !slices.Equal(got, []string{"c1", "side", "a1"}) {
		t.Fatalf("ResolveDependsOn = %v, %v; want [c1 side a1]", got, err)
	}
	if _, err := g.ResolveDependsOn([]string{"base"}); err == nil || !strings.Contains(err.Error(), "names no revision (base)") {
		t.Fatalf("base: %v", err)
	}
	if _, err := g.ResolveDependsOn([]string{"nope"}); err == nil || !strings.HasPrefix(err.Error(), "--depends-on nope: ") {
		t.Fatalf("nope: %v", err)
	}
}

func TestRequireAtHeads(t *testing.T) {
	g := newTestGraph(t)
	if err := g.RequireAtHeads([]string{"e1"}); err != nil {
		t.Fatalf("at the head: %v", err)
	}
	err := g.RequireAtHeads(nil)
	if err == nil || !strings.Contains(err.Error(), "it is at base (no version rows) but the revision files' heads are e1") {
		t.Fatalf("at base: %v", err)
	}
	if err := g.RequireAtHeads([]string{"c1"}); err == nil || !strings.Contains(err.Error(), "it is at c1") {
		t.Fatalf("at c1: %v", err)
	}
}

func TestMergeParents(t *testing.T) {
	g := newTestGraph(t)
	rev := func(id string, parents ...string) *Revision {
		return &Revision{ID: id, DownRevisions: parents, Transactional: true}
	}
	two, err := NewGraph([]*Revision{rev("a1"), rev("b1", "a1"), rev("c1", "a1")})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := two.MergeParents([]string{"heads"}); err != nil || !slices.Equal(got, []string{"b1", "c1"}) {
		t.Fatalf("heads: %v %v", got, err)
	}
	if _, err := g.MergeParents([]string{"heads"}); err == nil || !strings.Contains(err.Error(), "names only e1") {
		t.Fatalf("one head: %v", err)
	}
	if _, err := g.MergeParents([]string{"b1", "c1"}); err == nil || !strings.Contains(err.Error(), "b1 is already an ancestor of c1") {
		t.Fatalf("ancestor: %v", err)
	}
	if _, err := g.MergeParents([]string{"zz", "c1"}); err == nil || !strings.HasPrefix(err.Error(), "merge zz: ") {
		t.Fatalf("unknown: %v", err)
	}
}

func TestCheckNew(t *testing.T) {
	g := newTestGraph(t)
	ok := &Revision{ID: "f1", DownRevisions: []string{"e1"}, Transactional: true}
	if err := g.CheckNew(ok); err != nil {
		t.Fatalf("fitting revision: %v", err)
	}
	bad := &Revision{ID: "f1", DownRevisions: []string{"e1"}, BranchLabels: []string{"side"}, Transactional: true}
	if err := g.CheckNew(bad); err == nil || !strings.Contains(err.Error(), "so no file was written") {
		t.Fatalf("label used twice: %v", err)
	}
	if g.Len() != 5 || g.Get("f1") != nil {
		t.Fatal("CheckNew changed the graph")
	}
}
