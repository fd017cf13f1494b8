package cmd

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/migrate/fleet"
	"github.com/retortdb/migrate/internal/testdb"
)

// fleetProject writes a project with newTestProject's two revisions (books,
// then authors) and the given targets list, and returns the config path.
func fleetProject(t *testing.T, targets string) string {
	t.Helper()
	cfg := newTestProject(t)
	writeRevisionFile(t, cfg, "bbb222_authors.yaml", secondRevision)
	if err := os.WriteFile(cfg, []byte("script_location: migrations\ntargets:\n"+targets), 0o644); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// fleetOracle reads a target's state from its server, not through migrate.
type fleetOracle struct {
	// versions returns the target's version rows, sorted (nil: no table).
	versions func(t *testing.T, target string) []string
	// history returns how many rows the target's history table holds.
	history func(t *testing.T, target string) int
}

// fleetScenario is the fleet run every dialect's test makes: targets upgrade
// to head with --parallel 8 while bad, whose database already has a table
// called authors, fails alone; after fix drops that table, the rerun upgrades
// bad and writes nothing to any other target; current --all --format json
// reports every target. partial is the version rows bad is left at by the
// failed run (what the dialect's transactions keep).
func fleetScenario(t *testing.T, cfg string, names []string, bad string, partial []string, fix func(), o fleetOracle) {
	t.Helper()
	code, stdout, stderr := runCLI(t, "-c", cfg, "upgrade", "head", "--all", "--parallel", "8", "--format", "json")
	if code != 1 {
		t.Fatalf("first run: exit %d, want 1\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "ERROR: upgrade failed on 1 of "+fmt.Sprint(len(names))+" targets: "+bad+" ") {
		t.Errorf("first run's ERROR line does not name %s:\n%s", bad, stderr)
	}
	var res []fleet.Result
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("first run's JSON: %v\n%s", err, stdout)
	}
	if strings.Contains(stderr, "\x1b[K") {
		t.Errorf("the progress line was drawn on a stderr that is not a terminal:\n%q", stderr)
	}
	if len(res) != len(names) {
		t.Fatalf("first run reports %d targets, want %d", len(res), len(names))
	}
	for i, r := range res {
		if r.Target != names[i] {
			t.Fatalf("result %d is %q, want %q (the targets' order)", i, r.Target, names[i])
		}
		if r.Target == bad {
			if r.Status != fleet.Failed || !strings.Contains(r.Error, "authors") || len(r.From) != 0 {
				t.Errorf("bad target %s: %+v", bad, r)
			}
			continue
		}
		if r.Status != fleet.Applied || r.Error != "" || len(r.From) != 0 || !slices.Equal(r.To, []string{"bbb222"}) {
			t.Errorf("target %s: %+v", r.Target, r)
		}
	}
	// The servers agree: every other target is at head, bad where its
	// transactions left it.
	history := map[string]int{}
	for _, n := range names {
		want := []string{"bbb222"}
		if n == bad {
			want = partial
		}
		if got := o.versions(t, n); !slices.Equal(got, want) {
			t.Errorf("after the first run %s's version table holds %v, want %v", n, got, want)
		}
		history[n] = o.history(t, n)
	}

	fix()
	code, stdout, stderr = runCLI(t, "-c", cfg, "-v", "upgrade", "head", "--all", "--parallel", "8")
	if code != 0 {
		t.Fatalf("rerun: exit %d\n%s\n%s", code, stdout, stderr)
	}
	summary := fmt.Sprintf("%d targets: 1 applied, %d unchanged", len(names), len(names)-1)
	if !strings.Contains(stdout, summary) || !regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(bad)+`\s+applied\s`).MatchString(stdout) {
		t.Errorf("rerun's table lacks %q or %s applied:\n%s", summary, bad, stdout)
	}
	// -v echoes each target's statements: only bad wrote anything.
	write := regexp.MustCompile(`(?m)^\[([^\]]+)\] INFO  SQL \([^)]*\)(?: \(failed\))?: (?i:(INSERT|UPDATE|DELETE|CREATE|ALTER|DROP)\b)`)
	for _, m := range write.FindAllStringSubmatch(stderr, -1) {
		if m[1] != bad {
			t.Errorf("the rerun wrote to %s, which was at head: %s", m[1], m[0])
		}
	}
	if !strings.Contains(stderr, "["+bad+"] INFO  SQL") {
		t.Errorf("the rerun's -v output shows no statement of %s:\n%s", bad, stderr)
	}
	for _, n := range names {
		if got := o.versions(t, n); !slices.Equal(got, []string{"bbb222"}) {
			t.Errorf("after the rerun %s's version table holds %v, want [bbb222]", n, got)
		}
		got := o.history(t, n)
		if n == bad && got <= history[n] {
			t.Errorf("the rerun wrote no history row for %s (%d rows)", n, got)
		}
		if n != bad && got != history[n] {
			t.Errorf("the rerun changed %s's history table: %d rows, was %d", n, got, history[n])
		}
	}

	code, stdout, stderr = runCLI(t, "-c", cfg, "current", "--all", "--format", "json")
	res = nil
	if err := json.Unmarshal([]byte(stdout), &res); code != 0 || err != nil || len(res) != len(names) {
		t.Fatalf("current --all --format json: exit %d, %v, %d results\n%s\n%s", code, err, len(res), stdout, stderr)
	}
	for i, r := range res {
		if r.Target != names[i] || r.Status != fleet.OK || !slices.Equal(r.To, []string{"bbb222"}) {
			t.Errorf("current reports %+v", r)
		}
	}
}

func TestFleetPostgresSchemas(t *testing.T) {
	db := testdb.Postgres(t)
	var names []string
	stmts := []string{"CREATE TABLE tenants (schema_name text PRIMARY KEY, active boolean NOT NULL)"}
	for i := range 52 {
		n := fmt.Sprintf("tenant_%02d", i)
		stmts = append(stmts, "CREATE SCHEMA "+n, fmt.Sprintf("INSERT INTO tenants VALUES ('%s', %v)", n, i < 50))
		if i < 50 {
			names = append(names, n)
		}
	}
	bad := "tenant_17"
	stmts = append(stmts, "CREATE TABLE "+bad+".authors (x integer)")
	for _, s := range stmts {
		if _, err := db.SQL.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	cfg := fleetProject(t, fmt.Sprintf("  - query: SELECT schema_name FROM tenants WHERE active ORDER BY 1\n    url: '%s'\n", db.URL))
	fleetScenario(t, cfg, names, bad, nil, func() {
		if _, err := db.SQL.Exec("DROP TABLE " + bad + ".authors"); err != nil {
			t.Fatal(err)
		}
	}, fleetOracle{
		versions: func(t *testing.T, n string) []string {
			return sortedStrings(t, db, "SELECT version_num FROM "+n+".migrate_version")
		},
		history: func(t *testing.T, n string) int {
			return countRows(t, db.SQL, "SELECT count(*) FROM "+n+".migrate_history")
		},
	})
	// check compares each tenant's schema alone with the metadata.
	code, stdout, stderr := runWith(t, booksMetadata(true), "-c", cfg, "check", "--all", "--parallel", "8")
	if code != 0 || !strings.Contains(stdout, "50 targets: 50 ok") {
		t.Errorf("check --all: exit %d\n%s\n%s", code, stdout, stderr)
	}
	// Each tenant's tables are in its own schema, and no table reached public.
	got := sortedStrings(t, db, "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_name IN ('books', 'authors')")
	if len(got) != 100 || slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "public.") }) {
		t.Errorf("books and authors tables: %d, %v", len(got), got)
	}
}

func TestFleetMariaDBDatabases(t *testing.T) {
	db := testdb.MySQL(t)
	var names []string
	for i := range 12 {
		n := fmt.Sprintf("%s_t%02d", db.Name, i)
		if _, err := db.SQL.Exec("CREATE DATABASE " + n); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _, _ = db.SQL.Exec("DROP DATABASE IF EXISTS " + n) })
		names = append(names, n)
	}
	bad := names[5]
	if _, err := db.SQL.Exec("CREATE TABLE " + bad + ".authors (x integer)"); err != nil {
		t.Fatal(err)
	}
	cfg := fleetProject(t, fmt.Sprintf("  - query: SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE '%s\\\\_t%%' ORDER BY 1\n    url: '%s'\n    tenant: database\n", db.Name, db.URL))
	// MariaDB commits each DDL statement: the first revision stays applied.
	fleetScenario(t, cfg, names, bad, []string{"abc123def456"}, func() {
		if _, err := db.SQL.Exec("DROP TABLE " + bad + ".authors"); err != nil {
			t.Fatal(err)
		}
	}, fleetOracle{
		versions: func(t *testing.T, n string) []string {
			return sortedStrings(t, db, "SELECT version_num FROM "+n+".migrate_version")
		},
		history: func(t *testing.T, n string) int {
			return countRows(t, db.SQL, "SELECT count(*) FROM "+n+".migrate_history")
		},
	})
}

func TestFleetSQLiteFiles(t *testing.T) {
	dir := t.TempDir()
	var names []string
	for i := range 20 {
		n := fmt.Sprintf("shop%02d", i)
		sqliteFile(t, filepath.Join(dir, n+".db"))
		names = append(names, n)
	}
	bad := "shop11"
	sqliteExec(t, filepath.Join(dir, bad+".db"), "CREATE TABLE authors (x integer)")
	cfg := fleetProject(t, "  - glob: '"+filepath.Join(dir, "*.db")+"'\n")
	fleetScenario(t, cfg, names, bad, nil, func() {
		sqliteExec(t, filepath.Join(dir, bad+".db"), "DROP TABLE authors")
	}, fleetOracle{
		versions: func(t *testing.T, n string) []string {
			return sqliteStrings(t, filepath.Join(dir, n+".db"), "SELECT version_num FROM migrate_version ORDER BY 1")
		},
		history: func(t *testing.T, n string) int {
			return len(sqliteStrings(t, filepath.Join(dir, n+".db"), "SELECT revision FROM migrate_history"))
		},
	})
}

// TestFleetCheck checks SQLite targets against the metadata: a target with an
// extra table reports changes (exit 1), and a target not at head makes the
// check fail (exit 3), while the others report ok.
func TestFleetCheck(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"k0", "k1", "k2"} {
		sqliteFile(t, filepath.Join(dir, n+".db"))
	}
	cfg := fleetProject(t, "  - glob: '"+filepath.Join(dir, "*.db")+"'\n")
	if code, stdout, stderr := runCLI(t, "-c", cfg, "upgrade", "head", "--all"); code != 0 {
		t.Fatalf("upgrade: %s %s", stdout, stderr)
	}
	sqliteExec(t, filepath.Join(dir, "k1.db"), "CREATE TABLE extra (x integer)")
	status := func(args ...string) (int, map[string]fleet.Result) {
		code, stdout, stderr := runWith(t, booksMetadata(true), append([]string{"-c", cfg, "check", "--all", "--format", "json"}, args...)...)
		var res []fleet.Result
		if err := json.Unmarshal([]byte(stdout), &res); err != nil {
			t.Fatalf("check: %v\n%s\n%s", err, stdout, stderr)
		}
		out := map[string]fleet.Result{}
		for _, r := range res {
			out[r.Target] = r
		}
		return code, out
	}
	code, res := status()
	if code != exitChangesDetected || res["k0"].Status != fleet.OK || res["k1"].Status != fleet.Changes || !strings.Contains(res["k1"].Error, "extra") || res["k2"].Status != fleet.OK {
		t.Errorf("check with an extra table: exit %d, %+v", code, res)
	}
	// A target that is no target: the check could not be made.
	if code, _, stderr := runWith(t, booksMetadata(true), "-c", cfg, "check", "--target", "k9"); code != exitCheckFailed || !strings.Contains(stderr, `no target "k9"`) {
		t.Errorf("check --target k9: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "-c", cfg, "downgrade", "base", "--target", "k2"); code != 0 {
		t.Fatal(stderr)
	}
	code, res = status()
	if code != exitCheckFailed || res["k2"].Status != fleet.Failed || !strings.Contains(res["k2"].Error, "not up to date") || res["k0"].Status != fleet.OK {
		t.Errorf("check with a target at base: exit %d, %+v", code, res)
	}
}

// TestFleetCanaryAndFailFast runs SQLite targets with --canary and
// --fail-fast: the targets after a failure are reported skipped and their
// files are left without a version table.
func TestFleetCanaryAndFailFast(t *testing.T) {
	dir := t.TempDir()
	for i := range 6 {
		sqliteFile(t, filepath.Join(dir, fmt.Sprintf("c%d.db", i)))
	}
	sqliteExec(t, filepath.Join(dir, "c1.db"), "CREATE TABLE authors (x integer)")
	cfg := fleetProject(t, "  - glob: '"+filepath.Join(dir, "*.db")+"'\n")
	tables := func(n string) []string {
		return sqliteStrings(t, filepath.Join(dir, n+".db"), "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'migrate_version' ORDER BY 1")
	}
	for _, c := range []struct {
		args    []string
		applied []string
	}{
		{[]string{"--all", "--canary", "2"}, []string{"c0"}},
		{[]string{"--all", "--fail-fast", "--parallel", "1"}, []string{"c0"}},
		{[]string{"--target", "c[0-1]", "--target", "c4"}, []string{"c0", "c4"}},
	} {
		code, stdout, stderr := runCLI(t, append([]string{"-c", cfg, "upgrade", "head", "--format", "json"}, c.args...)...)
		var res []fleet.Result
		if err := json.Unmarshal([]byte(stdout), &res); code != 1 || err != nil {
			t.Fatalf("%q: exit %d, %v\n%s\n%s", c.args, code, err, stdout, stderr)
		}
		for _, r := range res {
			switch {
			case r.Target == "c1":
				if r.Status != fleet.Failed {
					t.Errorf("%q: c1 is %s", c.args, r.Status)
				}
			case slices.Contains(c.applied, r.Target):
				if r.Status != fleet.Applied && r.Status != fleet.Unchanged {
					t.Errorf("%q: %s is %s: %s", c.args, r.Target, r.Status, r.Error)
				}
			default:
				if r.Status != fleet.Skipped || !strings.HasPrefix(r.Error, "not run: ") {
					t.Errorf("%q: %s is %s (%q), want skipped", c.args, r.Target, r.Status, r.Error)
				}
				if got := tables(r.Target); len(got) != 0 {
					t.Errorf("%q: skipped %s has %v", c.args, r.Target, got)
				}
			}
		}
		if c.args[0] == "--target" && len(res) != 3 {
			t.Errorf("%q selected %d targets, want 3", c.args, len(res))
		}
	}
}

// TestFleetFlags checks the fleet flags' parsing and their usage errors (exit 2).
func TestFleetFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdUpgrade, "upgrade", "head", "--target", "a", "--target", "b*", "--parallel", "8", "--canary", "2", "--fail-fast", "--format", "json")
	if !slices.Equal(o.Fleet.Targets, []string{"a", "b*"}) || o.Fleet.Parallel != 8 || o.Fleet.Canary != 2 || !o.Fleet.FailFast || o.Fleet.Format != "json" || !o.Fleet.active() {
		t.Fatalf("options = %+v", o.Fleet)
	}
	c, _ := mustParse(t, newCmdCurrent, "current", "--all", "--format", "json")
	if !c.Fleet.All || c.Fleet.Format != "json" || c.Fleet.Parallel != fleet.DefaultParallel {
		t.Fatalf("current options = %+v", c.Fleet)
	}
	cfg := fleetProject(t, "  - {name: one, url: 'sqlite:///one.db'}\n")
	for _, args := range [][]string{
		{"upgrade", "head", "--parallel", "2"},
		{"upgrade", "head", "--format", "json"},
		{"upgrade", "head", "--all", "--parallel", "0"},
		{"upgrade", "head", "--all", "--target", "one"},
		{"upgrade", "head", "--all", "--sql"},
		{"--url", "sqlite:///x.db", "downgrade", "base", "--all"},
		{"stamp", "head", "--all", "--canary", "-1"},
		{"check", "--fail-fast"},
		{"current", "--all", "--format", "yaml"},
	} {
		code, _, stderr := runCLI(t, append([]string{"-c", cfg}, args...)...)
		if code != 2 || !strings.HasPrefix(stderr, "ERROR: ") {
			t.Errorf("%q: exit %d, %s", args, code, stderr)
		}
	}
	// A name that is no target is an error listing the targets.
	code, _, stderr := runCLI(t, "-c", cfg, "current", "--target", "two")
	if code != 1 || !strings.Contains(stderr, `no target "two"`) || !strings.Contains(stderr, "one") {
		t.Errorf("unknown target: exit %d, %s", code, stderr)
	}
	// A query's rows must be names, and SQLite has no tenants to list.
	lite := "sqlite:///" + filepath.Join(t.TempDir(), "list.db")
	for q, want := range map[string]string{
		"SELECT NULL":   "NULL or empty tenant name",
		"SELECT 'acme'": "sqlite has no tenants inside one URL",
		"SELEC 1":       "the query listing the tenants failed",
	} {
		bad := fleetProject(t, fmt.Sprintf("  - {query: \"%s\", url: '%s'}\n", q, lite))
		code, stdout, stderr := runCLI(t, "-c", bad, "current", "--all")
		if code != 1 || stdout != "" || !strings.Contains(stderr, "migrate.yaml targets, line 3: ") || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, %s", q, code, stderr)
		}
	}
	// --targets-from reads names; the named SQLite file is relative to migrate.yaml.
	list := filepath.Join(t.TempDir(), "targets.txt")
	if err := os.WriteFile(list, []byte("# the canary\none\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "-c", cfg, "stamp", "head", "--targets-from", list)
	if code != 0 || !strings.Contains(stdout, "1 targets: 1 applied") {
		t.Fatalf("stamp --targets-from: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if got := sqliteStrings(t, filepath.Join(filepath.Dir(cfg), "one.db"), "SELECT version_num FROM migrate_version"); !slices.Equal(got, []string{"bbb222"}) {
		t.Errorf("one.db after stamp: %v", got)
	}
}

// TestFleetRedactsPasswords checks that a target that cannot be reached is
// reported failed, with its URL's password hidden in the JSON report and the
// ERROR line, while the other target runs.
func TestFleetRedactsPasswords(t *testing.T) {
	dir := t.TempDir()
	sqliteFile(t, filepath.Join(dir, "ok.db"))
	cfg := fleetProject(t, "  - {name: down, url: 'postgresql://app:hunter2secret@127.0.0.1:1/shop?connect_timeout=5'}\n"+
		"  - {name: ok, url: 'sqlite:///"+filepath.Join(dir, "ok.db")+"'}\n")
	code, stdout, stderr := runCLI(t, "-c", cfg, "upgrade", "head", "--all", "--format", "json")
	var res []fleet.Result
	if err := json.Unmarshal([]byte(stdout), &res); code != 1 || err != nil || len(res) != 2 {
		t.Fatalf("exit %d, %v\n%s\n%s", code, err, stdout, stderr)
	}
	if res[0].Status != fleet.Failed || !strings.Contains(res[0].Error, "cannot connect") || res[1].Status != fleet.Applied {
		t.Errorf("results: %+v", res)
	}
	if strings.Contains(stdout+stderr, "hunter2secret") {
		t.Errorf("the password is shown:\n%s\n%s", stdout, stderr)
	}
}

// sqliteFile creates an empty SQLite database file at path.
func sqliteFile(t *testing.T, path string) {
	t.Helper()
	sqliteExec(t, path, "PRAGMA user_version = 1")
}

// sqliteExec runs stmt on the SQLite file at path.
func sqliteExec(t *testing.T, path, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatalf("%s: %s: %v", path, stmt, err)
	}
}

// sqliteStrings runs a one-column query on the SQLite file at path and
// returns its values, sorted.
func sqliteStrings(t *testing.T, path, query string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return sortedStrings(t, &testdb.DB{SQL: db}, query)
}

// countRows runs a count query on db.
func countRows(t *testing.T, db *sql.DB, query string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// TestFleetConcurrentRuns starts two fleet upgrades of the same targets at
// once: each target's own lock lets exactly one of them apply its revisions
// (the other finds it at head), so every history table holds each revision
// once, on PostgreSQL tenant schemas and on SQLite files.
func TestFleetConcurrentRuns(t *testing.T) {
	pg := testdb.Postgres(t)
	var stmts []string
	stmts = append(stmts, "CREATE TABLE tenants (name text PRIMARY KEY)")
	for i := range 12 {
		stmts = append(stmts, fmt.Sprintf("CREATE SCHEMA c%02d", i), fmt.Sprintf("INSERT INTO tenants VALUES ('c%02d')", i))
	}
	for _, s := range stmts {
		if _, err := pg.SQL.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	for i := range 12 {
		sqliteFile(t, filepath.Join(dir, fmt.Sprintf("c%02d.db", i)))
	}
	cfg := fleetProject(t, fmt.Sprintf("  - {name: pg, query: SELECT name FROM tenants ORDER BY 1, url: '%s'}\n  - {name: lite, glob: '%s'}\n", pg.URL, filepath.Join(dir, "*.db")))
	type run struct {
		code           int
		stdout, stderr string
	}
	runs := make(chan run, 2)
	for range 2 {
		go func() {
			var out, errb bytes.Buffer
			code := Run(context.Background(), []string{"-c", cfg, "upgrade", "head", "--all", "--parallel", "6", "--format", "json"}, strings.NewReader(""), &out, &errb)
			runs <- run{code, out.String(), errb.String()}
		}()
	}
	applied := map[string]int{}
	for range 2 {
		r := <-runs
		var res []fleet.Result
		if err := json.Unmarshal([]byte(r.stdout), &res); r.code != 0 || err != nil || len(res) != 24 {
			t.Fatalf("exit %d, %v\n%s\n%s", r.code, err, r.stdout, r.stderr)
		}
		for _, x := range res {
			if x.Status == fleet.Applied {
				applied[x.Target]++
			}
		}
	}
	for i := range 12 {
		n := fmt.Sprintf("c%02d", i)
		if applied["pg/"+n] != 1 || applied["lite/"+n] != 1 {
			t.Errorf("%s: applied by %d and %d runs (PostgreSQL, SQLite), want 1", n, applied["pg/"+n], applied["lite/"+n])
		}
		if got := sortedStrings(t, pg, "SELECT revision FROM "+n+".migrate_history"); !slices.Equal(got, []string{"abc123def456", "bbb222"}) {
			t.Errorf("PostgreSQL %s history: %v", n, got)
		}
		if got := sqliteStrings(t, filepath.Join(dir, n+".db"), "SELECT revision FROM migrate_history"); !slices.Equal(got, []string{"abc123def456", "bbb222"}) {
			t.Errorf("SQLite %s history: %v", n, got)
		}
	}
}
