package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
)

// TestUsageErrorsExit2: every kind of calling mistake exits 2 with one ERROR
// line, and reaches no run function.
func TestUsageErrorsExit2(t *testing.T) {
	cfg := newTestProject(t)
	for _, args := range [][]string{
		{"upgrad", "head"},                           // unknown command
		{"upgrade"},                                  // missing argument
		{"upgrade", "a", "b"},                        // too many
		{"heads", "x"},                               // none expected
		{"upgrade", "head", "--nope"},                // unknown flag
		{"upgrade", "head", "-Z"},                    // unknown shorthand
		{"--lock-timeout", "abc", "upgrade", "head"}, // bad value: pflag's "invalid argument"
		{"upgrade", "head", "--tag"},                 // flag needs an argument
		{"current", "--format", "xml"},               // checked by the command
		{"history", "-r", "a:b:c"},
	} {
		code, stdout, stderr := runCLI(t, append([]string{"-c", cfg}, args...)...)
		if code != 2 || stdout != "" || !strings.HasPrefix(stderr, "ERROR: ") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and one ERROR line", args, code, stdout, stderr)
		}
	}
	code, _, stderr := runCLI(t, "upgrad")
	if code != 2 || !strings.Contains(stderr, `unknown command "upgrad" for "migrate": did you mean upgrade?`) {
		t.Fatalf("unknown command: exit %d %s", code, stderr)
	}
}

// TestExitCodeByTypeNotText: exit 2 is decided by the error's type only. An
// error from the database whose text contains "invalid argument" (here the
// name of a table a revision reads) exits 1.
func TestExitCodeByTypeNotText(t *testing.T) {
	cfg, db := sqliteProject(t)
	writeRevisionFile(t, cfg, "bbb222_bad.yaml", "revision: bbb222\ndown_revision: abc123def456\nmessage: bad\nupgrade:\n  - execute: 'SELECT * FROM \"invalid argument\"'\ndowngrade: []\n")
	code, _, stderr := runCLI(t, "-c", cfg, "upgrade", "head")
	if code != 1 || !strings.Contains(stderr, "invalid argument") {
		t.Fatalf("database error: exit %d, want 1: %s", code, stderr)
	}
	// One transaction on SQLite: the failed run left nothing behind.
	if rows := versionRows(t, db); len(rows) != 0 {
		t.Fatalf("version rows %v after the failed run", rows)
	}
	f := &factory{IO: ioStreams{ErrOut: io.Discard}}
	ctx := context.Background()
	for err, want := range map[error]int{
		errors.New("invalid argument"):                            1,
		errors.New("unknown flag: --x"):                           1,
		cmdutil.FlagErrorf("anything"):                            2,
		fmt.Errorf("wrapped: %w", cmdutil.FlagErrorf("anything")): 2,
		&changesDetectedError{N: 3}:                               1,
		nil:                                                       0,
	} {
		if got := exitCode(ctx, f, err); got != want {
			t.Errorf("exitCode(%v) = %d, want %d", err, got, want)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if got := exitCode(cancelled, f, errors.New("context canceled")); got != 130 {
		t.Errorf("after SIGINT: %d, want 130", got)
	}
	f.signalName = func() string { return "terminated" }
	if got := exitCode(cancelled, f, errors.New("context canceled")); got != 143 {
		t.Errorf("after SIGTERM: %d, want 143", got)
	}
}

// TestChangesDetectedMessage: check's ERROR line names the first findings its
// ops express and, apart, what autogenerate writes no op for, at most
// maxListed of each, counting the rest, so that a schema with thousands of
// differences still gets one readable line.
func TestChangesDetectedMessage(t *testing.T) {
	var many, added []string
	for i := 0; i < 40; i++ {
		many = append(many, fmt.Sprintf("Detected type change of column 't%d.c'", i))
		added = append(added, fmt.Sprintf("Detected added table 'a%d'", i))
	}
	for _, tc := range []struct {
		err           *changesDetectedError
		want, wantNot string
	}{
		{&changesDetectedError{N: 40, Findings: added}, "40 change(s) detected between the database and the metadata (Detected added table 'a0'; Detected added table 'a1'; Detected added table 'a2'; Detected added table 'a3'; Detected added table 'a4'; and 35 more): run `migrate revision --autogenerate -m MESSAGE` to write a revision for them", "writes no op"},
		{&changesDetectedError{N: 1, Findings: append([]string{"Detected added table 'a0'"}, many[:2]...), Warnings: many[:2]}, "(Detected added table 'a0'): run `migrate revision --autogenerate -m MESSAGE` to write a revision for them; autogenerate writes no op for: Detected type change of column 't0.c'; Detected type change of column 't1.c': add those", "more"},
		{&changesDetectedError{N: 0, Findings: many, Warnings: many}, "Detected type change of column 't4.c'; and 35 more: write a revision by hand", "'t5.c'"},
	} {
		got := tc.err.Error()
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.wantNot) {
			t.Errorf("Error() = %q\nwant it to contain %q and not %q", got, tc.want, tc.wantNot)
		}
	}
}
