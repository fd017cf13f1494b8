package revision

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// target is a resolved identifier.
type target struct {
	revs   []int32 // the revisions it names, in graph order; empty for base
	base   bool    // it names base (nothing applied)
	roots  []int32 // for base with a branch (L@base, L@-N to base): the bases below L
	branch int32   // the revision named before '@', -1 when none
	rel    int     // +1 or -1 for a step relative to the current revisions
}

// Resolve returns the revisions an identifier names, in graph order; base
// resolves to none. current are the version-table rows (nil for a fresh
// database); they are only read by identifiers that need them.
//
// The grammar, as Alembic's RevisionMap.get_revisions and _walk:
//
//	id            a full revision id
//	prefix        a unique prefix of a revision id (any length)
//	label         the revision that declares branch label `label`
//	head          the single head (dependencies resolved); several is an error
//	heads         every head (dependencies resolved)
//	base          nothing applied
//	current       the current revisions
//	+N, -N        N steps up or down from the single current revision
//	SYM+N, SYM-N  N steps from SYM (id, prefix, label, head, heads, base,
//	              current), e.g. head-2, ae10+1, heads-1 (each head)
//	L@head        the head on L's branch: L is a branch label or a revision id
//	              or prefix, and the heads are those descending from it
//	              through down_revision (an effective head counts here)
//	L@heads       every head on L's branch
//	L@base        base, limited to the bases below L (for downgrade, history)
//	L@SYM         SYM, which must be on L's lineage (an ancestor or descendant
//	              of L through down_revision)
//	L@+N, L@-N    N steps from the current revision on L's lineage; every
//	              step is limited to that lineage
//	L@SYM+N ...   N steps from SYM, limited to L's lineage
//
// Going up, a step from a branch point (or from base with several bases) must
// be narrowed with L@; going down, a step from a merge point is an error, as
// Alembic's "Ambiguous walk".
//
// Errors: *ResolveError (no match: "No such revision or branch 'zzzz'";
// ambiguous prefix: "Multiple revisions start with 'ae1': ae1027a6acf0,
// ae1b5d9e2c11"; bad syntax; ambiguous or too long steps; a revision off the
// branch), *MultipleHeadsError for head with several heads,
// *MultipleCurrentError for +N/-N from several current heads, and
// *VersionRowError for a current row that is not a known revision.
func (g *Graph) Resolve(ident string, current []string) ([]*Revision, error) {
	t, err := g.resolve(ident, g.lazyRows(current))
	if err != nil {
		return nil, err
	}
	return g.list(t.revs), nil
}

// lazyRows validates rows on first use and remembers the answer.
func (g *Graph) lazyRows(rows []string) func() ([]int32, error) {
	var (
		done bool
		pos  []int32
		err  error
	)
	return func() ([]int32, error) {
		if !done {
			done = true
			pos, err = g.rowPositions(rows)
		}
		return pos, err
	}
}

func (g *Graph) resolve(ident string, cur func() ([]int32, error)) (target, error) {
	t := target{branch: -1}
	if ident == "" {
		return t, resolveErr(InvalidIdentifier, ident, nil,
			"empty revision identifier; use a revision id, a branch label, head, heads, base or current")
	}
	if i, ok := g.index(ident); ok {
		t.revs = []int32{i}
		return t, nil
	}
	if i, ok := g.lab[ident]; ok {
		t.revs = []int32{i}
		return t, nil
	}
	rest := ident
	if at := strings.IndexByte(ident, '@'); at >= 0 {
		label := ident[:at]
		rest = ident[at+1:]
		if label == "" || rest == "" {
			return t, resolveErr(InvalidIdentifier, ident, nil,
				"invalid revision identifier '%s': expected LABEL@SYMBOL, for example shoppingcart@head", ident)
		}
		b, err := g.lookup(label)
		if err != nil {
			return t, err
		}
		t.branch = b
	}
	sym, sign, n, isRel, err := parseRelative(ident, rest)
	if err != nil {
		return t, err
	}
	if isRel {
		t, err = g.resolveRelative(ident, sym, sign, n, t, cur)
	} else {
		t, err = g.resolveSymbol(ident, rest, t, cur)
	}
	if err == nil && t.base && t.branch >= 0 {
		t.roots = filter(g.bases(), g.reach([]int32{t.branch}, &g.par))
	}
	return t, err
}

// parseRelative splits "SYM+N" / "SYM-N" (SYM made of id characters, possibly
// empty). isRel is false when s has no such suffix.
func parseRelative(ident, s string) (sym string, sign, n int, isRel bool, err error) {
	k := strings.LastIndexAny(s, "+-")
	if k < 0 || k == len(s)-1 {
		return "", 0, 0, false, nil
	}
	digits := s[k+1:]
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return "", 0, 0, false, nil
		}
	}
	sym = s[:k]
	if sym != "" && !validID(sym) {
		return "", 0, 0, false, nil
	}
	n, convErr := strconv.Atoi(digits)
	if convErr != nil || n == 0 {
		return "", 0, 0, false, resolveErr(InvalidIdentifier, ident, nil,
			"invalid revision identifier '%s': a relative step must be a whole number from 1 up, as in +1 or head-2", ident)
	}
	sign = 1
	if s[k] == '-' {
		sign = -1
	}
	return sym, sign, n, true, nil
}

// resolveSymbol resolves an identifier without a relative step.
func (g *Graph) resolveSymbol(ident, sym string, t target, cur func() ([]int32, error)) (target, error) {
	switch sym {
	case "head":
		hs, err := g.headOf(ident, t.branch)
		if err != nil {
			return t, err
		}
		t.revs, t.base = hs, len(hs) == 0
	case "heads":
		t.revs = g.headsOf(t.branch)
		t.base = len(t.revs) == 0
	case "base":
		t.base = true
	case "current":
		rows, err := cur()
		if err != nil {
			return t, err
		}
		if t.branch >= 0 {
			rows = filter(rows, g.lineage(t.branch))
		}
		t.revs, t.base = rows, len(rows) == 0
	default:
		i, err := g.lookupOn(sym, t.branch)
		if err != nil {
			return t, err
		}
		if err := g.onBranch(ident, i, t.branch); err != nil {
			return t, err
		}
		t.revs = []int32{i}
	}
	return t, nil
}

// headOf resolves "head" (branch < 0) or "L@head": the single head, or none
// for an empty graph. As in Alembic, "head" counts every revision without a
// child through down_revision, so a revision that is only depended upon (an
// effective head, listed by "heads") makes "head" ambiguous.
func (g *Graph) headOf(ident string, branch int32) ([]int32, error) {
	hs := g.headsOf(branch)
	if branch < 0 {
		hs = g.heads()
	}
	if len(hs) > 1 {
		return nil, &MultipleHeadsError{Ident: ident, Heads: g.ids(hs)}
	}
	return hs, nil
}

// headsOf returns every real head (branch < 0), or the heads through
// down_revision that descend from branch.
func (g *Graph) headsOf(branch int32) []int32 {
	if branch < 0 {
		return append([]int32(nil), g.realHeads()...)
	}
	return filter(g.heads(), g.reach([]int32{branch}, &g.kid))
}

// onBranch checks that i shares lineage with branch (when branch >= 0).
func (g *Graph) onBranch(ident string, i, branch int32) error {
	if branch < 0 || g.lineage(branch)[i] {
		return nil
	}
	b := g.revs[branch].ID
	return resolveErr(NotOnBranch, ident, []string{g.revs[i].ID},
		"revision %s is not on the branch of '%s' (it is neither an ancestor nor a descendant of %s); pick a revision on that branch or drop the '%s@' part",
		g.revs[i].ID, ident[:strings.IndexByte(ident, '@')], b, ident[:strings.IndexByte(ident, '@')])
}

// lookup finds a revision by exact id, branch label, or unique id prefix.
func (g *Graph) lookup(name string) (int32, error) { return g.lookupOn(name, -1) }

// lookupOn is lookup where, when branch >= 0 (LABEL@prefix), a prefix only
// matches revisions on branch's lineage, as Alembic's _revision_for_ident.
func (g *Graph) lookupOn(name string, branch int32) (int32, error) {
	if i, ok := g.index(name); ok {
		return i, nil
	}
	if i, ok := g.lab[name]; ok {
		return i, nil
	}
	sorted := g.byIDOrder()
	lo := sort.Search(len(sorted), func(k int) bool { return g.revs[sorted[k]].ID >= name })
	var match []int32
	for k := lo; k < len(sorted) && strings.HasPrefix(g.revs[sorted[k]].ID, name); k++ {
		match = append(match, sorted[k])
	}
	if branch >= 0 && len(match) > 1 {
		match = filter(match, g.lineage(branch))
	}
	switch len(match) {
	case 0:
		return -1, resolveErr(NoSuchRevision, name, nil, "No such revision or branch '%s'", name)
	case 1:
		return match[0], nil
	}
	ids := g.ids(match)
	shown := ids
	more := ""
	if len(shown) > 10 {
		shown = shown[:10]
		more = fmt.Sprintf(", and %d more", len(ids)-10)
	}
	return -1, resolveErr(AmbiguousPrefix, name, ids,
		"Multiple revisions start with '%s': %s%s", name, strings.Join(shown, ", "), more)
}
