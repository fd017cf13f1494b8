package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/scratch"
)

const goodRevision = `revision: aaaaaaaaaaaa
down_revision: null
message: first
upgrade:
  - create_table:
      name: t
      columns:
        - {name: id, type: integer, nullable: false}
downgrade:
  - drop_table: {name: t}
`

// newBadProject is an initialised project on a fresh SQLite file.
func newBadProject(t *testing.T) *project {
	dir := scratch.Module(t, map[string]string{"models/models.go": scratch.DesignModels})
	p := &project{t: t, Dir: dir, Env: []string{"MIGRATE_URL=sqlite:///" + filepath.Join(dir, "app.db")}}
	p.ok("init")
	return p
}

func TestBadRevisionFiles(t *testing.T) {
	cases := []struct {
		name, body, want string
	}{
		{"yaml syntax", "revision: aaaaaaaaaaaa\nupgrade: [\n", "bad.yaml:"},
		{"unknown key", strings.Replace(goodRevision, "message: first", "mesage: first", 1), "bad.yaml:3:1"},
		{"unknown op", strings.Replace(goodRevision, "create_table", "create_tabel", 1), "bad.yaml:5:5"},
		{"wrong type", strings.Replace(goodRevision, "nullable: false", "nullable: \"yes please\"", 1), "bad.yaml:8:"},
		{"bad type name", strings.Replace(goodRevision, "type: integer", "type: integr", 1), "bad.yaml:8:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := newBadProject(t)
			p.write("migrations/versions/bad.yaml", c.body)
			// Listing commands read only the revision headers (see README,
			// "Revision files"); every command that renders ops reads whole files
			// before it connects.
			for _, args := range [][]string{{"upgrade", "head"}, {"upgrade", "head", "--sql"}, {"downgrade", "head:base", "--sql"}} {
				p.fails(1, c.want, args...)
			}
			// The revision files are read before any connection: the
			// database was never touched.
			if _, err := os.Stat(filepath.Join(p.Dir, "app.db")); err == nil {
				t.Fatal("a broken revision file still let migrate open the database")
			}
		})
	}
}

func TestBadConfigAndURLs(t *testing.T) {
	p := newBadProject(t)
	p.fails(1, "nowhere.yaml: no such file: run `migrate init`", "-c", "nowhere.yaml", "current")
	p.fails(1, `unknown database URL scheme "oracle"`, "--url", "oracle://u:hunter2@h/db", "current")
	r := p.fails(1, "cannot connect to postgresql://root:***@127.0.0.1:1/nope", "--url", "postgresql://root:hunter2@127.0.0.1:1/nope", "current")
	if strings.Contains(r.Stderr+r.Stdout, "hunter2") {
		t.Fatalf("the password appears in the output:\n%s", r.Stderr)
	}
	p.write("broken.yaml", "script_location: migrations\nurl: ${MIGRATE_E2E_UNSET_VAR}\n")
	// The url is expanded when used: with MIGRATE_URL set it is not used.
	p.ok("-c", "broken.yaml", "current")
	p.Env = append(p.Env, "MIGRATE_URL=")
	p.fails(1, "broken.yaml:2:6: ${MIGRATE_E2E_UNSET_VAR} is not set and has no default", "-c", "broken.yaml", "current")
	p.write("broken2.yaml", "script_location: migrations\nlock_timeout: soon\n")
	p.fails(1, "broken2.yaml:2:15: lock_timeout \"soon\" is not a duration", "-c", "broken2.yaml", "current")
	p.fails(2, "--rev-id", "revision", "-m", "x", "--rev-id", "bad id!")
	p.fails(2, "unknown flag", "upgrade", "head", "--nope")
}

func TestWrongPasswordMySQL(t *testing.T) {
	if os.Getenv("MIGRATE_TEST_MYSQL_URL") == "" {
		if os.Getenv("MIGRATE_TEST_REQUIRE_SERVERS") == "1" {
			t.Fatal("MIGRATE_TEST_MYSQL_URL is not set and MIGRATE_TEST_REQUIRE_SERVERS=1")
		}
		t.Skip("MIGRATE_TEST_MYSQL_URL is not set: skipping")
	}
	p := newBadProject(t)
	r := p.fails(1, "cannot connect to mysql://nosuchuser:***@127.0.0.1:3306/test", "--url", "mysql://nosuchuser:hunter2@127.0.0.1:3306/test", "current")
	if strings.Contains(r.Stderr, "hunter2") {
		t.Fatalf("the password appears in the output:\n%s", r.Stderr)
	}
}

func TestMetadataThatDoesNotCompile(t *testing.T) {
	p := newBadProject(t)
	p.write("models/models.go", "package models\n\nvar Metadata = notDefined\n")
	p.fails(1, "models/models.go:3:16: undefined: notDefined", "revision", "--autogenerate", "-m", "x")
	if files := p.versionFiles(); len(files) != 0 {
		t.Fatalf("a failed autogenerate left revision files: %v", files)
	}
	p.fails(3, "models/models.go:3:16: undefined: notDefined", "check")
}
