package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDocsFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdDocs, "docs", "--dir", "out")
	if o.Dir != "out" || o.Root == nil || o.Root.Name() != "migrate" {
		t.Fatalf("options = %+v", *o)
	}
	o, _ = mustParse(t, newCmdDocs, "docs")
	if o.Dir != "docs/cli" {
		t.Fatalf("default --dir %q", o.Dir)
	}
	if _, _, err := parseCmd(t, newCmdDocs, "docs", "x"); err == nil {
		t.Fatal("docs x parsed")
	}
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
