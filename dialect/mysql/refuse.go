package mysql

import (
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/schema"
)

// pgDo and sqliteDo end the messages of properties of another dialect.
const (
	pgDo     = "remove it for MySQL/MariaDB, or write this DDL with an execute op (dialects: {mysql: …})"
	sqliteDo = "remove it for MySQL/MariaDB (InnoDB checks column types by the SQL mode)"
)

// refusals are the model properties MySQL and MariaDB cannot write
// (dialect.CheckOpProperties): PostgreSQL's and SQLite's. Properties the
// servers keep by an equivalent are not here: a unique constraint is a
// unique index, SQLite's WITHOUT ROWID is how InnoDB stores every table (a
// B-tree on the primary key), SQLite's AUTOINCREMENT is AUTO_INCREMENT, whose
// counter InnoDB never hands out again. Partitioning (partition_by) and
// partial indexes (where) are refused where they are rendered.
var refusals = []dialect.Refusal{
	{Property: "autoincrement_kind", Why: "is PostgreSQL's (identity ALWAYS or serial), and AUTO_INCREMENT has no such kind", Do: pgDo,
		Column: func(c *schema.Column) bool { return c.AutoincrementKind != "" }},
	{Property: "identity_start", Why: "is PostgreSQL's, and AUTO_INCREMENT has no per-column start", Do: pgDo + "; the table option AUTO_INCREMENT=n sets a table's first value",
		Column: func(c *schema.Column) bool { return c.IdentityStart != 0 }},
	{Property: "identity_increment", Why: "is PostgreSQL's, and MySQL's auto_increment_increment is a server setting, not a column's", Do: pgDo,
		Column: func(c *schema.Column) bool { return c.IdentityIncrement != 0 }},
	{Property: "include", Why: "is PostgreSQL's, and MySQL/MariaDB indexes have no INCLUDE columns", Do: "add the columns to the index's key, or " + pgDo,
		Index: func(ix *schema.IndexDef) bool { return len(ix.Include) > 0 }},
	{Property: "opclass", Why: "is PostgreSQL's, and MySQL/MariaDB indexes have no operator classes", Do: pgDo,
		Index: func(ix *schema.IndexDef) bool { return dialect.AnySet(ix.Opclass) }},
	{Property: "collation", Why: "(a per-key index collation) is PostgreSQL's, and a MySQL/MariaDB index uses its columns' collations", Do: "set the column's collation instead, or " + pgDo,
		Index: func(ix *schema.IndexDef) bool { return dialect.AnySet(ix.Collation) }},
	{Property: "nulls_not_distinct", Why: "is PostgreSQL's, and a MySQL/MariaDB unique index always lets NULLs repeat", Do: pgDo,
		Index:  func(ix *schema.IndexDef) bool { return ix.NullsNotDistinct },
		Unique: func(u *schema.UniqueDef) bool { return u.NullsNotDistinct }},
	{Property: "deferrable", Why: "is PostgreSQL's, and MySQL/MariaDB check constraints at once", Do: pgDo,
		Unique:     func(u *schema.UniqueDef) bool { return u.Deferrable || u.InitiallyDeferred },
		ForeignKey: func(fk *schema.ForeignKeyDef) bool { return fk.Deferrable || fk.InitiallyDeferred }},
	{Property: "match", Why: "is PostgreSQL's: InnoDB parses MATCH FULL but ignores it", Do: pgDo,
		ForeignKey: func(fk *schema.ForeignKeyDef) bool { return fk.Match != "" && fk.Match != "SIMPLE" }},
	{Property: "not_valid", Why: "is PostgreSQL's, and MySQL/MariaDB check every row when a constraint is added", Do: pgDo,
		ForeignKey: func(fk *schema.ForeignKeyDef) bool { return fk.NotValid },
		Check:      func(ck *schema.CheckDef) bool { return ck.NotValid }},
	{Property: "sqlite_strict", Why: "is SQLite's, and MySQL/MariaDB have no STRICT tables", Do: sqliteDo,
		Table: func(t *schema.Table) bool { return t.SQLiteStrict }},
	{Property: "sqlite_autoincrement", Why: "is SQLite's, and the column is not autoincrement", Do: "set autoincrement on the column (AUTO_INCREMENT never reuses a value), or remove it",
		Column: func(c *schema.Column) bool { return c.SQLiteAutoincrement && !c.Autoincrement }},
	dialect.RefuseUnmodelled,
}
