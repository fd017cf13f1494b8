package postgres

import (
	"context"
	"testing"

	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/schema"
)

// TestNormalizeObjects writes each kind differently from the server's own text
// and checks that NormalizeObjects turns it into exactly what Inspect reads
// from the real object, that a real change stays a change, that an object the
// server refuses keeps its text, and that the database is left as it was (no
// scratch schema, no extra trigger, per the catalog).
func TestNormalizeObjects(t *testing.T) {
	db := testdb.Postgres(t)
	for _, s := range []string{
		`CREATE TABLE film (id int PRIMARY KEY, title text NOT NULL, year int)`,
		`CREATE VIEW recent AS SELECT id, title FROM film WHERE year > 2000`,
		`CREATE MATERIALIZED VIEW per_year AS SELECT year, count(*) AS n FROM film GROUP BY year`,
		`CREATE FUNCTION film_count(y integer) RETURNS bigint LANGUAGE sql AS $$SELECT count(*) FROM film WHERE year = y$$`,
		`CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$`,
		`CREATE TRIGGER film_touch BEFORE UPDATE ON film FOR EACH ROW EXECUTE FUNCTION touch()`,
		`CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901)`,
		`CREATE SEQUENCE ticket_seq START 10`,
	} {
		if _, err := db.SQL.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	ctx := context.Background()
	m, err := Inspector{}.Inspect(ctx, db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	live := map[string]string{}
	for _, o := range m.Objects {
		live[o.Key()] = o.Definition
	}
	declared := []*schema.ObjectDef{
		{Kind: schema.KindView, Name: "recent", Definition: "select id,title\nfrom film where year>2000;"},
		{Kind: schema.KindMaterializedView, Name: "per_year", Definition: "SELECT year, COUNT(*) AS n FROM public.film GROUP BY 1"},
		{Kind: schema.KindFunction, Name: "film_count(y integer)", Definition: "create function film_count(y integer) returns bigint language sql as $$SELECT count(*) FROM film WHERE year = y$$"},
		{Kind: schema.KindTrigger, Name: "film_touch", Table: "film", Definition: "create trigger film_touch before update on film for each row execute procedure touch()"},
		{Kind: schema.KindDomain, Name: "year", Definition: "int4 constraint year_check check (value >= 1901)"},
		{Kind: schema.KindSequence, Name: "ticket_seq", Definition: "START WITH 10"},
	}
	// All accepted: the one-batch path.
	var batch []*schema.ObjectDef
	for _, o := range declared {
		batch = append(batch, o.Clone())
	}
	if err := (Inspector{}).NormalizeObjects(ctx, db.SQL, batch); err != nil {
		t.Fatal(err)
	}
	for _, o := range batch {
		if want := live[o.Key()]; want == "" || o.Definition != want {
			t.Errorf("%s (in one batch): normalised to\n%q\nwant what Inspect reads\n%q", o.Key(), o.Definition, want)
		}
	}
	// One refused: each object alone under its savepoint.
	changed := &schema.ObjectDef{Kind: schema.KindView, Name: "recent", Definition: "SELECT id FROM film"}
	refused := &schema.ObjectDef{Kind: schema.KindView, Name: "broken", Definition: "SELECT nope FROM missing_table"}
	if err := (Inspector{}).NormalizeObjects(ctx, db.SQL, append(append([]*schema.ObjectDef(nil), declared...), changed, refused)); err != nil {
		t.Fatal(err)
	}
	for _, o := range declared {
		want := live[o.Key()]
		if want == "" || o.Definition != want {
			t.Errorf("%s: normalised to\n%q\nwant what Inspect reads\n%q", o.Key(), o.Definition, want)
		}
	}
	if changed.Definition == live["view:recent"] {
		t.Errorf("a changed view normalised to the live one: %q", changed.Definition)
	}
	if refused.Definition != "SELECT nope FROM missing_table" {
		t.Errorf("a view the server refuses was rewritten to %q", refused.Definition)
	}
	var left string
	q := `SELECT (SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'migrate_scratch%') || '/' || (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal)`
	if err := db.SQL.QueryRow(q).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != "0/1" {
		t.Errorf("after normalising, scratch schemas/triggers = %s, want 0/1 (nothing kept)", left)
	}
}
