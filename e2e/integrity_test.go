package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
)

// The history table records each applied step; a changed or vanished applied
// revision file makes check and current --verbose warn and upgrade refuse without
// --allow-modified.
func TestAppliedRevisionIntegrity(t *testing.T) {
	for _, c := range []struct {
		name string
		db   func(testing.TB) *testdb.DB
	}{{"sqlite", testdb.SQLite}, {"postgresql", testdb.Postgres}, {"mysql", testdb.MySQL}} {
		t.Run(c.name, func(t *testing.T) {
			db := c.db(t)
			p := &project{t: t, Dir: scratch.Module(t, map[string]string{"models/models.go": "package models\n\nimport \"github.com/retortdb/migrate/schema\"\n\nvar Metadata = schema.NewMetaData()\n\nvar _ = Metadata.Table(\"t\", schema.Col(\"id\", schema.Integer()).NotNull())\n"}), Env: []string{"MIGRATE_URL=" + db.URL}}
			p.ok("init")
			p.write("migrations/versions/a.yaml", "revision: a\nmessage: t\nupgrade:\n  - create_table:\n      name: t\n      columns:\n        - {name: id, type: integer, nullable: false}\ndowngrade:\n  - drop_table: {name: t}\n")
			p.write("migrations/versions/b.yaml", "revision: b\ndown_revision: a\nmessage: noop\n")
			p.ok("upgrade", "head")

			var n int
			if err := db.SQL.QueryRow(`SELECT count(*) FROM migrate_history WHERE direction = 'upgrade' AND checksum IS NOT NULL AND tool_version IS NOT NULL`).Scan(&n); err != nil || n != 2 {
				t.Fatalf("history rows: %d (%v), want 2", n, err)
			}
			if r := p.ok("check"); strings.Contains(r.Stderr, "WARN") {
				t.Fatalf("check warns with untouched files:\n%s", r.Stderr)
			}

			// Comments, layout and the message of an applied revision are not
			// what it does: editing them changes nothing.
			p.write("migrations/versions/a.yaml", "# reviewed\nrevision: a\nmessage: edited\nupgrade:\n  - create_table: {name: t, columns: [{name: id, type: integer, nullable: false}]}\ndowngrade:\n  - drop_table: {name: t}\n")
			if r := p.ok("check"); strings.Contains(r.Stderr, "WARN") {
				t.Fatalf("check warns about a comment and layout edit:\n%s", r.Stderr)
			}

			// Edit what an applied revision does.
			p.write("migrations/versions/a.yaml", strings.Replace(p.read("migrations/versions/a.yaml"), "nullable: false", "nullable: true", 1))
			r := p.ok("check")
			if !strings.Contains(r.Stderr, "WARN  revision a (") || !strings.Contains(r.Stderr, "changed since it was applied") {
				t.Fatalf("check did not warn about the edited revision:\n%s", r.Stderr)
			}
			if r := p.ok("current", "--verbose"); !strings.Contains(r.Stderr, "changed since it was applied") {
				t.Fatalf("current --verbose did not warn:\n%s", r.Stderr)
			}
			p.write("migrations/versions/c.yaml", "revision: c\ndown_revision: b\nmessage: next\n")
			p.fails(1, "revision a (", "upgrade", "head")
			if got := strings.TrimSpace(p.ok("current").Stdout); got != "b" {
				t.Fatalf("a refused upgrade moved the database to %q", got)
			}
			r = p.ok("upgrade", "head", "--allow-modified")
			if !strings.Contains(r.Stderr, "--allow-modified") {
				t.Fatalf("--allow-modified did not say what it allowed:\n%s", r.Stderr)
			}

			// A revision whose file disappears is reported as such.
			if err := os.Remove(filepath.Join(p.Dir, "migrations/versions/c.yaml")); err != nil {
				t.Fatal(err)
			}
			p.write("migrations/versions/b.yaml", "revision: b\ndown_revision: a\nmessage: noop\n")
			r = p.fails(3, "c", "check")
			if !strings.Contains(r.Stderr, "WARN  revision c was applied at ") || !strings.Contains(r.Stderr, "its file has disappeared") {
				t.Fatalf("check did not warn about the vanished revision:\n%s", r.Stderr)
			}
		})
	}
}
