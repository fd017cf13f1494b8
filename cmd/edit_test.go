package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEditFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdEdit, "edit", "abc")
	if o.Rev != "abc" {
		t.Fatalf("options = %+v", *o)
	}
	o, _ = mustParse(t, newCmdEdit, "edit", "-1")
	if o.Rev != "-1" {
		t.Fatalf("edit -1: %+v", *o)
	}
	if _, _, err := parseCmd(t, newCmdEdit, "edit"); err == nil {
		t.Fatal("edit without REV parsed")
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
