package e2e_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/drivers"
	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/schema"

	_ "github.com/retortdb/migrate/dialect/postgres"
	_ "github.com/retortdb/migrate/inspect/postgres"
)

// pgEmptyModels is a models package whose metadata is empty: autogenerate then
// proposes dropping everything.
const pgEmptyModels = `package models

import "github.com/retortdb/migrate/schema"

// Metadata is empty.
var Metadata = schema.NewMetaData()
`

// pgProject makes a scratch module holding models/models.go = models, runs
// `migrate init` in it and points MIGRATE_URL at db.
func pgProject(t *testing.T, db *testdb.DB, models string) *project {
	t.Helper()
	dir := scratch.Module(t, map[string]string{"models/models.go": models})
	p := &project{t: t, Dir: dir, Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	return p
}

// pgConfig rewrites one `key: value` line of the project's migrate.yaml.
func pgConfig(p *project, key, value string) {
	p.t.Helper()
	cfg := p.read("migrate.yaml")
	var out []string
	found := false
	for _, l := range strings.Split(cfg, "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, " "), key+":") {
			indent := l[:len(l)-len(strings.TrimLeft(l, " "))]
			l = indent + key + ": " + value
			found = true
		}
		out = append(out, l)
	}
	if !found {
		p.t.Fatalf("migrate.yaml has no key %q", key)
	}
	p.write("migrate.yaml", strings.Join(out, "\n"))
}

// pgPsql runs an SQL script with psql (ON_ERROR_STOP) against db.
func pgPsql(t *testing.T, db *testdb.DB, script string) {
	t.Helper()
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Fatalf("psql is not installed (.ci/run installs it): %v", err)
	}
	f := filepath.Join(t.TempDir(), "script.sql")
	if err := os.WriteFile(f, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.URL, "-f", f).CombinedOutput()
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, out)
	}
}

// pgInspect reads db as autogenerate does, minus the version table, and
// without views (which the model only names).
func pgInspect(t *testing.T, db *testdb.DB) *schema.MetaData {
	t.Helper()
	dr, err := drivers.Get("postgresql")
	if err != nil {
		t.Fatal(err)
	}
	m, err := dr.Inspector.Inspect(context.Background(), db.SQL, inspect.Options{ExcludeTables: bookkeepingTables})
	if err != nil {
		t.Fatal(err)
	}
	m.Views = nil
	return m
}

// pgRevision parses the one revision file of p whose name contains slug.
func pgRevision(p *project, slug string) *revision.Revision {
	p.t.Helper()
	for _, f := range p.versionFiles() {
		if strings.Contains(filepath.Base(f), slug) {
			data, err := os.ReadFile(f)
			if err != nil {
				p.t.Fatal(err)
			}
			r, err := revision.ParseFile(f, data)
			if err != nil {
				p.t.Fatal(err)
			}
			return r
		}
	}
	p.t.Fatalf("no revision file named *%s*", slug)
	return nil
}

// pgCountOps counts ops by name.
func pgCountOps(list []ops.Op) map[string]int {
	n := map[string]int{}
	for _, o := range list {
		n[ops.Name(o)]++
	}
	return n
}
