package cmd

import (
	"slices"
	"strings"
	"testing"
)

func TestStampFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdStamp, "stamp", "abc", "def", "--purge", "--sql")
	if !slices.Equal(o.Targets, []string{"abc", "def"}) || !o.Purge || !o.SQL {
		t.Fatalf("options = %+v", *o)
	}
	o, _ = mustParse(t, newCmdStamp, "stamp", "head")
	if o.Purge || o.SQL {
		t.Fatalf("defaults: %+v", *o)
	}
	if _, _, err := parseCmd(t, newCmdStamp, "stamp"); err == nil {
		t.Fatal("stamp without REV parsed")
	}
}

func TestStampRun(t *testing.T) {
	cfg, db := sqliteProject(t)
	code, stdout, stderr := runCLI(t, "-c", cfg, "stamp", "head")
	if code != 0 || stdout != "" {
		t.Fatalf("stamp head: exit %d\n%q\n%s", code, stdout, stderr)
	}
	if got := versionRows(t, db); !slices.Equal(got, []string{"abc123def456"}) {
		t.Fatalf("version rows %v", got)
	}
	if got := sqliteTables(t, db); slices.Contains(got, "books") {
		t.Fatal("stamp ran the revision")
	}
	code, _, stderr = runCLI(t, "-c", cfg, "stamp", "head")
	if code != 0 || !strings.Contains(stderr, "Nothing to stamp: the version table already names abc123def456") {
		t.Fatalf("stamp head again: exit %d, %s", code, stderr)
	}
	code, stdout, _ = runCLI(t, "-c", cfg, "stamp", "head", "--sql")
	if code != 0 || !strings.Contains(stdout, "INSERT INTO migrate_version") || !strings.Contains(stdout, "abc123def456") {
		t.Fatalf("stamp --sql: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := runCLI(t, "-c", cfg, "stamp", "base:head"); code != 2 || !strings.Contains(stderr, "works only with --sql") {
		t.Fatalf("online range: exit %d %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "-c", cfg, "stamp", "base"); code != 0 {
		t.Fatal(stderr)
	}
	if got := versionRows(t, db); len(got) != 0 {
		t.Fatalf("after stamp base: %v", got)
	}
}
