package postgres

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// objectFixtures are one object of each kind, in creation order, in a schema
// whose name needs quoting.
func objectFixtures() []*schema.ObjectDef {
	const s = "Shop"
	return []*schema.ObjectDef{
		{Kind: schema.KindSchema, Name: s, Comment: "the shop"},
		{Kind: schema.KindExtension, Name: "pg_trgm", Schema: s, Comment: "trigrams"},
		{Kind: schema.KindSequence, Schema: s, Name: "ticket_seq", Definition: "AS integer START WITH 10 INCREMENT BY 5", Comment: "tickets"},
		{Kind: schema.KindDomain, Schema: s, Name: "year", Definition: "integer CONSTRAINT year_check CHECK (VALUE >= 1901)", Comment: "a year"},
		// A LANGUAGE sql body that reads a table created after it.
		{Kind: schema.KindFunction, Schema: s, Name: "film_count(integer)", Definition: `CREATE FUNCTION "Shop".film_count(y integer) RETURNS bigint LANGUAGE sql AS $$SELECT count(*) FROM "Shop".film WHERE release_year = y$$`, Comment: "films of a year"},
		{Kind: schema.KindFunction, Schema: s, Name: "touch()", Definition: `CREATE FUNCTION "Shop".touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.title := trim(NEW.title); RETURN NEW; END$$`},
		{Kind: schema.KindProcedure, Schema: s, Name: "noop(integer)", Definition: `CREATE PROCEDURE "Shop".noop(IN n integer) LANGUAGE sql AS $$SELECT 1$$`},
		{Kind: schema.KindView, Schema: s, Name: "recent", Definition: `SELECT id, title FROM "Shop".film WHERE release_year > 2000`, Comment: "recent films"},
		{Kind: schema.KindMaterializedView, Schema: s, Name: "per_year", Definition: `SELECT release_year, count(*) AS n FROM "Shop".film GROUP BY release_year`},
		{Kind: schema.KindIndex, Schema: s, Table: "per_year", Name: "per_year_idx", Definition: `CREATE UNIQUE INDEX per_year_idx ON "Shop".per_year (release_year)`},
		{Kind: schema.KindTrigger, Schema: s, Table: "film", Name: "film_touch", Definition: `CREATE TRIGGER film_touch BEFORE INSERT ON "Shop".film FOR EACH ROW EXECUTE FUNCTION "Shop".touch()`, Comment: "trims titles"},
		{Kind: schema.KindPolicy, Schema: s, Table: "film", Name: "only_recent", Definition: "FOR SELECT TO PUBLIC USING (release_year > 1950)"},
	}
}

func pgExecAll(t *testing.T, db *sql.DB, list []ops.Op) {
	t.Helper()
	stmts, err := Dialect{}.Render(list, nil)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck
	for _, st := range stmts {
		if _, err := tx.Exec(st.SQL); err != nil {
			t.Fatalf("op %d (%s): %s: %v", st.Op, ops.Name(list[st.Op]), st.SQL, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func pgFact(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	var got string
	if err := db.QueryRow(q).Scan(&got); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return got
}

// TestObjectOpsRunOnServer creates one object of each kind, checks them in the
// catalog, replaces some, then drops them all in reverse order and checks that
// nothing is left.
func TestObjectOpsRunOnServer(t *testing.T) {
	db := testdb.Postgres(t)
	objs := objectFixtures()
	film := &schema.Table{Schema: "Shop", Name: "film", Columns: []*schema.Column{
		{Name: "id", Type: schema.Integer(), Autoincrement: true},
		{Name: "title", Type: schema.Text()},
		{Name: "release_year", Type: schema.Dialect("postgresql", `"Shop".year`), Nullable: true},
	}, PrimaryKey: &schema.PrimaryKeyDef{Name: "film_pkey", Columns: []string{"id"}}}
	var up []ops.Op
	for i, o := range objs {
		if o.Kind == schema.KindView {
			up = append(up, &ops.CreateTable{Table: film}, &ops.BulkInsert{Schema: "Shop", Table: "film", Columns: []string{"title", "release_year"},
				Rows: []map[string]any{{"title": "Her", "release_year": int64(2013)}}})
		}
		up = append(up, &ops.CreateObject{Object: objs[i]})
	}
	// Inserted after the trigger, which trims the title.
	up = append(up, &ops.BulkInsert{Schema: "Shop", Table: "film", Columns: []string{"title", "release_year"},
		Rows: []map[string]any{{"title": "  Alien ", "release_year": int64(1979)}}})
	pgExecAll(t, db.SQL, up)
	facts := []struct{ q, want string }{
		{`SELECT extname || ' ' || extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'`, `pg_trgm "Shop"`},
		{`SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'Shop'`, "the shop"},
		{`SELECT seqstart || '/' || seqincrement FROM pg_sequence WHERE seqrelid = '"Shop".ticket_seq'::regclass`, "10/5"},
		{`SELECT "Shop".film_count(1979)::text`, "1"},
		{`SELECT string_agg(title, ',' ORDER BY id) FROM "Shop".film`, "Her,Alien"},
		{`SELECT string_agg(title, ',') FROM "Shop".recent`, "Her"},
		{`SELECT obj_description('"Shop".recent'::regclass, 'pg_class')`, "recent films"},
		{`SELECT count(*)::text FROM "Shop".per_year`, "1"}, // materialized before the second row
		{`SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = '"Shop".per_year'::regclass`, `"Shop".per_year_idx`},
		{`SELECT obj_description(oid, 'pg_trigger') FROM pg_trigger WHERE tgname = 'film_touch'`, "trims titles"},
		{`SELECT polname FROM pg_policy WHERE polrelid = '"Shop".film'::regclass`, "only_recent"},
		{`SELECT obj_description('"Shop".year'::regtype, 'pg_type')`, "a year"},
		{`SELECT count(*)::text FROM pg_proc WHERE proname = 'noop' AND prokind = 'p'`, "1"},
		{`SELECT current_setting('check_function_bodies')`, "on"},
	}
	for _, f := range facts {
		if got := pgFact(t, db.SQL, f.q); got != f.want {
			t.Errorf("%s = %q, want %q", f.q, got, f.want)
		}
	}

	// Replace: a view by CREATE OR REPLACE, a domain by drop and create, a comment alone.
	view := objs[7].Clone()
	view.Definition = `SELECT id, title FROM "Shop".film WHERE release_year > 1900`
	view.Comment = ""
	fn := objs[4].Clone()
	fn.Comment = "changed comment"
	seq := objs[2].Clone()
	seq.Definition = "AS bigint START WITH 100"
	pgExecAll(t, db.SQL, []ops.Op{
		&ops.ReplaceObject{Object: view, Existing: objs[7]},
		&ops.ReplaceObject{Object: fn, Existing: objs[4]},
		&ops.ReplaceObject{Object: seq, Existing: objs[2]},
	})
	for _, f := range []struct{ q, want string }{
		{`SELECT string_agg(title, ',' ORDER BY id) FROM "Shop".recent`, "Her,Alien"},
		{`SELECT coalesce(obj_description('"Shop".recent'::regclass, 'pg_class'), '-')`, "-"},
		{`SELECT obj_description('"Shop".film_count(integer)'::regprocedure, 'pg_proc')`, "changed comment"},
		{`SELECT seqstart || ' ' || seqtypid::regtype::text FROM pg_sequence WHERE seqrelid = '"Shop".ticket_seq'::regclass`, "100 bigint"},
	} {
		if got := pgFact(t, db.SQL, f.q); got != f.want {
			t.Errorf("after replace: %s = %q, want %q", f.q, got, f.want)
		}
	}

	var down []ops.Op
	for i := len(objs) - 1; i >= 0; i-- {
		o := objs[i]
		if o.Kind == schema.KindView {
			down = append(down, &ops.DropTable{Schema: "Shop", Name: "film"})
		}
		if o.Kind == schema.KindTrigger || o.Kind == schema.KindPolicy || o.Kind == schema.KindIndex {
			down = append(down, &ops.DropObject{Kind: o.Kind, Schema: o.Schema, Name: o.Name, Table: o.Table})
			continue
		}
		down = append(down, &ops.DropObject{Kind: o.Kind, Schema: o.Schema, Name: o.Name})
	}
	// The view goes before the table it reads.
	for i, o := range down {
		if d, ok := o.(*ops.DropObject); ok && d.Kind == schema.KindView {
			down[i-1], down[i] = down[i], down[i-1]
			break
		}
	}
	pgExecAll(t, db.SQL, down)
	if got := pgFact(t, db.SQL, `SELECT (SELECT count(*) FROM pg_namespace WHERE nspname = 'Shop') + (SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm')`); got != "0" {
		t.Errorf("after dropping everything, %s schema or extension objects are left", got)
	}
}

func TestObjectOpsRefuseBadInput(t *testing.T) {
	for _, tc := range []struct {
		o    ops.Op
		want string
	}{
		{&ops.CreateObject{Object: &schema.ObjectDef{Kind: schema.KindFunction, Name: "f", Definition: "CREATE FUNCTION f() …"}}, "name it with its argument types"},
		{&ops.CreateObject{Object: &schema.ObjectDef{Kind: schema.KindFunction, Name: "f()", Definition: "RETURNS integer AS 'SELECT 1'"}}, "must be the whole CREATE FUNCTION statement"},
		{&ops.CreateObject{Object: &schema.ObjectDef{Kind: schema.KindView, Name: "v"}}, `view "v" has no definition`},
		{&ops.DropObject{Kind: schema.KindTrigger, Name: "t"}, `trigger "t" names no table`},
		{&ops.CreateObject{Object: &schema.ObjectDef{Kind: "rule", Name: "r", Definition: "x"}}, `unknown object kind "rule"`},
	} {
		_, err := Dialect{}.Render([]ops.Op{tc.o}, nil)
		if err == nil || !contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want it to say %q", ops.Name(tc.o), err, tc.want)
		}
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// TestExclusionAndClusterOnServer renders exclusion_constraint and cluster_on
// ops, checks the SQL, runs it, and reads the result back from pg_catalog:
// the constraint as pg_get_constraintdef prints it with its comment, the
// index marked indisclustered, and nothing of either after the drops.
func TestExclusionAndClusterOnServer(t *testing.T) {
	db := testdb.Postgres(t)
	ex := &schema.ObjectDef{Kind: schema.KindExclusion, Schema: "Shop", Table: "room booking", Name: "no overlap",
		Definition: "EXCLUDE USING gist (during WITH &&) WHERE (NOT cancelled) DEFERRABLE", Comment: "one booking at a time"}
	cl := &schema.ObjectDef{Kind: schema.KindClusterOn, Schema: "Shop", Table: "room booking", Name: "room booking", Definition: "room booking_pkey"}
	up := []ops.Op{&ops.CreateObject{Object: ex}, &ops.CreateObject{Object: cl}}
	stmts, err := Dialect{}.Render(up, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range stmts {
		got = append(got, s.SQL)
	}
	want := []string{
		`ALTER TABLE "Shop"."room booking" ADD CONSTRAINT "no overlap" EXCLUDE USING gist (during WITH &&) WHERE (NOT cancelled) DEFERRABLE`,
		`COMMENT ON CONSTRAINT "no overlap" ON "Shop"."room booking" IS 'one booking at a time'`,
		`ALTER TABLE "Shop"."room booking" CLUSTER ON "room booking_pkey"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rendered\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, s := range []string{`CREATE SCHEMA "Shop"`, `CREATE TABLE "Shop"."room booking" (id int PRIMARY KEY, during tsrange, cancelled boolean NOT NULL DEFAULT false)`} {
		if _, err := db.SQL.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	pgExecAll(t, db.SQL, up)
	for _, f := range []struct{ q, want string }{
		{`SELECT pg_get_constraintdef(oid, true) || ' / ' || obj_description(oid, 'pg_constraint') FROM pg_constraint WHERE conname = 'no overlap'`,
			"EXCLUDE USING gist (during WITH &&) WHERE (NOT cancelled) DEFERRABLE / one booking at a time"},
		{`SELECT indexrelid::regclass::text FROM pg_index WHERE indisclustered`, `"Shop"."room booking_pkey"`},
	} {
		if got := pgFact(t, db.SQL, f.q); got != f.want {
			t.Errorf("%s = %q, want %q", f.q, got, f.want)
		}
	}
	down := []ops.Op{
		&ops.DropObject{Kind: cl.Kind, Schema: cl.Schema, Table: cl.Table, Name: cl.Name},
		&ops.DropObject{Kind: ex.Kind, Schema: ex.Schema, Table: ex.Table, Name: ex.Name},
	}
	pgExecAll(t, db.SQL, down)
	if got := pgFact(t, db.SQL, `SELECT (SELECT count(*) FROM pg_constraint WHERE contype = 'x') + (SELECT count(*) FROM pg_index WHERE indisclustered)`); got != "0" {
		t.Errorf("after the drops, %s exclusion constraints or clustered indexes are left", got)
	}
	_, err = Dialect{}.Render([]ops.Op{&ops.CreateObject{Object: &schema.ObjectDef{Kind: schema.KindExclusion, Table: "t", Name: "x", Definition: "CHECK (a > 0)"}}}, nil)
	if err == nil || !strings.Contains(err.Error(), "must start with EXCLUDE") {
		t.Errorf("an exclusion constraint that is not one: err %v", err)
	}
}
