package cmd

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/migrate/revision"
)

func TestMergeFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdMerge, "merge", "heads", "-m", "join", "--rev-id", "m1", "--branch-label", "l")
	if !slices.Equal(o.Revisions, []string{"heads"}) || o.Message != "join" || o.RevID != "m1" || !slices.Equal(o.BranchLabels, []string{"l"}) {
		t.Fatalf("options = %+v", *o)
	}
	o, _ = mustParse(t, newCmdMerge, "merge", "a", "b")
	if !slices.Equal(o.Revisions, []string{"a", "b"}) {
		t.Fatalf("merge a b: %+v", *o)
	}
	if _, _, err := parseCmd(t, newCmdMerge, "merge"); err == nil {
		t.Fatal("merge without REV parsed")
	}
}

func TestMergeRun(t *testing.T) {
	cfg := branchProject(t)
	code, stdout, stderr := runCLI(t, "-c", cfg, "merge", "heads", "-m", "join", "--rev-id", "m1")
	path := filepath.Join(filepath.Dir(cfg), "migrations", "versions", "m1_join.yaml")
	if code != 0 || stdout != path+"\n" {
		t.Fatalf("merge heads: exit %d %q %s", code, stdout, stderr)
	}
	rev, err := revision.ParseFile(path, mustRead(t, path))
	if err != nil || !slices.Equal(rev.DownRevisions, []string{"bbb222", "ccc333"}) {
		t.Fatalf("merge revision: %v %+v", err, rev)
	}
	code, stdout, _ = runCLI(t, "-c", cfg, "heads")
	if code != 0 || stdout != "m1 (side) (head) (mergepoint)\n" {
		t.Fatalf("heads after merge: %q", stdout)
	}
	code, _, stderr = runCLI(t, "-c", cfg, "merge", "heads")
	if code != 1 || !strings.Contains(stderr, "names only m1") {
		t.Fatalf("merge of one head: exit %d %s", code, stderr)
	}
}
