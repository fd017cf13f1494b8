// Package ops holds migration operations as plain data, in the manner of go/ast
// nodes: each op is a struct behind the sealed Op interface, with the keys of its
// YAML form (docs/revision-files.md) as fields. Reverse returns the op that
// undoes one. Rendering ops to SQL is the dialects' job (package dialect).
package ops

import "github.com/retortdb/migrate/schema"

// Op is one migration operation. The interface is sealed: only this package's
// types implement it, and every dialect's renderer switches over them.
type Op interface{ op() }

// CreateTable creates Table with its columns, primary key, foreign keys, unique and
// check constraints and comment. Table.Indexes is ignored: indexes are created by
// CreateIndex ops of their own.
type CreateTable struct {
	Table *schema.Table
}

// DropTable drops table Name. Existing, when set, holds the table as it was, so the
// drop can be reversed.
type DropTable struct {
	Schema   string
	Name     string
	Existing *schema.Table
	// AcknowledgeDestructive records the review of an op that loses data (see
	// DataLoss): nil when the file does not say (autogenerate writes false on
	// every such op), true once a reviewer acknowledged it. A gate such as
	// upgrade --require-acknowledged refuses such an op unless it is true.
	AcknowledgeDestructive *bool
}

// RenameTable renames table Name to NewName.
type RenameTable struct {
	Schema  string
	Name    string
	NewName string
}

// AddColumn adds Column to Table.
type AddColumn struct {
	Schema string
	Table  string
	Column *schema.Column
	// MySQL are the op's ALGORITHM= and LOCK= clauses on MySQL/MariaDB.
	MySQL MySQLOnline
}

// DropColumn drops column Column from Table. Existing, when set, holds the column
// as it was, so the drop can be reversed.
type DropColumn struct {
	Schema   string
	Table    string
	Column   string
	Existing *schema.Column
	// AcknowledgeDestructive records the review of an op that loses data (see
	// DataLoss): nil when the file does not say (autogenerate writes false on
	// every such op), true once a reviewer acknowledged it. A gate such as
	// upgrade --require-acknowledged refuses such an op unless it is true.
	AcknowledgeDestructive *bool
	// MySQL are the op's ALGORITHM= and LOCK= clauses on MySQL/MariaDB.
	MySQL MySQLOnline
}

// Change is a new value for an attribute that may be set or removed: a nil Value
// removes it (drops the server default, clears the comment).
type Change struct {
	Value *string
}

// AlterColumn changes column Column of Table. Each nil field is left as it is.
// The Existing* fields describe the column before the change: autogenerate always
// fills them, dialects that must restate a whole column definition (MySQL) need
// them, and Reverse uses them.
type AlterColumn struct {
	Schema        string
	Table         string
	Column        string
	Nullable      *bool
	Type          *schema.Type
	ServerDefault *Change
	Comment       *Change
	NewName       string
	// Collation changes the column's collation (MySQL/MariaDB); a nil Value
	// returns it to its table's default.
	Collation *Change

	ExistingType          *schema.Type
	ExistingNullable      *bool
	ExistingServerDefault *string
	ExistingComment       *string
	ExistingAutoincrement *bool
	// ExistingCollation is the column's collation before the change ("" or nil:
	// its table's default).
	ExistingCollation *string
	// AcknowledgeDestructive records the review of an op that loses data (see
	// DataLoss): nil when the file does not say (autogenerate writes false on
	// every such op), true once a reviewer acknowledged it. A gate such as
	// upgrade --require-acknowledged refuses such an op unless it is true.
	AcknowledgeDestructive *bool
	// MySQL are the op's ALGORITHM= and LOCK= clauses on MySQL/MariaDB.
	MySQL MySQLOnline
}

// CreateIndex creates Index on Table. Concurrently builds it without blocking
// writes to the table (PostgreSQL's CREATE INDEX CONCURRENTLY, Alembic's
// postgresql_concurrently): the statement runs outside the revision's
// transaction. Dialects whose index builds never block writes ignore it.
type CreateIndex struct {
	Schema       string
	Table        string
	Index        *schema.IndexDef
	Concurrently bool
	// MySQL are the op's ALGORITHM= and LOCK= clauses on MySQL/MariaDB.
	MySQL MySQLOnline
}

// DropIndex drops index Name of Table. Existing, when set, holds the index as it
// was, so the drop can be reversed. Concurrently drops it without blocking reads
// and writes of the table (PostgreSQL's DROP INDEX CONCURRENTLY), outside the
// revision's transaction; other dialects ignore it.
type DropIndex struct {
	Schema       string
	Table        string
	Name         string
	Existing     *schema.IndexDef
	Concurrently bool
	// MySQL are the op's ALGORITHM= and LOCK= clauses on MySQL/MariaDB.
	MySQL MySQLOnline
}

// CreateUniqueConstraint adds Unique to Table.
type CreateUniqueConstraint struct {
	Schema string
	Table  string
	Unique *schema.UniqueDef
	// MySQL are the op's ALGORITHM= and LOCK= clauses on MySQL/MariaDB.
	MySQL MySQLOnline
}

// CreateForeignKey adds ForeignKey to Table.
type CreateForeignKey struct {
	Schema     string
	Table      string
	ForeignKey *schema.ForeignKeyDef
	// MySQL are the op's ALGORITHM= and LOCK= clauses on MySQL/MariaDB.
	MySQL MySQLOnline
}

// CreateCheckConstraint adds Check to Table.
type CreateCheckConstraint struct {
	Schema string
	Table  string
	Check  *schema.CheckDef
	// MySQL are the op's ALGORITHM= and LOCK= clauses on MySQL/MariaDB.
	MySQL MySQLOnline
}

// CreatePrimaryKey adds PrimaryKey to Table.
type CreatePrimaryKey struct {
	Schema     string
	Table      string
	PrimaryKey *schema.PrimaryKeyDef
	// MySQL are the op's ALGORITHM= and LOCK= clauses on MySQL/MariaDB.
	MySQL MySQLOnline
}

// Constraint kinds, as written in drop_constraint's type key.
const (
	ConstraintForeignKey = "foreignkey"
	ConstraintUnique     = "unique"
	ConstraintCheck      = "check"
	ConstraintPrimary    = "primary"
)

// DropConstraint drops constraint Name of Table; Type is one of the Constraint*
// kinds. Exactly one of the Existing* fields, when set, holds the constraint as it
// was, so the drop can be reversed.
type DropConstraint struct {
	Schema string
	Table  string
	Name   string
	Type   string

	ExistingForeignKey *schema.ForeignKeyDef
	ExistingUnique     *schema.UniqueDef
	ExistingCheck      *schema.CheckDef
	ExistingPrimaryKey *schema.PrimaryKeyDef
	// MySQL are the op's ALGORITHM= and LOCK= clauses on MySQL/MariaDB.
	MySQL MySQLOnline
}

// CreateTableComment sets Table's comment to Comment. ExistingComment is the
// comment it replaces ("" for none).
type CreateTableComment struct {
	Schema          string
	Table           string
	Comment         string
	ExistingComment string
}

// DropTableComment removes Table's comment; ExistingComment is the comment removed.
type DropTableComment struct {
	Schema          string
	Table           string
	ExistingComment string
}

// CreateEnum creates the named enum type (a no-op on dialects whose enums are
// inline column types).
type CreateEnum struct {
	Schema string
	Name   string
	Values []string
}

// DropEnum drops the named enum type; Values, when set, allow the reverse.
type DropEnum struct {
	Schema string
	Name   string
	Values []string
}

// AddEnumValue adds Value to an existing enum type, after After ("" appends).
type AddEnumValue struct {
	Schema string
	Name   string
	Value  string
	After  string
}

// DropEnumValue removes Value from an existing enum type: the reverse of
// add_enum_value. After, when set, records the value it followed, so that the
// reverse of a drop_enum_value puts it back in its place. A dialect whose enum
// values live on the columns renders nothing; PostgreSQL rebuilds the type and
// refuses when a row holds Value (see dialect/postgres).
type DropEnumValue struct {
	Schema string
	Name   string
	Value  string
	After  string
	// AcknowledgeDestructive records the review of an op that loses data (see
	// DataLoss): nil when the file does not say (autogenerate writes false on
	// every such op), true once a reviewer acknowledged it. A gate such as
	// upgrade --require-acknowledged refuses such an op unless it is true.
	AcknowledgeDestructive *bool
}

// Execute runs raw SQL: SQL on every dialect, or Dialects[name] where present
// (keys "postgresql", "mysql", "sqlite"). A dialect with neither is an error.
type Execute struct {
	SQL      string
	Dialects map[string]string
}

// BulkInsert inserts Rows into Table. Columns lists the column names in the order
// they first appear in the rows; a row without a column inserts NULL there. Values
// are nil, bool, int64, float64, string or []byte.
type BulkInsert struct {
	Schema  string
	Table   string
	Columns []string
	Rows    []map[string]any
}

// ValidateConstraint validates constraint Name of Table, a foreign key or a
// CHECK added NOT VALID (PostgreSQL's ALTER TABLE … VALIDATE CONSTRAINT): the
// rows already there are checked and the constraint is marked valid. Its
// reverse is nothing: a downgrade leaves the constraint valid, which every
// row already satisfies.
type ValidateConstraint struct {
	Schema string
	Table  string
	Name   string
}

func (*ValidateConstraint) op()     {}
func (*CreateTable) op()            {}
func (*DropTable) op()              {}
func (*RenameTable) op()            {}
func (*AddColumn) op()              {}
func (*DropColumn) op()             {}
func (*AlterColumn) op()            {}
func (*CreateIndex) op()            {}
func (*DropIndex) op()              {}
func (*CreateUniqueConstraint) op() {}
func (*CreateForeignKey) op()       {}
func (*CreateCheckConstraint) op()  {}
func (*CreatePrimaryKey) op()       {}
func (*DropConstraint) op()         {}
func (*CreateTableComment) op()     {}
func (*DropTableComment) op()       {}
func (*CreateEnum) op()             {}
func (*DropEnum) op()               {}
func (*AddEnumValue) op()           {}
func (*DropEnumValue) op()          {}
func (*Execute) op()                {}
func (*BulkInsert) op()             {}

// Name returns the op's YAML key ("create_table", "add_column", …).
func Name(o Op) string {
	switch o.(type) {
	case *CreateTable:
		return "create_table"
	case *DropTable:
		return "drop_table"
	case *RenameTable:
		return "rename_table"
	case *RenameIndex:
		return "rename_index"
	case *RenameConstraint:
		return "rename_constraint"
	case *AddColumn:
		return "add_column"
	case *DropColumn:
		return "drop_column"
	case *AlterColumn:
		return "alter_column"
	case *CreateIndex:
		return "create_index"
	case *DropIndex:
		return "drop_index"
	case *CreateUniqueConstraint:
		return "create_unique_constraint"
	case *CreateForeignKey:
		return "create_foreign_key"
	case *CreateCheckConstraint:
		return "create_check_constraint"
	case *CreatePrimaryKey:
		return "create_primary_key"
	case *DropConstraint:
		return "drop_constraint"
	case *ValidateConstraint:
		return "validate_constraint"
	case *CreateTableComment:
		return "create_table_comment"
	case *DropTableComment:
		return "drop_table_comment"
	case *CreateEnum:
		return "create_enum"
	case *DropEnum:
		return "drop_enum"
	case *AddEnumValue:
		return "add_enum_value"
	case *DropEnumValue:
		return "drop_enum_value"
	case *Execute:
		return "execute"
	case *BulkInsert:
		return "bulk_insert"
	case *GoStep:
		return "go"
	}
	if n := objectOpName(o); n != "" {
		return n
	}
	return "unknown"
}
