package e2e_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/drivers"
	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"

	_ "github.com/retortdb/migrate/dialect/postgres"
	_ "github.com/retortdb/migrate/dialect/sqlite"
	_ "github.com/retortdb/migrate/inspect/postgres"
	_ "github.com/retortdb/migrate/inspect/sqlite"
)

// isbnColumn is the column the walkthrough adds to DESIGN.md's books table.
const isbnColumn = "\tschema.Col(\"isbn\", schema.Varchar(17)),\n"

// walkthrough runs issue 2's "done when" scenario against db: DESIGN.md's example
// metadata verbatim in a scratch module, init, autogenerate, upgrade, current,
// check, a change in Go, a second revision, and downgrades to base.
func walkthrough(t *testing.T, db *testdb.DB) {
	dir := scratch.Module(t, map[string]string{"models/models.go": scratch.DesignModels})
	p := &project{t: t, Dir: dir, Env: []string{"MIGRATE_URL=" + db.URL}}

	p.ok("init")
	for _, f := range []string{"migrate.yaml", "migrations/README"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatalf("init did not create %s", f)
		}
	}

	r := p.ok("revision", "--autogenerate", "-m", "init")
	for _, want := range []string{"Detected added table 'authors'", "Detected added table 'books'"} {
		if !strings.Contains(r.Stderr, want) {
			t.Errorf("autogenerate log lacks %q:\n%s", want, r.Stderr)
		}
	}
	files := p.versionFiles()
	if len(files) != 1 {
		t.Fatalf("want one revision file, got %v", files)
	}
	first := filepath.Base(files[0])
	rev1 := first[:12]
	body := p.read(filepath.Join("migrations", "versions", first))
	if !strings.Contains(body, "create_table") || strings.Index(body, "name: authors") > strings.Index(body, "name: books") {
		t.Fatalf("revision does not create authors before books:\n%s", body)
	}

	p.ok("upgrade", "head")
	if got := p.ok("current").Stdout; strings.TrimSpace(got) != rev1+" (head)" {
		t.Fatalf("current = %q, want %q", got, rev1+" (head)")
	}
	p.ok("check")

	// A new column in Go: check must fail and name it.
	models := strings.Replace(scratch.DesignModels, "\tschema.Col(\"price\"", isbnColumn+"\tschema.Col(\"price\"", 1)
	p.write("models/models.go", models)
	r = p.run("check")
	if r.Code != 1 || !strings.Contains(r.Stderr, "books.isbn") {
		t.Fatalf("check after adding a column: exit %d, stderr:\n%s", r.Code, r.Stderr)
	}

	p.ok("revision", "--autogenerate", "-m", "add isbn")
	if n := len(p.versionFiles()); n != 2 {
		t.Fatalf("want two revision files, got %d", n)
	}
	p.ok("upgrade", "head")
	p.ok("check")

	p.ok("downgrade", "-1")
	if got := strings.TrimSpace(p.ok("current").Stdout); got != rev1 {
		t.Fatalf("after downgrade -1, current = %q, want %q", got, rev1)
	}
	p.ok("downgrade", "base")
	if got := strings.TrimSpace(p.ok("current").Stdout); got != "" {
		t.Fatalf("after downgrade base, current = %q, want nothing", got)
	}
	assertOnlyVersionTable(t, db)

	// The offline script is only SQL on stdout, and the native client runs it.
	sqlOut := p.ok("upgrade", "head", "--sql")
	if strings.Contains(sqlOut.Stdout, "INFO") || !strings.Contains(sqlOut.Stdout, "CREATE TABLE") {
		t.Fatalf("--sql stdout is not a clean SQL script:\n%s", sqlOut.Stdout)
	}
	runNative(t, db, sqlOut.Stdout)
}

func assertOnlyVersionTable(t *testing.T, db *testdb.DB) {
	t.Helper()
	u, err := dialect.ParseURL(db.URL)
	if err != nil {
		t.Fatal(err)
	}
	dr, err := drivers.Get(u.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	m, err := dr.Inspector.Inspect(context.Background(), db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range m.Tables {
		names = append(names, tb.Name)
	}
	// The history table stays too when history is on (online runs); offline
	// scripts write none.
	var user []string
	for _, n := range names {
		if n != "migrate_history" {
			user = append(user, n)
		}
	}
	sort.Strings(user)
	if strings.Join(user, ",") != "migrate_version" {
		t.Fatalf("tables left after downgrade base: %v, want only migrate's bookkeeping (%s)", names, leftAfterBase)
	}
	if len(m.Enums) != 0 {
		t.Fatalf("enums left after downgrade base: %v", m.Enums)
	}
}

// runNative runs an offline script with the dialect's own client on a fresh
// database of the same kind and fails the test when the client reports an error.
func runNative(t *testing.T, like *testdb.DB, script string) {
	t.Helper()
	fresh := testdb.SQLite
	if strings.HasPrefix(like.URL, "postgres") {
		fresh = testdb.Postgres
	}
	testdb.RunScript(t, fresh(t), script)
}

func TestWalkthroughSQLite(t *testing.T) {
	walkthrough(t, testdb.SQLite(t))
}

func TestWalkthroughPostgres(t *testing.T) {
	walkthrough(t, testdb.Postgres(t))
}
