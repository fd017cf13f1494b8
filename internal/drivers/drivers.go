// Package drivers is the one place that pairs each database's dialect
// (dialect/postgres, dialect/mysql, dialect/sqlite: rendering and running) with
// its inspector (inspect/postgres, inspect/mysql, inspect/sqlite: reading the live
// schema back) and the URL schemes that name it. Importing it compiles all three
// databases in. Callers that have a dialect and need to read the database ask
// For; nothing else matches dialects to inspectors.
package drivers

import (
	"fmt"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/dialect/mysql"
	"github.com/retortdb/migrate/dialect/postgres"
	"github.com/retortdb/migrate/dialect/sqlite"
	"github.com/retortdb/migrate/inspect"
	mysqlinspect "github.com/retortdb/migrate/inspect/mysql"
	pginspect "github.com/retortdb/migrate/inspect/postgres"
	sqliteinspect "github.com/retortdb/migrate/inspect/sqlite"
)

// Driver is one database as migrate knows it.
type Driver struct {
	// Dialect renders ops and runs statements for the database.
	Dialect dialect.Dialect
	// Inspector reads the database's live schema.
	Inspector inspect.Inspector
	// Schemes are the URL schemes dialect.ParseURL maps to Dialect
	// ("postgresql", "postgres", "pgx" …), the canonical one first.
	Schemes []string
}

var all = []Driver{
	{Dialect: postgres.Dialect{}, Inspector: pginspect.Inspector{}, Schemes: []string{"postgresql", "postgres", "pgx"}},
	{Dialect: mysql.Dialect{}, Inspector: mysqlinspect.Inspector{}, Schemes: []string{"mysql", "mariadb"}},
	{Dialect: sqlite.Dialect{}, Inspector: sqliteinspect.Inspector{}, Schemes: []string{"sqlite", "sqlite3"}},
}

// All returns every database compiled in, PostgreSQL, MySQL/MariaDB and SQLite
// in that order. The slice is a copy.
func All() []Driver {
	return append([]Driver(nil), all...)
}

// Get returns the database whose dialect is named name ("postgresql", "mysql",
// "sqlite", as dialect.URL.Dialect holds it). An unknown name is an error listing
// the names there are.
func Get(name string) (Driver, error) {
	for _, d := range all {
		if d.Dialect.Name() == name {
			return d, nil
		}
	}
	return Driver{}, fmt.Errorf("no database %q is compiled in (have postgresql, mysql, sqlite)", name)
}

// ForURL returns the database a parsed URL names (u.Dialect).
func ForURL(u *dialect.URL) (Driver, error) {
	return Get(u.Dialect)
}

// For returns the inspector that reads what d writes. d may be a value wrapping
// one of the compiled-in dialects (a test's recorder, say): it is matched by its
// Name. A dialect with no inspector is an error naming it.
func For(d dialect.Dialect) (inspect.Inspector, error) {
	if d == nil {
		return nil, fmt.Errorf("no dialect given: cannot choose an inspector")
	}
	dr, err := Get(d.Name())
	if err != nil {
		return nil, fmt.Errorf("no inspector for dialect %q: %w", d.Name(), err)
	}
	return dr.Inspector, nil
}
