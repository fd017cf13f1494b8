package e2e_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/drivers"
	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/schema"

	_ "github.com/retortdb/migrate/dialect/mysql"
	_ "github.com/retortdb/migrate/inspect/mysql"
)

// Revision ids of testdata/golden/revisions: a base, a branch point (offRevBooks)
// with two branches (reviews, catalogue), their merge, and a transactional: false
// revision on top.
const (
	offRevAuthors = "1f2e3d4c5b01"
	offRevBooks   = "2b3c4d5e6f02"
	offRevMerge   = "5e6f7a8b9c05"
	offRevHead    = "6f7a8b9c0d06"
)

// offGoldenDir is testdata/golden in this checkout.
func offGoldenDir() string { return filepath.Join(scratch.RepoRoot(), "testdata", "golden") }

// offProject makes a scratch module holding the golden revision set and the Go
// metadata that matches its head, with migrate.yaml naming both and the URL of db.
func offProject(t *testing.T, db *testdb.DB) *project {
	t.Helper()
	models, err := os.ReadFile(filepath.Join(offGoldenDir(), "models", "models.go.txt"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"models/models.go": string(models),
		"migrate.yaml": "script_location: migrations\nversion_locations: [migrations/versions]\n" +
			"metadata: {package: ./models, symbol: Metadata}\n",
	}
	revs, err := filepath.Glob(filepath.Join(offGoldenDir(), "revisions", "*.yaml"))
	if err != nil || len(revs) == 0 {
		t.Fatalf("no golden revisions: %v", err)
	}
	for _, r := range revs {
		b, err := os.ReadFile(r)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Join("migrations", "versions", filepath.Base(r))] = string(b)
	}
	p := &project{t: t, Dir: scratch.Module(t, files)}
	if db != nil {
		p.Env = []string{"MIGRATE_URL=" + db.URL}
	}
	return p
}

// offClosedURL is a URL of db's dialect that no server answers (port 1), or for
// SQLite a file in a directory that does not exist: opening it would fail.
func offClosedURL(t *testing.T, db *testdb.DB) string {
	t.Helper()
	switch {
	case strings.HasPrefix(db.URL, "sqlite"):
		return "sqlite:///" + filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")
	case strings.HasPrefix(db.URL, "postgres"):
		return "postgresql://u:secret@127.0.0.1:1/x"
	case strings.HasPrefix(db.URL, "mysql"):
		return "mysql://u:secret@127.0.0.1:1/x"
	}
	t.Fatalf("no closed URL for %s", db.URL)
	return ""
}

// offInspect reads db's schema with migrate's inspector.
func offInspect(t *testing.T, db *testdb.DB) *schema.MetaData {
	t.Helper()
	u, err := dialect.ParseURL(db.URL)
	if err != nil {
		t.Fatal(err)
	}
	dr, err := drivers.Get(u.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	m, err := dr.Inspector.Inspect(context.Background(), db.SQL, inspect.Options{ExcludeTables: []string{"migrate_history"}})
	if err != nil {
		t.Fatalf("inspecting %s: %v", db.Name, err)
	}
	return m
}

// offQuery returns every row of query as strings (NULL as "NULL", bytes in hex),
// in the order the query gives.
func offQuery(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		cells := make([]string, len(vals))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
				cells[i] = "NULL"
			case []byte:
				cells[i] = fmt.Sprintf("%q", x)
			default:
				cells[i] = fmt.Sprintf("%v", x)
			}
		}
		out = append(out, strings.Join(cells, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// offVersionRows returns the version-table rows, sorted.
func offVersionRows(t *testing.T, db *testdb.DB) []string {
	t.Helper()
	rs, err := db.SQL.Query("SELECT version_num FROM migrate_version")
	if err != nil {
		t.Fatalf("reading the version table of %s: %v", db.Name, err)
	}
	defer rs.Close()
	var rows []string
	for rs.Next() {
		var v string
		if err := rs.Scan(&v); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, v)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(rows)
	return rows
}
