package e2e_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	sq "github.com/retortdb/migrate/dialect/sqlite"
	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
)

// Real application schemas for SQLite, vendored in testdata/datasets (see
// each SOURCE): Sakila brings 30 triggers and 5 views, Northwind 16 views
// (several reading other views) with bracket-quoted names holding spaces and
// AUTOINCREMENT keys.

// liteDataset returns the text of a vendored dataset file.
func liteDataset(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(scratch.RepoRoot(), "testdata", "datasets", rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLiteSakilaBaseline is onboarding with a baseline on Sakila for SQLite
// (views, AFTER INSERT and AFTER UPDATE triggers, a cycle of foreign keys
// between store and staff, named CHECKs), as TestPgPagilaBaseline is on
// PostgreSQL.
func TestLiteSakilaBaseline(t *testing.T) {
	liteRealBaseline(t, []string{"sakila/sqlite-sakila-schema.sql"}, 5, 30)
}

// TestLiteNorthwindBaseline: the same on Northwind for SQLite (views reading
// views, names with spaces written in [brackets], AUTOINCREMENT), with its
// rows loaded.
func TestLiteNorthwindBaseline(t *testing.T) {
	liteRealBaseline(t, []string{"northwind/northwind-schema.sql", "northwind/northwind-data.sql"}, 16, 0)
}

// liteRealBaseline loads files with the sqlite3 client into a fresh file;
// `inspect --format go` compiles and declares the views and triggers;
// `revision --baseline` writes the first revision (views and triggers
// creates) and stamps it; `check` finds nothing; `upgrade head` on an empty
// file gives the original's liteCLIFingerprint, and `check` against it finds
// nothing; the `upgrade head --sql` script run by sqlite3 -bail on another
// empty file gives it too; `downgrade base` leaves only the bookkeeping.
func liteRealBaseline(t *testing.T, files []string, views, triggers int) {
	orig := testdb.SQLite(t)
	for _, f := range files {
		liteSQLite3(t, orig.Name, liteDataset(t, f))
	}
	want := liteCLIFingerprint(t, orig.Name)

	p := &project{t: t, Dir: scratch.Module(t, map[string]string{"models/models.go": "package models\n"}), Env: []string{"MIGRATE_URL=" + orig.URL}}
	p.ok("init")
	src := p.ok("inspect", "--format", "go").Stdout
	if n := strings.Count(src, "Metadata.View("); n != views {
		t.Errorf("inspect --format go declares %d views, want %d", n, views)
	}
	if n := strings.Count(src, "Metadata.Trigger("); n != triggers {
		t.Errorf("inspect --format go declares %d triggers, want %d", n, triggers)
	}
	p.write("models/models.go", src)
	vet := exec.Command("go", "vet", "./...")
	vet.Dir = p.Dir
	if out, err := vet.CombinedOutput(); err != nil {
		t.Fatalf("the generated Go does not compile: %v\n%s", err, out)
	}
	p.ok("revision", "--baseline", "-m", "baseline")
	n := pgCountOps(pgRevision(p, "baseline").Upgrade)
	if n["create_object"] != views+triggers {
		t.Errorf("baseline upgrade ops %v; want %d create_object", n, views+triggers)
	}
	if got := strings.TrimSpace(p.ok("current").Stdout); !strings.HasSuffix(got, "(head)") {
		t.Fatalf("current after the baseline = %q, want the baseline, stamped", got)
	}
	if r := p.ok("check"); !strings.Contains(r.Stdout+r.Stderr, "No new upgrade operations detected") {
		t.Errorf("check against the original finds something:\n%s%s", r.Stdout, r.Stderr)
	}

	fresh := testdb.SQLite(t)
	pf := &project{t: t, Dir: p.Dir, Env: []string{"MIGRATE_URL=" + fresh.URL}}
	pf.ok("upgrade", "head")
	if diff := cmp.Diff(want, liteCLIFingerprint(t, fresh.Name)); diff != "" {
		t.Errorf("the schema built by upgrade head differs from the original (-original +built):\n%s", diff)
	}
	if r := pf.ok("check"); !strings.Contains(r.Stdout+r.Stderr, "No new upgrade operations detected") {
		t.Errorf("check against the built file finds something:\n%s%s", r.Stdout, r.Stderr)
	}

	offline := testdb.SQLite(t)
	if out, ok := liteRunScript(t, offline, pf.ok("upgrade", "head", "--sql").Stdout); !ok {
		t.Fatalf("sqlite3 -bail stopped the upgrade head --sql script:\n%s", out)
	}
	if diff := cmp.Diff(want, liteCLIFingerprint(t, offline.Name)); diff != "" {
		t.Errorf("the schema built by upgrade head --sql differs from the original (-original +built):\n%s", diff)
	}

	pf.ok("downgrade", "base")
	// sqlite_sequence, which SQLite makes for AUTOINCREMENT, cannot be dropped.
	if got := slices.DeleteFunc(liteCLIFingerprint(t, fresh.Name), func(l string) bool { return strings.HasPrefix(l, "CREATE TABLE sqlite_sequence ") }); len(got) != 0 {
		t.Errorf("after downgrade base the file still holds:\n%s", strings.Join(got, "\n"))
	}
	left := liteStrings(t, fresh.SQL, `SELECT type || ' ' || name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name`)
	for _, l := range left {
		if !isBookkeeping(strings.TrimPrefix(l, "table ")) {
			t.Errorf("after downgrade base sqlite_schema still has %s", l)
		}
	}
}

// liteSakilaRows is a few rows in every Sakila table, consistent with its
// foreign keys. The AFTER INSERT triggers stamp last_update.
const liteSakilaRows = `PRAGMA foreign_keys=on;
INSERT INTO country VALUES (1, 'Norway', NULL), (2, 'Chile', NULL);
INSERT INTO city VALUES (1, 'Oslo', 1, '2006-02-15'), (2, 'Santiago', 2, '2006-02-15');
INSERT INTO address VALUES (1, '1 Main St', NULL, 'Oslo', 1, '0150', '555-0101', '2006-02-15'),
  (2, '2 Calle', 'Apt 3', 'RM', 2, NULL, '555-0202', '2006-02-15'), (3, '3 Gate', NULL, 'Oslo', 1, '0151', '555-0303', '2006-02-15');
INSERT INTO language VALUES (1, 'English', '2006-02-15'), (2, 'Spanish', '2006-02-15');
INSERT INTO category VALUES (1, 'Drama', '2006-02-15'), (2, 'Comedy', '2006-02-15');
INSERT INTO actor VALUES (1, 'PENELOPE', 'GUINESS', '2006-02-15'), (2, 'NICK', 'WAHLBERG', '2006-02-15');
PRAGMA foreign_keys=off;
INSERT INTO staff VALUES (1, 'Mike', 'Hillyer', 1, NULL, 'mike@example.com', 1, 1, 'Mike', NULL, '2006-02-15'),
  (2, 'Jon', 'Stephens', 2, X'00FF', NULL, 2, 1, 'Jon', 'x', '2006-02-15');
INSERT INTO store VALUES (1, 1, 1, '2006-02-15'), (2, 2, 2, '2006-02-15');
PRAGMA foreign_keys=on;
INSERT INTO customer VALUES (1, 1, 'MARY', 'SMITH', 'mary@example.com', 3, 'Y', '2006-02-14', '2006-02-15'),
  (2, 2, 'PATRICIA', 'JOHNSON', NULL, 2, 'N', '2006-02-14', '2006-02-15');
INSERT INTO film VALUES (1, 'ACADEMY DINOSAUR', 'A drama', '2006', 1, NULL, 6, 0.99, 86, 20.99, 'PG', 'Trailers', '2006-02-15'),
  (2, 'ACE GOLDFINGER', NULL, '2006', 1, 2, 3, 4.99, 48, 12.99, 'G', NULL, '2006-02-15');
INSERT INTO film_text VALUES (1, 'ACADEMY DINOSAUR', 'A drama'), (2, 'ACE GOLDFINGER', NULL);
INSERT INTO film_actor VALUES (1, 1, '2006-02-15'), (2, 1, '2006-02-15'), (1, 2, '2006-02-15');
INSERT INTO film_category VALUES (1, 1, '2006-02-15'), (2, 2, '2006-02-15');
INSERT INTO inventory VALUES (1, 1, 1, '2006-02-15'), (2, 2, 2, '2006-02-15'), (3, 1, 2, '2006-02-15');
INSERT INTO rental VALUES (1, '2005-05-24 22:53:30', 1, 1, '2005-05-26 22:04:30', 1, '2006-02-15'),
  (2, '2005-05-24 22:54:33', 2, 2, NULL, 2, '2006-02-15'), (3, '2005-05-25 00:00:00', 3, 1, NULL, 1, '2006-02-15');
INSERT INTO payment VALUES (1, 1, 1, 1, 2.99, '2005-05-25 11:30:37', '2006-02-15'), (2, 2, 2, 2, 0.99, '2005-05-28 10:35:23', '2006-02-15'),
  (3, 1, 1, 3, 5.99, '2005-06-15 00:54:12', '2006-02-15'), (4, 1, 2, NULL, 1.5, '2005-06-16 00:00:00', '2006-02-15');
`

// TestLiteSakilaRebuildKeepsViewsAndTriggers: on Sakila with rows, an
// autogenerated revision that widens address.phone and makes
// country.last_update NOT NULL (both rebuild the table in SQLite: address is
// read by three views, referenced by three tables and has two triggers) keeps
// every row of every table (count and checksum, through the sqlite3 client),
// keeps every trigger and view as it was (liteCLIFingerprint, but for the two
// columns), and each view still answers and each trigger still fires on the
// rebuilt tables; `check` then finds nothing and `downgrade -1` restores the
// schema and the rows.
func TestLiteSakilaRebuildKeepsViewsAndTriggers(t *testing.T) {
	db := testdb.SQLite(t)
	liteSQLite3(t, db.Name, liteDataset(t, "sakila/sqlite-sakila-schema.sql"))
	liteSQLite3(t, db.Name, liteSakilaRows)
	p := &project{t: t, Dir: scratch.Module(t, map[string]string{"models/models.go": "package models\n"}), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	src := p.ok("inspect", "--format", "go").Stdout
	p.write("models/models.go", src)
	p.ok("revision", "--baseline", "-m", "baseline")
	before := liteCLIFingerprint(t, db.Name)
	rows := liteCLIChecksums(t, db.Name)
	viewRows := liteViewCounts(t, db.Name)

	changed := liteReplaceOnce(t, src, `schema.Col("phone", schema.Varchar(20)).NotNull()`, `schema.Col("phone", schema.Varchar(32)).NotNull()`)
	changed = liteReplaceOnce(t, changed, `schema.Col("last_update", schema.Timestamp()),`, `schema.Col("last_update", schema.Timestamp()).NotNull(),`)
	p.write("models/models.go", changed)
	r := p.ok("revision", "--autogenerate", "-m", "widen")
	if n := pgCountOps(pgRevision(p, "widen").Upgrade); n["alter_column"] != 2 || len(n) != 1 {
		t.Fatalf("upgrade ops %v, want two alter_column (no object dropped or created)\n%s", n, r.Stderr)
	}
	p.ok("upgrade", "head")

	if got := liteCLIChecksums(t, db.Name); !slices.Equal(got, rows) {
		t.Errorf("rows changed by the rebuild:\nbefore %v\nafter  %v", rows, got)
	}
	after := liteCLIFingerprint(t, db.Name)
	if d := cmp.Diff(liteWithoutTables(before, "address", "country"), liteWithoutTables(after, "address", "country")); d != "" {
		t.Errorf("the rebuild changed more than address and country (-before +after):\n%s", d)
	}
	for _, want := range []string{"column address.phone VARCHAR(32) notnull=1", "column country.last_update TIMESTAMP notnull=1"} {
		if !slices.ContainsFunc(after, func(l string) bool { return strings.HasPrefix(l, want+" ") }) {
			t.Errorf("after the upgrade the file lacks %q", want)
		}
	}
	if got := liteViewCounts(t, db.Name); !slices.Equal(got, viewRows) {
		t.Errorf("views answer differently after the rebuild:\nbefore %v\nafter  %v", viewRows, got)
	}
	// Each trigger kind on each rebuilt table fires once.
	for _, table := range []string{"address", "country"} {
		liteSQLite3(t, db.Name, "PRAGMA foreign_keys=on;\n"+map[string]string{
			"address": "INSERT INTO address VALUES (9, '9 New Rd', NULL, 'Oslo', 1, NULL, '555-0909-12345678', '1999-01-01');\nUPDATE address SET last_update = '1999-01-01' WHERE address_id = 1;\n",
			"country": "INSERT INTO country VALUES (9, 'Peru', '1999-01-01');\nUPDATE country SET last_update = '1999-01-01' WHERE country_id = 1;\n",
		}[table])
		if got := liteStrings(t, db.SQL, `SELECT count(*) FROM "`+table+`" WHERE last_update = '1999-01-01'`); len(got) != 1 || got[0] != "0" {
			t.Errorf("%s: the AFTER INSERT and AFTER UPDATE triggers did not stamp last_update (%v rows still say 1999-01-01)", table, got)
		}
	}
	if r := p.ok("check"); !strings.Contains(r.Stdout+r.Stderr, "No new upgrade operations detected") {
		t.Errorf("check after the upgrade finds something:\n%s%s", r.Stdout, r.Stderr)
	}
	liteSQLite3(t, db.Name, "DELETE FROM address WHERE address_id = 9;\nDELETE FROM country WHERE country_id = 9;\n")
	p.ok("downgrade", "-1")
	if d := cmp.Diff(before, liteCLIFingerprint(t, db.Name)); d != "" {
		t.Errorf("downgrade -1 did not restore the schema (-before +after):\n%s", d)
	}
	if got := liteCLIChecksums(t, db.Name); len(got) != len(rows) {
		t.Errorf("after downgrade -1: %v, want the tables of %v", got, rows)
	}
}

// TestLiteNorthwindRebuildKeepsViews: on Northwind with rows, an
// autogenerated revision that makes Products.QuantityPerUnit NOT NULL (a
// rebuild of a table that views read directly, with Products.*, and through
// other views, and that [Order Details] references) keeps every row and every
// view, which all still answer the same.
func TestLiteNorthwindRebuildKeepsViews(t *testing.T) {
	db := testdb.SQLite(t)
	liteSQLite3(t, db.Name, liteDataset(t, "northwind/northwind-schema.sql"))
	liteSQLite3(t, db.Name, liteDataset(t, "northwind/northwind-data.sql"))
	p := &project{t: t, Dir: scratch.Module(t, map[string]string{"models/models.go": "package models\n"}), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	src := p.ok("inspect", "--format", "go").Stdout
	p.write("models/models.go", src)
	p.ok("revision", "--baseline", "-m", "baseline")
	before := liteCLIFingerprint(t, db.Name)
	rows := liteCLIChecksums(t, db.Name)
	viewRows := liteViewCounts(t, db.Name)

	p.write("models/models.go", liteReplaceOnce(t, src, `schema.Col("QuantityPerUnit", schema.Text()),`, `schema.Col("QuantityPerUnit", schema.Text()).NotNull(),`))
	p.ok("revision", "--autogenerate", "-m", "qpu")
	if n := pgCountOps(pgRevision(p, "qpu").Upgrade); n["alter_column"] != 1 || len(n) != 1 {
		t.Fatalf("upgrade ops %v, want one alter_column", n)
	}
	p.ok("upgrade", "head")
	if got := liteCLIChecksums(t, db.Name); !slices.Equal(got, rows) {
		t.Errorf("rows changed by the rebuild:\nbefore %v\nafter  %v", rows, got)
	}
	after := liteCLIFingerprint(t, db.Name)
	if d := cmp.Diff(liteWithoutTables(before, "Products"), liteWithoutTables(after, "Products")); d != "" {
		t.Errorf("the rebuild changed more than Products (-before +after):\n%s", d)
	}
	if !slices.ContainsFunc(after, func(l string) bool { return strings.HasPrefix(l, "column Products.QuantityPerUnit TEXT notnull=1 ") }) {
		t.Errorf("after the upgrade Products.QuantityPerUnit is not NOT NULL:\n%s", strings.Join(after, "\n"))
	}
	if got := liteViewCounts(t, db.Name); !slices.Equal(got, viewRows) {
		t.Errorf("views answer differently after the rebuild:\nbefore %v\nafter  %v", viewRows, got)
	}
	if r := p.ok("check"); !strings.Contains(r.Stdout+r.Stderr, "No new upgrade operations detected") {
		t.Errorf("check after the upgrade finds something:\n%s%s", r.Stdout, r.Stderr)
	}
	p.ok("downgrade", "-1")
	if d := cmp.Diff(before, liteCLIFingerprint(t, db.Name)); d != "" {
		t.Errorf("downgrade -1 did not restore the schema (-before +after):\n%s", d)
	}
	if got := liteCLIChecksums(t, db.Name); !slices.Equal(got, rows) {
		t.Errorf("rows changed by the downgrade:\nbefore %v\nafter  %v", rows, got)
	}
}

// liteObjectModels declares table film, view recent and trigger film_touch,
// spelled as %s.
const liteObjectModels = `package models

import "github.com/retortdb/migrate/schema"

var Metadata = schema.NewMetaData()

var Film = Metadata.Table("film",
	schema.Col("id", schema.Integer()).NotNull(),
	schema.Col("title", schema.Text()).NotNull(),
	schema.Col("year", schema.Integer()),
	schema.Col("seen", schema.Integer()),
	schema.PrimaryKeyConstraint("id"),
)

func init() {
	Metadata.View("recent", %q).DependsOn("table:film")
	Metadata.Trigger("film", "film_touch", %q).DependsOn("table:film")
}
`

// TestLiteObjectDefinitionsCompareNormalised: a view and a trigger declared
// with other spacing, line breaks, comments and keyword case than SQLite
// stores are no change for check; a real change to the view is one
// replace_object, after which the view returns the new rows, per the server,
// and the trigger is untouched.
func TestLiteObjectDefinitionsCompareNormalised(t *testing.T) {
	db := testdb.SQLite(t)
	liteSQLite3(t, db.Name, `CREATE TABLE film (id INTEGER NOT NULL, title TEXT NOT NULL, year INTEGER, seen INTEGER, PRIMARY KEY (id));
INSERT INTO film VALUES (1, 'Alien', 1979, 0), (2, 'Her', 2013, 0);
CREATE VIEW recent AS SELECT id, title FROM film WHERE year > 2000;
CREATE TRIGGER film_touch AFTER UPDATE OF title ON film BEGIN UPDATE film SET seen = seen + 1 WHERE id = new.id; END;
`)
	models := func(year string) string {
		view := "select id,\n       title\n  from film -- only the new ones\n where year>" + year + ";"
		trigger := "create trigger film_touch after update of title on film\nbegin\n  /* count edits */\n  update film set seen = seen + 1 where id = new.id;\nend"
		return strings.Replace(strings.Replace(liteObjectModels, "%q", "`"+view+"`", 1), "%q", "`"+trigger+"`", 1)
	}
	p := &project{t: t, Dir: scratch.Module(t, map[string]string{"models/models.go": models("2000")}), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	p.ok("revision", "-m", "start")
	p.ok("stamp", "head")
	if r := p.ok("check"); !strings.Contains(r.Stderr, "No new upgrade operations detected") {
		t.Fatalf("check finds a change in a view and trigger declared in other spacing and case:\n%s", r.Stderr)
	}
	p.write("models/models.go", models("1900"))
	r := p.ok("revision", "--autogenerate", "-m", "widen")
	if !strings.Contains(r.Stderr, "Detected changed definition of view 'recent'") || strings.Contains(r.Stderr, "film_touch") {
		t.Fatalf("autogenerate did not detect the changed view alone:\n%s", r.Stderr)
	}
	if n := pgCountOps(pgRevision(p, "widen").Upgrade); n["replace_object"] != 1 || len(n) != 1 {
		t.Fatalf("upgrade ops %v, want one replace_object", n)
	}
	p.ok("upgrade", "head")
	if got := liteStrings(t, db.SQL, `SELECT group_concat(title, ',') FROM (SELECT title FROM recent ORDER BY id)`); len(got) != 1 || got[0] != "Alien,Her" {
		t.Fatalf("the replaced view returns %v, want Alien,Her", got)
	}
	if got := liteStrings(t, db.SQL, `SELECT sql FROM sqlite_schema WHERE name = 'film_touch'`); len(got) != 1 || !strings.HasPrefix(got[0], "CREATE TRIGGER film_touch AFTER UPDATE OF title ON film BEGIN") {
		t.Errorf("the trigger was replaced: %v", got)
	}
	if r := p.ok("check"); !strings.Contains(r.Stderr, "No new upgrade operations detected") {
		t.Fatalf("check after the upgrade:\n%s", r.Stderr)
	}
	p.ok("downgrade", "-1")
	if got := liteStrings(t, db.SQL, `SELECT group_concat(title, ',') FROM recent`); len(got) != 1 || got[0] != "Her" {
		t.Fatalf("after the downgrade the view returns %v, want Her", got)
	}
}

// liteReplaceOnce replaces the one occurrence of old in s.
func liteReplaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("the generated models hold %q %d times, want once", old, n)
	}
	return strings.Replace(s, old, new, 1)
}

// liteViewCounts is every view's row count, read with the sqlite3 client.
func liteViewCounts(t *testing.T, path string) []string {
	t.Helper()
	var script strings.Builder
	for _, v := range strings.Fields(strings.ReplaceAll(liteSQLite3(t, path, ".mode list\nSELECT replace(name, ' ', char(1)) FROM sqlite_schema WHERE type = 'view' ORDER BY name;\n"), "\n", " ")) {
		v = strings.ReplaceAll(v, "\x01", " ")
		script.WriteString(`SELECT '` + v + `: ' || count(*) FROM "` + v + "\";\n")
	}
	return strings.Fields(strings.ReplaceAll(liteSQLite3(t, path, script.String()), " ", "_"))
}

// liteCLIChecksums is, per table (bookkeeping left out), its row count and
// the SHA3-256 of its rows ordered by every column, both computed by the
// sqlite3 client (its sha3_query function).
func liteCLIChecksums(t *testing.T, path string) []string {
	t.Helper()
	db := liteOpen(t, path)
	var script strings.Builder
	script.WriteString(".mode list\n")
	for _, table := range liteStrings(t, db, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'migrate_%' ORDER BY name`) {
		n := len(liteStrings(t, db, `SELECT name FROM pragma_table_info('`+strings.ReplaceAll(table, "'", "''")+`')`))
		order := make([]string, n)
		for i := range order {
			order[i] = strconv.Itoa(i + 1)
		}
		q := `"` + strings.ReplaceAll(table, `"`, `""`) + `"`
		query := strings.ReplaceAll("SELECT * FROM "+q+" ORDER BY "+strings.Join(order, ", "), "'", "''")
		fmt.Fprintf(&script, "SELECT '%s: ' || (SELECT count(*) FROM %s) || ' rows ' || hex(sha3_query('%s'));\n", strings.ReplaceAll(table, "'", "''"), q, query)
	}
	db.Close()
	return strings.Split(strings.TrimSpace(liteSQLite3(t, path, script.String())), "\n")
}

// liteCLIFingerprint describes the schema of the SQLite file at path, bookkeeping
// left out, as sorted lines from two independent sources:
//
//   - every table as SQLite's own pragmas report it: each column
//     (pragma_table_xinfo: declared type, NOT NULL, default, primary-key
//     position, hidden), each foreign key (pragma_foreign_key_list), each
//     index SQLite made for a constraint (pragma_index_list, _xinfo), STRICT
//     and WITHOUT ROWID (pragma_table_list), AUTOINCREMENT and each CHECK
//     with its name (from the stored CREATE TABLE text, by tokens);
//   - every other statement `sqlite3 FILE .schema` prints (views with the
//     client's comment listing their columns, triggers, indexes,
//     sqlite_sequence), with its whitespace collapsed and a quoted name
//     written one way.
//
// Tables are read through pragmas rather than text because SQLite keeps a
// CREATE TABLE exactly as written and migrate writes its own layout and
// constraint order ("NOT NULL DEFAULT 1" for "DEFAULT 1 NOT NULL", a
// CONSTRAINT after the columns, ON DELETE NO ACTION left implicit); the
// pragmas report what SQLite made of the text. Whitespace in the other
// statements is collapsed for the same reason (a hand-written "CREATE VIEW
// v\nAS\nSELECT" is rebuilt as "CREATE VIEW v AS SELECT"), and [x], `x` and
// "x" are the same name to SQLite in a CREATE statement; everything else,
// letter case and the body of a view or trigger included, must match.
func liteCLIFingerprint(t *testing.T, path string) []string {
	t.Helper()
	db := liteOpen(t, path)
	defer db.Close()
	var out []string
	for _, table := range liteStrings(t, db, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`) {
		if isBookkeeping(table) || table == "migrate_version_progress" {
			continue
		}
		q := strings.ReplaceAll(table, "'", "''")
		for _, c := range liteStrings(t, db, `SELECT name || ' ' || type || ' notnull=' || "notnull" || ' default=' || COALESCE(dflt_value, '-') || ' pk=' || pk || ' hidden=' || hidden FROM pragma_table_xinfo('`+q+`')`) {
			out = append(out, "column "+table+"."+c)
		}
		for _, fk := range liteStrings(t, db, `SELECT group_concat("from", ',') || ' -> ' || "table" || '(' || group_concat(COALESCE("to", '-'), ',') || ') on update ' || on_update || ' on delete ' || on_delete || ' match ' || "match" FROM (SELECT * FROM pragma_foreign_key_list('`+q+`') ORDER BY id, seq) GROUP BY id`) {
			out = append(out, "foreign key "+table+": "+fk)
		}
		for _, ix := range liteStrings(t, db, `SELECT l.origin || ' unique=' || l."unique" || ' partial=' || l.partial || ' (' || (SELECT group_concat(COALESCE(x.name, '<expr>') || ' desc=' || x.desc || ' ' || x.coll, ', ') FROM pragma_index_xinfo(l.name) x WHERE x.key) || ')' FROM pragma_index_list('`+q+`') l WHERE l.origin <> 'c'`) {
			out = append(out, "constraint index "+table+": "+ix)
		}
		for _, o := range liteStrings(t, db, `SELECT 'strict=' || strict || ' without_rowid=' || wr FROM pragma_table_list WHERE name = '`+q+`' AND schema = 'main'`) {
			out = append(out, "table "+table+": "+o)
		}
		sqlText := liteStrings(t, db, `SELECT sql FROM sqlite_schema WHERE name = '`+q+`'`)[0]
		toks, err := sq.Lex(sqlText)
		if err != nil {
			t.Fatalf("table %s: %v", table, err)
		}
		for i, tok := range toks {
			switch {
			case tok.Is("AUTOINCREMENT"):
				out = append(out, "table "+table+": AUTOINCREMENT")
			case tok.Is("CHECK") && i+1 < len(toks) && toks[i+1].IsPunct("("):
				end, err := sq.Group(toks, i+1)
				if err != nil {
					t.Fatalf("table %s: %v", table, err)
				}
				name := ""
				if i >= 2 && toks[i-2].Is("CONSTRAINT") {
					name = toks[i-1].Value
				}
				out = append(out, "check "+table+" "+name+": "+liteTokenText(sqlText, toks[i+2:end-1]))
			}
		}
	}
	schema := liteSQLite3(t, path, ".schema\n")
	for _, stmt := range regexp.MustCompile(`;\n(CREATE |$)`).Split(schema, -1) {
		stmt = strings.TrimSpace(stmt)
		if stmt == "" {
			continue
		}
		if !strings.HasPrefix(stmt, "CREATE ") {
			stmt = "CREATE " + stmt
		}
		if strings.HasPrefix(stmt, "CREATE TABLE ") && !strings.HasPrefix(stmt, "CREATE TABLE sqlite_") {
			continue // read through the pragmas above
		}
		if strings.Contains(stmt, " migrate_") {
			continue // the bookkeeping tables' indexes
		}
		comment := ""
		if i := strings.LastIndex(stmt, "/*"); i >= 0 && strings.HasSuffix(stmt, "*/") {
			comment = " " + stmt[i:]
		}
		toks, err := sq.Lex(stmt)
		if err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
		out = append(out, liteTokenText(stmt, toks)+comment)
	}
	slices.Sort(out)
	return out
}

// liteTokenText writes toks of src one space apart, each as written but a
// quoted name, which is written "name".
func liteTokenText(src string, toks []sq.Token) string {
	parts := make([]string, len(toks))
	for i, tok := range toks {
		if tok.Kind == sq.TQuoted {
			parts[i] = `"` + strings.ReplaceAll(tok.Value, `"`, `""`) + `"`
		} else {
			parts[i] = src[tok.Pos:tok.End]
		}
	}
	return strings.Join(parts, " ")
}

// liteWithoutTables returns fingerprint lines that do not describe tables.
func liteWithoutTables(lines []string, tables ...string) []string {
	var out []string
	for _, l := range lines {
		skip := false
		for _, table := range tables {
			if strings.HasPrefix(l, "column "+table+".") || strings.HasPrefix(l, "check "+table+" ") || strings.HasPrefix(l, "table "+table+":") ||
				strings.HasPrefix(l, "foreign key "+table+":") || strings.HasPrefix(l, "constraint index "+table+":") {
				skip = true
			}
		}
		if !skip {
			out = append(out, l)
		}
	}
	return out
}
