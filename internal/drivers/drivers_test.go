package drivers

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/dialect/postgres"
	"github.com/retortdb/migrate/dialect/sqlite"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
)

// Every scheme a driver claims parses to that driver's dialect, and the dialect
// registry hands back the same dialect.
func TestSchemesAndRegistryAgree(t *testing.T) {
	for _, d := range All() {
		for _, s := range d.Schemes {
			raw := s + "://u@h/db"
			if d.Dialect.Name() == "sqlite" {
				raw = s + ":///x.db"
			}
			u, err := dialect.ParseURL(raw)
			if err != nil {
				t.Fatalf("%s: %v", raw, err)
			}
			got, err := ForURL(u)
			if err != nil || got.Dialect.Name() != d.Dialect.Name() {
				t.Fatalf("ForURL(%s) = %v, %v; want %s", raw, got.Dialect, err, d.Dialect.Name())
			}
		}
		reg, err := dialect.Get(d.Dialect.Name())
		if err != nil || reg != d.Dialect {
			t.Fatalf("dialect.Get(%s) = %v, %v", d.Dialect.Name(), reg, err)
		}
	}
	if _, err := Get("oracle"); err == nil {
		t.Fatal("Get(oracle): no error")
	}
	if _, err := For(nil); err == nil {
		t.Fatal("For(nil): no error")
	}
}

// wrapped is a dialect decorated by a caller; For still finds its inspector.
type wrapped struct{ dialect.Dialect }

// For's inspector reads back what its dialect wrote, on a real database.
func TestForReadsWhatTheDialectWrote(t *testing.T) {
	db := testdb.SQLite(t)
	dr, err := Get("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := db.SQL.ExecContext(ctx, "CREATE TABLE "+dr.Dialect.QuoteIdent("order")+" (id integer PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	in, err := For(wrapped{dr.Dialect})
	if err != nil {
		t.Fatal(err)
	}
	m, err := in.Inspect(ctx, db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.FindTable("", "order") == nil {
		t.Fatalf("inspector from For did not read table \"order\": %+v", m.Tables)
	}
}

// ListSchemas lists PostgreSQL's schemas (checked against the server's own
// catalog) and falls back to ErrUnsupported on SQLite, which has none.
func TestListSchemasAbility(t *testing.T) {
	ctx := context.Background()
	lite := testdb.SQLite(t)
	in, _ := For(sqlite.Dialect{})
	if s, err := inspect.ListSchemas(ctx, in, lite.SQL); s != nil || !errors.Is(err, inspect.ErrUnsupported) {
		t.Fatalf("sqlite: %v, %v; want ErrUnsupported", s, err)
	}
	pg := testdb.Postgres(t)
	if _, err := pg.SQL.ExecContext(ctx, "CREATE SCHEMA billing"); err != nil {
		t.Fatal(err)
	}
	in, _ = For(postgres.Dialect{})
	got, err := inspect.ListSchemas(ctx, in, pg.SQL)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := pg.SQL.QueryRowContext(ctx, "SELECT count(*) FROM pg_namespace WHERE nspname = 'billing'").Scan(&n); err != nil || n != 1 {
		t.Fatalf("catalog: %d, %v", n, err)
	}
	if !slices.Contains(got, "billing") || !slices.Contains(got, "public") {
		t.Fatalf("ListSchemas = %v, want billing and public among them", got)
	}
}
