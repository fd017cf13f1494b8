package e2e_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/drivers"
	"github.com/retortdb/migrate/schema"

	_ "github.com/retortdb/migrate/inspect/sqlite"
	"github.com/retortdb/migrate/internal/testdb"
)

// liteOpen opens a SQLite file for the test's own reads, closed at cleanup.
func liteOpen(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// liteInspect reads the schema of the SQLite file at path, without the version table.
func liteInspect(t *testing.T, path string) *schema.MetaData {
	t.Helper()
	dr, err := drivers.Get("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	db := liteOpen(t, path)
	m, err := dr.Inspector.Inspect(context.Background(), db, inspect.Options{ExcludeTables: bookkeepingTables})
	if err != nil {
		t.Fatalf("inspecting %s: %v", path, err)
	}
	db.Close()
	return m
}

// liteTables lists every table of the file, the version table included.
func liteTables(t *testing.T, path string) []string {
	t.Helper()
	db := liteOpen(t, path)
	defer db.Close()
	return liteStrings(t, db, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
}

func liteStrings(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s.String)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// liteTableSum is a table's row count and a SHA-256 over every row (ordered by
// rowid) of the columns not in skip, each value with its storage class.
type liteTableSum struct {
	Rows int
	Sum  string
}

// liteChecksums sums every table of the file except the version table; skip maps
// a table to the columns left out of its sum.
func liteChecksums(t *testing.T, path string, skip map[string][]string) map[string]liteTableSum {
	t.Helper()
	db := liteOpen(t, path)
	defer db.Close()
	out := map[string]liteTableSum{}
	for _, table := range liteStrings(t, db, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`) {
		if isBookkeeping(table) {
			continue
		}
		cols := liteStrings(t, db, fmt.Sprintf(`SELECT name FROM pragma_table_info('%s') ORDER BY name`, table))
		var sel []string
		for _, c := range cols {
			if !slices.Contains(skip[table], c) {
				q := `"` + c + `"`
				sel = append(sel, fmt.Sprintf("typeof(%s) || ':' || quote(%s)", q, q))
			}
		}
		rows := liteStrings(t, db, fmt.Sprintf(`SELECT %s FROM "%s" ORDER BY rowid`, strings.Join(sel, " || '|' || "), table))
		h := sha256.New()
		for _, r := range rows {
			h.Write([]byte(r + "\n"))
		}
		out[table] = liteTableSum{Rows: len(rows), Sum: hex.EncodeToString(h.Sum(nil))}
	}
	return out
}

// liteSQLite3 runs script with the sqlite3 client on the file at path and fails
// the test on any error (-bail).
func liteSQLite3(t *testing.T, path, script string) string {
	t.Helper()
	cmd := exec.Command(testdb.Client(t, "sqlite3"), "-bail", path)
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3 %s: %v\n%s", path, err, out)
	}
	return string(out)
}

// liteScriptStep returns the statements an offline script runs for the step
// whose "-- Running …" comment contains marker, up to the next comment or COMMIT.
func liteScriptStep(t *testing.T, script, marker string) []string {
	t.Helper()
	i := strings.Index(script, marker)
	if i < 0 {
		t.Fatalf("offline script has no step %q:\n%s", marker, script)
	}
	rest := script[i:]
	rest = rest[strings.Index(rest, "\n")+1:]
	var out []string
	for _, s := range strings.Split(rest, ";\n\n") {
		s = strings.TrimSpace(s)
		if strings.HasPrefix(s, "-- Running ") || s == "COMMIT" {
			break
		}
		for strings.HasPrefix(s, "-- ") { // a note on the statement that follows
			_, s, _ = strings.Cut(s, "\n")
			s = strings.TrimSpace(s)
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
