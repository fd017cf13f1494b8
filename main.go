// Command migrate is Alembic-style schema migrations for Go: autogenerate revision
// files from schema metadata declared in Go, then upgrade and downgrade databases
// (PostgreSQL, MySQL/MariaDB, SQLite) through a revision graph. See README.md.
package main

import "github.com/retortdb/migrate/cmd"

func main() { cmd.Main() }
