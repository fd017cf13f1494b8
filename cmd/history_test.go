package cmd

import (
	"strings"
	"testing"
)

func TestHistoryFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdHistory, "history", "-r", "-3:", "-i", "--format", "text", "--graph", "-v")
	if o.Range != "-3:" || !o.IndicateCurrent || o.Format != "text" || !o.Graph || !o.Verbose {
		t.Fatalf("options = %+v", *o)
	}
	o, _ = mustParse(t, newCmdHistory, "history", "--format", "dot")
	if o.Format != "dot" || o.Graph {
		t.Fatalf("options = %+v", *o)
	}
	o, _ = mustParse(t, newCmdHistory, "history", "--rev-range=base:head")
	if o.Range != "base:head" || o.IndicateCurrent || o.Format != "text" || o.Verbose {
		t.Fatalf("defaults: %+v", *o)
	}
}

func TestHistoryRun(t *testing.T) {
	cfg, _ := sqliteProject(t)
	writeRevisionFile(t, cfg, "bbb222_authors.yaml", secondRevision)
	code, stdout, stderr := runCLI(t, "-c", cfg, "history")
	want := "abc123def456 -> bbb222 (head), authors\n<base> -> abc123def456, books\n"
	if code != 0 || stdout != want {
		t.Fatalf("history: exit %d\n%q\nwant %q\n%s", code, stdout, want, stderr)
	}
	if code, _, stderr := runCLI(t, "-c", cfg, "upgrade", "abc123"); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, _ = runCLI(t, "-c", cfg, "history", "-i")
	if code != 0 || !strings.Contains(stdout, "<base> -> abc123def456 (current), books") {
		t.Fatalf("history -i: %q", stdout)
	}
	code, stdout, _ = runCLI(t, "-c", cfg, "history", "-r", "current:")
	if code != 0 || stdout != "abc123def456 -> bbb222 (head), authors\n<base> -> abc123def456, books\n" {
		t.Fatalf("history -r current: %q", stdout)
	}
	code, stdout, _ = runCLI(t, "-c", cfg, "history", "--format", "dot")
	if code != 0 || !strings.HasPrefix(stdout, "digraph revisions {") || !strings.Contains(stdout, `"bbb222" -> "abc123def456";`) {
		t.Fatalf("history --format dot: %q", stdout)
	}
	code, stdout, _ = runCLI(t, "-c", cfg, "history", "-v")
	if code != 0 || strings.Count(stdout, "Rev: ") != 2 {
		t.Fatalf("history -v: %q", stdout)
	}
	if code, _, stderr := runCLI(t, "-c", cfg, "history", "-r", "a:b:c"); code != 2 || !strings.Contains(stderr, `-r "a:b:c"`) {
		t.Fatalf("bad range: exit %d %s", code, stderr)
	}
}
