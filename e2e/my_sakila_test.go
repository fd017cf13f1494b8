package e2e_test

import (
	"net/url"
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

// mySakilaSkip matches the lines of the Sakila schema that create and switch
// to database sakila (testdata/datasets/sakila/SOURCE).
var mySakilaSkip = regexp.MustCompile(`(?m)^(DROP SCHEMA IF EXISTS sakila|CREATE SCHEMA sakila|USE sakila);$`)

// loadSakila loads the vendored Sakila schema into db with the mariadb
// client, as SOURCE describes: without its database switch and with view
// actor_info's `sakila.` qualifiers dropped.
func loadSakila(t *testing.T, db *testdb.DB) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(scratch.RepoRoot(), "testdata", "datasets", "sakila", "mysql-sakila-schema.sql"))
	if err != nil {
		t.Fatal(err)
	}
	ddl := mySakilaSkip.ReplaceAllString(string(b), "")
	ddl = strings.ReplaceAll(ddl, "sakila.", "")
	testdb.RunScript(t, db, ddl)
}

var (
	myDumpVersioned = regexp.MustCompile(`/\*!\d{5}\s?`)
	myDumpDefiner   = regexp.MustCompile("DEFINER=`[^`]*`@`[^`]*`\\s*")
	myDumpSpace     = regexp.MustCompile(`[ \t]+`)
)

// myDumpFingerprint is `mysqldump --no-data --routines --triggers --events`
// of db cut into statements (following its DELIMITER lines), with comments,
// the version-comment markers, session settings (SET …), DEFINER clauses,
// AUTO_INCREMENT counters and the database's own name dropped, the
// bookkeeping tables left out, and sorted.
func myDumpFingerprint(t *testing.T, db *testdb.DB) []string {
	t.Helper()
	u, err := url.Parse(db.URL)
	if err != nil {
		t.Fatal(err)
	}
	port := u.Port()
	if port == "" {
		port = "3306"
	}
	args := []string{"--no-defaults", "--no-data", "--routines", "--triggers", "--events", "--skip-dump-date", "-h", u.Hostname(), "-P", port, "-u", u.User.Username()}
	if pw, ok := u.User.Password(); ok && pw != "" {
		args = append(args, "-p"+pw)
	}
	out, err := exec.Command(testdb.Client(t, "mysqldump"), append(args, db.Name)...).Output()
	if err != nil {
		t.Fatalf("mysqldump: %v\n%s", err, out)
	}
	var stmts []string
	delim := ";"
	var cur strings.Builder
	flush := func() {
		s := cur.String()
		cur.Reset()
		s = myDumpVersioned.ReplaceAllString(s, "")
		s = strings.ReplaceAll(s, "*/", "")
		s = myDumpDefiner.ReplaceAllString(s, "")
		s = myAutoIncrement.ReplaceAllString(s, "")
		s = strings.ReplaceAll(s, "`"+db.Name+"`", "`DB`")
		s = strings.TrimSpace(myDumpSpace.ReplaceAllString(s, " "))
		up := strings.ToUpper(s)
		if s == "" || strings.HasPrefix(up, "SET ") || strings.HasPrefix(up, "LOCK ") || strings.HasPrefix(up, "UNLOCK ") {
			return
		}
		for _, name := range bookkeepingTables {
			if strings.Contains(s, "`"+name+"`") {
				return
			}
		}
		stmts = append(stmts, myDumpStatement(s))
	}
	for _, line := range strings.Split(string(out), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "--") || strings.HasPrefix(trimmed, "/*M!999999"):
			continue
		case strings.HasPrefix(trimmed, "DELIMITER "):
			flush()
			delim = strings.TrimSpace(strings.TrimPrefix(trimmed, "DELIMITER "))
			continue
		}
		if strings.HasSuffix(trimmed, delim) {
			cur.WriteString(strings.TrimSuffix(trimmed, delim))
			flush()
			continue
		}
		cur.WriteString(line + "\n")
	}
	flush()
	stmts = append(stmts, myRoutineParameterLines(t, db)...)
	sort.Strings(stmts)
	return stmts
}

var (
	myDumpRoutineHead = regexp.MustCompile("(?s)^(CREATE (?:FUNCTION|PROCEDURE) `(?:[^`]|``)*`)\\((.*?)\\)( RETURNS |\\n)")
	myDumpKeyLine     = regexp.MustCompile(`^\s*(PRIMARY KEY|UNIQUE KEY|KEY|FULLTEXT KEY|SPATIAL KEY|CONSTRAINT) `)
)

// myDumpStatement puts one statement of a dump in a comparable form: a
// routine's parameter list, which the server keeps as it was written
// ("p_id INT" or "`p_id` int(11)"), is cut out (myRoutineParameterLines
// compares the parameters as the catalog stores them); the key and
// constraint lines of a CREATE TABLE are sorted, since the server lists them
// in the order they were made, which says nothing about the schema.
func myDumpStatement(s string) string {
	if m := myDumpRoutineHead.FindStringSubmatchIndex(s); m != nil {
		return s[:m[3]] + "(…)" + s[m[6]:]
	}
	if !strings.HasPrefix(s, "CREATE TABLE ") {
		return s
	}
	lines := strings.Split(s, "\n")
	var keys []string
	var out []string
	for _, l := range lines {
		l = strings.TrimSuffix(strings.TrimSpace(l), ",")
		if myDumpKeyLine.MatchString(l) {
			keys = append(keys, l)
			continue
		}
		out = append(out, l)
	}
	sort.Strings(keys)
	return strings.Join(append(out, keys...), "\n")
}

// myRoutineParameterLines describes db's routine parameters as
// information_schema.PARAMETERS stores them, one line each.
func myRoutineParameterLines(t *testing.T, db *testdb.DB) []string {
	t.Helper()
	var out []string
	for _, r := range myQueryStrings(t, db, `SELECT SPECIFIC_NAME, ROUTINE_TYPE, ORDINAL_POSITION, COALESCE(PARAMETER_MODE, ''), COALESCE(PARAMETER_NAME, ''), DTD_IDENTIFIER
FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = DATABASE()`) {
		out = append(out, "parameter: "+r)
	}
	return out
}

// mySakilaCounts is each Sakila table's row count, by plain SQL.
func mySakilaCounts(t *testing.T, db *testdb.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, table := range myQueryStrings(t, db, `SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY 1`) {
		if isBookkeeping(table) {
			continue
		}
		out[table] = myQueryStrings(t, db, "SELECT COUNT(*) FROM `"+table+"`")[0]
	}
	return out
}

// mySakilaRows are a few rows in most Sakila tables: one film (whose insert
// trigger fills film_text), its actor and category, a store with its staff
// member, a customer, a rental and a payment.
const mySakilaRows = `SET FOREIGN_KEY_CHECKS = 0;
INSERT INTO country VALUES (1, 'Utopia', NOW());
INSERT INTO city VALUES (1, 'Springfield', 1, NOW());
INSERT INTO address VALUES (1, '1 Main St', NULL, 'North', 1, '12345', '555-0100', NOW());
INSERT INTO language VALUES (1, 'English', NOW());
INSERT INTO category VALUES (1, 'Horror', NOW());
INSERT INTO actor VALUES (1, 'SIGOURNEY', 'WEAVER', NOW());
INSERT INTO film (film_id, title, description, release_year, language_id, rating, special_features) VALUES (1, 'ALIEN', 'In space', 1979, 1, 'R', 'Trailers,Commentaries');
INSERT INTO film_actor VALUES (1, 1, NOW());
INSERT INTO film_category VALUES (1, 1, NOW());
INSERT INTO staff (staff_id, first_name, last_name, address_id, store_id, username) VALUES (1, 'Mike', 'Hillyer', 1, 1, 'mike');
INSERT INTO store VALUES (1, 1, 1, NOW());
INSERT INTO inventory VALUES (1, 1, 1, NOW());
INSERT INTO customer (customer_id, store_id, first_name, last_name, address_id, create_date) VALUES (1, 1, 'Mary', 'Smith', 1, NOW());
INSERT INTO rental (rental_id, rental_date, inventory_id, customer_id, staff_id) VALUES (1, '2005-05-24 22:53:30', 1, 1, 1);
INSERT INTO payment (payment_id, customer_id, staff_id, rental_id, amount, payment_date) VALUES (1, 1, 1, 1, 2.99, '2005-05-25 11:30:37');
SET FOREIGN_KEY_CHECKS = 1;
`

// mySakilaViews are Sakila's views.
var mySakilaViews = []string{"actor_info", "customer_list", "film_list", "nicer_but_slower_film_list", "sales_by_film_category", "sales_by_store", "staff_list"}

// TestMySQLSakilaBaseline adopts the Sakila schema (16 tables with ENUM, SET,
// YEAR and FULLTEXT, 7 views (one SQL SECURITY INVOKER), 3 triggers with
// BEGIN … END bodies, 3 functions and 3 procedures reading SQL data):
// inspect --format go compiles and declares every kind; a baseline revision is
// written and stamped, and check finds nothing; upgrade head on an empty
// database, and the upgrade head --sql script run by the mariadb client on
// another, give the original's mysqldump (after sorting statements, DEFINER
// clauses and counters dropped); check against the rebuilt database finds
// nothing; downgrade base leaves only bookkeeping. Then, with rows in the
// tables, an autogenerated revision widening film.title (which views and
// triggers read) keeps every row, and every view and trigger still works.
func TestMySQLSakilaBaseline(t *testing.T) {
	orig := testdb.MySQL(t)
	loadSakila(t, orig)
	want := myDumpFingerprint(t, orig)
	if len(want) < 30 {
		t.Fatalf("the Sakila dump has %d statements:\n%s", len(want), strings.Join(want, "\n"))
	}

	p := &project{t: t, Dir: scratch.Module(t, map[string]string{"models/doc.go": "// Package models is generated below.\npackage models\n"}), Env: []string{"MIGRATE_URL=" + orig.URL}}
	p.ok("init")
	src := p.ok("inspect", "--format", "go").Stdout
	for _, call := range []string{"Metadata.View(", "Metadata.Trigger(", "Metadata.Function(", "Metadata.Procedure(", "SQL SECURITY INVOKER VIEW `actor_info`"} {
		if !strings.Contains(src, call) {
			t.Errorf("inspect --format go declares no %s…", call)
		}
	}
	p.write("models/models.go", src)
	vet := exec.Command("go", "vet", "./...")
	vet.Dir = p.Dir
	if out, err := vet.CombinedOutput(); err != nil {
		t.Fatalf("the generated Go does not compile: %v\n%s", err, out)
	}
	p.ok("revision", "--baseline", "-m", "baseline")
	n := pgCountOps(pgRevision(p, "baseline").Upgrade)
	if n["create_table"] != 16 || n["create_object"] != 16 {
		t.Errorf("baseline upgrade ops %v; want 16 create_table and 16 create_object (7 views, 3 triggers, 3 functions, 3 procedures)", n)
	}
	if got := strings.TrimSpace(p.ok("current").Stdout); !strings.HasSuffix(got, "(head)") {
		t.Fatalf("current after the baseline = %q, want the baseline, stamped", got)
	}
	if r := p.ok("check"); !strings.Contains(r.Stdout+r.Stderr, "No new upgrade operations detected") {
		t.Errorf("check against the original finds something:\n%s%s", r.Stdout, r.Stderr)
	}

	fresh := testdb.MySQL(t)
	pf := &project{t: t, Dir: p.Dir, Env: []string{"MIGRATE_URL=" + fresh.URL}}
	pf.ok("upgrade", "head")
	if diff := cmp.Diff(want, myDumpFingerprint(t, fresh)); diff != "" {
		t.Errorf("mysqldump of the database built by upgrade head differs from the original (-original +built):\n%s", diff)
	}
	if r := pf.ok("check"); !strings.Contains(r.Stdout+r.Stderr, "No new upgrade operations detected") {
		t.Errorf("check against the built database finds something:\n%s%s", r.Stdout, r.Stderr)
	}

	offline := testdb.MySQL(t)
	script := pf.ok("upgrade", "head", "--sql").Stdout
	if out, ok := myPlainClient(t, offline, script); !ok {
		t.Fatalf("mariadb ran the upgrade head --sql script with an error:\n%s", out)
	}
	if diff := cmp.Diff(want, myDumpFingerprint(t, offline)); diff != "" {
		t.Errorf("mysqldump of the database built by upgrade head --sql differs from the original (-original +built):\n%s", diff)
	}

	pf.ok("downgrade", "base")
	if got := myDumpFingerprint(t, fresh); len(got) != 0 {
		t.Errorf("after downgrade base mysqldump still shows:\n%s", strings.Join(got, "\n"))
	}

	// With rows: widen film.title, which views read and triggers copy.
	pf.ok("upgrade", "head")
	testdb.RunScript(t, fresh, mySakilaRows)
	before := mySakilaCounts(t, fresh)
	if before["film_text"] != "1" || before["payment"] != "1" {
		t.Fatalf("rows loaded: %v; want the film copied to film_text by its trigger", before)
	}
	widened := strings.Replace(src, `schema.Col("title", schema.Varchar(255)).NotNull()`, `schema.Col("title", schema.Varchar(300)).NotNull()`, 1)
	if widened == src {
		t.Fatalf("the models declare film.title otherwise:\n%s", src)
	}
	pf.write("models/models.go", widened)
	r := pf.ok("revision", "--autogenerate", "-m", "widen title")
	if ops := pgCountOps(pgRevision(pf, "widen_title").Upgrade); ops["alter_column"] != 1 || len(ops) != 1 {
		t.Fatalf("autogenerate wrote %v, want one alter_column:\n%s", ops, r.Stderr)
	}
	pf.ok("upgrade", "head")
	if got := myQueryStrings(t, fresh, `SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'film' AND COLUMN_NAME = 'title'`); got[0] != "300" {
		t.Fatalf("film.title length after the upgrade: %v, want 300", got)
	}
	if after := mySakilaCounts(t, fresh); !cmp.Equal(before, after) {
		t.Errorf("row counts changed (-before +after):\n%s", cmp.Diff(before, after))
	}
	for _, v := range mySakilaViews {
		myQueryStrings(t, fresh, "SELECT * FROM `"+v+"`")
	}
	if got := myQueryStrings(t, fresh, "SELECT title FROM film_list"); len(got) != 1 || got[0] != "ALIEN" {
		t.Errorf("film_list returns %v, want ALIEN", got)
	}
	if _, err := fresh.SQL.Exec(`UPDATE film SET title = 'ALIENS' WHERE film_id = 1`); err != nil {
		t.Fatal(err)
	}
	if got := myQueryStrings(t, fresh, "SELECT title FROM film_text"); len(got) != 1 || got[0] != "ALIENS" {
		t.Errorf("after UPDATE film, trigger upd_film left film_text %v, want ALIENS", got)
	}
	if r := pf.ok("check"); !strings.Contains(r.Stdout+r.Stderr, "No new upgrade operations detected") {
		t.Errorf("check after the widening finds something:\n%s%s", r.Stdout, r.Stderr)
	}
}
