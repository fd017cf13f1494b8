package dialecttest_test

import (
	"testing"

	"github.com/retortdb/migrate/dialect/dialecttest"
	"github.com/retortdb/migrate/internal/drivers"
	"github.com/retortdb/migrate/internal/testdb"
)

// harness builds the Harness of a compiled-in dialect and its inspector.
func harness(t *testing.T, name string, newDB func(testing.TB) *testdb.DB) dialecttest.Harness {
	t.Helper()
	dr, err := drivers.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return dialecttest.Harness{Dialect: dr.Dialect, Inspector: dr.Inspector, NewDB: newDB}
}

// TestSQLite runs the suite on SQLite, whose lock is the migration transaction
// itself and whose identifiers have no length limit.
func TestSQLite(t *testing.T) {
	dialecttest.Run(t, harness(t, "sqlite", testdb.SQLite))
}

// TestPostgres runs the suite on PostgreSQL (identifiers up to 63 bytes).
func TestPostgres(t *testing.T) {
	h := harness(t, "postgresql", testdb.Postgres)
	h.MaxIdentifierLength = 63
	dialecttest.Run(t, h)
}

// TestMySQL runs the suite on MySQL or MariaDB (identifiers up to 64 characters).
func TestMySQL(t *testing.T) {
	h := harness(t, "mysql", testdb.MySQL)
	h.MaxIdentifierLength = 64
	dialecttest.Run(t, h)
}
