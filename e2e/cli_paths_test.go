package e2e_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
)

// The everyday command-line paths, each run with the built binary.

const cliRevA = `revision: cli_a
down_revision: null
message: first
upgrade:
  - create_table: {name: t_a, columns: [{name: id, type: integer}]}
downgrade:
  - drop_table: {name: t_a}
`

const cliRevB = `revision: cli_b
down_revision: cli_a
message: second
upgrade:
  - add_column: {table: t_a, column: {name: note, type: text}}
downgrade:
  - drop_column: {table: t_a, column: note}
`

// cliProject is an initialised project with the two revisions above, and
// nothing in the environment naming a database.
func cliProject(t *testing.T) *project {
	t.Helper()
	p := &project{t: t, Dir: t.TempDir(), Env: []string{"MIGRATE_URL=", "DATABASE_URL="}}
	p.ok("init")
	p.write("migrations/versions/cli_a.yaml", cliRevA)
	p.write("migrations/versions/cli_b.yaml", cliRevB)
	return p
}

// cliConfig rewrites one top-level `key: value` line of migrate.yaml.
func cliConfig(p *project, key, value string) {
	p.t.Helper()
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(key) + `:.*$`)
	cfg := p.read("migrate.yaml")
	if !re.MatchString(cfg) {
		p.t.Fatalf("migrate.yaml has no key %q", key)
	}
	p.write("migrate.yaml", re.ReplaceAllLiteralString(cfg, key+": "+value))
}

// sqlite3Query runs a query with the sqlite3 client (the oracle).
func sqlite3Query(t *testing.T, path, q string) string {
	t.Helper()
	out, err := exec.Command("sqlite3", path, q).CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3 %s: %v\n%s", q, err, out)
	}
	return strings.TrimSpace(string(out))
}

// url: ${DATABASE_URL} with the variable unset fails only where the config's
// url is used: --url and MIGRATE_URL win, and commands that need no database
// never read it.
func TestCLIUnsetURLVariableOnlyMattersWhenUsed(t *testing.T) {
	p := cliProject(t)
	cliConfig(p, "url", "${DATABASE_URL}")
	if r := p.ok("heads"); !strings.Contains(r.Stdout, "cli_b (head)") {
		t.Fatalf("heads: %q", r.Stdout)
	}
	p.ok("history")
	if r := p.ok("--url", "postgresql://u:secret@db.invalid/x", "upgrade", "head", "--sql"); !strings.Contains(r.Stdout, "CREATE TABLE t_a") {
		t.Fatalf("upgrade --sql with --url: %q", r.Stdout)
	}
	db := filepath.Join(p.Dir, "flag.db")
	p.ok("--url", "sqlite:///"+db, "upgrade", "cli_a")
	p.Env = append(p.Env, "MIGRATE_URL=sqlite:///"+db)
	p.ok("upgrade", "head")
	if got := sqlite3Query(t, db, "SELECT version_num FROM migrate_version"); got != "cli_b" {
		t.Fatalf("version rows %q, want cli_b", got)
	}
	p.Env = append(p.Env, "MIGRATE_URL=")
	r := p.fails(1, "${DATABASE_URL} is not set and has no default", "current")
	if !regexp.MustCompile(`ERROR: migrate\.yaml:\d+:6: `).MatchString(r.Stderr) {
		t.Fatalf("the error does not give the url's position: %s", r.Stderr)
	}
}

// -x KEY=VALUE fills ${x.KEY} in migrate.yaml; a malformed -x is a usage error
// (not accepted and ignored).
func TestCLIXArguments(t *testing.T) {
	p := cliProject(t)
	cliConfig(p, "url", "sqlite:///${x.tenant}.db")
	p.fails(2, `-x "garbage": write -x KEY=VALUE`, "-x", "garbage", "current")
	p.fails(1, "${x.tenant} is not set and has no default: pass -x tenant=VALUE", "current")
	p.ok("-x", "tenant=acme", "upgrade", "head")
	if got := sqlite3Query(t, filepath.Join(p.Dir, "acme.db"), "SELECT version_num FROM migrate_version"); got != "cli_b" {
		t.Fatalf("acme.db version rows %q, want cli_b", got)
	}
	if _, err := os.Stat(filepath.Join(p.Dir, ".db")); err == nil {
		t.Fatal("a database named .db was created")
	}
}

// -v is global, and on upgrade, downgrade and stamp echoes each statement
// executed with its duration.
func TestCLIVerboseEchoesStatements(t *testing.T) {
	p := cliProject(t)
	db := filepath.Join(p.Dir, "app.db")
	p.Env = append(p.Env, "MIGRATE_URL=sqlite:///"+db)
	for _, args := range [][]string{{"current", "-v"}, {"heads", "-v"}, {"history", "-v"}, {"branches", "-v"}, {"-v", "show", "cli_a"}} {
		p.ok(args...)
	}
	sqlLine := regexp.MustCompile(`(?m)^INFO  SQL \([0-9.]+(ns|µs|ms|s)\): (.*)$`)
	echoed := func(stderr string) []string {
		var out []string
		for _, m := range sqlLine.FindAllStringSubmatch(stderr, -1) {
			out = append(out, m[2])
		}
		return out
	}
	r := p.ok("-v", "upgrade", "head")
	got := strings.Join(echoed(r.Stderr), "\n")
	for _, want := range []string{"CREATE TABLE t_a ( id INTEGER )", "INSERT INTO migrate_version (version_num) VALUES ('cli_a')",
		"ALTER TABLE t_a ADD COLUMN note TEXT", "UPDATE migrate_version SET version_num = 'cli_b'"} {
		if !strings.Contains(got, want) {
			t.Errorf("upgrade -v did not echo %q; echoed:\n%s", want, got)
		}
	}
	if r := p.ok("upgrade", "head"); len(echoed(r.Stderr)) != 0 {
		t.Errorf("without -v, statements were echoed:\n%s", r.Stderr)
	}
	r = p.ok("downgrade", "-1", "--verbose")
	if got := strings.Join(echoed(r.Stderr), "\n"); !strings.Contains(got, "ALTER TABLE t_a DROP COLUMN note") {
		t.Errorf("downgrade -v echoed:\n%s", got)
	}
	r = p.ok("-v", "stamp", "cli_b")
	if got := echoed(r.Stderr); len(got) != 1 || !strings.Contains(got[0], "UPDATE migrate_version SET version_num = 'cli_b'") {
		t.Errorf("stamp -v echoed %q", got)
	}
}

// --tag is recorded in the history table's tag column and in the offline
// script's header.
func TestCLITagRecorded(t *testing.T) {
	p := cliProject(t)
	db := filepath.Join(p.Dir, "app.db")
	p.Env = append(p.Env, "MIGRATE_URL=sqlite:///"+db)
	p.ok("upgrade", "cli_a", "--tag", "release-1")
	p.ok("upgrade", "head")
	p.ok("downgrade", "base", "--tag", "rollback 2")
	got := sqlite3Query(t, db, "SELECT revision || ' ' || direction || ' ' || coalesce(tag, '-') FROM migrate_history ORDER BY started_at")
	want := "cli_a upgrade release-1\ncli_b upgrade -\ncli_b downgrade rollback 2\ncli_a downgrade rollback 2"
	if got != want {
		t.Fatalf("history rows:\n%s\nwant:\n%s", got, want)
	}
	r := p.ok("upgrade", "head", "--sql", "--tag", "nightly")
	if !strings.Contains(r.Stdout, "\n-- Tag: nightly\n") {
		t.Fatalf("offline header lacks the tag:\n%s", r.Stdout)
	}
}

// lock_timeout: 60 (an integer) is 60 seconds.
func TestCLILockTimeoutInteger(t *testing.T) {
	p := cliProject(t)
	cliConfig(p, "lock_timeout", "60")
	p.ok("--url", "sqlite:///"+filepath.Join(p.Dir, "app.db"), "upgrade", "head")
	cliConfig(p, "lock_timeout", "-3")
	p.fails(1, "lock_timeout -3 is not a number of seconds", "heads")
}

// Error text is one clean line: an unknown command suggests the right one, an
// unknown revision the closest id or label, a connection error says its
// reason once.
func TestCLIErrorText(t *testing.T) {
	p := cliProject(t)
	p.Env = append(p.Env, "MIGRATE_URL=sqlite:///"+filepath.Join(p.Dir, "app.db"))
	clean := func(r result) {
		t.Helper()
		if strings.Contains(r.Stderr, "; ;") || strings.Contains(r.Stderr, "\t") {
			t.Errorf("stderr is not clean: %q", r.Stderr)
		}
	}
	clean(p.fails(2, `unknown command "upgarde" for "migrate": did you mean upgrade?`, "upgarde", "head"))
	clean(p.fails(1, "No such revision or branch 'cli_c' (did you mean cli_a or cli_b?)", "upgrade", "cli_c"))
	clean(p.fails(1, "(did you mean cli_b?)", "upgrade", "cil_b"))
	r := p.fails(1, "cannot connect to postgres://u:***@127.0.0.1:1/x", "--url", "postgres://u:pw@127.0.0.1:1/x", "current")
	clean(r)
	if n := strings.Count(r.Stderr, "connection refused"); n != 1 {
		t.Errorf("the connection error says its reason %d times: %q", n, r.Stderr)
	}
}

// history --graph is refused with --format json and dot (it would be
// ignored); stamp --sql lays the version table out as upgrade --sql does:
// CREATE TABLE before BEGIN.
func TestCLIHistoryGraphJSONAndStampSQLLayout(t *testing.T) {
	p := cliProject(t)
	p.fails(2, "--graph draws the text listing and cannot be combined with --format json", "history", "--graph", "--format", "json")
	p.fails(2, "cannot be combined with --format dot", "history", "--graph", "--format", "dot")
	pg := "postgresql://u@h/d"
	up := p.ok("--url", pg, "upgrade", "cli_a", "--sql").Stdout
	st := p.ok("--url", pg, "stamp", "cli_a", "--sql").Stdout
	for name, script := range map[string]string{"upgrade": up, "stamp": st} {
		c, b := strings.Index(script, "CREATE TABLE IF NOT EXISTS migrate_version"), strings.Index(script, "BEGIN;")
		if c < 0 || b < 0 || c > b {
			t.Errorf("%s --sql: CREATE TABLE at %d, BEGIN at %d; want the table created before BEGIN:\n%s", name, c, b, script)
		}
	}
}

// check in CI: 0 in step, 1 for changes (with the ops in JSON), 3 when the
// check cannot be made (with a JSON error object); an enum change autogenerate
// writes no op for is reported as such, not as "0 change(s)".
func TestCLICheckExitStatusAndJSON(t *testing.T) {
	db := testdb.Postgres(t)
	p := pgProject(t, db, pgEnumModel(`"draft", "published"`, "schema.Text()"))
	p.ok("revision", "--autogenerate", "-m", "init")

	// Not at head: exit 3, and a JSON error object.
	r := p.run("check", "--format", "json")
	var e struct {
		Error      string `json:"error"`
		ExitStatus int    `json:"exit_status"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &e); r.Code != 3 || err != nil || !strings.Contains(e.Error, "not up to date") || e.ExitStatus != 3 {
		t.Fatalf("check at base: exit %d, stdout %q (%v)\n%s", r.Code, r.Stdout, err, r.Stderr)
	}
	checkErrorLine(t, r.Stderr, "not up to date")
	// No connection: exit 3.
	r = p.run("--url", "postgres://root@127.0.0.1:1/x", "check", "--format", "json")
	if err := json.Unmarshal([]byte(r.Stdout), &e); r.Code != 3 || err != nil || !strings.Contains(e.Error, "cannot connect") {
		t.Fatalf("check without a server: exit %d, stdout %q (%v)", r.Code, r.Stdout, err)
	}

	p.ok("upgrade", "head")
	p.ok("check")
	// A new column: exit 1, and the op itself in JSON.
	p.write("models/models.go", strings.Replace(pgEnumModel(`"draft", "published"`, "schema.Text()"),
		`schema.Col("code", schema.Text()),`, `schema.Col("code", schema.Text()), schema.Col("pages", schema.Integer()),`, 1))
	r = p.run("check", "--format", "json")
	var out struct {
		Changes bool                                    `json:"changes"`
		Ops     []map[string]map[string]json.RawMessage `json:"ops"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &out); r.Code != 1 || err != nil || !out.Changes || len(out.Ops) != 1 {
		t.Fatalf("check with a new column: exit %d, stdout %q (%v)\n%s", r.Code, r.Stdout, err, r.Stderr)
	}
	add, ok := out.Ops[0]["add_column"]
	var col struct{ Name, Type string }
	if !ok || string(add["table"]) != `"books"` || json.Unmarshal(add["column"], &col) != nil || col.Name != "pages" || col.Type != "integer" {
		t.Fatalf("check --format json ops = %s", r.Stdout)
	}

	// Enum values reordered: a finding with no op.
	p.write("models/models.go", pgEnumModel(`"published", "draft"`, "schema.Text()"))
	r = p.fails(1, "autogenerate writes no op for: Detected values of enum 'book_status' changed", "check")
	if strings.Contains(r.Stderr, "0 change(s)") || strings.Contains(r.Stderr, "revision --autogenerate") {
		t.Fatalf("check with an enum finding only: %s", r.Stderr)
	}
}

// After Ctrl-C during a statement, the error says the run was interrupted and
// can be repeated, not that the revision needs fixing; the repeated run works.
func TestCLIInterruptedRunSaysRunAgain(t *testing.T) {
	db := testdb.Postgres(t)
	p := &project{t: t, Dir: t.TempDir(), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	p.write("migrations/versions/slow.yaml", `revision: slow
down_revision: null
message: slow
upgrade:
  - create_table: {name: t_slow, columns: [{name: id, type: integer}]}
  - execute: "SELECT pg_sleep(CASE WHEN EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'go_fast') THEN 0 ELSE 600 END)"
downgrade:
  - drop_table: {name: t_slow}
`)
	cmd, sc := startStreaming(t, p, nil, "upgrade", "head")
	// Wait until the server runs the sleep (no clock involved: the catalog
	// says when), then interrupt.
	for {
		var n int
		if err := db.SQL.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'SELECT pg_sleep(CASE%'`).Scan(&n); err != nil {
			_ = cmd.Process.Kill()
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	err := cmd.Wait()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 130 {
		t.Fatalf("interrupted run: %v, want exit 130\n%s", err, strings.Join(lines, "\n"))
	}
	text := strings.Join(lines, "\n")
	checkErrorLine(t, text, "the run was interrupted: run the same command again")
	if strings.Contains(text, "fix the revision") {
		t.Fatalf("interrupted run says to fix the revision:\n%s", text)
	}
	if _, err := db.SQL.Exec(`CREATE TABLE go_fast (id integer)`); err != nil {
		t.Fatal(err)
	}
	p.ok("upgrade", "head")
}
