package cmd

import (
	"strings"
	"testing"
)

func TestShowFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdShow, "show", "abc", "--format", "json")
	if o.Rev != "abc" || o.Format != "json" {
		t.Fatalf("options = %+v", *o)
	}
	o, _ = mustParse(t, newCmdShow, "show", "-1")
	if o.Rev != "-1" || o.Format != "text" {
		t.Fatalf("show -1: %+v", *o)
	}
	if _, _, err := parseCmd(t, newCmdShow, "show"); err == nil {
		t.Fatal("show without REV parsed")
	}
}

func TestShowRun(t *testing.T) {
	cfg, _ := sqliteProject(t)
	writeRevisionFile(t, cfg, "bbb222_authors.yaml", secondRevision)
	code, stdout, stderr := runCLI(t, "-c", cfg, "show", "bbb")
	if code != 0 || !strings.HasPrefix(stdout, "Rev: bbb222 (head)\nParent: abc123def456\n") || !strings.Contains(stdout, "    authors\n") {
		t.Fatalf("show bbb: exit %d %q %s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "-c", cfg, "upgrade", "abc123"); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, _ = runCLI(t, "-c", cfg, "show", "current", "--format", "json")
	if code != 0 || !strings.Contains(stdout, `"id": "abc123def456"`) {
		t.Fatalf("show current: %q", stdout)
	}
	if code, _, stderr := runCLI(t, "-c", cfg, "show", "base"); code != 2 || !strings.Contains(stderr, "is base, which is no revision") {
		t.Fatalf("show base: exit %d %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "-c", cfg, "show", "zzz"); code != 1 {
		t.Fatalf("show zzz: exit %d, want 1", code)
	}
}
