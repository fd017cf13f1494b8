package e2e_test

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
)

// goStepRows is how many rows the Go step fills.
const goStepRows = 100000

// goStepsSource is the scratch module's package of Go steps: it fills
// users.email_domain from users.email in batches of 2,000 rows, computed in
// Go, and records the count in backfill_log; -x fail_after=N makes it fail
// after N batches (half-way through), -x block=1 waits after the first batch
// until its context is cancelled.
const goStepsSource = `package steps

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/retortdb/migrate/gostep"
)

func init() {
	gostep.Register("fill_email_domain", fillEmailDomain)
	gostep.Register("clear_email_domain", clearEmailDomain)
}

const batch = 2000

func domain(email string) string {
	_, d, _ := strings.Cut(email, "@")
	return strings.ToLower(d)
}

func fillEmailDomain(ctx context.Context, s *gostep.Session) error {
	failAfter := -1
	if v, ok := s.X["fail_after"]; ok {
		failAfter, _ = strconv.Atoi(v)
	}
	var last int64
	done := 0
	for n := 0; ; n++ {
		if n == failAfter {
			return fmt.Errorf("stopping after %d batches as -x fail_after asks", n)
		}
		rows, err := s.DB.QueryContext(ctx, fmt.Sprintf("SELECT id, email FROM users WHERE id > %d ORDER BY id LIMIT %d", last, batch))
		if err != nil {
			return err
		}
		var ids []int64
		var emails []string
		for rows.Next() {
			var id int64
			var e string
			if err := rows.Scan(&id, &e); err != nil {
				rows.Close()
				return err
			}
			ids, emails = append(ids, id), append(emails, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(ids) == 0 {
			break
		}
		var b strings.Builder
		b.WriteString("UPDATE users SET email_domain = CASE id")
		list := make([]string, len(ids))
		for i, id := range ids {
			fmt.Fprintf(&b, " WHEN %d THEN '%s'", id, strings.ReplaceAll(domain(emails[i]), "'", "''"))
			list[i] = strconv.FormatInt(id, 10)
		}
		b.WriteString(" END WHERE id IN (" + strings.Join(list, ",") + ")")
		if _, err := s.DB.ExecContext(ctx, b.String()); err != nil {
			return err
		}
		last = ids[len(ids)-1]
		done += len(ids)
		if s.X["block"] == "1" {
			s.Log.Info("blocking until cancelled")
			<-ctx.Done()
			return ctx.Err()
		}
	}
	if _, err := s.DB.ExecContext(ctx, fmt.Sprintf("INSERT INTO backfill_log (id, note) VALUES (1, 'filled %d rows on %s')", done, s.Dialect)); err != nil {
		return err
	}
	s.Log.Info("filled email_domain", "rows", done)
	return nil
}

func clearEmailDomain(ctx context.Context, s *gostep.Session) error {
	_, err := s.DB.ExecContext(ctx, "UPDATE users SET email_domain = NULL")
	return err
}
`

// goStepMain is a binary of the user's own: cmd.Main with the Go steps.
const goStepMain = `package main

import (
	"github.com/retortdb/migrate/cmd"
	"github.com/retortdb/migrate/gostep"

	_ "example.com/shop/steps"
)

func main() { cmd.Main(cmd.WithGoSteps(gostep.Default())) }
`

// goStepLibrary is a service that migrates itself with package migrator.
const goStepLibrary = `package main

import (
	"context"
	"fmt"
	"os"

	"github.com/retortdb/migrate/gostep"
	"github.com/retortdb/migrate/migrator"

	_ "example.com/shop/steps"
)

func main() {
	ctx := context.Background()
	m, err := migrator.Open(ctx, os.Getenv("MIGRATE_URL"), os.DirFS("migrations/versions"), migrator.WithGoSteps(gostep.Default()))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer m.Close()
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`

// goStepRevisions are the revision files: r0 creates users and seeds
// goStepRows rows (per dialect), r1 adds the nullable column, r2 creates
// backfill_log and runs the Go step, r3 makes the column NOT NULL.
func goStepRevisions(seed string) map[string]string {
	return map[string]string{
		"migrations/versions/r0_users.yaml": `revision: r0
down_revision: null
message: users
upgrade:
  - create_table:
      name: users
      columns:
        - {name: id, type: bigint, nullable: false}
        - {name: email, type: varchar(255), nullable: false}
      primary_key: {name: pk_users, columns: [id]}
  - execute:
      dialects:
` + seed + `
downgrade:
  - drop_table: {name: users}
`,
		"migrations/versions/r1_column.yaml": `revision: r1
down_revision: r0
message: add email_domain
upgrade:
  - add_column: {table: users, column: {name: email_domain, type: varchar(100)}}
downgrade:
  - drop_column: {table: users, column: email_domain}
`,
		"migrations/versions/r2_fill.yaml": `revision: r2
down_revision: r1
message: fill email_domain
upgrade:
  - create_table:
      name: backfill_log
      columns:
        - {name: id, type: integer, nullable: false}
        - {name: note, type: varchar(200)}
      primary_key: {name: pk_backfill_log, columns: [id]}
  - go: {func: fill_email_domain, reverse: clear_email_domain}
downgrade:
  - go: {func: clear_email_domain, reverse: fill_email_domain}
  - drop_table: {name: backfill_log}
`,
		"migrations/versions/r3_notnull.yaml": `revision: r3
down_revision: r2
message: email_domain not null
upgrade:
  - alter_column: {table: users, column: email_domain, nullable: false, existing_type: varchar(100), existing_nullable: true}
downgrade:
  - alter_column: {table: users, column: email_domain, nullable: true, existing_type: varchar(100), existing_nullable: false}
`,
	}
}

// goStepSeed is the execute op's SQL per dialect that inserts goStepRows
// users.
func goStepSeed() string {
	d := "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"
	return fmt.Sprintf(`        postgresql: "INSERT INTO users (id, email) SELECT g, 'User' || g || '@Host' || (g %% 97) || '.Example.COM' FROM generate_series(1, %d) g"
        sqlite: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %d) INSERT INTO users (id, email) SELECT x, 'User' || x || '@Host' || (x %% 97) || '.Example.COM' FROM c"
        mysql: "INSERT INTO users (id, email) SELECT n, CONCAT('User', n, '@Host', n %% 97, '.Example.COM') FROM (SELECT a.d + 10*b.d + 100*c.d + 1000*e.d + 10000*f.d + 1 AS n FROM %s a, %s b, %s c, %s e, %s f) t WHERE n <= %d"`,
		goStepRows, goStepRows, d, d, d, d, d, goStepRows)
}

// goStepProject is the scratch module: the steps package, the two programs,
// the revision files and migrate.yaml with go_steps.
func goStepProject(t *testing.T) *project {
	t.Helper()
	files := goStepRevisions(goStepSeed())
	files["steps/steps.go"] = goStepsSource
	files["cmd/mymigrate/main.go"] = goStepMain
	files["cmd/selfmigrate/main.go"] = goStepLibrary
	files["migrate.yaml"] = "script_location: migrations\ngo_steps:\n  package: ./steps\n"
	dir := scratch.Module(t, files)
	// The user's module requires what its own programs import, as `go mod
	// tidy` writes it; the CLI's runner needs nothing more of it.
	tidy := exec.Command("go", "mod", "tidy")
	tidy.Dir = dir
	tidy.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
	if out, err := tidy.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy in the scratch module: %v\n%s", err, out)
	}
	return &project{t: t, Dir: dir, Env: []string{"XDG_CACHE_HOME=" + filepath.Join(t.TempDir(), "cache")}}
}

// goBuild builds ./cmd/<name> of the scratch module and returns the binary.
func goBuild(t *testing.T, p *project, name string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), name)
	c := exec.Command("go", "build", "-o", bin, "./cmd/"+name)
	c.Dir = p.Dir
	c.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", name, err, out)
	}
	return bin
}

// runBin runs bin in the project with MIGRATE_URL=url.
func runBin(t *testing.T, p *project, bin, url string, args ...string) result {
	t.Helper()
	c := exec.Command(bin, args...)
	c.Dir = p.Dir
	c.Env = append(append(os.Environ(), p.Env...), "MIGRATE_URL="+url)
	var out, errb strings.Builder
	c.Stdout, c.Stderr = &out, &errb
	err := c.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{Code: code, Stdout: out.String(), Stderr: errb.String()}
}

// goStepDigest reads users (id, email_domain) from db in id order, checks
// each filled domain against the formula the seed used, and returns a
// digest of the rows and how many are filled.
func goStepDigest(t *testing.T, db *sql.DB) (string, int) {
	t.Helper()
	rows, err := db.Query("SELECT id, email, email_domain FROM users ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	h := sha256.New()
	n, filled := 0, 0
	for rows.Next() {
		var id int64
		var email string
		var dom sql.NullString
		if err := rows.Scan(&id, &email, &dom); err != nil {
			t.Fatal(err)
		}
		n++
		if dom.Valid {
			filled++
			if want := fmt.Sprintf("host%d.example.com", id%97); dom.String != want {
				t.Fatalf("users %d: email_domain %q, want %q", id, dom.String, want)
			}
		}
		fmt.Fprintf(h, "%d|%s|%v|%s\n", id, email, dom.Valid, dom.String)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != goStepRows {
		t.Fatalf("users has %d rows, want %d", n, goStepRows)
	}
	return hex.EncodeToString(h.Sum(nil)), filled
}

// goStepTables lists the tables of db, as the server's catalog says.
func goStepTables(t *testing.T, dialect string, db *sql.DB) string {
	t.Helper()
	q := map[string]string{
		"postgresql": "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
		"mysql":      "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1",
		"sqlite":     "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1",
	}[dialect]
	return strings.Join(queryStrings(t, db, q), ",")
}

// goStepNullable tells whether users.email_domain accepts NULL, as the
// server's catalog says.
func goStepNullable(t *testing.T, dialect string, db *sql.DB) string {
	t.Helper()
	q := map[string]string{
		"postgresql": "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email_domain'",
		"mysql":      "SELECT is_nullable FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'users' AND column_name = 'email_domain'",
		"sqlite":     "SELECT CASE \"notnull\" WHEN 1 THEN 'NO' ELSE 'YES' END FROM pragma_table_info('users') WHERE name = 'email_domain'",
	}[dialect]
	return strings.Join(queryStrings(t, db, q), ",")
}

func queryStrings(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
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
	return out
}

// TestGoStepDataMigration runs a Go data migration of 100,000 rows on each
// dialect through the CLI (the runner built from go_steps.package), a
// cmd.Main binary and the migrator library, and checks against the servers'
// own catalogs and the rows themselves: identical data from all three; a Go
// step failing half-way leaves PostgreSQL and SQLite as before the revision
// and MariaDB resumable after the last completed statement; downgrade -1
// runs the reverse function; --sql refuses naming the revision and function.
func TestGoStepDataMigration(t *testing.T) {
	// One scratch module for every dialect: the runner the CLI builds from
	// it, and the two programs, are built once.
	p := goStepProject(t)
	own := goBuild(t, p, "mymigrate")
	lib := goBuild(t, p, "selfmigrate")
	// --sql reads no database: the dialect is the URL's. The first run
	// builds the runner; --sql cannot run Go, and says which revision and
	// function.
	r := runBin(t, p, migrateBin, "sqlite:///unused.db", "-v", "upgrade", "head", "--sql")
	if r.Code != 1 {
		t.Fatalf("upgrade --sql: exit %d, want 1\n%s", r.Code, r.Stderr)
	}
	checkErrorLine(t, r.Stderr, "the upgrade of revision r2 (")
	checkErrorLine(t, r.Stderr, "runs Go step fill_email_domain, and an SQL script cannot run Go")
	if !strings.Contains(r.Stderr, "Built the Go step runner for ./steps") {
		t.Fatalf("the first run does not say it built the runner:\n%s", r.Stderr)
	}
	if r.Stdout != "" {
		t.Fatalf("a refused --sql printed a script:\n%s", r.Stdout)
	}
	for _, dialect := range []string{"sqlite", "postgresql", "mysql"} {
		t.Run(dialect, func(t *testing.T) {
			var dbs [3]*testdb.DB
			for i := range dbs {
				switch dialect {
				case "sqlite":
					dbs[i] = testdb.SQLite(t)
				case "postgresql":
					dbs[i] = testdb.Postgres(t)
				default:
					dbs[i] = testdb.MySQL(t)
				}
			}
			cli := func(args ...string) result { return runBin(t, p, migrateBin, dbs[0].URL, args...) }

			// The CLI, first to r1, then a Go step that fails half-way.
			if r := cli("-v", "upgrade", "r1"); r.Code != 0 {
				t.Fatalf("upgrade r1: exit %d\n%s", r.Code, r.Stderr)
			} else if strings.Contains(r.Stderr, "Built the Go step runner") {
				t.Fatalf("the runner was rebuilt with nothing changed:\n%s", r.Stderr)
			}
			before, filled := goStepDigest(t, dbs[0].SQL)
			tablesBefore := goStepTables(t, dialect, dbs[0].SQL)
			if filled != 0 {
				t.Fatalf("%d rows filled before the Go step", filled)
			}
			r := cli("-x", "fail_after=3", "upgrade", "head")
			if r.Code != 1 {
				t.Fatalf("failing Go step: exit %d, want 1\n%s", r.Code, r.Stderr)
			}
			checkErrorLine(t, r.Stderr, "upgrade of revision r2")
			checkErrorLine(t, r.Stderr, "go step fill_email_domain: stopping after 3 batches")
			after, _ := goStepDigest(t, dbs[0].SQL)
			version := strings.Join(queryStrings(t, dbs[0].SQL, "SELECT version_num FROM migrate_version"), ",")
			if dialect == "mysql" {
				// Statement 1 (CREATE TABLE backfill_log) committed and is
				// recorded; the Go step's own transaction was rolled back.
				checkErrorLine(t, r.Stderr, "statement 1 of this revision was applied and committed")
				checkErrorLine(t, r.Stderr, "it resumes at statement 2")
				if after != before || version != "r1" || !strings.Contains(goStepTables(t, dialect, dbs[0].SQL), "backfill_log") {
					t.Fatalf("after the failure: rows changed %v, version %q, tables %s", after != before, version, goStepTables(t, dialect, dbs[0].SQL))
				}
				cur := cli("current")
				if !strings.Contains(cur.Stdout, "r2 (partial: 1 of 2 statements applied)") {
					t.Fatalf("current after the failure:\n%s%s", cur.Stdout, cur.Stderr)
				}
			} else {
				checkErrorLine(t, r.Stderr, "the transaction was rolled back")
				if after != before || version != "r1" || goStepTables(t, dialect, dbs[0].SQL) != tablesBefore {
					t.Fatalf("after the failure the database is not as before r2: rows changed %v, version %q, tables %s (before %s)",
						after != before, version, goStepTables(t, dialect, dbs[0].SQL), tablesBefore)
				}
			}
			{
				// SIGINT to the CLI reaches the runner it handed the run to,
				// cancels the Go step's context, and rolls its transaction
				// back (on MariaDB, the Go step's own).
				code, stderr := interruptWhen(t, p, dbs[0].URL, "blocking until cancelled", "-x", "block=1", "upgrade", "head")
				after, _ := goStepDigest(t, dbs[0].SQL)
				version := strings.Join(queryStrings(t, dbs[0].SQL, "SELECT version_num FROM migrate_version"), ",")
				if code != 130 || after != before || version != "r1" || (dialect != "mysql" && goStepTables(t, dialect, dbs[0].SQL) != tablesBefore) {
					t.Fatalf("interrupted Go step: exit %d, rows changed %v, version %q\n%s", code, after != before, version, stderr)
				}
			}
			r = cli("upgrade", "head")
			if r.Code != 0 {
				t.Fatalf("upgrade head after the failure: exit %d\n%s", r.Code, r.Stderr)
			}
			if dialect == "mysql" && !strings.Contains(r.Stderr, "Resuming upgrade of r2 at statement 2 of 2") {
				t.Fatalf("the MariaDB rerun does not resume at the Go step:\n%s", r.Stderr)
			}
			if !strings.Contains(r.Stderr, "filled email_domain revision=r2 go=fill_email_domain rows=100000") {
				t.Fatalf("the Go step's log line is missing:\n%s", r.Stderr)
			}

			// A cmd.Main binary and the migrator library, on fresh databases.
			if r := runBin(t, p, own, dbs[1].URL, "upgrade", "head"); r.Code != 0 {
				t.Fatalf("cmd.Main binary: exit %d\n%s", r.Code, r.Stderr)
			}
			if r := runBin(t, p, lib, dbs[2].URL); r.Code != 0 {
				t.Fatalf("migrator program: exit %d\n%s", r.Code, r.Stderr)
			}
			var digests [3]string
			for i, db := range dbs {
				d, filled := goStepDigest(t, db.SQL)
				if filled != goStepRows {
					t.Fatalf("path %d: %d rows filled, want %d", i, filled, goStepRows)
				}
				digests[i] = d
				if n := goStepNullable(t, dialect, db.SQL); n != "NO" {
					t.Fatalf("path %d: email_domain nullable %q after r3", i, n)
				}
				if v := queryStrings(t, db.SQL, "SELECT note FROM backfill_log"); len(v) != 1 || v[0] != "filled 100000 rows on "+dialect {
					t.Fatalf("path %d: backfill_log %q", i, v)
				}
			}
			if digests[0] != digests[1] || digests[1] != digests[2] {
				t.Fatalf("the CLI, cmd.Main and migrator left different data: %v", digests)
			}

			// downgrade -1 twice: r3's reverse, then r2's reverse Go step.
			cli("downgrade", "-1")
			if r := cli("downgrade", "-1"); r.Code != 0 {
				t.Fatalf("downgrade -1: exit %d\n%s", r.Code, r.Stderr)
			}
			if _, filled := goStepDigest(t, dbs[0].SQL); filled != 0 {
				t.Fatalf("after downgrading r2, %d rows keep email_domain", filled)
			}
			if v := strings.Join(queryStrings(t, dbs[0].SQL, "SELECT version_num FROM migrate_version"), ","); v != "r1" {
				t.Fatalf("after two downgrades the version is %q, want r1", v)
			}
			if goStepTables(t, dialect, dbs[0].SQL) != tablesBefore {
				t.Fatalf("after downgrading r2 tables are %s, want %s", goStepTables(t, dialect, dbs[0].SQL), tablesBefore)
			}
		})
	}
}

// interruptWhen runs the migrate CLI in the project, sends it SIGINT once a
// line of its stderr contains marker, and returns its exit status and stderr.
func interruptWhen(t *testing.T, p *project, url, marker string, args ...string) (int, string) {
	t.Helper()
	c, sc := startStreaming(t, p, []string{"MIGRATE_URL=" + url}, args...)
	var all strings.Builder
	sent := false
	for sc.Scan() {
		all.WriteString(sc.Text() + "\n")
		if !sent && strings.Contains(sc.Text(), marker) {
			_ = c.Process.Signal(os.Interrupt)
			sent = true
		}
	}
	err := c.Wait()
	if !sent {
		t.Fatalf("%q never appeared:\n%s", marker, all.String())
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	return code, all.String()
}
