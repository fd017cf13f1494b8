package dialecttest_test

import (
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/dialect/dialecttest"
	mysqldialect "github.com/retortdb/migrate/dialect/mysql"
	sqlitedialect "github.com/retortdb/migrate/dialect/sqlite"
	"github.com/retortdb/migrate/internal/drivers"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/schema"
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
	h := harness(t, "sqlite", testdb.SQLite)
	h.Normalize = normalizeSQLite
	h.DSN = func(t testing.TB, db *testdb.DB) string { return sqlitedialect.DSN(db.Name, nil) }
	h.Oracle = dialecttest.OracleQuery(`SELECT m.name, p.name, p."notnull" FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	dialecttest.Run(t, h)
}

// TestPostgres runs the suite on PostgreSQL (identifiers up to 63 bytes).
func TestPostgres(t *testing.T) {
	h := harness(t, "postgresql", testdb.Postgres)
	h.MaxIdentifierLength = 63
	h.Normalize = normalizePostgres
	h.DSN = func(t testing.TB, db *testdb.DB) string { return db.URL }
	h.Oracle = dialecttest.OracleQuery(`SELECT table_name, column_name, CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END
		FROM information_schema.columns WHERE table_schema = current_schema()`)
	dialecttest.Run(t, h)
}

// TestMySQL runs the suite on MySQL or MariaDB (identifiers up to 64 characters).
func TestMySQL(t *testing.T) {
	h := harness(t, "mysql", testdb.MySQL)
	h.MaxIdentifierLength = 64
	h.Normalize = normalizeMySQL
	h.DSN = func(t testing.TB, db *testdb.DB) string {
		u, err := dialect.ParseURL(db.URL)
		if err != nil {
			t.Fatal(err)
		}
		dsn, err := mysqldialect.DSN(u)
		if err != nil {
			t.Fatal(err)
		}
		return dsn
	}
	h.Oracle = dialecttest.OracleQuery(`SELECT table_name, column_name, CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END
		FROM information_schema.columns WHERE table_schema = database()`)
	dialecttest.Run(t, h)
}

// The property test compares after the suite's shared rules (diffSchema:
// rules that follow from Capabilities and the model's own equivalences) and
// then each dialect's rules below. Each rule says why the dialect stores
// something other than the model.

// normalizeSQLite is SQLite's documented normalisation for the property test.
// Rules from Capabilities, applied by the shared comparison: SQLite stores no
// comments (Comments is false); an enum is text with a CHECK, read back by its
// values, not its name (NamedEnums is false), and create_enum makes nothing;
// the inspector reports the primary key without a name (SQLite keeps none it
// can report), so the model's name is dropped. Types compare by
// Dialect.EquivalentType and defaults by NormalizeDefault. No rule of its own.
func normalizeSQLite(want, got *schema.MetaData) {}

// normalizePostgres is PostgreSQL's documented normalisation for the property
// test. Rules from the shared comparison: check conditions are compared by
// name only (the server rewrites them: "c >= 0" comes back as
// "(c >= (0)::numeric)"); defaults by NormalizeDefault (casts such as
// 'x'::character varying are stripped). No rule of its own.
func normalizePostgres(want, got *schema.MetaData) {}

// normalizeMySQL is MySQL's and MariaDB's documented normalisation for the
// property test. Rules from the shared comparison: a unique index over plain
// columns is one object with a unique constraint and is read back as one
// (UniqueIndexesAreConstraints); enums are inline column types, compared by
// their values (NamedEnums is false); the primary key is always called
// PRIMARY, so the model's name is dropped; the index MySQL makes for a
// foreign key is not reported by the inspector. No rule of its own.
func normalizeMySQL(want, got *schema.MetaData) {}
