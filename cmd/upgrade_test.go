package cmd

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/migrate/revision"
)

func TestUpgradeFlags(t *testing.T) {
	o, f := mustParse(t, newCmdUpgrade, "upgrade", "head", "--sql", "-o", "out.sql", "--tag", "v1", "--allow-modified", "-x", "a=1", "-x", "b=2")
	if o.Target != "head" || !o.SQL || o.Output != "out.sql" || o.Tag != "v1" || !o.AllowModified || o.Direction != revision.Up {
		t.Fatalf("options = %+v", *o)
	}
	// -x and --tag are kept on the factory for the commands that will use them.
	if f.Tag != "v1" || !slices.Equal(f.XArgs, []string{"a=1", "b=2"}) {
		t.Fatalf("factory Tag %q XArgs %q", f.Tag, f.XArgs)
	}
	o, _ = mustParse(t, newCmdUpgrade, "upgrade", "+1")
	if o.Target != "+1" || o.SQL || o.Output != "" {
		t.Fatalf("defaults: %+v", *o)
	}
	for _, args := range [][]string{{"upgrade"}, {"upgrade", "a", "b"}, {"upgrade", "head", "--nope"}} {
		if _, _, err := parseCmd(t, newCmdUpgrade, args...); err == nil {
			t.Errorf("%q parsed", args)
		}
	}
}

func TestUpgradeRun(t *testing.T) {
	cfg, db := sqliteProject(t)
	writeRevisionFile(t, cfg, "bbb222_authors.yaml", secondRevision)
	code, stdout, stderr := runCLI(t, "-c", cfg, "upgrade", "abc123")
	if code != 0 || stdout != "" || !strings.Contains(stderr, "Applied 1 revision(s)") {
		t.Fatalf("upgrade abc123: exit %d\nstdout %q\nstderr %s", code, stdout, stderr)
	}
	if got := sqliteTables(t, db); !slices.Contains(got, "books") || slices.Contains(got, "authors") {
		t.Fatalf("after upgrade abc123 the database has %v", got)
	}
	if code, _, stderr := runCLI(t, "-c", cfg, "-q", "upgrade", "head"); code != 0 || stderr != "" {
		t.Fatalf("upgrade head -q: exit %d, stderr %q", code, stderr)
	}
	if got := versionRows(t, db); !slices.Equal(got, []string{"bbb222"}) {
		t.Fatalf("version rows %v, want [bbb222]", got)
	}
	// --output without --sql and a range online are usage errors (exit 2).
	for _, args := range [][]string{{"upgrade", "head", "-o", "x.sql"}, {"upgrade", "base:head"}} {
		code, _, stderr := runCLI(t, append([]string{"-c", cfg}, args...)...)
		if code != 2 || !strings.HasPrefix(stderr, "ERROR: ") {
			t.Errorf("%q: exit %d, %s", args, code, stderr)
		}
	}
}

func TestUpgradeSQL(t *testing.T) {
	cfg := newTestProject(t)
	code, stdout, stderr := runCLI(t, "-c", cfg, "upgrade", "head", "--sql")
	if code != 0 || !strings.Contains(stdout, "CREATE TABLE books") || !strings.Contains(stdout, "CREATE INDEX ix_books_title") || !strings.Contains(stderr, "abc123def456") {
		t.Fatalf("upgrade --sql: exit %d\n%s\n%s", code, stdout, stderr)
	}
	out := filepath.Join(t.TempDir(), "up.sql")
	code, stdout, stderr = runCLI(t, "-c", cfg, "upgrade", "head", "--sql", "-o", out)
	b, err := os.ReadFile(out)
	if code != 0 || stdout != "" || err != nil || !strings.Contains(string(b), "CREATE TABLE books") || !strings.Contains(stderr, "Wrote the upgrade script") {
		t.Fatalf("upgrade --sql -o: exit %d, stdout %q, file %v\n%s", code, stdout, err, stderr)
	}
}
