package cmd

import (
	"slices"
	"testing"
)

func TestMoveNegativeRevs(t *testing.T) {
	cases := [][2][]string{
		{{"downgrade", "-1"}, {"downgrade", "--", "-1"}},
		{{"downgrade", "-2", "--sql"}, {"downgrade", "--sql", "--", "-2"}},
		{{"history", "-r", "-3:"}, {"history", "-r", "-3:"}},
		{{"upgrade", "+1"}, {"upgrade", "+1"}},
		{{"-c", "x.yaml", "downgrade", "-1"}, {"-c", "x.yaml", "downgrade", "--", "-1"}},
		{{"downgrade", "--", "-1"}, {"downgrade", "--", "-1"}},
		{{"revision", "-m", "-1 is a message"}, {"revision", "-m", "-1 is a message"}},
	}
	for _, c := range cases {
		if got := moveNegativeRevs(c[0]); !slices.Equal(got, c[1]) {
			t.Errorf("moveNegativeRevs(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}
