package sqlite

import "github.com/retortdb/migrate/dialect"

// ModelsProperty reports that SQLite stores a table's STRICT and WITHOUT
// ROWID, which its inspector reads from the table's CREATE TABLE text.
func (Dialect) ModelsProperty(p dialect.Property) bool {
	return p == dialect.PropSQLiteTableOptions
}
