package cmd

import (
	"bytes"
	"context"

	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the command line in process and returns exit code, stdout, stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// newTestProject writes migrate.yaml and one revision in a temp dir and returns
// the config path.
func newTestProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "migrate.yaml")
	if err := os.MkdirAll(filepath.Join(dir, "migrations", "versions"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(cfg, "script_location: migrations\nurl: sqlite:///app.db\n")
	write(filepath.Join(dir, "migrations", "versions", "abc123def456_books.yaml"), `revision: abc123def456
down_revision: null
message: books
upgrade:
  - create_table:
      name: books
      columns:
        - {name: id, type: integer, nullable: false}
        - {name: title, type: varchar(20), nullable: false}
      primary_key: {name: pk_books, columns: [id]}
  - create_index: {name: ix_books_title, table: books, columns: [title]}
downgrade:
  - drop_index: {name: ix_books_title, table: books}
  - drop_table: {name: books}
`)
	return cfg
}

func TestDocsWritesAPagePerCommand(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCLI(t, "docs", "--dir", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(dir, "migrate_upgrade.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# migrate upgrade", "## Usage", "--sql", "## Global flags", "--lock-timeout"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("migrate_upgrade.md lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "migrate.md")); err != nil {
		t.Error("no page for the root command")
	}
}

func TestEditOpensTheRevision(t *testing.T) {
	cfg := newTestProject(t)
	script := filepath.Join(t.TempDir(), "ed.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho '# edited' >> \"$1\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", script)
	if code, _, stderr := runCLI(t, "-c", cfg, "edit", "abc"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(filepath.Dir(cfg), "migrations", "versions", "abc123def456_books.yaml"))
	if !strings.HasSuffix(string(b), "# edited\n") {
		t.Fatalf("the editor did not get the revision file:\n%s", b)
	}
	t.Setenv("EDITOR", "")
	code, _, stderr := runCLI(t, "-c", cfg, "edit", "abc")
	if code != 1 || !strings.Contains(stderr, "neither $VISUAL nor $EDITOR is set") {
		t.Fatalf("without an editor: exit %d, %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "-c", cfg, "edit"); code != 2 {
		t.Fatalf("edit without REV: exit %d, want 2", code)
	}
}

func TestInspectFormats(t *testing.T) {
	cfg := newTestProject(t)
	if code, _, stderr := runCLI(t, "-c", cfg, "-q", "upgrade", "head"); code != 0 {
		t.Fatalf("upgrade: %s", stderr)
	}
	code, goSrc, stderr := runCLI(t, "-c", cfg, "inspect")
	if code != 0 || !strings.Contains(goSrc, `var Books = booksTable()`) || !strings.Contains(goSrc, `return Metadata.Table("books",`) || !strings.Contains(goSrc, `schema.Index("ix_books_title", "title")`) || strings.Contains(goSrc, "migrate_version") {
		t.Fatalf("inspect --format go: exit %d %s\n%s", code, stderr, goSrc)
	}
	code, js, _ := runCLI(t, "-c", cfg, "inspect", "--format", "json")
	if code != 0 || !strings.Contains(js, `"name": "books"`) {
		t.Fatalf("inspect --format json:\n%s", js)
	}
	code, y, _ := runCLI(t, "-c", cfg, "inspect", "--format", "yaml")
	if code != 0 || !strings.Contains(y, "name: books") || !strings.Contains(y, "type: varchar(20)") {
		t.Fatalf("inspect --format yaml:\n%s", y)
	}
	if code, _, stderr := runCLI(t, "-c", cfg, "inspect", "--tables", "nope"); code != 1 || !strings.Contains(stderr, `--tables names "nope"`) {
		t.Fatalf("unknown table: exit %d %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "-c", cfg, "inspect", "--format", "xml"); code != 2 {
		t.Fatalf("bad format: exit %d, want 2", code)
	}
}

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
	f := &Factory{colourOn: &on}
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
	f = &Factory{IO: IOStreams{ErrOut: tty}}
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
