package revision

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStampPlan(t *testing.T) {
	g := branchesGraph(t)
	all := []string{r2a95, rD747, r34e0}
	tests := []struct {
		name     string
		current  []string
		targets  []string
		purge    bool
		want     []VersionChange
		wantRows []string
	}{
		{"heads on a fresh database", nil, []string{"heads"}, false,
			[]VersionChange{{Kind: Insert, To: r2a95}, {Kind: Insert, To: r34e0}, {Kind: Insert, To: rD747}},
			[]string{r2a95, r34e0, rD747}},
		{"already there", all, []string{rD747}, false, nil, []string{r2a95, r34e0, rD747}},
		{"down onto a shared ancestor merges its rows", all, []string{r55af}, false,
			[]VersionChange{{Kind: Update, From: r2a95, To: r55af}, {Kind: Delete, From: r34e0}},
			[]string{r55af, rD747}},
		{"up along a branch", []string{r27c6}, []string{rD747}, false,
			[]VersionChange{{Kind: Update, From: r27c6, To: rD747}}, []string{rD747}},
		{"up onto a merge of two rows", []string{r29f8, r55af}, []string{r2a95}, false,
			[]VersionChange{{Kind: Update, From: r29f8, To: r2a95}, {Kind: Delete, From: r55af}},
			[]string{r2a95}},
		{"new branch", []string{rD747}, []string{"networking"}, false,
			[]VersionChange{{Kind: Insert, To: r3cac}}, []string{r3cac, rD747}},
		{"base deletes every row", []string{rD747, r3cac}, []string{"base"}, false,
			[]VersionChange{{Kind: Delete, From: r3cac}, {Kind: Delete, From: rD747}}, []string{}},
		{"no target is base", []string{rD747}, nil, false,
			[]VersionChange{{Kind: Delete, From: rD747}}, []string{}},
		{"label@base deletes that lineage only", []string{r2a95, rD747}, []string{"networking@base"}, false,
			[]VersionChange{{Kind: Delete, From: r2a95}}, []string{rD747}},
		{"several targets in order", nil, []string{"shoppingcart@head", "networking@head", r1975}, false,
			[]VersionChange{{Kind: Insert, To: rD747}, {Kind: Insert, To: r2a95}, {Kind: Update, From: r2a95, To: r1975}, {Kind: Delete, From: rD747}},
			[]string{r1975}},
		{"purge repairs unknown rows", []string{"feedbeef", r27c6}, []string{"shoppingcart@head"}, true,
			[]VersionChange{{Kind: Delete, From: "feedbeef"}, {Kind: Delete, From: r27c6}, {Kind: Insert, To: rD747}},
			[]string{rD747}},
		{"relative to current", []string{r27c6}, []string{"+1"}, false,
			[]VersionChange{{Kind: Update, From: r27c6, To: rD747}}, []string{rD747}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := g.StampPlan(tt.current, tt.targets, tt.purge)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantRows, fold(t, tt.current, got)); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStampPlanErrors(t *testing.T) {
	g := branchesGraph(t)
	_, err := g.StampPlan([]string{"feedbeef"}, []string{"heads"}, false)
	var ve *VersionRowError
	if !errors.As(err, &ve) || ve.Row != "feedbeef" {
		t.Errorf("unknown row: err = %v, want *VersionRowError", err)
	}
	_, err = g.StampPlan(nil, []string{"head"}, false)
	var mh *MultipleHeadsError
	if !errors.As(err, &mh) {
		t.Errorf("stamp head with several heads: err = %v, want *MultipleHeadsError", err)
	}
	_, err = g.StampPlan(nil, []string{"zzzz"}, false)
	if err == nil || err.Error() != "No such revision or branch 'zzzz'" {
		t.Errorf("stamp zzzz: err = %v", err)
	}
}

func TestCurrentHeads(t *testing.T) {
	g := branchesGraph(t)
	got, err := g.CurrentHeads([]string{rD747, r2a95, r34e0, rD747})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{r2a95, r34e0, rD747}, idsOf(got)); diff != "" {
		t.Errorf("CurrentHeads (-want +got):\n%s", diff)
	}
	_, err = g.CurrentHeads([]string{r2a95, "feedbeef"})
	var ve *VersionRowError
	if !errors.As(err, &ve) || ve.Kind != UnknownRow || ve.Row != "feedbeef" {
		t.Fatalf("err = %v, want *VersionRowError for feedbeef", err)
	}
	want := "version table row 'feedbeef' is not a known revision (was its file deleted, renamed or not yet pulled?); restore the file, or repair the table with 'migrate stamp --purge' and the revisions the database is at; if Alembic wrote the row, give your baseline revision its id: 'migrate revision -m baseline --rev-id feedbeef'"
	if err.Error() != want {
		t.Errorf("message = %q, want %q", err.Error(), want)
	}
}
