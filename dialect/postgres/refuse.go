package postgres

import (
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// myDo and sqliteDo end the messages of properties of another dialect.
const (
	myDo     = "remove it for PostgreSQL, or write this DDL with an execute op (dialects: {postgresql: …})"
	sqliteDo = "remove it for PostgreSQL"
)

// refusals are the model properties PostgreSQL cannot write
// (dialect.CheckOpProperties): MySQL's and SQLite's. SQLite's AUTOINCREMENT
// on an autoincrement column is kept by its equivalent: an identity's
// sequence never hands out a value again.
var refusals = []dialect.Refusal{
	{Property: "engine", Why: "is MySQL/MariaDB's, and PostgreSQL has no storage engines", Do: myDo,
		Table: func(t *schema.Table) bool { return t.Engine != "" }},
	{Property: "collation", Why: "(a table's default collation) is MySQL/MariaDB's, and a PostgreSQL table has none", Do: myDo,
		Table: func(t *schema.Table) bool { return t.Collation != "" }},
	{Property: "options", Why: "(table options) are MySQL/MariaDB's", Do: myDo,
		Table: func(t *schema.Table) bool { return t.Options != "" }},
	{Property: "collation", Why: "(a column's collation) is modelled for MySQL/MariaDB only, whose collation names PostgreSQL does not have", Do: myDo,
		Column:      func(c *schema.Column) bool { return c.Collation != "" },
		AlterColumn: func(o *ops.AlterColumn) bool { return o.Collation != nil }},
	{Property: "sqlite_strict", Why: "is SQLite's, and PostgreSQL has no STRICT tables (its columns are always typed)", Do: sqliteDo,
		Table: func(t *schema.Table) bool { return t.SQLiteStrict }},
	{Property: "sqlite_without_rowid", Why: "is SQLite's, and a PostgreSQL table is always a heap", Do: sqliteDo,
		Table: func(t *schema.Table) bool { return t.SQLiteWithoutRowid }},
	{Property: "sqlite_autoincrement", Why: "is SQLite's, and the column is not autoincrement", Do: "set autoincrement on the column (an identity never reuses a value), or remove it",
		Column: func(c *schema.Column) bool { return c.SQLiteAutoincrement && !c.Autoincrement }},
	dialect.RefuseUnmodelled,
}
