package cmd

import (
	"strings"
	"testing"
)

func TestHeadsFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdHeads, "heads", "--resolve-dependencies", "--format", "json", "-v")
	if !o.ResolveDependencies || o.Format != "json" || !o.Verbose {
		t.Fatalf("options = %+v", *o)
	}
	o, _ = mustParse(t, newCmdHeads, "heads")
	if o.ResolveDependencies || o.Format != "text" || o.Verbose {
		t.Fatalf("defaults: %+v", *o)
	}
}

// branchProject has two heads: bbb222 and ccc333 both follow abc123def456;
// ccc333 is labelled "side".
func branchProject(t *testing.T) string {
	t.Helper()
	cfg := newTestProject(t)
	writeRevisionFile(t, cfg, "bbb222_authors.yaml", secondRevision)
	writeRevisionFile(t, cfg, "ccc333_side.yaml", "revision: ccc333\ndown_revision: abc123def456\nbranch_labels: [side]\nmessage: side\nupgrade: []\ndowngrade: []\n")
	return cfg
}

func TestHeadsRun(t *testing.T) {
	cfg := branchProject(t)
	code, stdout, stderr := runCLI(t, "-c", cfg, "heads")
	if code != 0 || stdout != "bbb222 (head)\nccc333 (side) (head)\n" {
		t.Fatalf("heads: exit %d %q %s", code, stdout, stderr)
	}
	code, stdout, _ = runCLI(t, "-c", cfg, "heads", "--verbose")
	if code != 0 || strings.Count(stdout, "Rev: ") != 2 || !strings.Contains(stdout, "Parent: abc123def456") {
		t.Fatalf("heads --verbose: %q", stdout)
	}
	code, stdout, _ = runCLI(t, "-c", cfg, "heads", "--format", "json")
	if code != 0 || !strings.Contains(stdout, `"id": "ccc333"`) || !strings.Contains(stdout, `"branch_labels": [`) {
		t.Fatalf("heads --format json: %q", stdout)
	}
}
