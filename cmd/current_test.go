package cmd

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCurrentFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdCurrent, "current", "--format", "json")
	if o.Format != "json" || o.Verbose {
		t.Fatalf("options = %+v", *o)
	}
	// -v/--verbose is global: accepted before and after the command.
	for _, args := range [][]string{{"current", "-v"}, {"-v", "current"}, {"current", "--verbose"}} {
		if o, _ := mustParse(t, newCmdCurrent, args...); !o.Verbose {
			t.Errorf("%q: Verbose false", args)
		}
	}
	if _, _, err := parseCmd(t, newCmdCurrent, "current", "x"); err == nil {
		t.Fatal("current x parsed")
	}
}

func TestCurrentRun(t *testing.T) {
	cfg, _ := sqliteProject(t)
	code, stdout, stderr := runCLI(t, "-c", cfg, "current")
	if code != 0 || stdout != "" {
		t.Fatalf("current at base: exit %d %q %s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "-c", cfg, "upgrade", "head"); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, _ = runCLI(t, "-c", cfg, "current")
	if code != 0 || stdout != "abc123def456 (head)\n" {
		t.Fatalf("current: exit %d %q", code, stdout)
	}
	code, stdout, _ = runCLI(t, "-c", cfg, "current", "-v")
	if code != 0 || !strings.HasPrefix(stdout, "Rev: abc123def456 (head)\nParent: <base>\n") {
		t.Fatalf("current -v: exit %d %q", code, stdout)
	}
	code, stdout, _ = runCLI(t, "-c", cfg, "current", "--format", "json")
	var out []revisionJSON
	if err := json.Unmarshal([]byte(stdout), &out); code != 0 || err != nil || len(out) != 1 || out[0].ID != "abc123def456" || !out[0].IsHead {
		t.Fatalf("current --format json: exit %d %v\n%s", code, err, stdout)
	}
	if code, _, _ := runCLI(t, "-c", cfg, "current", "--format", "xml"); code != 2 {
		t.Fatalf("--format xml: exit %d, want 2", code)
	}
}
