package e2e_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/migrator"
)

var parityRevisions = map[string]string{
	"a1_books.yaml": `revision: a1
down_revision: null
message: books
upgrade:
  - create_table: {name: books, columns: [{name: id, type: integer, nullable: false}, {name: title, type: text}], primary_key: {columns: [id]}}
downgrade:
  - drop_table: {name: books}
`,
	"b2_isbn.yaml": `revision: b2
down_revision: a1
message: isbn
upgrade:
  - add_column: {table: books, column: {name: isbn, type: varchar(13)}}
  - create_index: {name: ix_books_isbn, table: books, columns: [isbn], unique: true}
downgrade:
  - drop_index: {name: ix_books_isbn, table: books}
  - drop_column: {table: books, column: isbn}
`,
}

// parityState is what a run leaves: version rows, history rows (revision,
// direction, checksum) and the schema as the server stores it.
func parityState(t *testing.T, db *testdb.DB) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT 'version ' || version_num FROM migrate_version ORDER BY version_num`,
		`SELECT 'history ' || revision || ' ' || direction || ' ' || checksum FROM migrate_history ORDER BY started_at, rowid`,
		`SELECT 'schema ' || type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`,
	} {
		rows, err := db.SQL.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		rows.Close()
	}
	return out
}

// TestMigratorMatchesCLI runs one scenario (upgrade head, downgrade -1, upgrade
// head, then an edited applied file) through the binary and through the
// migrator library, on two SQLite databases, and compares version table,
// history and schema, and the refusal of the edited file.
func TestMigratorMatchesCLI(t *testing.T) {
	ctx := context.Background()
	cliDB, libDB := testdb.SQLite(t), testdb.SQLite(t)

	p := &project{t: t, Dir: t.TempDir(), Env: []string{"MIGRATE_URL=" + cliDB.URL}}
	p.ok("init")
	for name, body := range parityRevisions {
		p.write("migrations/versions/"+name, body)
	}
	p.ok("upgrade", "head")
	p.ok("downgrade", "-1")
	p.ok("upgrade", "head")

	dir := filepath.Join(p.Dir, "migrations", "versions")
	m, err := migrator.New(libDB.SQL, "sqlite", os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []func() (*migrator.Result, error){
		func() (*migrator.Result, error) { return m.Upgrade(ctx, "head") },
		func() (*migrator.Result, error) { return m.Downgrade(ctx, "-1") },
		func() (*migrator.Result, error) { return m.Upgrade(ctx, "head") },
	} {
		if _, err := step(); err != nil {
			t.Fatal(err)
		}
	}
	cli, lib := parityState(t, cliDB), parityState(t, libDB)
	if strings.Join(cli, "\n") != strings.Join(lib, "\n") {
		t.Fatalf("CLI and migrator differ\nCLI:\n%s\nmigrator:\n%s", strings.Join(cli, "\n"), strings.Join(lib, "\n"))
	}
	if len(cli) < 8 {
		t.Fatalf("state too small to compare: %q", cli)
	}

	// An applied file changes: both refuse, both run with the override.
	p.write("migrations/versions/a1_books.yaml", strings.Replace(parityRevisions["a1_books.yaml"], "{name: title, type: text}", "{name: title, type: text, nullable: false}", 1))
	p.write("migrations/versions/c3_more.yaml", "revision: c3\ndown_revision: b2\nmessage: more\nupgrade:\n  - create_table: {name: more, columns: [{name: id, type: integer, nullable: false}], primary_key: {columns: [id]}}\ndowngrade:\n  - drop_table: {name: more}\n")
	p.fails(1, "changed since it was applied", "upgrade", "head")
	m, err = migrator.New(libDB.SQL, "sqlite", os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Upgrade(ctx, "head")
	var mod *migrator.ModifiedRevisionsError
	if !errors.As(err, &mod) || len(mod.Issues) != 1 || mod.Issues[0].Revision != "a1" {
		t.Fatalf("migrator over an edited applied file: %v, want a ModifiedRevisionsError for a1", err)
	}
	p.ok("upgrade", "head", "--allow-modified")
	m, err = migrator.New(libDB.SQL, "sqlite", os.DirFS(dir), migrator.WithAllowModified(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatal(err)
	}
	cli, lib = parityState(t, cliDB), parityState(t, libDB)
	if strings.Join(cli, "\n") != strings.Join(lib, "\n") {
		t.Fatalf("after the edit, CLI and migrator differ\nCLI:\n%s\nmigrator:\n%s", strings.Join(cli, "\n"), strings.Join(lib, "\n"))
	}
}
