package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
)

// TestLongIndexNamePostgres: a revision whose index name is 70 bytes, more
// than PostgreSQL keeps (it would truncate the name to 63 bytes silently), is
// refused by upgrade online and with --sql, the error pointing at the name's
// line and column in the file, and nothing runs: the table the revision's
// first op creates is not there.
func TestLongIndexNamePostgres(t *testing.T) {
	db := testdb.Postgres(t)
	p := pgProject(t, db, pgEmptyModels)
	long := "ix_" + strings.Repeat("n", 67)
	p.write("migrations/versions/1a2b3c4d5e6f_long_name.yaml", `revision: 1a2b3c4d5e6f
down_revision: null
branch_labels: []
depends_on: []
message: 'long index name'
transactional: true
upgrade:
  - create_table:
      name: widgets
      columns:
        - {name: id, type: integer, nullable: false}
  - create_index:
      table: widgets
      name: `+long+`
      columns: [id]
downgrade:
  - drop_table: {name: widgets}
`)
	want := "1a2b3c4d5e6f_long_name.yaml:14:13: name \"" + long + "\" is 70 bytes, more than the database's limit of 63"
	p.fails(1, want, "upgrade", "head", "--sql")
	p.fails(1, want, "upgrade", "head")
	var n int
	if err := db.SQL.QueryRowContext(context.Background(),
		`SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = 'widgets'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("after the refused upgrade pg_tables lists widgets (%d): the revision ran", n)
	}
}
