package e2e_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
)

// TestPgPagilaBaseline is onboarding with a baseline that builds a database:
// Pagila (views, a materialized view and its index, functions, an aggregate,
// triggers, a partitioned table with 55 partitions, domains, free-standing
// sequences and an enum) is loaded; `inspect --format go` compiles; `revision
// --baseline` writes the first revision and stamps it; `check` finds nothing;
// `upgrade head` on an empty database (and the `upgrade head --sql` script run
// by psql on another) gives a pg_dump --schema-only equal to the original's
// (pgFingerprint: statements sorted; comment lines, session settings and
// psql's \restrict lines dropped; owners and privileges left out; the
// bookkeeping tables left out; nothing else normalised), and `check` against
// it finds nothing; `downgrade base` leaves
// only the bookkeeping table.
func TestPgPagilaBaseline(t *testing.T) {
	orig := testdb.Postgres(t)
	loadPostgres(t, orig, "pagila/pagila-schema.sql")
	want := pgFingerprint(t, orig)

	p := pgProject(t, orig, "package models\n")
	src := p.ok("inspect", "--format", "go").Stdout
	for _, call := range []string{"Metadata.View(", "Metadata.MaterializedView(", "Metadata.ObjectIndex(", "Metadata.Function(", "Metadata.Aggregate(",
		"Metadata.Trigger(", "Metadata.Domain(", "Metadata.Sequence(", "Metadata.Partition(", ".PartitionBy("} {
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
	rev := pgRevision(p, "baseline")
	n := pgCountOps(rev.Upgrade)
	if n["create_table"] != 70 || n["create_object"] == 0 || n["create_enum"] != 1 {
		t.Errorf("baseline upgrade ops %v; want 70 create_table (15 tables, 55 partitions), create_enum and create_object", n)
	}
	if got := strings.TrimSpace(p.ok("current").Stdout); !strings.HasSuffix(got, "(head)") {
		t.Fatalf("current after the baseline = %q, want the baseline, stamped", got)
	}
	if r := p.ok("check"); !strings.Contains(r.Stdout+r.Stderr, "No new upgrade operations detected") {
		t.Errorf("check against the original finds something:\n%s%s", r.Stdout, r.Stderr)
	}

	fresh := testdb.Postgres(t)
	pf := &project{t: t, Dir: p.Dir, Env: []string{"MIGRATE_URL=" + fresh.URL}}
	pf.ok("upgrade", "head")
	if diff := cmp.Diff(want, pgFingerprint(t, fresh)); diff != "" {
		t.Errorf("pg_dump of the database built by upgrade head differs from the original (-original +built):\n%s", diff)
	}
	if r := pf.ok("check"); !strings.Contains(r.Stdout+r.Stderr, "No new upgrade operations detected") {
		t.Errorf("check against the built database finds something:\n%s%s", r.Stdout, r.Stderr)
	}

	offline := testdb.Postgres(t)
	pgPsql(t, offline, pf.ok("upgrade", "head", "--sql").Stdout)
	if diff := cmp.Diff(want, pgFingerprint(t, offline)); diff != "" {
		t.Errorf("pg_dump of the database built by upgrade head --sql differs from the original (-original +built):\n%s", diff)
	}

	pf.ok("downgrade", "base")
	left := pgInspect(t, fresh)
	if len(left.Tables) != 0 || len(left.Enums) != 0 || len(left.Objects) != 0 {
		t.Errorf("after downgrade base: tables %v, enums %v, objects %v; want only bookkeeping", pgTableNames(left), left.Enums, left.Objects)
	}
	if got := pgFingerprint(t, fresh); len(got) != 0 {
		t.Errorf("after downgrade base pg_dump still shows:\n%s", strings.Join(got, "\n"))
	}
}

// pgObjectModels declares table film and view recent, written as a person
// would (lower case, unqualified), not as the server prints it.
const pgObjectModels = `package models

import "github.com/retortdb/migrate/schema"

var Metadata = schema.NewMetaData()

var Film = Metadata.Table("film",
	schema.Col("id", schema.Integer()).NotNull(),
	schema.Col("title", schema.Text()).NotNull(),
	schema.Col("year", schema.Integer()),
	schema.NamedPrimaryKey("film_pkey", "id"),
)

func init() {
	Metadata.View("recent", "select id, title from film where year > %d").DependsOn("table:film")
}
`

// TestPgObjectDefinitionsCompareNormalised: a view declared in other words
// than the server's is no change for check (the server normalises it in a
// rolled-back scratch schema); a real change is a replace_object that upgrade
// runs, after which the view returns the new rows, per the server.
func TestPgObjectDefinitionsCompareNormalised(t *testing.T) {
	db := testdb.Postgres(t)
	pgPsql(t, db, `CREATE TABLE film (id integer PRIMARY KEY, title text NOT NULL, year integer);
INSERT INTO film VALUES (1, 'Alien', 1979), (2, 'Her', 2013);
CREATE VIEW recent AS SELECT film.id, film.title FROM film WHERE (film.year > 2000);`)
	p := pgProject(t, db, strings.Replace(pgObjectModels, "%d", "2000", 1))
	p.ok("revision", "-m", "start")
	p.ok("stamp", "head")
	if r := p.ok("check"); !strings.Contains(r.Stderr, "No new upgrade operations detected") {
		t.Fatalf("check finds a change in a view declared in other words:\n%s", r.Stderr)
	}
	var count int
	if err := db.SQL.QueryRow(`SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'migrate_scratch%'`).Scan(&count); err != nil || count != 0 {
		t.Fatalf("check left %d scratch schemas (%v)", count, err)
	}
	p.write("models/models.go", strings.Replace(pgObjectModels, "%d", "1900", 1))
	r := p.ok("revision", "--autogenerate", "-m", "widen")
	if !strings.Contains(r.Stderr, "Detected changed definition of view 'recent'") {
		t.Fatalf("autogenerate did not detect the changed view:\n%s", r.Stderr)
	}
	if n := pgCountOps(pgRevision(p, "widen").Upgrade); n["replace_object"] != 1 || len(n) != 1 {
		t.Fatalf("upgrade ops %v, want one replace_object", n)
	}
	p.ok("upgrade", "head")
	var titles string
	if err := db.SQL.QueryRow(`SELECT string_agg(title, ',' ORDER BY id) FROM recent`).Scan(&titles); err != nil || titles != "Alien,Her" {
		t.Fatalf("the replaced view returns %q (%v), want Alien,Her", titles, err)
	}
	if r := p.ok("check"); !strings.Contains(r.Stderr, "No new upgrade operations detected") {
		t.Fatalf("check after the upgrade:\n%s", r.Stderr)
	}
	p.ok("downgrade", "-1")
	if err := db.SQL.QueryRow(`SELECT string_agg(title, ',' ORDER BY id) FROM recent`).Scan(&titles); err != nil || titles != "Her" {
		t.Fatalf("after the downgrade the view returns %q (%v), want Her", titles, err)
	}
}

// TestPgViewAroundColumnTypeChange: an autogenerated revision that changes the
// type of a column a view reads drops the view before the change and creates
// it again after; upgrade head runs on a database with rows, which are kept,
// and the view works, per the server; downgrade -1 restores the type.
func TestPgViewAroundColumnTypeChange(t *testing.T) {
	db := testdb.Postgres(t)
	pgPsql(t, db, `CREATE TABLE film (id integer PRIMARY KEY, title text NOT NULL, year integer);
INSERT INTO film VALUES (1, 'Alien', 1979), (2, 'Her', 2013);
CREATE VIEW recent AS SELECT film.id, film.title FROM film WHERE (film.year > 2000);`)
	p := pgProject(t, db, strings.Replace(pgObjectModels, "%d", "2000", 1))
	p.ok("revision", "-m", "start")
	p.ok("stamp", "head")
	pgConfig(p, "compare_type", "true")
	p.write("models/models.go", strings.Replace(strings.Replace(pgObjectModels, "%d", "2000", 1), `schema.Col("year", schema.Integer())`, `schema.Col("year", schema.BigInt())`, 1))
	p.ok("revision", "--autogenerate", "-m", "bigyear")
	var names []string
	for _, o := range pgRevision(p, "bigyear").Upgrade {
		names = append(names, ops.Name(o))
	}
	if got := strings.Join(names, " "); got != "drop_object alter_column create_object" {
		t.Fatalf("upgrade ops %q, want the view dropped and created around the type change", got)
	}
	p.ok("upgrade", "head")
	var typ, titles string
	if err := db.SQL.QueryRow(`SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'film'::regclass AND attname = 'year'`).Scan(&typ); err != nil || typ != "bigint" {
		t.Fatalf("film.year is %q (%v), want bigint", typ, err)
	}
	if err := db.SQL.QueryRow(`SELECT string_agg(title, ',' ORDER BY id) FROM recent`).Scan(&titles); err != nil || titles != "Her" {
		t.Fatalf("the view returns %q (%v) after the upgrade, want Her", titles, err)
	}
	var rows int
	if err := db.SQL.QueryRow(`SELECT count(*) FROM film`).Scan(&rows); err != nil || rows != 2 {
		t.Fatalf("film has %d rows (%v), want 2", rows, err)
	}
	p.ok("downgrade", "-1")
	if err := db.SQL.QueryRow(`SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'film'::regclass AND attname = 'year'`).Scan(&typ); err != nil || typ != "integer" {
		t.Fatalf("film.year is %q (%v) after the downgrade, want integer", typ, err)
	}
}

// TestPgAdventureWorksBaseline is the baseline path on a second real schema:
// AdventureWorks (5 schemas and 5 of convenience views, 68 tables, 87 views,
// 2 materialized views, 21 functions, 6 domains, sequences, the uuid-ossp and
// tablefunc extensions, comments, tables CLUSTERed on their primary keys),
// read with include_schemas. The rebuilt database's pg_dump --schema-only
// equals the original's (pgFingerprint), its ALTER TABLE … CLUSTER ON
// statements included, and check against it finds nothing.
func TestPgAdventureWorksBaseline(t *testing.T) {
	orig := testdb.Postgres(t)
	script := testdb.Dataset(t, "adventureworks/install.sql")
	load := exec.Command(testdb.Client(t, "psql"), "-X", "-q", "-d", orig.URL, "-f", script)
	load.Dir = t.TempDir() // the CSV files are not there: the tables stay empty
	if out, err := load.CombinedOutput(); err != nil {
		t.Fatalf("loading AdventureWorks: %v\n%s", err, out)
	}
	p := pgProject(t, orig, "package models\n")
	pgConfig(p, "include_schemas", "true")
	want := pgFingerprint(t, orig)
	clustered := 0
	for _, s := range want {
		if strings.Contains(s, " CLUSTER ON ") {
			clustered++
		}
	}
	if clustered == 0 {
		t.Fatalf("pg_dump of AdventureWorks shows no CLUSTER ON: the test no longer covers it")
	}
	p.write("models/models.go", p.ok("inspect", "--format", "go").Stdout)
	p.ok("revision", "--baseline", "-m", "baseline")
	if r := p.ok("check"); !strings.Contains(r.Stderr, "No new upgrade operations detected") {
		t.Errorf("check against the original finds something:\n%s", r.Stderr)
	}
	fresh := testdb.Postgres(t)
	pf := &project{t: t, Dir: p.Dir, Env: []string{"MIGRATE_URL=" + fresh.URL}}
	pf.ok("upgrade", "head")
	if diff := cmp.Diff(want, pgFingerprint(t, fresh)); diff != "" {
		t.Errorf("pg_dump of the database built by upgrade head differs from the original (-original +built):\n%s", diff)
	}
	if r := pf.ok("check"); !strings.Contains(r.Stderr, "No new upgrade operations detected") {
		t.Errorf("check against the built database finds something:\n%s", r.Stderr)
	}
	pf.ok("downgrade", "base")
	if got := pgFingerprint(t, fresh); len(got) != 0 {
		t.Errorf("after downgrade base pg_dump still shows:\n%s", strings.Join(got, "\n"))
	}
}

// TestPgExtensionInItsOwnSchema: with include_schemas, an extension installed
// in a schema of its own is created after that schema (its pg_depend record
// orders them) and before the index that uses its operator class; the rebuilt
// database's pg_dump equals the original's, and downgrade base removes both.
func TestPgExtensionInItsOwnSchema(t *testing.T) {
	orig := testdb.Postgres(t)
	pgPsql(t, orig, `CREATE SCHEMA ext;
CREATE EXTENSION btree_gist SCHEMA ext;
CREATE TABLE slot (id int PRIMARY KEY, room int NOT NULL);
CREATE INDEX slot_room ON slot USING gist (room ext.gist_int4_ops);`)
	want := pgFingerprint(t, orig)
	p := pgProject(t, orig, "package models\n")
	pgConfig(p, "include_schemas", "true")
	p.write("models/models.go", p.ok("inspect", "--format", "go").Stdout)
	p.ok("revision", "--baseline", "-m", "baseline")
	var names []string
	for _, o := range pgRevision(p, "baseline").Upgrade {
		s := ops.Name(o)
		if x, ok := ops.ObjectOf(o); ok {
			s += " " + x.Kind
		}
		names = append(names, s)
	}
	if got := strings.Join(names, ", "); got != "create_object schema, create_object extension, create_table, create_index" {
		t.Errorf("baseline upgrade: %s", got)
	}
	fresh := testdb.Postgres(t)
	pf := &project{t: t, Dir: p.Dir, Env: []string{"MIGRATE_URL=" + fresh.URL}}
	pf.ok("upgrade", "head")
	if diff := cmp.Diff(want, pgFingerprint(t, fresh)); diff != "" {
		t.Errorf("pg_dump of the rebuilt database differs (-original +built):\n%s", diff)
	}
	pf.ok("check")
	pf.ok("downgrade", "base")
	if got := pgFingerprint(t, fresh); len(got) != 0 {
		t.Errorf("after downgrade base pg_dump still shows:\n%s", strings.Join(got, "\n"))
	}
}
