package revision

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestResolve(t *testing.T) {
	g := branchesGraph(t)
	all := []string{r2a95, rD747, r34e0}
	tests := []struct {
		ident   string
		current []string
		want    []string
	}{
		{r1975, nil, []string{r1975}},
		{"1975", nil, []string{r1975}},
		{"10", nil, []string{r109e}}, // unique two-character prefix
		{"shoppingcart", nil, []string{r27c6}},
		{"heads", nil, []string{r2a95, r34e0, rD747}},
		{"base", nil, []string{}},
		{"current", all, []string{r2a95, r34e0, rD747}},
		{"current", nil, []string{}},
		{"networking@head", nil, []string{r2a95}},
		{"shoppingcart@head", nil, []string{rD747}},
		{"ae10@head", nil, []string{r34e0}},
		{"1975@heads", nil, []string{r34e0, rD747}},
		{"networking@heads", nil, []string{r2a95}},
		{"networking@base", nil, []string{}},
		{"shoppingcart@head-1", nil, []string{r27c6}},
		{"networking@head-2", nil, []string{r109e}},
		{"shoppingcart@1975+1", nil, []string{r27c6}},
		{"networking@base+1", nil, []string{r3cac}},
		{"networking@" + r109e, nil, []string{r109e}},
		{"d747-2", nil, []string{r1975}},
		{"d747-3", nil, []string{}}, // exactly down to base
		{"heads-1", nil, []string{r27c6, r29f8, r55af}},
		{"+1", []string{r27c6}, []string{rD747}},
		{"current+1", []string{r27c6}, []string{rD747}},
		{"+2", []string{r3cac}, []string{r29f8}},
		{"-2", []string{rD747}, []string{r1975}},
		{"-3", []string{rD747}, []string{}},
		{"shoppingcart@+1", []string{rAe10}, []string{r27c6}}, // backs up to the branch point
		{"shoppingcart@+2", []string{r1975}, []string{rD747}}, // as in Alembic's docs
		{"networking@+1", []string{r27c6}, []string{r3cac}},   // nothing on the branch: from its base
		{"shoppingcart@-1", all, []string{r27c6}},             // only the shoppingcart row moves
		{"55af@-1", []string{r2a95, rD747}, []string{rAe10}},  // 55af absorbed by 2a95's row
		{"networking@-1", []string{r2a95, rD747}, []string{r29f8}},
	}
	for _, tt := range tests {
		got, err := g.Resolve(tt.ident, tt.current)
		if err != nil {
			t.Errorf("Resolve(%q, %v): %v", tt.ident, tt.current, err)
			continue
		}
		if diff := cmp.Diff(tt.want, idsOf(got)); diff != "" {
			t.Errorf("Resolve(%q, %v) (-want +got):\n%s", tt.ident, tt.current, diff)
		}
	}
}

func TestResolveErrors(t *testing.T) {
	g := branchesGraph(t)
	prefixes := mustGraph(t, rv("ae1027a6acf0"), rv("ae1b5d9e2c11", "ae1027a6acf0"))
	all := []string{r2a95, rD747, r34e0}
	resolveKind := func(k ResolveErrorKind) func(error) bool {
		return func(err error) bool { var e *ResolveError; return errors.As(err, &e) && e.Kind == k }
	}
	tests := []struct {
		g       *Graph
		ident   string
		current []string
		check   func(error) bool
		want    string
	}{
		{g, "zzzz", nil, resolveKind(NoSuchRevision), "No such revision or branch 'zzzz'"},
		{prefixes, "ae1", nil,
			func(err error) bool {
				var e *ResolveError
				return errors.As(err, &e) && e.Kind == AmbiguousPrefix && cmp.Equal(e.Candidates, []string{"ae1027a6acf0", "ae1b5d9e2c11"})
			},
			"Multiple revisions start with 'ae1': ae1027a6acf0, ae1b5d9e2c11"},
		{g, "head", nil,
			func(err error) bool {
				var e *MultipleHeadsError
				return errors.As(err, &e) && cmp.Equal(e.Heads, []string{r2a95, r34e0, rD747})
			},
			"Multiple heads are present for 'head': 2a95102259be, 34e094ad6ef1, d747a8a8879; use 'heads' to target all of them, 'LABEL@head' (a branch label or revision id) to pick one branch, or 'migrate merge heads' to join them"},
		{g, "1975@head", nil,
			func(err error) bool { var e *MultipleHeadsError; return errors.As(err, &e) && e.Ident == "1975@head" },
			"Multiple heads are present for '1975@head': 34e094ad6ef1, d747a8a8879; use 'heads' to target all of them, 'LABEL@head' (a branch label or revision id) to pick one branch, or 'migrate merge heads' to join them"},
		{g, "head-1", nil, func(err error) bool { var e *MultipleHeadsError; return errors.As(err, &e) },
			"Multiple heads are present for 'head-1': 2a95102259be, 34e094ad6ef1, d747a8a8879; use 'heads' to target all of them, 'LABEL@head' (a branch label or revision id) to pick one branch, or 'migrate merge heads' to join them"},
		{g, "d747+1", nil, resolveKind(StepOutOfRange),
			"Relative revision 'd747+1' goes above the heads: d747a8a8879 is a head, reached after 0 of 1 steps"},
		{g, "1975+1", nil, resolveKind(AmbiguousStep),
			"Relative revision '1975+1' is ambiguous: 1975ea83b712 is a branch point with children 27c6a30d7c24, ae1027a6acf; use LABEL@+N with a branch label or one of these ids to choose a branch"},
		{g, "base+1", nil, resolveKind(AmbiguousStep),
			"Relative revision 'base+1' is ambiguous: there are several bases (1975ea83b712, 3cac04ae8714); use LABEL@+N with a branch label or one of these ids to choose a branch"},
		{g, "-4", []string{rD747}, resolveKind(StepOutOfRange),
			"Relative revision '-4' goes below base: base was reached after 3 of 4 steps"},
		{g, "heads+1", nil, resolveKind(StepOutOfRange),
			"Relative revision 'heads+1' goes above the heads; nothing is above a head"},
		{g, "+1", all,
			func(err error) bool {
				var e *MultipleCurrentError
				return errors.As(err, &e) && cmp.Equal(e.Current, []string{r2a95, r34e0, rD747})
			},
			"Relative revision '+1' is ambiguous: the database is at several heads (2a95102259be, 34e094ad6ef1, d747a8a8879); use LABEL@+1 with a branch label or one of these revision ids (e.g. 2a95102259be@+1) to choose a branch"},
		{g, "-1", nil, resolveKind(NothingApplied),
			"Relative revision '-1' steps down from the current revision, but nothing is applied"},
		{g, "networking@-1", []string{r27c6}, resolveKind(NothingApplied),
			"Relative revision 'networking@-1' steps down from the current revision, but nothing is applied on the branch of 3cac04ae8714"},
		{g, "shoppingcart@ae10", nil, resolveKind(NotOnBranch),
			"revision ae1027a6acf is not on the branch of 'shoppingcart' (it is neither an ancestor nor a descendant of 27c6a30d7c24); pick a revision on that branch or drop the 'shoppingcart@' part"},
		{g, "nolabel@head", nil, resolveKind(NoSuchRevision), "No such revision or branch 'nolabel'"},
		{g, "@head", nil, resolveKind(InvalidIdentifier),
			"invalid revision identifier '@head': expected LABEL@SYMBOL, for example shoppingcart@head"},
		{g, "shoppingcart@", nil, resolveKind(InvalidIdentifier),
			"invalid revision identifier 'shoppingcart@': expected LABEL@SYMBOL, for example shoppingcart@head"},
		{g, "head+0", nil, resolveKind(InvalidIdentifier),
			"invalid revision identifier 'head+0': a relative step must be a whole number from 1 up, as in +1 or head-2"},
		{g, "-99999999999999999999", nil, resolveKind(InvalidIdentifier),
			"invalid revision identifier '-99999999999999999999': a relative step must be a whole number from 1 up, as in +1 or head-2"},
		{g, "", nil, resolveKind(InvalidIdentifier),
			"empty revision identifier; use a revision id, a branch label, head, heads, base or current"},
		{g, "current", []string{"feedbeef"},
			func(err error) bool { var e *VersionRowError; return errors.As(err, &e) && e.Row == "feedbeef" },
			"version table row 'feedbeef' is not a known revision (was its file deleted, renamed or not yet pulled?); restore the file, or repair the table with 'migrate stamp --purge' and the revisions the database is at; if Alembic wrote the row, give your baseline revision its id: 'migrate revision -m baseline --rev-id feedbeef'"},
	}
	for _, tt := range tests {
		got, err := tt.g.Resolve(tt.ident, tt.current)
		if err == nil {
			t.Errorf("Resolve(%q) = %v, want error %q", tt.ident, idsOf(got), tt.want)
			continue
		}
		if !tt.check(err) {
			t.Errorf("Resolve(%q): error %T %+v has the wrong type or fields", tt.ident, err, err)
		}
		if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
			t.Errorf("Resolve(%q) message (-want +got):\n%s", tt.ident, diff)
		}
	}
}

func TestResolveIgnoresCurrentUnlessNeeded(t *testing.T) {
	g := branchesGraph(t)
	got, err := g.Resolve("shoppingcart@head", []string{"feedbeef"})
	if err != nil || len(got) != 1 || got[0].ID != rD747 {
		t.Fatalf("Resolve with an unknown, unused row = %v, %v", idsOf(got), err)
	}
}

func TestAmbiguousPrefixListIsCapped(t *testing.T) {
	var revs []*Revision
	for _, id := range []string{"f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "fa", "fb"} {
		revs = append(revs, rv(id))
	}
	_, err := mustGraph(t, revs...).Resolve("f", nil)
	want := "Multiple revisions start with 'f': f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, and 2 more"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
}

func TestParseRange(t *testing.T) {
	tests := []struct {
		in, lower, upper string
	}{
		{"base:head", "base", "head"},
		{":", "base", "heads"},
		{"ae10:", "ae10", "heads"},
		{":shoppingcart@head", "base", "shoppingcart@head"},
		{"current:", "current", "heads"},
		{"-3:", "heads-3", "heads"},
		{"-2:current", "current-2", "current"},
		{"-1:shoppingcart@head", "shoppingcart@head-1", "shoppingcart@head"},
		{"+2:", "+2", "heads"},
		{"shoppingcart@base:", "shoppingcart@base", "heads"},
	}
	for _, tt := range tests {
		lower, upper, err := ParseRange(tt.in)
		if err != nil || lower != tt.lower || upper != tt.upper {
			t.Errorf("ParseRange(%q) = %q, %q, %v; want %q, %q", tt.in, lower, upper, err, tt.lower, tt.upper)
		}
	}
	bad := map[string]string{
		"abc":       "invalid revision range 'abc': expected LOWER:UPPER, LOWER: or :UPPER, for example base:head, ae1027:, -3: or current:heads",
		"a:b:c":     "invalid revision range 'a:b:c': expected LOWER:UPPER, LOWER: or :UPPER, for example base:head, ae1027:, -3: or current:heads",
		"-1:+2":     "invalid revision range '-1:+2': '-1' counts back from the upper end, which must then not be relative itself; name the lower end instead",
		"-1:head-1": "invalid revision range '-1:head-1': '-1' counts back from the upper end, which must then not be relative itself; name the lower end instead",
	}
	for in, want := range bad {
		_, _, err := ParseRange(in)
		var e *ResolveError
		if !errors.As(err, &e) || e.Kind != InvalidIdentifier || err.Error() != want {
			t.Errorf("ParseRange(%q) err = %v, want %q", in, err, want)
		}
	}
}

func TestResolveOnOneLine(t *testing.T) {
	g := mustGraph(t, rv("a1"), rv("b2", "a1"), rv("c3", "b2"), rv("d4", "c3"))
	tests := []struct {
		ident   string
		current []string
		want    []string
	}{
		{"head", nil, []string{"d4"}},
		{"head-2", nil, []string{"b2"}},
		{"head-4", nil, []string{}},
		{"base+1", nil, []string{"a1"}},
		{"b2+2", nil, []string{"d4"}},
		{"+2", nil, []string{"b2"}},
		{"-1", []string{"c3"}, []string{"b2"}},
		{"a1@head", nil, []string{"d4"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, idsOf(mustResolve(t, g, tt.ident, tt.current))); diff != "" {
			t.Errorf("Resolve(%q) (-want +got):\n%s", tt.ident, diff)
		}
	}
	if msg := (&MultipleCurrentError{Ident: "-1"}).Error(); msg != "Relative revision '-1' is ambiguous: the database is at several heads (); use LABEL@-1 with a branch label or one of these revision ids (e.g. LABEL@-1) to choose a branch" {
		t.Errorf("empty MultipleCurrentError message = %q", msg)
	}
}
