package cmd

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
	"github.com/spf13/cobra"
)

// runCLI runs the command line in process and returns exit code, stdout, stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// newTestProject writes migrate.yaml and one revision in a temp dir and returns
// the config path.
func newTestProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "migrate.yaml")
	if err := os.MkdirAll(filepath.Join(dir, "migrations", "versions"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(cfg, "script_location: migrations\nurl: sqlite:///app.db\n")
	write(filepath.Join(dir, "migrations", "versions", "abc123def456_books.yaml"), `revision: abc123def456
down_revision: null
message: books
upgrade:
  - create_table:
      name: books
      columns:
        - {name: id, type: integer, nullable: false}
        - {name: title, type: varchar(20), nullable: false}
      primary_key: {name: pk_books, columns: [id]}
  - create_index: {name: ix_books_title, table: books, columns: [title]}
downgrade:
  - drop_index: {name: ix_books_title, table: books}
  - drop_table: {name: books}
`)
	return cfg
}

// parseCmd runs the migrate command line with args, where the subcommand build
// makes replaces the real one and its run function only records its options:
// the flag-parsing half of each command's tests. It returns the options (nil
// when the run function was not reached), the factory and the error.
func parseCmd[T any](t *testing.T, build func(*factory, func(*T) error) *cobra.Command, args ...string) (*T, *factory, error) {
	t.Helper()
	f := &factory{IO: ioStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}}
	var got *T
	sub := build(f, func(o *T) error { got = o; return nil })
	root := newCmdRoot(f)
	for _, c := range root.Commands() {
		if c.Name() == sub.Name() {
			root.RemoveCommand(c)
		}
	}
	root.AddCommand(sub)
	root.SetArgs(moveNegativeRevs(root, args))
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	err := root.ExecuteContext(context.Background())
	return got, f, err
}

// mustParse is parseCmd that fails the test on an error or when the run
// function was not reached.
func mustParse[T any](t *testing.T, build func(*factory, func(*T) error) *cobra.Command, args ...string) (*T, *factory) {
	t.Helper()
	o, f, err := parseCmd(t, build, args...)
	if err != nil || o == nil {
		t.Fatalf("%q: %v (run function reached: %v)", args, err, o != nil)
	}
	return o, f
}

// sqliteProject is newTestProject with its url pointing at a fresh SQLite
// database; it returns the config path and the database (the test's oracle).
func sqliteProject(t *testing.T) (string, *testdb.DB) {
	t.Helper()
	cfg := newTestProject(t)
	db := testdb.SQLite(t)
	body, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	body = bytes.Replace(body, []byte("url: sqlite:///app.db"), []byte("url: "+db.URL), 1)
	if err := os.WriteFile(cfg, body, 0o644); err != nil {
		t.Fatal(err)
	}
	return cfg, db
}

// writeRevisionFile adds a revision file to the project of cfg.
func writeRevisionFile(t *testing.T, cfg, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(filepath.Dir(cfg), "migrations", "versions", name), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sqliteTables lists the tables of db from sqlite_master, sorted.
func sqliteTables(t *testing.T, db *testdb.DB) []string {
	t.Helper()
	return sortedStrings(t, db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
}

// versionRows reads db's version table.
func versionRows(t *testing.T, db *testdb.DB) []string {
	t.Helper()
	return sortedStrings(t, db, "SELECT version_num FROM migrate_version")
}

// sortedStrings runs a one-column query on db and returns its values, sorted.
func sortedStrings(t *testing.T, db *testdb.DB, query string) []string {
	t.Helper()
	rows, err := db.SQL.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// secondRevision is a revision after newTestProject's, adding a table.
const secondRevision = `revision: bbb222
down_revision: abc123def456
message: authors
upgrade:
  - create_table:
      name: authors
      columns:
        - {name: id, type: integer, nullable: false}
      primary_key: {name: pk_authors, columns: [id]}
downgrade:
  - drop_table: {name: authors}
`
