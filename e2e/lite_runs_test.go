package e2e_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// liteChain writes n revisions lite_1 … lite_n: lite_1 creates the table applied,
// and each revision creates table t_i and records itself in applied, so a
// revision applied twice either fails (the table exists) or leaves two rows.
func liteChain(p *project, n int) {
	for i := 1; i <= n; i++ {
		down := "null"
		if i > 1 {
			down = fmt.Sprintf("lite_%d", i-1)
		}
		var up strings.Builder
		if i == 1 {
			up.WriteString("  - create_table: {name: applied, columns: [{name: rev, type: varchar(20), nullable: false}]}\n")
		}
		fmt.Fprintf(&up, "  - create_table: {name: t_%d, columns: [{name: id, type: integer}]}\n", i)
		fmt.Fprintf(&up, "  - bulk_insert: {table: applied, rows: [{rev: lite_%d}]}\n", i)
		downOps := fmt.Sprintf("  - drop_table: {name: t_%d}\n", i)
		if i == 1 {
			downOps += "  - drop_table: {name: applied}\n"
		} else {
			downOps = fmt.Sprintf("  - execute: \"DELETE FROM applied WHERE rev = 'lite_%d'\"\n", i) + downOps
		}
		p.write(fmt.Sprintf("migrations/versions/lite_%d.yaml", i), fmt.Sprintf(
			"revision: lite_%d\ndown_revision: %s\nmessage: step %d\nupgrade:\n%sdowngrade:\n%s", i, down, i, up.String(), downOps))
	}
}

func liteProject(t *testing.T, url string) *project {
	p := &project{t: t, Dir: t.TempDir(), Env: []string{"MIGRATE_URL=" + url}}
	p.ok("init")
	return p
}

// Two migrate processes started at once against one file: both succeed and each
// revision is applied exactly once (BEGIN IMMEDIATE with a busy timeout is the lock).
func TestLiteConcurrentUpgrades(t *testing.T) {
	p := liteProject(t, "sqlite:///app.db")
	liteChain(p, 5)
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for range 2 {
		c := exec.Command(migrateBin, "upgrade", "head")
		c.Dir = p.Dir
		c.Env = append(os.Environ(), p.Env...)
		var b bytes.Buffer
		c.Stdout, c.Stderr = &b, &b
		cmds, outs = append(cmds, c), append(outs, &b)
	}
	for _, c := range cmds {
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("process %d: %v\n%s", i+1, err, outs[i])
		}
	}
	ran := strings.Count(outs[0].String()+outs[1].String(), "Running upgrade")
	if ran != 5 {
		t.Errorf("the two processes ran %d upgrade steps between them, want 5:\n%s\n---\n%s", ran, outs[0], outs[1])
	}
	db := liteOpen(t, filepath.Join(p.Dir, "app.db"))
	got := liteStrings(t, db, `SELECT rev FROM applied ORDER BY rev`)
	if d := cmp.Diff([]string{"lite_1", "lite_2", "lite_3", "lite_4", "lite_5"}, got); d != "" {
		t.Fatalf("applied (-want +got):\n%s", d)
	}
	if v := strings.TrimSpace(p.ok("current").Stdout); v != "lite_5 (head)" {
		t.Fatalf("current = %q", v)
	}
}

// A revision that fails half-way leaves the schema and the version table as they
// were before the run, earlier revisions of the same run included.
func TestLiteFailingRevisionLeavesFileUntouched(t *testing.T) {
	p := liteProject(t, "sqlite:///app.db")
	liteChain(p, 2)
	p.ok("upgrade", "lite_1")
	app := filepath.Join(p.Dir, "app.db")
	schemaBefore, sumsBefore := liteInspect(t, app), liteChecksums(t, app, nil)
	p.write("migrations/versions/lite_3.yaml", `revision: lite_3
down_revision: lite_2
message: breaks half-way
upgrade:
  - create_table: {name: half, columns: [{name: id, type: integer}]}
  - alter_column: {table: t_1, column: id, nullable: false}
  - execute: "INSERT INTO no_such_table VALUES (1)"
downgrade:
  - drop_table: {name: half}
`)
	p.fails(1, "no_such_table", "upgrade", "head")
	if d := cmp.Diff(schemaBefore, liteInspect(t, app)); d != "" {
		t.Fatalf("schema changed by the failed run (-before +after):\n%s", d)
	}
	if d := cmp.Diff(sumsBefore, liteChecksums(t, app, nil)); d != "" {
		t.Fatalf("rows changed by the failed run (-before +after):\n%s", d)
	}
	if v := strings.TrimSpace(p.ok("current").Stdout); v != "lite_1" {
		t.Fatalf("current after the failed run = %q, want lite_1", v)
	}
	if got := liteTables(t, app); slicesContain(got, "_migrate_tmp_t_1") || slicesContain(got, "half") {
		t.Fatalf("the failed run left tables behind: %v", got)
	}
}

func slicesContain(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Every URL form DESIGN.md lists, and file options, reach the file they name.
func TestLiteURLs(t *testing.T) {
	t.Run("relative", func(t *testing.T) {
		p := liteProject(t, "")
		liteChain(p, 1)
		if err := os.Mkdir(filepath.Join(p.Dir, "data"), 0o755); err != nil {
			t.Fatal(err)
		}
		p.ok("--url", "sqlite:///data/rel.db", "upgrade", "head")
		if got := liteTables(t, filepath.Join(p.Dir, "data", "rel.db")); !slicesContain(got, "t_1") {
			t.Fatalf("data/rel.db tables = %v", got)
		}
	})
	t.Run("absolute", func(t *testing.T) {
		abs := filepath.Join(t.TempDir(), "abs.db")
		p := liteProject(t, "sqlite:///"+abs) // sqlite:////tmp/…/abs.db
		liteChain(p, 1)
		if !strings.HasPrefix(p.Env[0], "MIGRATE_URL=sqlite:////") {
			t.Fatalf("not an absolute URL: %s", p.Env[0])
		}
		p.ok("upgrade", "head")
		if got := liteTables(t, abs); !slicesContain(got, "t_1") {
			t.Fatalf("%s tables = %v", abs, got)
		}
		if _, err := os.Stat(filepath.Join(p.Dir, abs)); err == nil {
			t.Fatal("the absolute path was taken as relative")
		}
	})
	t.Run("memory", func(t *testing.T) {
		p := liteProject(t, "sqlite://:memory:")
		liteChain(p, 3)
		r := p.ok("upgrade", "head")
		if n := strings.Count(r.Stderr, "Running upgrade"); n != 3 {
			t.Fatalf("in-memory upgrade ran %d steps, want 3:\n%s", n, r.Stderr)
		}
		if got := strings.TrimSpace(p.ok("current").Stdout); got != "" {
			t.Fatalf("a new process sees a new in-memory database, current = %q", got)
		}
		if m, _ := filepath.Glob(filepath.Join(p.Dir, "*.db")); len(m) != 0 {
			t.Fatalf("an in-memory run wrote files: %v", m)
		}
	})
	t.Run("pragma", func(t *testing.T) {
		p := liteProject(t, "sqlite:///wal.db?_pragma=journal_mode(WAL)")
		liteChain(p, 2)
		p.ok("upgrade", "head")
		db := liteOpen(t, filepath.Join(p.Dir, "wal.db"))
		if got := liteStrings(t, db, `PRAGMA journal_mode`); got[0] != "wal" {
			t.Fatalf("journal_mode = %q, want wal", got[0])
		}
		if v := strings.TrimSpace(p.ok("current").Stdout); v != "lite_2 (head)" {
			t.Fatalf("current = %q", v)
		}
	})
	t.Run("read-only mode", func(t *testing.T) {
		p := liteProject(t, "sqlite:///ro.db")
		liteChain(p, 2)
		p.ok("upgrade", "lite_1")
		p.Env = []string{"MIGRATE_URL=sqlite:///ro.db?mode=ro"}
		if v := strings.TrimSpace(p.ok("current").Stdout); v != "lite_1" {
			t.Fatalf("current through mode=ro = %q", v)
		}
		p.fails(1, "readonly", "upgrade", "head")
		p.Env = []string{"MIGRATE_URL=sqlite:///ro.db"}
		if v := strings.TrimSpace(p.ok("current").Stdout); v != "lite_1" {
			t.Fatalf("current after the refused read-only upgrade = %q", v)
		}
	})
}
