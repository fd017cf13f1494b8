package cmd

import (
	"slices"
	"strings"
	"testing"
)

func TestRepairFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdRepair, "repair", "abc", "def")
	if !slices.Equal(o.Revisions, []string{"abc", "def"}) {
		t.Fatalf("options = %+v", *o)
	}
	o, _ = mustParse(t, newCmdRepair, "repair")
	if len(o.Revisions) != 0 {
		t.Fatalf("defaults: %+v", *o)
	}
}

func TestRepairRun(t *testing.T) {
	cfg, db := sqliteProject(t)
	if code, _, stderr := runCLI(t, "-c", cfg, "upgrade", "head"); code != 0 {
		t.Fatalf("upgrade: %s", stderr)
	}
	code, _, stderr := runCLI(t, "-c", cfg, "repair")
	if code != 0 || !strings.Contains(stderr, "Nothing to repair") {
		t.Fatalf("repair, nothing changed: exit %d %s", code, stderr)
	}
	code, _, stderr = runCLI(t, "-c", cfg, "repair", "nope")
	if code != 1 || !strings.Contains(stderr, "nope") {
		t.Fatalf("repair nope: exit %d %s", code, stderr)
	}
	var n int
	if err := db.SQL.QueryRow(`SELECT count(*) FROM migrate_history WHERE direction = 'repair'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("repair rows = %d, %v; want none", n, err)
	}
}
