package runner_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/drivers"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
	"github.com/retortdb/migrate/schema"

	_ "github.com/retortdb/migrate/inspect/mysql"
	_ "github.com/retortdb/migrate/inspect/postgres"
	_ "github.com/retortdb/migrate/inspect/sqlite"
)

// onlineDB is one dialect's fresh database for the online tests.
type onlineDB struct {
	name string
	open func(t testing.TB) *testdb.DB
}

var onlineDBs = []onlineDB{
	{"sqlite", testdb.SQLite},
	{"postgresql", testdb.Postgres},
	{"mysql", testdb.MySQL},
}

// openURL opens the database rawURL names the way migrate does (the dialect's
// Open), closed at cleanup.
func openURL(t testing.TB, d dialect.Dialect, rawURL string) *sql.DB {
	t.Helper()
	u, err := dialect.ParseURL(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	db, err := d.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newRunner returns a runner over db with the dialect's inspector.
func newRunner(t testing.TB, d dialect.Dialect, db *sql.DB) *runner.Runner {
	t.Helper()
	in, err := drivers.For(d)
	if err != nil {
		t.Fatal(err)
	}
	return &runner.Runner{DB: db, Dialect: d, VersionTable: dialect.VersionTable{Name: "migrate_version"}, Inspector: in}
}

// writeGraph writes files (name → YAML) into a new directory and loads them.
func writeGraph(t testing.TB, files map[string]string) *revision.Graph {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	revs, err := revision.LoadDirs([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	g, err := revision.NewGraph(revs)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// upgradeTo returns the planner and replayer of `upgrade target` over g.
func upgradeTo(g *revision.Graph, target string) (runner.Planner, runner.Replayer) {
	return func(rows []string) ([]revision.Step, error) { return g.UpgradePlan(rows, target) },
		func(rows []string) (*schema.MetaData, error) { return runner.Replay(g, rows) }
}
