package cmd

import (
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/migrate/revision"
)

func TestDowngradeFlags(t *testing.T) {
	// -1 is a revision, not a flag: the command's own flags say so.
	o, _ := mustParse(t, newCmdDowngrade, "downgrade", "-1")
	if o.Target != "-1" || o.Direction != revision.Down {
		t.Fatalf("downgrade -1: %+v", *o)
	}
	o, _ = mustParse(t, newCmdDowngrade, "downgrade", "-2", "--sql", "--output", "x.sql")
	if o.Target != "-2" || !o.SQL || o.Output != "x.sql" {
		t.Fatalf("downgrade -2 --sql: %+v", *o)
	}
	o, _ = mustParse(t, newCmdDowngrade, "-c", "x.yaml", "--lock-timeout", "5s", "downgrade", "--tag", "-1", "-1")
	if o.Target != "-1" || o.Tag != "-1" {
		t.Fatalf("--tag -1 -1: %+v", *o)
	}
	o, _ = mustParse(t, newCmdDowngrade, "downgrade", "head:base", "--sql")
	if o.Target != "head:base" || !o.SQL {
		t.Fatalf("range: %+v", *o)
	}
	if _, _, err := parseCmd(t, newCmdDowngrade, "downgrade"); err == nil {
		t.Fatal("downgrade without REV parsed")
	}
}

func TestDowngradeRun(t *testing.T) {
	cfg, db := sqliteProject(t)
	writeRevisionFile(t, cfg, "bbb222_authors.yaml", secondRevision)
	if code, _, stderr := runCLI(t, "-c", cfg, "upgrade", "head"); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr := runCLI(t, "-c", cfg, "downgrade", "-1")
	if code != 0 || stdout != "" || !strings.Contains(stderr, "Reverted 1 revision(s)") {
		t.Fatalf("downgrade -1: exit %d\n%q\n%s", code, stdout, stderr)
	}
	if got := sqliteTables(t, db); slices.Contains(got, "authors") || !slices.Contains(got, "books") {
		t.Fatalf("after downgrade -1: %v", got)
	}
	if got := versionRows(t, db); !slices.Equal(got, []string{"abc123def456"}) {
		t.Fatalf("version rows %v", got)
	}
	code, stdout, stderr = runCLI(t, "-c", cfg, "downgrade", "abc123def456:base", "--sql")
	if code != 0 || !strings.Contains(stdout, "DROP TABLE books") {
		t.Fatalf("downgrade --sql: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "-c", cfg, "downgrade", "base"); code != 0 {
		t.Fatal(stderr)
	}
	if got := sqliteTables(t, db); slices.Contains(got, "books") {
		t.Fatalf("after downgrade base: %v", got)
	}
}
