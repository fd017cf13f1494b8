package e2e_test

import (
	"bufio"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
)

// The fidelity corpus (testdata/fidelity/<dialect>/*.sql) holds one small DDL
// file per catalog feature migrate claims for a dialect. Each file goes through
// the path a team takes when it adopts migrate on an existing database:
//
//  1. load the file into an empty database (the source) with the server's own
//     client;
//  2. `inspect --format go` writes the models, and `check` against the source
//     finds nothing (the models compile: check builds them);
//  3. `revision --autogenerate` against a second, empty database (the target)
//     writes a revision that builds the whole schema, and `upgrade head` runs it;
//  4. the two databases' fingerprints, taken with the server's own tools and
//     not with migrate's inspector, are equal;
//  5. `check` against the target finds nothing;
//  6. `downgrade base` leaves only migrate's bookkeeping tables in the target.
//
// A file whose first lines hold `-- expect-error: TEXT` describes a feature
// migrate does not model: one of the steps must stop with exit status 1 and an
// ERROR line containing TEXT. Passing every step is then a failure, because the
// feature would have been lost without a word.

// fidelityDialect is what the corpus runner needs of one dialect.
type fidelityDialect struct {
	dir         string
	newDB       func(t *testing.T) *testdb.DB
	fingerprint func(t *testing.T, db *testdb.DB) []string
}

func TestFidelityPostgres(t *testing.T) {
	runFidelity(t, fidelityDialect{dir: "postgresql", newDB: func(t *testing.T) *testdb.DB { return testdb.Postgres(t) }, fingerprint: pgFingerprint})
}

func TestFidelityMySQL(t *testing.T) {
	runFidelity(t, fidelityDialect{dir: "mysql", newDB: func(t *testing.T) *testdb.DB { return testdb.MySQL(t) }, fingerprint: myFingerprint})
}

func TestFidelitySQLite(t *testing.T) {
	runFidelity(t, fidelityDialect{dir: "sqlite", newDB: func(t *testing.T) *testdb.DB { return testdb.SQLite(t) }, fingerprint: liteFingerprint})
}

func runFidelity(t *testing.T, fd fidelityDialect) {
	files, err := filepath.Glob(filepath.Join(scratch.RepoRoot(), "testdata", "fidelity", fd.dir, "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in testdata/fidelity/%s (%v)", fd.dir, err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".sql"), func(t *testing.T) {
			fidelityCase(t, fd, file)
		})
	}
}

// fidelityExpectError returns the TEXT of a `-- expect-error: TEXT` line among
// the file's leading comment lines, or "".
func fidelityExpectError(t *testing.T, ddl string) string {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(ddl))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, "--") {
			break
		}
		if v, ok := strings.CutPrefix(line, "-- expect-error:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func fidelityCase(t *testing.T, fd fidelityDialect, file string) {
	ddl, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	wantErr := fidelityExpectError(t, string(ddl))
	src := fd.newDB(t)
	testdb.RunScript(t, src, string(ddl))

	dir := scratch.Module(t, map[string]string{"models/doc.go": "// Package models is generated below.\npackage models\n"})
	p := &project{t: t, Dir: dir, Env: []string{"MIGRATE_URL=" + src.URL}}
	p.ok("init")

	// step runs one command of the path. With an expected error, the first
	// failing step must be it; it reports whether the path goes on.
	step := func(env string, args ...string) (result, bool) {
		t.Helper()
		q := &project{t: t, Dir: dir, Env: []string{"MIGRATE_URL=" + env}}
		r := q.run(args...)
		if r.Code == 0 {
			return r, true
		}
		if wantErr == "" {
			t.Fatalf("migrate %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.Code, r.Stdout, r.Stderr)
		}
		// check exits 3 when it cannot be made (1 means changes found).
		if r.Code != 1 && (r.Code != 3 || args[0] != "check") {
			t.Fatalf("migrate %s: exit %d, want 1 (3 for check) with an ERROR naming %q\nstderr:\n%s", strings.Join(args, " "), r.Code, wantErr, r.Stderr)
		}
		checkErrorLine(t, r.Stderr, wantErr)
		return r, false
	}

	r, goOn := step(src.URL, "inspect", "--format", "go")
	if !goOn {
		return
	}
	p.write("models/models.go", r.Stdout)
	if _, goOn = step(src.URL, "check"); !goOn {
		return
	}

	dst := fd.newDB(t)
	if _, goOn = step(dst.URL, "revision", "--autogenerate", "-m", "build"); !goOn {
		return
	}
	if _, goOn = step(dst.URL, "upgrade", "head"); !goOn {
		return
	}
	if _, goOn = step(dst.URL, "check"); !goOn {
		return
	}
	got, want := fd.fingerprint(t, dst), fd.fingerprint(t, src)
	if wantErr != "" {
		if cmp.Equal(got, want) {
			t.Fatalf("the corpus file expects migrate to stop with %q, but every step passed and the rebuilt database equals the source: the feature is modelled now; drop the expect-error line", wantErr)
		}
		t.Fatalf("the corpus file expects migrate to stop with %q, but every step passed and the rebuilt database differs from the source (a silent loss):\n%s", wantErr, cmp.Diff(want, got))
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("the database built from the inspected models differs from the source (-source +rebuilt), as the server describes them:\n%s", d)
	}
	step(dst.URL, "downgrade", "base")
	if left := fd.fingerprint(t, dst); len(left) != 0 {
		t.Fatalf("downgrade base left objects besides migrate's bookkeeping:\n%s", strings.Join(left, "\n"))
	}
}

// fidelityBookkeeping reports whether a fingerprint line is about one of
// migrate's own tables.
func fidelityBookkeeping(line string) bool {
	for _, name := range bookkeepingTables {
		if strings.Contains(line, name) {
			return true
		}
	}
	return false
}

var pgDumpNoise = regexp.MustCompile(`(?m)^(--.*|SET .*|SELECT pg_catalog\.set_config.*|\\(un)?restrict .*)$`)

// pgFingerprint is `pg_dump --schema-only` of db, split into statements, with
// session settings and comments dropped, the bookkeeping tables left out, and
// sorted (the order of objects aside).
func pgFingerprint(t *testing.T, db *testdb.DB) []string {
	t.Helper()
	dump := testdb.Client(t, "pg_dump")
	out, err := exec.Command(dump, "--schema-only", "--no-owner", "--no-privileges", "-d", db.URL).CombinedOutput()
	if err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	text := pgDumpNoise.ReplaceAllString(string(out), "")
	var stmts []string
	for _, s := range strings.Split(text, ";\n") {
		s = strings.TrimSpace(s)
		if s == "" || fidelityBookkeeping(s) {
			continue
		}
		stmts = append(stmts, s)
	}
	sort.Strings(stmts)
	return stmts
}

var myAutoIncrement = regexp.MustCompile(` AUTO_INCREMENT=[0-9]+`)

// myFingerprint is SHOW CREATE TABLE (and SHOW CREATE VIEW) of every object of
// db but the bookkeeping tables, with the AUTO_INCREMENT counter dropped, and
// the catalog's rows of its triggers and routines (myObjectLines), sorted.
func myFingerprint(t *testing.T, db *testdb.DB) []string {
	t.Helper()
	rows, err := db.SQL.Query(`SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = DATABASE()`)
	if err != nil {
		t.Fatal(err)
	}
	type obj struct{ name, kind string }
	var objs []obj
	for rows.Next() {
		var o obj
		if err := rows.Scan(&o.name, &o.kind); err != nil {
			t.Fatal(err)
		}
		if !isBookkeeping(o.name) {
			objs = append(objs, o)
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, o := range objs {
		what := "TABLE"
		if o.kind == "VIEW" {
			what = "VIEW"
		}
		r, err := db.SQL.Query("SHOW CREATE " + what + " `" + o.name + "`")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for r.Next() {
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, myShowCreateLines(o.name, myAutoIncrement.ReplaceAllString(vals[1].String, ""))...)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
	}
	out = append(out, myObjectLines(t, db)...)
	sort.Strings(out)
	return out
}

// myShowCreateLines splits one SHOW CREATE output into lines named after the
// object: column lines keep their position (column order matters), key and
// constraint lines do not (the server lists keys in the order they were made,
// which says nothing about the schema).
func myShowCreateLines(name, ddl string) []string {
	var out []string
	col := 0
	for _, line := range strings.Split(ddl, "\n") {
		line = strings.TrimSuffix(strings.TrimSpace(line), ",")
		switch {
		case strings.HasPrefix(line, "`"):
			col++
			out = append(out, fmt.Sprintf("%s column %d: %s", name, col, line))
		default:
			out = append(out, name+": "+line)
		}
	}
	return out
}

// liteFingerprint describes db as SQLite itself does: per table its pragma
// table_xinfo, index_list/index_xinfo and foreign_key_list rows, whether it is
// declared AUTOINCREMENT (and its sqlite_sequence row), WITHOUT ROWID or STRICT,
// its CHECK clauses; every view's and trigger's SQL text with white space
// folded. The text of CREATE TABLE is not compared as a whole, since migrate
// writes it in its own layout.
func liteFingerprint(t *testing.T, db *testdb.DB) []string {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db.Name+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	q := func(query string, args ...any) [][]string {
		t.Helper()
		rows, err := conn.Query(query, args...)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var out [][]string
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			row := make([]string, len(cols))
			for i, v := range vals {
				row[i] = cols[i] + "=" + v.String
				if !v.Valid {
					row[i] = cols[i] + "=NULL"
				}
			}
			out = append(out, row)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	fold := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	var out []string
	for _, m := range q(`SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name`) {
		kind, name, tbl, text := val(m[0]), val(m[1]), val(m[2]), val(m[3])
		if isBookkeeping(tbl) {
			continue
		}
		switch kind {
		case "view", "trigger":
			out = append(out, kind+" "+name+": "+fold(text))
		case "index":
			// Described through the table's index_list below.
		case "table":
			upper := strings.ToUpper(fold(text))
			out = append(out, "table "+name+" autoincrement="+boolWord(strings.Contains(upper, "AUTOINCREMENT")))
			for _, c := range liteChecks(text) {
				out = append(out, "table "+name+" check: "+fold(c))
			}
			for _, r := range q(`SELECT * FROM pragma_table_list WHERE name = ?`, name) {
				out = append(out, "table "+name+" list: "+strings.Join(r, " "))
			}
			for _, r := range q(`SELECT * FROM pragma_table_xinfo(?)`, name) {
				out = append(out, "table "+name+" column: "+strings.Join(r, " "))
			}
			for _, r := range q(`SELECT * FROM pragma_foreign_key_list(?)`, name) {
				out = append(out, "table "+name+" fk: "+strings.Join(r[1:], " "))
			}
			for _, r := range q(`SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, name) {
				idx := val(r[0])
				cols := q(`SELECT seqno, cid, name, "desc", coll, key FROM pragma_index_xinfo(?)`, idx)
				var cs []string
				for _, c := range cols {
					cs = append(cs, strings.Join(c, ","))
				}
				out = append(out, "table "+name+" index: "+strings.Join(r, " ")+" ["+strings.Join(cs, "; ")+"]")
			}
		}
	}
	if len(q(`SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'`)) > 0 {
		for _, r := range q(`SELECT name, seq FROM sqlite_sequence`) {
			if !isBookkeeping(val(r[0])) {
				out = append(out, "sqlite_sequence: "+strings.Join(r, " "))
			}
		}
	}
	sort.Strings(out)
	return out
}

// val returns the value of a "column=value" cell.
func val(cell string) string {
	_, v, _ := strings.Cut(cell, "=")
	return v
}

func boolWord(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// liteChecks returns the text inside each CHECK ( … ) of a CREATE TABLE
// statement, by balanced parentheses outside string literals.
func liteChecks(ddl string) []string {
	var out []string
	upper := strings.ToUpper(ddl)
	for i := 0; ; {
		k := strings.Index(upper[i:], "CHECK")
		if k < 0 {
			return out
		}
		j := i + k + len("CHECK")
		for j < len(ddl) && (ddl[j] == ' ' || ddl[j] == '\t' || ddl[j] == '\n' || ddl[j] == '\r') {
			j++
		}
		if j >= len(ddl) || ddl[j] != '(' {
			i = j
			continue
		}
		depth, start := 0, j
		var quote byte
		for ; j < len(ddl); j++ {
			c := ddl[j]
			if quote != 0 {
				if c == quote {
					quote = 0
				}
				continue
			}
			switch c {
			case '\'', '"', '`':
				quote = c
			case '(':
				depth++
			case ')':
				depth--
			}
			if depth == 0 {
				break
			}
		}
		if j >= len(ddl) {
			return out
		}
		out = append(out, ddl[start+1:j])
		i = j + 1
	}
}
