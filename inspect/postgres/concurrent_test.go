package postgres

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
)

// TestImportedSnapshotSeesWhatTheFirstSees: a transaction begun from an
// exported snapshot does not see a table another session committed after the
// export (the server says so through pg_class), and it has the first
// transaction's search_path.
func TestImportedSnapshotSeesWhatTheFirstSees(t *testing.T) {
	db := testdb.Postgres(t)
	ctx := context.Background()
	if _, err := db.SQL.Exec(`CREATE SCHEMA other; CREATE TABLE before_export (id int)`); err != nil {
		t.Fatal(err)
	}
	tx, err := db.SQL.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck
	if _, err := tx.Exec(`SELECT set_config('search_path', 'other, public', true)`); err != nil {
		t.Fatal(err)
	}
	snap, err := exportSnapshot(ctx, db.SQL, tx, 3)
	if err != nil || snap == nil {
		t.Fatalf("exportSnapshot = %v, %v", snap, err)
	}
	if _, err := db.SQL.Exec(`CREATE TABLE after_export (id int)`); err != nil {
		t.Fatal(err)
	}
	tx2, err := snap.begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx2.Rollback() //nolint:errcheck
	var names, path string
	if err := tx2.QueryRow(`SELECT string_agg(relname, ',' ORDER BY relname), current_setting('search_path')
		FROM pg_class WHERE relname IN ('before_export', 'after_export')`).Scan(&names, &path); err != nil {
		t.Fatal(err)
	}
	if names != "before_export" || path != "other, public" {
		t.Errorf("the importing transaction sees tables %q with search_path %q; want only before_export, with other, public", names, path)
	}
}

// TestInspectConcurrentEqualsSerial: Inspect reads the same model whether
// its queries run at the same time on several connections or, on a pool of
// one connection (where a second transaction would wait forever), one after
// the other; and the concurrent reading did open more than one connection.
func TestInspectConcurrentEqualsSerial(t *testing.T) {
	db := testdb.Postgres(t)
	if _, err := db.SQL.Exec(`
		CREATE TYPE mood AS ENUM ('sad', 'ok');
		CREATE TABLE a (id int PRIMARY KEY, m mood DEFAULT 'ok', name text UNIQUE, CHECK (id > 0));
		CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id) ON DELETE CASCADE, note text);
		CREATE INDEX b_note ON b (lower(note)) WHERE note IS NOT NULL;
		CREATE VIEW va AS SELECT id, name FROM a;
		COMMENT ON COLUMN b.note IS 'free text';`); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conc, n, err := inspectDB(ctx, db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if open := db.SQL.Stats().OpenConnections; open < 2 {
		t.Errorf("after a concurrent Inspect the pool holds %d connection(s); want the readers' own as well", open)
	}
	one, err := sql.Open("pgx", db.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer one.Close()
	one.SetMaxOpenConns(1)
	serial, n1, err := inspectDB(ctx, one, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(serial, conc); diff != "" {
		t.Errorf("concurrent Inspect differs from serial (-serial +concurrent):\n%s", diff)
	}
	if n != n1 {
		t.Errorf("concurrent Inspect counted %d queries, serial %d", n, n1)
	}
}

// TestForVersionReadsNullsNotDistinctDirectly: from PostgreSQL 15 on, the
// constraint and index queries read indnullsnotdistinct as a column (the
// to_jsonb fallback is left for older servers).
func TestForVersionReadsNullsNotDistinctDirectly(t *testing.T) {
	r15, r14 := &reader{version: 150004}, &reader{version: 140011}
	for _, q := range []string{constraintsSQL, indexesSQL} {
		if got := r15.forVersion(q); strings.Contains(got, "to_jsonb") || !strings.Contains(got, "indnullsnotdistinct") {
			t.Errorf("forVersion at 15 left to_jsonb in, or lost the column:\n%s", got)
		}
		if got := r14.forVersion(q); got != q {
			t.Errorf("forVersion at 14 changed the query")
		}
	}
}
