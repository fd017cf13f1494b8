package cmd

import (
	"strings"
	"testing"
)

func TestBranchesFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdBranches, "branches", "--format", "json", "--verbose")
	if o.Format != "json" || !o.Verbose {
		t.Fatalf("options = %+v", *o)
	}
	if _, _, err := parseCmd(t, newCmdBranches, "branches", "x"); err == nil {
		t.Fatal("branches x parsed")
	}
}

func TestBranchesRun(t *testing.T) {
	cfg := branchProject(t)
	code, stdout, stderr := runCLI(t, "-c", cfg, "branches")
	want := "<base> -> abc123def456 (branchpoint), books\n" +
		"             -> abc123def456 -> bbb222 (head), authors\n" +
		"             -> abc123def456 -> ccc333 (side) (head), side\n\n"
	if code != 0 || stdout != want {
		t.Fatalf("branches: exit %d\n%q\nwant\n%q\n%s", code, stdout, want, stderr)
	}
	code, stdout, _ = runCLI(t, "-c", cfg, "-v", "branches")
	if code != 0 || !strings.HasPrefix(stdout, "Rev: abc123def456 (branchpoint)") || !strings.Contains(stdout, "Branches into: bbb222, ccc333") {
		t.Fatalf("-v branches: %q", stdout)
	}
	code, stdout, _ = runCLI(t, "-c", cfg, "branches", "--format", "json")
	if code != 0 || !strings.Contains(stdout, `"branches": [`) || !strings.Contains(stdout, `"is_branch_point": true`) {
		t.Fatalf("branches --format json: %q", stdout)
	}
}
