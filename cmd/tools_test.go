package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCompletion(t *testing.T) {
	cfg := newTestProject(t)
	code, out, _ := runCLI(t, "completion", "bash")
	if code != 0 || !strings.Contains(out, "bash completion") {
		t.Fatalf("completion bash: exit %d\n%.200s", code, out)
	}
	for _, sh := range []string{"zsh", "fish", "powershell"} {
		if code, out, _ := runCLI(t, "completion", sh); code != 0 || len(out) < 100 {
			t.Errorf("completion %s: exit %d", sh, code)
		}
	}
	// Revision ids complete from the version locations.
	for _, cmd := range []string{"edit", "upgrade", "downgrade", "stamp", "show", "merge"} {
		code, out, _ = runCLI(t, "-c", cfg, "__complete", cmd, "")
		if code != 0 || !strings.Contains(out, "abc123def456\tbooks") || !strings.Contains(out, "head") {
			t.Fatalf("__complete %s: exit %d\n%s", cmd, code, out)
		}
	}
}

func TestColourOnlyOnATerminal(t *testing.T) {
	// Buffers are not terminals: no escape codes, whatever NO_COLOR says.
	_, _, stderr := runCLI(t, "-c", filepath.Join(t.TempDir(), "none.yaml"), "current")
	if strings.Contains(stderr, "\x1b[") {
		t.Fatalf("colour codes in non-terminal output: %q", stderr)
	}
	on, off := true, false
	f := &factory{colourOn: &on}
	if got := f.colour(colourError, "ERROR:"); got != "\x1b[31mERROR:\x1b[0m" {
		t.Fatalf("colour on: %q", got)
	}
	f.colourOn = &off
	if got := f.colour(colourError, "ERROR:"); got != "ERROR:" {
		t.Fatalf("colour off: %q", got)
	}
	t.Setenv("NO_COLOR", "1")
	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no terminal to test NO_COLOR against")
	}
	defer tty.Close()
	f = &factory{IO: ioStreams{ErrOut: tty}}
	if f.useColour() {
		t.Fatal("NO_COLOR is set, yet colour is on")
	}
}

// The committed docs/cli pages are what `migrate docs` writes today; regenerate
// them with `go run . docs --dir docs/cli` after changing a command.
func TestCommittedCLIDocsAreCurrent(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, "docs", "--dir", dir); code != 0 {
		t.Fatal(stderr)
	}
	fresh, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	committed, _ := filepath.Glob(filepath.Join("..", "docs", "cli", "*.md"))
	if len(fresh) != len(committed) {
		t.Fatalf("docs/cli has %d pages, migrate docs writes %d: run `go run . docs --dir docs/cli`", len(committed), len(fresh))
	}
	for _, p := range fresh {
		want, _ := os.ReadFile(p)
		got, err := os.ReadFile(filepath.Join("..", "docs", "cli", filepath.Base(p)))
		if err != nil || string(got) != string(want) {
			t.Errorf("docs/cli/%s is stale: run `go run . docs --dir docs/cli`", filepath.Base(p))
		}
	}
}
