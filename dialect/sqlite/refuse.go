package sqlite

import (
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// myDo and pgDo end the messages of properties of another dialect.
const (
	myDo = "remove it for SQLite, or write this DDL with an execute op (dialects: {sqlite: …})"
	pgDo = myDo
)

// refusals are the model properties SQLite cannot write
// (dialect.CheckOpProperties): MySQL's and PostgreSQL's. Comments are not
// here: SQLite stores none, and it says so (Capabilities.Comments is false,
// so autogenerate and check never compare them; docs/sqlite.md). Partitioning
// is refused where create_table is rendered.
var refusals = []dialect.Refusal{
	{Property: "engine", Why: "is MySQL/MariaDB's, and SQLite has no storage engines", Do: myDo,
		Table: func(t *schema.Table) bool { return t.Engine != "" }},
	{Property: "collation", Why: "(a table's default collation) is MySQL/MariaDB's, and a SQLite table has none", Do: myDo,
		Table: func(t *schema.Table) bool { return t.Collation != "" }},
	{Property: "options", Why: "(table options) are MySQL/MariaDB's", Do: myDo,
		Table: func(t *schema.Table) bool { return t.Options != "" }},
	{Property: "collation", Why: "(a column's collation) is modelled for MySQL/MariaDB only, whose collation names SQLite does not have", Do: myDo,
		Column:      func(c *schema.Column) bool { return c.Collation != "" },
		AlterColumn: func(o *ops.AlterColumn) bool { return o.Collation != nil }},
	{Property: "autoincrement_kind", Why: "is PostgreSQL's (identity ALWAYS or serial), and SQLite's rowid has no such kind", Do: pgDo,
		Column: func(c *schema.Column) bool { return c.AutoincrementKind != "" }},
	{Property: "identity_start", Why: "is PostgreSQL's, and SQLite's rowid has no start", Do: pgDo,
		Column: func(c *schema.Column) bool { return c.IdentityStart != 0 }},
	{Property: "identity_increment", Why: "is PostgreSQL's, and SQLite's rowid always counts by one", Do: pgDo,
		Column: func(c *schema.Column) bool { return c.IdentityIncrement != 0 }},
	{Property: "using", Why: "is an index method, and SQLite has only B-tree indexes", Do: "remove it for SQLite, or write this DDL with an execute op (dialects: {sqlite: …})",
		Index: func(ix *schema.IndexDef) bool { return ix.Using != "" && ix.Using != "btree" }},
	{Property: "include", Why: "is PostgreSQL's, and SQLite indexes have no INCLUDE columns", Do: "add the columns to the index's key, or " + pgDo,
		Index: func(ix *schema.IndexDef) bool { return len(ix.Include) > 0 }},
	{Property: "opclass", Why: "is PostgreSQL's, and SQLite indexes have no operator classes", Do: pgDo,
		Index: func(ix *schema.IndexDef) bool { return dialect.AnySet(ix.Opclass) }},
	{Property: "collation", Why: "(a per-key index collation) is modelled for PostgreSQL only", Do: pgDo,
		Index: func(ix *schema.IndexDef) bool { return dialect.AnySet(ix.Collation) }},
	{Property: "nulls_not_distinct", Why: "is PostgreSQL's, and a SQLite unique index always lets NULLs repeat", Do: pgDo,
		Index:  func(ix *schema.IndexDef) bool { return ix.NullsNotDistinct },
		Unique: func(u *schema.UniqueDef) bool { return u.NullsNotDistinct }},
	{Property: "deferrable", Why: "is modelled for PostgreSQL only", Do: pgDo,
		Unique:     func(u *schema.UniqueDef) bool { return u.Deferrable || u.InitiallyDeferred },
		ForeignKey: func(fk *schema.ForeignKeyDef) bool { return fk.Deferrable || fk.InitiallyDeferred }},
	{Property: "match", Why: "is PostgreSQL's: SQLite parses MATCH but ignores it", Do: pgDo,
		ForeignKey: func(fk *schema.ForeignKeyDef) bool { return fk.Match != "" && fk.Match != "SIMPLE" }},
	{Property: "not_valid", Why: "is PostgreSQL's, and SQLite has no constraints that skip existing rows", Do: pgDo,
		ForeignKey: func(fk *schema.ForeignKeyDef) bool { return fk.NotValid },
		Check:      func(ck *schema.CheckDef) bool { return ck.NotValid }},
	dialect.RefuseUnmodelled,
}
