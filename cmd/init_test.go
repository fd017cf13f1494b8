package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/config"
)

func TestInitFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdInit, "init")
	if o.Dir != "migrations" {
		t.Fatalf("default DIR %q", o.Dir)
	}
	o, f := mustParse(t, newCmdInit, "-c", "x.yaml", "init", "db")
	if o.Dir != "db" || f.ConfigPath != "x.yaml" {
		t.Fatalf("init db: %+v, config %q", *o, f.ConfigPath)
	}
	if _, _, err := parseCmd(t, newCmdInit, "init", "a", "b"); err == nil {
		t.Fatal("init a b parsed")
	}
}

func TestInitRun(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "migrate.yaml")
	scripts := filepath.Join(dir, "db")
	code, stdout, stderr := runCLI(t, "-c", cfg, "init", scripts)
	if code != 0 || stdout != "" || !strings.Contains(stderr, "Created "+filepath.Join(scripts, "versions")) {
		t.Fatalf("init: exit %d %q %s", code, stdout, stderr)
	}
	c, err := config.Load(cfg)
	if err != nil || c.ScriptLocation != scripts {
		t.Fatalf("the written config: %v %+v", err, c)
	}
	if st, err := os.Stat(filepath.Join(scripts, "versions")); err != nil || !st.IsDir() {
		t.Fatalf("versions dir: %v", err)
	}
	code, _, stderr = runCLI(t, "-c", cfg, "init", scripts)
	if code != 1 || !strings.Contains(stderr, "already exists") {
		t.Fatalf("init again: exit %d %s", code, stderr)
	}
	// The new project works: heads of an empty project print nothing.
	if code, stdout, stderr := runCLI(t, "-c", cfg, "heads"); code != 0 || stdout != "" {
		t.Fatalf("heads: exit %d %q %s", code, stdout, stderr)
	}
}
