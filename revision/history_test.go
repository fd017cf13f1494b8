package revision

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHistory(t *testing.T) {
	g := branchesGraph(t)
	tests := []struct {
		name      string
		rangeSpec string
		current   []string
		want      []string
	}{
		{"everything", ":", nil,
			[]string{r2a95, r29f8, r109e, r3cac, r34e0, rD747, r27c6, r55af, rAe10, r1975}},
		// As Alembic 1.8: "history -r networking@base:" lists the heads of
		// the networking branch and all they need, the revisions it depends
		// on included, each line of descent finished before the next.
		{"networking from its base", "networking@base:", nil,
			[]string{r2a95, r29f8, r109e, r3cac, r55af, rAe10, r1975}},
		// "history -r :networking@head" pulls in the dependency's ancestry.
		{"up to networking head", ":networking@head", nil,
			[]string{r2a95, r29f8, r109e, r3cac, r55af, rAe10, r1975}},
		{"from a branch label", "shoppingcart:", nil, []string{rD747, r27c6}},
		{"up to a branch head", ":shoppingcart@head", nil, []string{rD747, r27c6, r1975}},
		// shoppingcart@base is 1975, shared with the account branch.
		// Only the heads on the shoppingcart branch count.
		{"from a shared base", "shoppingcart@base:", nil,
			[]string{rD747, r27c6, r1975}},
		{"from current", "current:", []string{r27c6, r55af}, []string{r34e0, r55af, rD747, r27c6}},
		{"current on a fresh database is base", "current:shoppingcart@head", nil, []string{rD747, r27c6, r1975}},
		{"last step of every head", "-1:", nil,
			[]string{r2a95, r29f8, r34e0, rD747, r27c6, r55af}},
		{"bounded both ends", "ae10:34e0", nil, []string{r34e0, r55af, rAe10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lower, upper, err := ParseRange(tt.rangeSpec)
			if err != nil {
				t.Fatal(err)
			}
			got, err := g.History(lower, upper, tt.current)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if want == nil {
				want = []string{}
			}
			if diff := cmp.Diff(want, idsOf(got)); diff != "" {
				t.Errorf("History(%q, %q) (-want +got):\n%s", lower, upper, diff)
			}
		})
	}
	got, err := g.History("", "", nil)
	if err != nil || len(got) != g.Len() {
		t.Errorf("History with empty ends = %d revisions, %v; want all %d", len(got), err, g.Len())
	}
	for _, r := range []string{"d747:1975", "d747:34e0"} { // above; a sibling
		lower, upper, _ := ParseRange(r)
		_, err = g.History(lower, upper, nil)
		var re *ResolveError
		if !errors.As(err, &re) || re.Kind != NotAncestor {
			t.Errorf("History(%s) err = %v, want NotAncestor", r, err)
		}
	}
	_, err = g.History("zzzz", "", nil)
	var re *ResolveError
	if !errors.As(err, &re) || err.Error() != "No such revision or branch 'zzzz'" {
		t.Errorf("History(zzzz) err = %v", err)
	}
	_, err = g.History("", "head", nil)
	var mh *MultipleHeadsError
	if !errors.As(err, &mh) {
		t.Errorf("History(:head) err = %v, want *MultipleHeadsError", err)
	}
}
