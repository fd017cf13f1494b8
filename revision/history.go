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
	for m := n - 1; m >= 1; m-- {
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
