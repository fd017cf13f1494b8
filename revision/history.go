package revision

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// History returns the revisions from lower to upper, both included, newest
// first, in the order Alembic's history lists them (walk_revisions: each
// branch finished before the next). lower and upper are identifiers as
// Resolve takes; an empty lower is base and an empty upper is heads; current
// (the version-table rows) serves "current" and steps from it. Use ParseRange
// to split an "A:B" range.
//
// The revisions listed are those upper needs (its ancestors through
// down_revision and depends_on, and itself), less what lower needs, and, when
// lower is not base, only lower and its descendants through down_revision.
// As in Alembic:
//
//   - "L@base" as lower lists the heads on branch L and everything they need,
//     the revisions L depends on on other branches included.
//   - A relative upper without a symbol ("+2", "L@+1") counts up from lower,
//     not from the database; a relative lower without a symbol ("-2", "L@-1")
//     counts down from upper (ParseRange already rewrites "-N"). A step that
//     goes past a head or below base stops there instead of failing.
//
// Where Alembic refuses, a lower end that steps down through a merge point
// ("-3:" over a merge) follows every parent: the range starts at all the
// revisions N steps below the upper end (or at base on a line that ends
// sooner), so "-3:" always lists the last three levels.
//
// Errors: those of Resolve, and a *ResolveError (Kind NotAncestor) when lower
// is not upper or one of its ancestors (a range between two branches).
func (g *Graph) History(lower, upper string, current []string) ([]*Revision, error) {
	if lower == "" {
		lower = "base"
	}
	if upper == "" {
		upper = "heads"
	}
	cur := g.lazyRows(current)
	lower = relativeToOther(lower, upper, -1)
	tl, err := g.resolveClamped(lower, cur)
	var re *ResolveError
	if errors.As(err, &re) && re.Kind == AmbiguousStep {
		tl, err = g.stepDownAll(lower, cur)
	}
	if err != nil {
		return nil, err
	}
	if at, n, ok := bareStep(upper, +1); ok {
		from := "base"
		switch {
		case len(tl.revs) == 1:
			from = g.revs[tl.revs[0]].ID
		case len(tl.revs) > 1:
			return nil, resolveErr(AmbiguousStep, upper, g.ids(tl.revs),
				"Relative revision '%s' counts up from the lower end '%s', which names several revisions (%s); name the upper end instead",
				upper, lower, strings.Join(g.ids(tl.revs), ", "))
		}
		upper = at + from + "+" + strconv.Itoa(n)
	}
	tu, err := g.resolveClamped(upper, cur)
	if err != nil {
		return nil, err
	}
	targets := tu.revs
	if tl.branch >= 0 && tl.base {
		// L@base:UPPER keeps the upper revisions on L's branch; for
		// L@base:heads these are L's heads through down_revision, so a
		// branch whose head is only depended upon is still listed (Alembic
		// takes the heads with dependencies resolved and lists nothing).
		if upper == "heads" {
			targets = g.headsOf(tl.branch)
		} else {
			targets = filter(targets, g.reach([]int32{tl.branch}, &g.kid))
		}
	}
	keep := g.ancestors(targets)
	if !tl.base {
		for _, i := range tl.revs {
			if !keep[i] {
				return nil, resolveErr(NotAncestor, lower, []string{g.revs[i].ID},
					"Revision %s is not an ancestor of revision %s: a history range goes from a revision up to one that descends from it; use a range like %s:heads, or %s:%s",
					lower, upper, lower, "base", upper)
			}
		}
		above := g.reach(tl.revs, &g.kid)
		below := g.ancestors(tl.revs)
		for _, i := range tl.revs {
			below[i] = false
		}
		for i := range keep {
			keep[i] = keep[i] && above[i] && !below[i]
		}
	}
	return g.list(g.branchOrder(keep, targets)), nil
}

// resolveClamped resolves ident as resolve does, except that a relative step
// going past a head or below base stops at the last revision reached (base
// below the bases), as Alembic's history does (assert_relative_length off).
func (g *Graph) resolveClamped(ident string, cur func() ([]int32, error)) (target, error) {
	t, err := g.resolve(ident, cur)
	var re *ResolveError
	if err == nil || !errors.As(err, &re) || re.Kind != StepOutOfRange {
		return t, err
	}
	k := strings.LastIndexAny(ident, "+-")
	n, convErr := strconv.Atoi(ident[k+1:])
	if k < 0 || convErr != nil {
		return t, err
	}
	if ident[k] == '-' {
		// below base: the lower end is base (on the branch, if any)
		return g.resolve(ident[:strings.IndexByte(ident, '@')+1]+"base", cur)
	}
	// No walk is longer than the graph has revisions, so the search for the
	// longest step that stays in range starts there, not at n (which may be
	// a twelve-digit number).
	for m := min(n-1, g.Len()+1); m >= 1; m-- {
		if t2, err2 := g.resolve(fmt.Sprintf("%s%d", ident[:k+1], m), cur); err2 == nil {
			return t2, nil
		}
	}
	sym := ident[:k]
	if sym == "" || strings.HasSuffix(sym, "@") {
		sym += "current"
	}
	return g.resolve(sym, cur)
}

// bareStep reports whether ident is "+N" / "L@+N" (sign +1) or "-N" / "L@-N"
// (sign -1) with no symbol before the step, returning "L@" (or "") and N.
func bareStep(ident string, sign int) (at string, n int, ok bool) {
	rest := ident
	if k := strings.IndexByte(ident, '@'); k >= 0 {
		at, rest = ident[:k+1], ident[k+1:]
	}
	if len(rest) < 2 || (sign > 0) != (rest[0] == '+') || (sign < 0) != (rest[0] == '-') {
		return "", 0, false
	}
	n, err := strconv.Atoi(rest[1:])
	if err != nil || n < 1 {
		return "", 0, false
	}
	return at, n, true
}

// relativeToOther rewrites a lower end "-N" or "L@-N" into "UPPER-N" or
// "L@UPPER-N" (UPPER's own "L@" dropped), so it counts down from the upper
// end; other identifiers are
// returned unchanged. A relative upper end cannot be counted from: then the
// lower end is left to count from the database, as before.
func relativeToOther(lower, upper string, sign int) string {
	at, n, ok := bareStep(lower, sign)
	if !ok {
		return lower
	}
	end := upper[strings.IndexByte(upper, '@')+1:]
	if _, _, _, rel, _ := parseRelative(upper, end); rel {
		return lower
	}
	return at + end + "-" + strconv.Itoa(n)
}

// stepDownAll resolves a lower end "SYM-N" (or "L@SYM-N") whose walk met a
// merge point by walking down every parent: the revisions exactly N steps
// below SYM on some line of descent (through down_revision, on L's lineage
// when given). A line that reaches its base sooner makes the range start at
// base.
func (g *Graph) stepDownAll(ident string, cur func() ([]int32, error)) (target, error) {
	at := ident[:strings.IndexByte(ident, '@')+1]
	rest := ident[len(at):]
	k := strings.LastIndexByte(rest, '-')
	n, convErr := strconv.Atoi(rest[k+1:])
	if k <= 0 || convErr != nil {
		return target{}, resolveErr(InvalidIdentifier, ident, nil, "invalid revision identifier '%s'", ident)
	}
	t, err := g.resolve(at+rest[:k], cur)
	if err != nil {
		return t, err
	}
	var lin []bool
	if t.branch >= 0 {
		lin = g.lineage(t.branch)
	}
	level := t.revs
	for step := 0; step < n && len(level) > 0; step++ {
		seen := map[int32]bool{}
		var next []int32
		for _, i := range level {
			ps := g.par.of(i)
			if lin != nil {
				ps = filter(ps, lin)
			}
			if len(ps) == 0 {
				return target{branch: t.branch, base: true}, nil
			}
			for _, p := range ps {
				if !seen[p] {
					seen[p] = true
					next = append(next, p)
				}
			}
		}
		level = next
	}
	t.revs, t.rel = level, 0
	return t, nil
}
