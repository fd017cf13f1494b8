package cmd

import (
	"io"
	"slices"
	"strings"
	"testing"
)

func TestMoveNegativeRevs(t *testing.T) {
	cases := [][2][]string{
		{{"downgrade", "-1"}, {"downgrade", "--", "-1"}},
		{{"downgrade", "-2", "--sql"}, {"downgrade", "--sql", "--", "-2"}},
		{{"history", "-r", "-3:"}, {"history", "-r", "-3:"}},
		{{"history", "--rev-range", "-3:"}, {"history", "--rev-range", "-3:"}},
		{{"upgrade", "+1"}, {"upgrade", "+1"}},
		{{"-c", "x.yaml", "downgrade", "-1"}, {"-c", "x.yaml", "downgrade", "--", "-1"}},
		{{"--config=x.yaml", "downgrade", "-1"}, {"--config=x.yaml", "downgrade", "--", "-1"}},
		{{"downgrade", "--", "-1"}, {"downgrade", "--", "-1"}},
		{{"revision", "-m", "-1 is a message"}, {"revision", "-m", "-1 is a message"}},
		// Flags the old hand-kept list missed: each takes its value from the
		// command's own flag set.
		{{"downgrade", "--statement-timeout", "5s", "-1"}, {"downgrade", "--statement-timeout", "5s", "--", "-1"}},
		{{"downgrade", "--connect-timeout", "5s", "-1"}, {"downgrade", "--connect-timeout", "5s", "--", "-1"}},
		{{"downgrade", "-o", "-1.sql", "-1"}, {"downgrade", "-o", "-1.sql", "--", "-1"}},
		{{"downgrade", "--tag", "-1", "-2"}, {"downgrade", "--tag", "-1", "--", "-2"}},
		{{"-x", "-1", "downgrade", "-1"}, {"-x", "-1", "downgrade", "--", "-1"}},
		{{"-qx", "-1", "downgrade", "-1"}, {"-qx", "-1", "downgrade", "--", "-1"}},
		{{"inspect", "--tables", "-1"}, {"inspect", "--tables", "-1"}},
		// Boolean flags take no value: the revision after them still moves.
		{{"downgrade", "--sql", "-1:base"}, {"downgrade", "--sql", "--", "-1:base"}},
		{{"downgrade", "-q", "-1"}, {"downgrade", "-q", "--", "-1"}},
		{{"-v", "show", "-1"}, {"-v", "show", "--", "-1"}},
	}
	for _, c := range cases {
		root := newCmdRoot(&factory{IO: ioStreams{Out: io.Discard, ErrOut: io.Discard}})
		if got := moveNegativeRevs(root, c[0]); !slices.Equal(got, c[1]) {
			t.Errorf("moveNegativeRevs(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

// TestNegativeRevEndToEnd: downgrade -1 after a flag the old list did not know.
func TestNegativeRevEndToEnd(t *testing.T) {
	cfg, db := sqliteProject(t)
	writeRevisionFile(t, cfg, "bbb222_authors.yaml", secondRevision)
	if code, _, stderr := runCLI(t, "-c", cfg, "upgrade", "head"); code != 0 {
		t.Fatal(stderr)
	}
	code, _, stderr := runCLI(t, "-c", cfg, "downgrade", "--statement-timeout", "1m", "-1")
	if code != 0 || !strings.Contains(stderr, "Reverted 1 revision(s)") {
		t.Fatalf("exit %d %s", code, stderr)
	}
	if got := versionRows(t, db); !slices.Equal(got, []string{"abc123def456"}) {
		t.Fatalf("version rows %v", got)
	}
}
