package runner_test

import (
	"testing"

	"github.com/retortdb/migrate/dialect"

	_ "github.com/retortdb/migrate/dialect/mysql"
	_ "github.com/retortdb/migrate/dialect/postgres"
	_ "github.com/retortdb/migrate/dialect/sqlite"
)

// offDialect returns the registered dialect name.
func offDialect(t *testing.T, name string) dialect.Dialect {
	t.Helper()
	d, err := dialect.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
