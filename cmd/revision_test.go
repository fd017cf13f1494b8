package cmd

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/migrate/revision"
)

func TestRevisionFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdRevision, "revision", "-m", "-1 is a message", "--autogenerate", "--rev-id", "r1", "--head", "abc", "--splice",
		"--branch-label", "a", "--branch-label", "b", "--depends-on", "x", "--version-path", "vp")
	if o.Message != "-1 is a message" || !o.Autogenerate || o.RevID != "r1" || o.Head != "abc" || !o.Splice || !o.headGiven ||
		!slices.Equal(o.BranchLabels, []string{"a", "b"}) || !slices.Equal(o.DependsOn, []string{"x"}) || o.VersionPath != "vp" {
		t.Fatalf("options = %+v", *o)
	}
	o, _ = mustParse(t, newCmdRevision, "revision")
	if o.Head != "head" || o.headGiven || o.Autogenerate {
		t.Fatalf("defaults: %+v", *o)
	}
	if _, _, err := parseCmd(t, newCmdRevision, "revision", "extra"); err == nil {
		t.Fatal("revision extra parsed")
	}
}

func TestRevisionRun(t *testing.T) {
	cfg := newTestProject(t)
	code, stdout, stderr := runCLI(t, "-c", cfg, "revision", "-m", "Add authors", "--rev-id", "r2", "--branch-label", "main")
	path := filepath.Join(filepath.Dir(cfg), "migrations", "versions", "r2_add_authors.yaml")
	if code != 0 || stdout != path+"\n" {
		t.Fatalf("revision: exit %d %q %s", code, stdout, stderr)
	}
	rev, err := revision.ParseFile(path, mustRead(t, path))
	if err != nil || rev.ID != "r2" || !slices.Equal(rev.DownRevisions, []string{"abc123def456"}) || !slices.Equal(rev.BranchLabels, []string{"main"}) || rev.Message != "Add authors" {
		t.Fatalf("written revision: %v %+v", err, rev)
	}
	// Not a head without --splice; with it, a second head.
	code, _, stderr = runCLI(t, "-c", cfg, "revision", "-m", "x", "--head", "abc123def456")
	if code != 1 || !strings.Contains(stderr, "is not a head: pass --splice") {
		t.Fatalf("--head inner: exit %d %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "-c", cfg, "revision", "-m", "x", "--head", "abc123def456", "--splice", "--rev-id", "r3"); code != 0 {
		t.Fatal(stderr)
	}
	code, _, stderr = runCLI(t, "-c", cfg, "revision", "-m", "y")
	if code != 1 || !strings.Contains(stderr, "multiple heads are present (r2, r3)") {
		t.Fatalf("two heads: exit %d %s", code, stderr)
	}
	code, _, stderr = runCLI(t, "-c", cfg, "revision", "--rev-id", "bad-id")
	if code != 2 || !strings.Contains(stderr, `--rev-id: "bad-id" is not a valid revision id`) {
		t.Fatalf("bad --rev-id: exit %d %s", code, stderr)
	}
	code, _, stderr = runCLI(t, "-c", cfg, "revision", "--head", "r2", "--depends-on", "nope")
	if code != 1 || !strings.Contains(stderr, "--depends-on nope") {
		t.Fatalf("bad --depends-on: exit %d %s", code, stderr)
	}
}

// TestRevisionDotFileTemplate: a file_template giving a hidden name is refused
// and writes nothing.
func TestRevisionDotFileTemplate(t *testing.T) {
	cfg := newTestProject(t)
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("file_template: \".{{.Rev}}\"\n")
	f.Close()
	code, _, stderr := runCLI(t, "-c", cfg, "revision", "-m", "x", "--rev-id", "r9")
	if code != 1 || !strings.Contains(stderr, "starts with a dot") {
		t.Fatalf("exit %d %s", code, stderr)
	}
	entries, _ := os.ReadDir(filepath.Join(filepath.Dir(cfg), "migrations", "versions"))
	if len(entries) != 1 {
		t.Fatalf("files written: %v", entries)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
