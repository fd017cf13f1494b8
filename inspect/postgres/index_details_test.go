package postgres

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/schema"
)

// TestIndexDetailsRoundTrip renders indexes with every detail the model holds
// (method, operator classes, orderings, INCLUDE), creates them and reads them
// back equal; and reads plain SQL written by hand the same way.
func TestIndexDetailsRoundTrip(t *testing.T) {
	db := testdb.Postgres(t)
	m := schema.NewMetaData()
	m.Table("doc",
		schema.Col("id", schema.Integer()).PrimaryKey().Autoincrement(false),
		schema.Col("title", schema.Text()),
		schema.Col("body", schema.Dialect("postgresql", "jsonb")),
		schema.Col("tsv", schema.Dialect("postgresql", "tsvector")),
		schema.Col("at", schema.Date()),
		schema.Col("score", schema.Integer()),
	)
	tb := m.FindTable("", "doc")
	tb.Indexes = []*schema.IndexDef{
		{Name: "ix_brin_at", Columns: []string{"at"}, Using: "brin"},
		{Name: "ix_gin_body", Columns: []string{"body"}, Using: "gin", Opclass: []string{"jsonb_path_ops"}},
		{Name: "ix_gin_body_default", Columns: []string{"body"}, Using: "gin"},
		{Name: "ix_gist_tsv", Columns: []string{"tsv"}, Using: "gist"},
		{Name: "ix_hash_title", Columns: []string{"title"}, Using: "hash"},
		{Name: "ix_include", Columns: []string{"score"}, Unique: true, Include: []string{"title", "at"}, Where: "score > 0"},
		{Name: "ix_orders", Columns: []string{"score", "at", "title", "id"}, Order: []string{"DESC", "DESC NULLS LAST", "NULLS FIRST", ""}},
		{Name: "ix_pattern", Columns: []string{"lower(title)", "title"}, Opclass: []string{"text_pattern_ops", "text_pattern_ops"}, Order: []string{"", "DESC"}},
	}
	applyOps(t, db, createOps(m, nil))
	got, err := Inspector{}.Inspect(context.Background(), db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(tb.Indexes, got.FindTable("", "doc").Indexes); diff != "" {
		t.Errorf("indexes read back (-rendered +inspected):\n%s", diff)
	}

	// Written by hand, with the defaults spelled out: read in canonical form.
	for _, s := range []string{
		`CREATE INDEX ix_hand ON doc USING btree (score ASC NULLS LAST, at DESC NULLS FIRST, title text_ops)`,
		`CREATE INDEX ix_hand2 ON doc USING GIN (body jsonb_ops)`,
	} {
		if _, err := db.SQL.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	got, err = Inspector{}.Inspect(context.Background(), db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*schema.IndexDef{
		"ix_hand":  {Name: "ix_hand", Columns: []string{"score", "at", "title"}, Order: []string{"", "DESC", ""}},
		"ix_hand2": {Name: "ix_hand2", Columns: []string{"body"}, Using: "gin"},
	}
	for _, ix := range got.FindTable("", "doc").Indexes {
		if w := want[ix.Name]; w != nil {
			if diff := cmp.Diff(w, ix); diff != "" {
				t.Errorf("%s (-want +got):\n%s", ix.Name, diff)
			}
			delete(want, ix.Name)
		}
	}
	if len(want) != 0 {
		t.Errorf("indexes not read: %v", want)
	}
}
