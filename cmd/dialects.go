package cmd

// The dialects and inspectors compiled into the binary register themselves.
import (
	_ "github.com/retortdb/migrate/dialect/mysql"
	_ "github.com/retortdb/migrate/dialect/postgres"
	_ "github.com/retortdb/migrate/dialect/sqlite"
	_ "github.com/retortdb/migrate/inspect/mysql"
	_ "github.com/retortdb/migrate/inspect/postgres"
	_ "github.com/retortdb/migrate/inspect/sqlite"
)
