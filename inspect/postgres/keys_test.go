package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
)

// TestKeyColumnsByNumber: key columns are read by number and named from the
// columns query, so they must come out in key order even after a column was
// dropped (numbers with a gap) and for a foreign key to a table of a schema
// that is not inspected (named by one more query); the server's own
// pg_get_constraintdef is the oracle.
func TestKeyColumnsByNumber(t *testing.T) {
	db := testdb.Postgres(t)
	if _, err := db.SQL.Exec(`
		CREATE SCHEMA other;
		CREATE TABLE other.p (id int PRIMARY KEY, gone int, code text, region text, UNIQUE (region, code));
		ALTER TABLE other.p DROP COLUMN gone;
		CREATE TABLE c (dropme int, b int, a int, region text, code text,
			CONSTRAINT c_pk PRIMARY KEY (a, b),
			CONSTRAINT c_u UNIQUE (code, a),
			CONSTRAINT c_fk FOREIGN KEY (region, code) REFERENCES other.p (region, code));
		ALTER TABLE c DROP COLUMN dropme;`); err != nil {
		t.Fatal(err)
	}
	m, n, err := inspectDB(context.Background(), db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tab := m.FindTable("", "c")
	if tab == nil || tab.PrimaryKey == nil || len(tab.Uniques) != 1 || len(tab.ForeignKeys) != 1 {
		t.Fatalf("table c read as %+v", tab)
	}
	fk := tab.ForeignKeys[0]
	got := []string{
		"PRIMARY KEY (" + strings.Join(tab.PrimaryKey.Columns, ", ") + ")",
		"UNIQUE (" + strings.Join(tab.Uniques[0].Columns, ", ") + ")",
		"FOREIGN KEY (" + strings.Join(fk.Columns, ", ") + ") REFERENCES " + fk.RefSchema + "." + fk.RefTable + "(" + strings.Join(fk.RefColumns, ", ") + ")",
	}
	var want []string
	rows, err := db.SQL.Query(`SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'c'::regclass ORDER BY CASE contype WHEN 'p' THEN 1 WHEN 'u' THEN 2 ELSE 3 END`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var def string
		if err := rows.Scan(&def); err != nil {
			t.Fatal(err)
		}
		want = append(want, def)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("keys differ from pg_get_constraintdef (-server +inspected):\n%s", diff)
	}
	if n != 9 {
		t.Errorf("Inspect ran %d queries, want 9 (the 8, and one naming the referenced table's columns)", n)
	}
}
