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
			[]string{rD747, r34e0, r2a95, r55af, rAe10, r29f8, r109e, r3cac, r27c6, r1975}},
		// Alembic's docs: "history -r networking@base:" lists only the
		// networking branch, not the revisions it depends on.
		{"networking from its base", "networking@base:", nil,
			[]string{r2a95, r29f8, r109e, r3cac}},
		// "history -r :networking@head" pulls in the dependency's ancestry.
		{"up to networking head", ":networking@head", nil,
			[]string{r2a95, r55af, rAe10, r29f8, r109e, r3cac, r1975}},
		{"from a branch label", "shoppingcart:", nil, []string{rD747, r27c6}},
		{"up to a branch head", ":shoppingcart@head", nil, []string{rD747, r27c6, r1975}},
		// shoppingcart@base is 1975, shared with the account branch.
		{"from a shared base", "shoppingcart@base:", nil,
			[]string{rD747, r34e0, r55af, rAe10, r27c6, r1975}},
		{"from current", "current:", []string{r27c6, r55af}, []string{rD747, r34e0, r55af, r27c6}},
		{"current on a fresh database is base", "current:shoppingcart@head", nil, []string{rD747, r27c6, r1975}},
		{"last step of every head", "-1:", nil,
			[]string{rD747, r34e0, r2a95, r55af, r29f8, r27c6}},
		{"bounded both ends", "ae10:34e0", nil, []string{r34e0, r55af, rAe10}},
		{"lower above upper", "d747:1975", nil, nil},
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
