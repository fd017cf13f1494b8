package lint_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// sqliteChanges is the connection's total_changes(): the rows its INSERT,
// UPDATE and DELETE statements wrote, which a rebuild's copy raises by the
// table's rows.
func sqliteChanges(t *testing.T, c *sql.Conn) int64 {
	t.Helper()
	var n int64
	if err := c.QueryRowContext(context.Background(), "SELECT total_changes()").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestProofSQLite runs the SQLite rules' statements on a table of 5000 rows
// in one transaction, checks from a second connection that writers wait
// (the database write lock: an INSERT elsewhere gets SQLITE_BUSY at once),
// and that every row was copied (total_changes()) exactly when the rule
// says the table is rebuilt. docs/lint.md names these subtests.
func TestProofSQLite(t *testing.T) {
	cases := []struct {
		name string
		list []ops.Op
		rule string
	}{
		{"rebuild", []ops.Op{&ops.AlterColumn{Table: "books", Column: "title", Nullable: ptr(false), ExistingType: ptr(schema.Varchar(200)), ExistingNullable: ptr(true)}}, "sqlite-rebuild"},
		{"create_index", []ops.Op{&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_books_n", Columns: []string{"n"}}}}, "sqlite-create-index"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tdb := testdb.SQLite(t)
			db := tdb.SQL
			d, err := dialect.Get("sqlite")
			if err != nil {
				t.Fatal(err)
			}
			stmts, err := d.Render(baseOps(proofBase()), nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range stmts {
				if _, err := db.Exec(s.SQL); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Exec("WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 5000) INSERT INTO books SELECT x, 't' || x, x, x, 0 FROM g"); err != nil {
				t.Fatal(err)
			}
			p, fs := planFor(t, d, proofBase(), c.list, true, "")
			var f *struct{ Rewrite, Scan bool }
			for _, x := range fs {
				if x.Rule == c.rule {
					f = &struct{ Rewrite, Scan bool }{x.Rewrite, x.Scan}
					if x.Lock != "database write lock" {
						t.Errorf("lock: %q", x.Lock)
					}
				}
			}
			if f == nil {
				t.Fatalf("no %s finding in %+v", c.rule, fs)
			}
			ctx := context.Background()
			a, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			before := sqliteChanges(t, a)
			if _, err := a.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
				t.Fatal(err)
			}
			for _, s := range p.Steps[0].Statements {
				if _, err := a.ExecContext(ctx, s.SQL); err != nil {
					t.Fatalf("%s: %v", s.SQL, err)
				}
			}
			other, err := sql.Open("sqlite", "file:"+tdb.Name+"?_pragma=busy_timeout(0)")
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			_, werr := other.Exec("INSERT INTO authors VALUES (1)")
			if werr == nil || !strings.Contains(strings.ToLower(werr.Error()), "locked") && !strings.Contains(strings.ToLower(werr.Error()), "busy") {
				t.Errorf("a writer on another connection should wait for the database write lock, got %v", werr)
			}
			copied := sqliteChanges(t, a) - before
			if _, err := a.ExecContext(ctx, "COMMIT"); err != nil {
				t.Fatal(err)
			}
			if rebuilt := copied >= 5000; rebuilt != f.Rewrite {
				t.Errorf("rewrite: the finding says %v, the statements wrote %d rows of a 5000-row table", f.Rewrite, copied)
			}
			var n int
			if err := db.QueryRow("SELECT count(*) FROM books").Scan(&n); err != nil || n != 5000 {
				t.Errorf("rows after: %d, %v", n, err)
			}
		})
	}
}
