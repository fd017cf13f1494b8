package schema

// MetaData is a whole schema: its tables and its named enum types, in declaration
// (or inspection) order. The zero value is an empty, valid schema.
type MetaData struct {
	// Tables are the tables, in declaration order for declared metadata and in
	// name order for inspected metadata.
	Tables []*Table `json:"tables"`
	// Enums are named enum types (PostgreSQL's CREATE TYPE … AS ENUM). Declared
	// metadata collects here every Enum type used by a column, once per name.
	Enums []*EnumDef `json:"enums,omitempty"`
	// NamingConvention names unnamed constraints and indexes; nil leaves them unnamed.
	NamingConvention NamingConvention `json:"naming_convention,omitempty"`
	// Views holds the names of views and other relations that an inspector read but
	// that autogenerate must never propose to drop. Declared metadata leaves it empty.
	Views []string `json:"views,omitempty"`
	// Objects are the database objects defined by SQL (extensions, schemas,
	// sequences, views, functions, triggers, domains, …; see ObjectDef), in
	// declaration order for declared metadata and in dependency order for
	// inspected metadata.
	Objects []*ObjectDef `json:"objects,omitempty"`
	// ManagedKinds lists object kinds autogenerate compares even when Objects
	// holds none of them, so that removing the last view proposes dropping it
	// (see ManageObjects). Kinds of Objects are always compared.
	ManagedKinds []string `json:"managed_kinds,omitempty"`
}

// Table is one table: columns in order, keys, constraints and indexes.
type Table struct {
	Name        string           `json:"name"`
	Schema      string           `json:"schema,omitempty"`
	Columns     []*Column        `json:"columns"`
	PrimaryKey  *PrimaryKeyDef   `json:"primary_key,omitempty"`
	ForeignKeys []*ForeignKeyDef `json:"foreign_keys,omitempty"`
	Uniques     []*UniqueDef     `json:"unique_constraints,omitempty"`
	Checks      []*CheckDef      `json:"check_constraints,omitempty"`
	Indexes     []*IndexDef      `json:"indexes,omitempty"`
	Comment     string           `json:"comment,omitempty"`
	// RenamedFrom is the name the table had before (declared metadata only;
	// TableBuilder.RenamedFrom): autogenerate proposes rename_table when the
	// live schema still has a table of that name and none of this one.
	RenamedFrom string `json:"renamed_from,omitempty"`
	// Triggers are the table's triggers as an inspector read them (SQLite), so a
	// table rebuild can re-create them; declared metadata leaves it empty and
	// autogenerate does not compare triggers.
	Triggers []*TriggerDef `json:"triggers,omitempty"`

	// PostgreSQL only.

	// PartitionBy makes the table partitioned: the partition key as CREATE
	// TABLE … PARTITION BY takes it ("RANGE (payment_date)", "LIST (region)",
	// "HASH (id)"). Its partitions are tables of their own, each attached by
	// an ObjectDef of kind partition. "" is an ordinary table.
	PartitionBy string `json:"partition_by,omitempty"`

	// MySQL/MariaDB table options. "" means not declared: the table gets the
	// server's (or database's) default and autogenerate does not compare it.
	//
	// Engine is the storage engine as the server spells it ("InnoDB", "MyISAM").
	Engine string `json:"engine,omitempty"`
	// Collation is the table's default collation ("utf8mb4_unicode_ci"); its
	// character set is the collation's.
	Collation string `json:"collation,omitempty"`
	// Options holds the other table options as SHOW CREATE TABLE writes them after
	// the character set, upper-case names, space-separated
	// ("ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=8"); the COMMENT and the
	// AUTO_INCREMENT counter are not options here.
	Options string `json:"options,omitempty"`

	// SQLite only.

	// SQLiteStrict makes the table a STRICT table: every column must have one
	// of SQLite's strict types (INT, INTEGER, REAL, TEXT, BLOB, ANY) and values
	// are checked against it (https://sqlite.org/stricttables.html). Other
	// dialects ignore it.
	SQLiteStrict bool `json:"sqlite_strict,omitempty"`
	// SQLiteWithoutRowid makes the table a WITHOUT ROWID table, stored as a
	// B-tree on its primary key, which it must have
	// (https://sqlite.org/withoutrowid.html). Other dialects ignore it.
	SQLiteWithoutRowid bool `json:"sqlite_without_rowid,omitempty"`

	// SQLiteUnmodelled lists, one phrase each, what an inspector saw in the
	// table's SQLite definition that the model cannot hold (a column's
	// COLLATE, an index entry's sort order or collation). The SQLite dialect refuses to rebuild such a table, and
	// GoSource refuses to write it, rather than drop them. Declared metadata
	// leaves it empty.
	SQLiteUnmodelled []string `json:"sqlite_unmodelled,omitempty"`
}

// TriggerDef is a trigger: its name and its full CREATE TRIGGER statement.
type TriggerDef struct {
	Name string `json:"name"`
	SQL  string `json:"sql"`
}

// Column is one column of a table.
type Column struct {
	Name string `json:"name"`
	Type Type   `json:"type"`
	// Nullable is true when the column accepts NULL (SQL's default).
	Nullable bool `json:"nullable"`
	// Default is the server default as an SQL expression exactly as it would follow
	// DEFAULT in DDL ("'draft'", "0", "CURRENT_TIMESTAMP", "true"); nil means none.
	Default *string `json:"server_default,omitempty"`
	// Autoincrement is true for a column whose values the database generates
	// (identity/serial, AUTO_INCREMENT, SQLite's INTEGER PRIMARY KEY).
	Autoincrement bool   `json:"autoincrement,omitempty"`
	Comment       string `json:"comment,omitempty"`
	// RenamedFrom is the name the column had before (declared metadata only;
	// ColumnBuilder.RenamedFrom): autogenerate proposes alter_column with
	// new_name when the live table still has a column of that name and none
	// of this one.
	RenamedFrom string `json:"renamed_from,omitempty"`

	// PostgreSQL details; their zero values are the defaults every dialect has.

	// AutoincrementKind says how PostgreSQL generates an Autoincrement
	// column's values: "" for an identity column GENERATED BY DEFAULT,
	// AutoincrementAlways for GENERATED ALWAYS, AutoincrementSerial for
	// serial (an owned sequence and a nextval default). Other dialects ignore it.
	AutoincrementKind string `json:"autoincrement_kind,omitempty"`
	// IdentityStart and IdentityIncrement are the START WITH and INCREMENT BY
	// of a PostgreSQL identity column's sequence (an Autoincrement column whose
	// AutoincrementKind is "" or AutoincrementAlways); 0 means the default
	// (START 1, or -1 for a negative increment; INCREMENT 1). The sequence's
	// other options keep their defaults. Other dialects ignore them.
	IdentityStart     int64 `json:"identity_start,omitempty"`
	IdentityIncrement int64 `json:"identity_increment,omitempty"`

	// Generated, when set, makes the column a generated column: its value is
	// computed from an expression over the row's other columns and cannot be
	// written (GENERATED ALWAYS AS (expr) on PostgreSQL, MySQL/MariaDB and
	// SQLite). A generated column has no server default and no autoincrement.
	Generated *GeneratedDef `json:"generated,omitempty"`

	// MySQL/MariaDB column options.
	//
	// Collation is the column's collation when it is not its table's default
	// ("utf8mb3_bin"); its character set is the collation's. "" means the table's
	// default collation.
	Collation string `json:"collation,omitempty"`

	// SQLite only.

	// SQLiteAutoincrement is true for SQLite's INTEGER PRIMARY KEY AUTOINCREMENT:
	// the column is a single-column integer primary key (a rowid alias) whose
	// values are never handed out again once used, SQLite keeping the highest
	// one in sqlite_sequence. Other dialects ignore it.
	SQLiteAutoincrement bool `json:"sqlite_autoincrement,omitempty"`
}

// GeneratedDef is a generated column's expression and its storage.
type GeneratedDef struct {
	// Expr is the SQL expression without the surrounding AS ( … ), as the
	// server stores it for inspected metadata.
	Expr string `json:"expr"`
	// Stored makes the value computed on write and stored (STORED; MariaDB
	// also says PERSISTENT); false is VIRTUAL, computed on read. PostgreSQL
	// (up to 17) has only stored generated columns; SQLite cannot add a stored
	// one with ALTER TABLE (the table is rebuilt).
	Stored bool `json:"stored,omitempty"`
}

// Values of Column.AutoincrementKind.
const (
	// AutoincrementSerial is a serial, bigserial or smallserial column.
	AutoincrementSerial = "serial"
	// AutoincrementAlways is an identity column GENERATED ALWAYS.
	AutoincrementAlways = "always"
)

// PrimaryKeyDef is a table's primary key.
type PrimaryKeyDef struct {
	Name    string   `json:"name,omitempty"`
	Columns []string `json:"columns"`
}

// ForeignKeyDef is a foreign key from Columns of the owning table to RefColumns of
// RefTable. OnDelete and OnUpdate hold the SQL action in upper case ("CASCADE",
// "SET NULL", "RESTRICT", "SET DEFAULT"); "" and "NO ACTION" both mean no action.
type ForeignKeyDef struct {
	Name       string   `json:"name,omitempty"`
	Columns    []string `json:"columns"`
	RefSchema  string   `json:"ref_schema,omitempty"`
	RefTable   string   `json:"ref_table"`
	RefColumns []string `json:"ref_columns"`
	OnDelete   string   `json:"on_delete,omitempty"`
	OnUpdate   string   `json:"on_update,omitempty"`
	// RenamedFrom is the name it had before (declared metadata only;
	// RenamedConstraint): autogenerate proposes rename_constraint when the
	// live table still has a constraint of that name and none of this one.
	RenamedFrom string `json:"renamed_from,omitempty"`

	// PostgreSQL details; their zero values are the defaults every dialect has.

	// Match is the MATCH type in upper case: "FULL", or "" for MATCH SIMPLE
	// (the default; "SIMPLE" means the same).
	Match string `json:"match,omitempty"`
	// Deferrable makes the key DEFERRABLE; InitiallyDeferred adds INITIALLY
	// DEFERRED (and implies Deferrable).
	Deferrable        bool `json:"deferrable,omitempty"`
	InitiallyDeferred bool `json:"initially_deferred,omitempty"`
	// NotValid marks a key added NOT VALID: existing rows were not checked.
	// A validate_constraint op validates it.
	NotValid bool `json:"not_valid,omitempty"`
}

// UniqueDef is a UNIQUE constraint (as opposed to a unique index, an IndexDef with
// Unique set).
type UniqueDef struct {
	Name    string   `json:"name,omitempty"`
	Columns []string `json:"columns"`
	// RenamedFrom is the name it had before (declared metadata only;
	// RenamedConstraint): autogenerate proposes rename_constraint when the
	// live table still has a constraint of that name and none of this one.
	RenamedFrom string `json:"renamed_from,omitempty"`

	// PostgreSQL details; their zero values are the defaults every dialect has.

	// NullsNotDistinct makes NULLs equal to each other for uniqueness
	// (UNIQUE NULLS NOT DISTINCT, PostgreSQL 15 and later).
	NullsNotDistinct bool `json:"nulls_not_distinct,omitempty"`
	// Deferrable makes the constraint DEFERRABLE; InitiallyDeferred adds
	// INITIALLY DEFERRED (and implies Deferrable).
	Deferrable        bool `json:"deferrable,omitempty"`
	InitiallyDeferred bool `json:"initially_deferred,omitempty"`
}

// CheckDef is a CHECK constraint; Expr is the SQL condition without the
// surrounding CHECK ( … ).
type CheckDef struct {
	Name string `json:"name,omitempty"`
	Expr string `json:"condition"`
	// RenamedFrom is the name it had before (declared metadata only;
	// RenamedConstraint): autogenerate proposes rename_constraint when the
	// live table still has a constraint of that name and none of this one.
	RenamedFrom string `json:"renamed_from,omitempty"`

	// NotValid marks a PostgreSQL CHECK added NOT VALID: existing rows were not
	// checked. A validate_constraint op validates it.
	NotValid bool `json:"not_valid,omitempty"`
}

// IndexDef is an index. Columns holds column names, or SQL expressions for an
// expression index; Where holds the predicate of a partial index ("" for none).
// The remaining fields are index details; their zero values mean the database's
// default, so an index declared without them is a plain ascending B-tree index.
type IndexDef struct {
	Name    string   `json:"name,omitempty"`
	Columns []string `json:"columns"`
	Unique  bool     `json:"unique,omitempty"`
	Where   string   `json:"where,omitempty"`
	// RenamedFrom is the name the index had before (declared metadata only;
	// IndexBuilder.RenamedFrom): autogenerate proposes rename_index when the
	// live table still has an index of that name and none of this one.
	RenamedFrom string `json:"renamed_from,omitempty"`
	// Using is the index method in lower case ("btree", "hash", "gin", "gist",
	// "brin", "spgist"); "" means the default, btree.
	Using string `json:"using,omitempty"`
	// Include lists non-key columns stored in the index (INCLUDE (…)).
	Include []string `json:"include,omitempty"`
	// Opclass holds, parallel to Columns, each key's operator class
	// ("text_pattern_ops", "jsonb_path_ops"); "" or a missing entry means the
	// default class of the key's type.
	Opclass []string `json:"opclass,omitempty"`
	// Order holds, parallel to Columns, each key's ordering in upper case:
	// "DESC", "NULLS FIRST", "DESC NULLS LAST"; "" or a missing entry means ASC
	// with the default NULLS placement (ASC NULLS LAST, DESC NULLS FIRST).
	Order []string `json:"order,omitempty"`

	// PostgreSQL details; their zero values are the defaults every dialect has.

	// NullsNotDistinct makes NULLs equal to each other in a unique index
	// (NULLS NOT DISTINCT, PostgreSQL 15 and later).
	NullsNotDistinct bool `json:"nulls_not_distinct,omitempty"`
	// Collation holds, parallel to Columns, each key's collation as a
	// (possibly schema-qualified) name without quotes ("C", "en-x-icu"); "" or
	// a missing entry means the key's own collation.
	Collation []string `json:"collation,omitempty"`
}

// EnumDef is a named enum type and its values in order.
type EnumDef struct {
	Name   string   `json:"name"`
	Schema string   `json:"schema,omitempty"`
	Values []string `json:"values"`
}

// FindTable returns the table with that name (and schema), or nil.
func (m *MetaData) FindTable(schemaName, name string) *Table {
	if m == nil {
		return nil
	}
	for _, t := range m.Tables {
		if t.Name == name && t.Schema == schemaName {
			return t
		}
	}
	return nil
}

// FindEnum returns the named enum, or nil.
func (m *MetaData) FindEnum(name string) *EnumDef {
	if m == nil {
		return nil
	}
	for _, e := range m.Enums {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// FindColumn returns the column with that name, or nil.
func (t *Table) FindColumn(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// ColumnNames returns the table's column names in order.
func (t *Table) ColumnNames() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

// Clone returns a deep copy of the table.
func (t *Table) Clone() *Table {
	if t == nil {
		return nil
	}
	c := *t
	c.Columns = make([]*Column, len(t.Columns))
	for i, col := range t.Columns {
		c.Columns[i] = col.Clone()
	}
	if t.PrimaryKey != nil {
		pk := *t.PrimaryKey
		pk.Columns = append([]string(nil), t.PrimaryKey.Columns...)
		c.PrimaryKey = &pk
	}
	c.ForeignKeys = nil
	for _, fk := range t.ForeignKeys {
		f := *fk
		f.Columns = append([]string(nil), fk.Columns...)
		f.RefColumns = append([]string(nil), fk.RefColumns...)
		c.ForeignKeys = append(c.ForeignKeys, &f)
	}
	c.Uniques = nil
	for _, u := range t.Uniques {
		x := *u
		x.Columns = append([]string(nil), u.Columns...)
		c.Uniques = append(c.Uniques, &x)
	}
	c.Checks = nil
	for _, ck := range t.Checks {
		x := *ck
		c.Checks = append(c.Checks, &x)
	}
	c.Triggers = nil
	for _, tr := range t.Triggers {
		x := *tr
		c.Triggers = append(c.Triggers, &x)
	}
	c.Indexes = nil
	for _, ix := range t.Indexes {
		c.Indexes = append(c.Indexes, ix.Clone())
	}
	return &c
}

// Clone returns a deep copy of the index.
func (ix *IndexDef) Clone() *IndexDef {
	if ix == nil {
		return nil
	}
	x := *ix
	x.Columns = append([]string(nil), ix.Columns...)
	x.Include = cloneList(ix.Include)
	x.Opclass = cloneList(ix.Opclass)
	x.Order = cloneList(ix.Order)
	x.Collation = cloneList(ix.Collation)
	return &x
}

// cloneList copies a list, keeping nil as nil.
func cloneList(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s...)
}

// Clone returns a deep copy of the column.
func (c *Column) Clone() *Column {
	if c == nil {
		return nil
	}
	x := *c
	x.Type = c.Type.Clone()
	if c.Default != nil {
		d := *c.Default
		x.Default = &d
	}
	if c.Generated != nil {
		g := *c.Generated
		x.Generated = &g
	}
	return &x
}

// Clone returns a deep copy of m.
func (m *MetaData) Clone() *MetaData {
	if m == nil {
		return nil
	}
	out := &MetaData{NamingConvention: m.NamingConvention.clone(), Views: append([]string(nil), m.Views...)}
	out.Tables = make([]*Table, 0, len(m.Tables))
	for _, t := range m.Tables {
		out.Tables = append(out.Tables, t.Clone())
	}
	for _, e := range m.Enums {
		x := *e
		x.Values = append([]string(nil), e.Values...)
		out.Enums = append(out.Enums, &x)
	}
	for _, o := range m.Objects {
		out.Objects = append(out.Objects, o.Clone())
	}
	out.ManagedKinds = cloneList(m.ManagedKinds)
	return out
}
