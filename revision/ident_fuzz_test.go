package revision

import (
	"testing"
)

// FuzzResolve feeds arbitrary identifiers and ranges to the resolver, the
// planners and History over a fixed graph (Alembic's branches walkthrough plus
// a merge and two ids sharing a prefix). Nothing may panic; whatever resolves
// must name revisions of the graph, and every plan must fold into valid rows.
func FuzzResolve(f *testing.F) {
	g := mustGraph(f,
		rv(r1975), rv(rAe10, r1975), labeled(rv(r27c6, r1975), "shoppingcart"), rv(rD747, r27c6),
		rv(r55af, rAe10), labeled(rv(r3cac), "networking"), rv(r109e, r3cac), rv(r29f8, r109e),
		depends(rv(r2a95, r29f8), r55af, "shoppingcart"), rv(r34e0, r55af),
		rv("ae1b5d9e2c11", r34e0), rv("m3rge", "ae1b5d9e2c11", rD747),
	)
	currents := [][]string{nil, {rD747}, {r2a95, "m3rge"}, {r27c6, rAe10}, {"feedbeef"}, {r29f8, r55af}, {r1975, r27c6}}
	for _, s := range []string{
		"head", "heads", "base", "current", "+1", "-1", "head-2", "heads-1", "ae1", "ae10", "zzzz",
		"shoppingcart@head", "shoppingcart@+2", "networking@-1", "networking@base", "55af@head",
		"1975+1", "base+3", "m3rge-1", "shoppingcart@1975+1", "@", "@@", "a@b@c", "-0", "+99999999999999999999",
		"current-1", "networking@current", ":", "-3:", "a:b:c", "-1:+2", "\x00", "héad",
	} {
		for i := range currents {
			f.Add(s, uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, ident string, which uint8) {
		cur := currents[int(which)%len(currents)]
		revs, err := g.Resolve(ident, cur)
		if err == nil {
			for _, r := range revs {
				if g.Get(r.ID) != r {
					t.Fatalf("Resolve(%q) returned a revision outside the graph: %v", ident, r)
				}
			}
		}
		if steps, err := g.UpgradePlan(cur, ident); err == nil {
			rows := cur
			for _, s := range steps {
				rows = fold(t, rows, s.Version)
			}
		}
		if steps, err := g.DowngradePlan(cur, ident); err == nil {
			rows := cur
			for _, s := range steps {
				rows = fold(t, rows, s.Version)
			}
		}
		if changes, err := g.StampPlan(cur, []string{ident}, false); err == nil {
			fold(t, cur, changes)
		}
		if lower, upper, err := ParseRange(ident); err == nil {
			_, _ = g.History(lower, upper, cur)
		}
	})
}
