package schema

import (
	"errors"
	"fmt"
	"strings"
	"sync"
)

// Option configures a MetaData made by NewMetaData.
type Option func(*MetaData)

// WithNamingConvention names unnamed constraints and indexes with nc (see
// NamingConvention). Names given explicitly are always kept as written.
func WithNamingConvention(nc NamingConvention) Option {
	return func(m *MetaData) { m.NamingConvention = nc.clone() }
}

// NewMetaData returns an empty schema. An empty MetaData is valid: autogenerate
// then proposes dropping every table.
func NewMetaData(opts ...Option) *MetaData {
	m := &MetaData{}
	for _, o := range opts {
		o(m)
	}
	return m
}

// declErrs collects declaration mistakes per MetaData; Validate reports them.
// Kept outside the struct so that MetaData stays plain data with a clean JSON form.
var (
	declMu   sync.Mutex
	declErrs = map[*MetaData][]error{}
)

func (m *MetaData) fail(format string, args ...any) {
	declMu.Lock()
	defer declMu.Unlock()
	declErrs[m] = append(declErrs[m], fmt.Errorf(format, args...))
}

// TableItem is anything that can be listed in MetaData.Table: a column (Col), an
// index (Index), a constraint (UniqueConstraint, Check, PrimaryKeyConstraint,
// ForeignKey).
type TableItem interface {
	addTo(b *tableBuild)
}

type tableBuild struct {
	m       *MetaData
	t       *Table
	pkCols  []string
	pkName  string
	pending []func()
	// nullable holds the columns declared with an explicit Nullable(), which a
	// primary key leaves nullable.
	nullable map[string]bool
	// renames holds RenamedConstraint hints: {name, old name}.
	renames [][2]string
}

// TableBuilder is what MetaData.Table returns: a handle on the declared table that
// allows table-level settings such as Comment.
type TableBuilder struct {
	t *Table
}

// Table returns the declared table model.
func (b *TableBuilder) Table() *Table { return b.t }

// Name returns the table's name.
func (b *TableBuilder) Name() string { return b.t.Name }

// Comment sets the table's comment and returns the builder.
func (b *TableBuilder) Comment(text string) *TableBuilder {
	b.t.Comment = text
	return b
}

// Engine sets the table's storage engine (MySQL/MariaDB: "InnoDB") and returns
// the builder.
func (b *TableBuilder) Engine(name string) *TableBuilder {
	b.t.Engine = name
	return b
}

// Collation sets the table's default collation (MySQL/MariaDB:
// "utf8mb4_unicode_ci", which also sets the character set) and returns the
// builder.
func (b *TableBuilder) Collation(name string) *TableBuilder {
	b.t.Collation = name
	return b
}

// Options sets the table's other options as MySQL/MariaDB writes them
// ("ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=8") and returns the builder.
func (b *TableBuilder) Options(text string) *TableBuilder {
	b.t.Options = text
	return b
}

// Table declares a table named name (or "schema.name") with the given columns,
// indexes and constraints, adds it to m and returns a handle on it. Mistakes such
// as a duplicate column or a key on a missing column are reported by Validate.
func (m *MetaData) Table(name string, items ...TableItem) *TableBuilder {
	t := &Table{Name: name}
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		t.Schema, t.Name = name[:i], name[i+1:]
	}
	if t.Name == "" {
		m.fail("a table has an empty name")
	}
	b := &tableBuild{m: m, t: t}
	for _, it := range items {
		if it == nil {
			m.fail("table %q: nil item", name)
			continue
		}
		it.addTo(b)
	}
	if len(b.pkCols) > 0 {
		if t.PrimaryKey != nil {
			m.fail("table %q: primary key declared both on columns and with PrimaryKeyConstraint", name)
		} else {
			t.PrimaryKey = &PrimaryKeyDef{Name: b.pkName, Columns: b.pkCols}
		}
	}
	for _, f := range b.pending {
		f()
	}
	m.Tables = append(m.Tables, t)
	m.applyNaming(t)
	b.applyRenames()
	return &TableBuilder{t: t}
}

// Validate reports every mistake made while declaring m, joined, or nil. Each
// names the table and the column, index or constraint at fault.
func (m *MetaData) Validate() error {
	declMu.Lock()
	errs := append([]error(nil), declErrs[m]...)
	declMu.Unlock()
	renamedTables := map[string]string{}
	// The tables by schema and name, the first of a name as FindTable finds it:
	// a lookup per foreign key, not a scan (5,000 tables, 5,000 keys).
	type key struct{ schema, name string }
	tables := make(map[key]*Table, len(m.Tables))
	// A table declared twice is found here, not when it is declared: a lookup
	// there would make declaring n tables take time in n².
	for _, t := range m.Tables {
		if _, ok := tables[key{t.Schema, t.Name}]; !ok {
			tables[key{t.Schema, t.Name}] = t
		} else {
			name := t.Name
			if t.Schema != "" {
				name = t.Schema + "." + t.Name
			}
			errs = append(errs, fmt.Errorf("table %q is declared twice", name))
		}
	}
	for _, t := range m.Tables {
		if t.RenamedFrom != "" {
			k := t.Schema + "." + t.RenamedFrom
			if other, dup := renamedTables[k]; dup {
				errs = append(errs, fmt.Errorf("tables %q and %q are both RenamedFrom(%q); only one table can have been called that", other, t.Name, t.RenamedFrom))
			}
			renamedTables[k] = t.Name
		}
		renamedCols := map[string]string{}
		for _, c := range t.Columns {
			if c.RenamedFrom == "" {
				continue
			}
			if other, dup := renamedCols[c.RenamedFrom]; dup {
				errs = append(errs, fmt.Errorf("table %q: columns %q and %q are both RenamedFrom(%q); only one column can have been called that", t.Name, other, c.Name, c.RenamedFrom))
			}
			renamedCols[c.RenamedFrom] = c.Name
		}
		has := map[string]bool{}
		for _, c := range t.Columns {
			if has[c.Name] {
				errs = append(errs, fmt.Errorf("table %q: column %q is declared twice", t.Name, c.Name))
			}
			has[c.Name] = true
			if c.Type.IsZero() {
				errs = append(errs, fmt.Errorf("table %q: column %q has no type", t.Name, c.Name))
			}
		}
		errs = append(errs, validateProps(t)...)
		check := func(what string, cols []string) {
			if len(cols) == 0 {
				errs = append(errs, fmt.Errorf("table %q: %s names no column", t.Name, what))
			}
			for _, c := range cols {
				if !has[c] {
					errs = append(errs, fmt.Errorf("table %q: %s names column %q, which the table does not have", t.Name, what, c))
				}
			}
		}
		if t.PrimaryKey != nil {
			check("the primary key", t.PrimaryKey.Columns)
		}
		for _, fk := range t.ForeignKeys {
			check(fmt.Sprintf("foreign key %q", fk.Name), fk.Columns)
			if len(fk.Columns) != len(fk.RefColumns) {
				errs = append(errs, fmt.Errorf("table %q: foreign key %q has %d columns but refers to %d", t.Name, fk.Name, len(fk.Columns), len(fk.RefColumns)))
			}
			if rt := tables[key{fk.RefSchema, fk.RefTable}]; rt == nil {
				errs = append(errs, fmt.Errorf("table %q: foreign key %q refers to table %q, which is not declared", t.Name, fk.Name, fk.RefTable))
			} else {
				for _, rc := range fk.RefColumns {
					if rt.FindColumn(rc) == nil {
						errs = append(errs, fmt.Errorf("table %q: foreign key %q refers to column %q.%q, which is not declared", t.Name, fk.Name, fk.RefTable, rc))
					}
				}
			}
		}
		for _, u := range t.Uniques {
			check(fmt.Sprintf("unique constraint %q", u.Name), u.Columns)
		}
		for _, ix := range t.Indexes {
			if len(ix.Columns) == 0 {
				errs = append(errs, fmt.Errorf("table %q: index %q names no column", t.Name, ix.Name))
			}
			// A key that is a plain name is a column and must be one of the
			// table's; anything else ("lower(email)", "qty + 1") is SQL.
			for _, c := range ix.Columns {
				if !has[c] && isPlainName(c) {
					errs = append(errs, fmt.Errorf("table %q: index %q names column %q, which the table does not have (an SQL expression key is written as SQL, e.g. \"lower(email)\")", t.Name, ix.Name, c))
				}
			}
			for _, c := range ix.Include {
				if !has[c] {
					errs = append(errs, fmt.Errorf("table %q: index %q includes column %q, which the table does not have", t.Name, ix.Name, c))
				}
			}
		}
	}
	errs = append(errs, m.validateObjects()...)
	return errors.Join(errs...)
}

// isPlainName reports whether s is a bare SQL name (a letter or underscore,
// then letters, digits, underscores or dollars): as an index key it can only
// name a column.
func isPlainName(s string) bool {
	for i, r := range s {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '$'):
		default:
			return false
		}
	}
	return s != ""
}

// ColumnBuilder declares one column; Col returns it and its methods chain.
type ColumnBuilder struct {
	c        Column
	pk       bool
	nullSet  bool
	autoSet  bool
	unique   bool
	index    bool
	refs     []refSpec
	autoIncr bool
}

type refSpec struct {
	target string
	opts   []FKOption
}

// Col declares a column named name of type t. It is nullable, with no server
// default, until told otherwise.
func Col(name string, t Type) *ColumnBuilder {
	return &ColumnBuilder{c: Column{Name: name, Type: t, Nullable: true}}
}

// PrimaryKey makes the column part of the table's primary key (and NOT NULL). A
// single-column integer primary key autoincrements unless Autoincrement(false).
func (b *ColumnBuilder) PrimaryKey() *ColumnBuilder { b.pk = true; b.c.Nullable = false; return b }

// NotNull makes the column NOT NULL.
func (b *ColumnBuilder) NotNull() *ColumnBuilder { b.c.Nullable = false; return b }

// Nullable makes the column accept NULL (the default). Called on a primary-key
// column (after PrimaryKey, or on a column a PrimaryKeyConstraint names), it
// keeps the column nullable: SQLite allows NULL in a primary key that is not an
// INTEGER PRIMARY KEY, and an INTEGER PRIMARY KEY may be declared without NOT
// NULL; other databases make every primary-key column NOT NULL, so there it
// shows as a change.
func (b *ColumnBuilder) Nullable() *ColumnBuilder { b.c.Nullable, b.nullSet = true, true; return b }

// SQLiteAutoincrement declares the column SQLite's INTEGER PRIMARY KEY
// AUTOINCREMENT: it autoincrements, and on SQLite a value once used is never
// handed out again. The column must be the table's only primary-key column, of
// an integer type (the SQLite dialect refuses to render it otherwise). Other
// dialects read it as Autoincrement(true).
func (b *ColumnBuilder) SQLiteAutoincrement() *ColumnBuilder {
	b.c.SQLiteAutoincrement = true
	return b.Autoincrement(true)
}

// Unique adds a single-column UNIQUE constraint, named by the naming convention.
func (b *ColumnBuilder) Unique() *ColumnBuilder { b.unique = true; return b }

// Indexed adds a single-column index, named by the naming convention.
func (b *ColumnBuilder) Indexed() *ColumnBuilder { b.index = true; return b }

// ServerDefault sets the server default to sqlExpr, an SQL expression written as it
// follows DEFAULT ("'draft'", "0", "CURRENT_TIMESTAMP", "true").
func (b *ColumnBuilder) ServerDefault(sqlExpr string) *ColumnBuilder {
	b.c.Default = &sqlExpr
	return b
}

// Autoincrement says whether the database generates the column's values.
func (b *ColumnBuilder) Autoincrement(on bool) *ColumnBuilder {
	b.autoSet, b.autoIncr = true, on
	return b
}

// Serial makes the column autoincrement as PostgreSQL's serial types do (an
// owned sequence and a nextval default) instead of as an identity column.
func (b *ColumnBuilder) Serial() *ColumnBuilder {
	b.autoSet, b.autoIncr = true, true
	b.c.AutoincrementKind = AutoincrementSerial
	return b
}

// IdentityAlways makes the column autoincrement as a PostgreSQL identity
// column GENERATED ALWAYS (values given in an INSERT are refused).
func (b *ColumnBuilder) IdentityAlways() *ColumnBuilder {
	b.autoSet, b.autoIncr = true, true
	b.c.AutoincrementKind = AutoincrementAlways
	return b
}

// Comment sets the column comment.
func (b *ColumnBuilder) Comment(text string) *ColumnBuilder { b.c.Comment = text; return b }

// Collation sets the column's collation (MySQL/MariaDB: "utf8mb3_bin", which also
// sets its character set); without it the column has its table's default.
func (b *ColumnBuilder) Collation(name string) *ColumnBuilder { b.c.Collation = name; return b }

// References adds a foreign key from this column to target, written "table.column"
// or "schema.table.column", with optional actions (OnDelete, OnUpdate).
func (b *ColumnBuilder) References(target string, opts ...FKOption) *ColumnBuilder {
	b.refs = append(b.refs, refSpec{target: target, opts: opts})
	return b
}

func (b *ColumnBuilder) addTo(tb *tableBuild) {
	c := b.c
	c.Type = c.Type.Clone()
	tb.t.Columns = append(tb.t.Columns, &c)
	if c.Type.Name == TEnum {
		tb.m.addEnum(c.Type)
	}
	if b.pk {
		tb.pkCols = append(tb.pkCols, c.Name)
	}
	if b.nullSet {
		if tb.nullable == nil {
			tb.nullable = map[string]bool{}
		}
		tb.nullable[c.Name] = true
	}
	name := c.Name
	tb.pending = append(tb.pending, func() {
		col := tb.t.FindColumn(name)
		switch {
		case b.autoSet:
			col.Autoincrement = b.autoIncr
		case b.pk && len(tb.pkCols) == 1 && isIntegerType(col.Type):
			col.Autoincrement = true
		}
	})
	if b.unique {
		tb.t.Uniques = append(tb.t.Uniques, &UniqueDef{Columns: []string{c.Name}})
	}
	if b.index {
		tb.t.Indexes = append(tb.t.Indexes, &IndexDef{Columns: []string{c.Name}})
	}
	for _, r := range b.refs {
		parts := strings.Split(r.target, ".")
		fk := &ForeignKeyDef{Columns: []string{c.Name}}
		switch len(parts) {
		case 2:
			fk.RefTable, fk.RefColumns = parts[0], []string{parts[1]}
		case 3:
			fk.RefSchema, fk.RefTable, fk.RefColumns = parts[0], parts[1], []string{parts[2]}
		default:
			tb.m.fail("table %q: column %q references %q; write \"table.column\"", tb.t.Name, c.Name, r.target)
			continue
		}
		for _, o := range r.opts {
			o(fk)
		}
		tb.t.ForeignKeys = append(tb.t.ForeignKeys, fk)
	}
}

func isIntegerType(t Type) bool {
	return t.Name == TInteger || t.Name == TBigInt || t.Name == TSmallInt
}

func (m *MetaData) addEnum(t Type) {
	if e := m.FindEnum(t.EnumName); e != nil {
		if !Enum(e.Name, e.Values...).Equal(Enum(t.EnumName, t.EnumValues...)) {
			m.fail("enum %q is declared twice with different values (%v and %v)", t.EnumName, e.Values, t.EnumValues)
		}
		return
	}
	if t.EnumName == "" {
		m.fail("an enum type has no name; write schema.Enum(\"name\", values...)")
		return
	}
	m.Enums = append(m.Enums, &EnumDef{Name: t.EnumName, Values: append([]string(nil), t.EnumValues...)})
}

// FKOption sets an action on a foreign key.
type FKOption func(*ForeignKeyDef)

// OnDelete sets the foreign key's ON DELETE action ("CASCADE", "SET NULL", …).
func OnDelete(action string) FKOption {
	return func(f *ForeignKeyDef) { f.OnDelete = strings.ToUpper(strings.TrimSpace(action)) }
}

// OnUpdate sets the foreign key's ON UPDATE action.
func OnUpdate(action string) FKOption {
	return func(f *ForeignKeyDef) { f.OnUpdate = strings.ToUpper(strings.TrimSpace(action)) }
}

// Match sets the foreign key's MATCH type ("FULL"; "SIMPLE" is the default)
// (PostgreSQL).
func Match(kind string) FKOption {
	return func(f *ForeignKeyDef) {
		f.Match = strings.ToUpper(strings.TrimSpace(kind))
		if f.Match == "SIMPLE" {
			f.Match = ""
		}
	}
}

// DeferrableFK makes the foreign key DEFERRABLE, and INITIALLY DEFERRED when
// initiallyDeferred is true (PostgreSQL).
func DeferrableFK(initiallyDeferred bool) FKOption {
	return func(f *ForeignKeyDef) { f.Deferrable, f.InitiallyDeferred = true, initiallyDeferred }
}

// NotValidFK marks the foreign key NOT VALID: it is added without checking the
// rows already there (PostgreSQL).
func NotValidFK() FKOption {
	return func(f *ForeignKeyDef) { f.NotValid = true }
}

// ConstraintName gives a foreign key an explicit name instead of the convention's.
func ConstraintName(name string) FKOption {
	return func(f *ForeignKeyDef) { f.Name = name }
}

// IndexBuilder declares an index; Index returns it.
type IndexBuilder struct{ ix IndexDef }

// Index declares an index named name ("" lets the naming convention name it) on the
// given keys: a key is a column name of the table, or an SQL expression
// ("lower(email)", "qty + 1"). A key that is a plain name (letters, digits,
// underscores) is always a column, and Validate reports one the table lacks.
func Index(name string, columns ...string) *IndexBuilder {
	return &IndexBuilder{ix: IndexDef{Name: name, Columns: append([]string(nil), columns...)}}
}

// Unique makes the index unique.
func (b *IndexBuilder) Unique() *IndexBuilder { b.ix.Unique = true; return b }

// Where makes the index partial, with the SQL predicate expr.
func (b *IndexBuilder) Where(expr string) *IndexBuilder { b.ix.Where = expr; return b }

func (b *IndexBuilder) addTo(tb *tableBuild) {
	ix := b.ix
	ix.Columns = append([]string(nil), b.ix.Columns...)
	tb.t.Indexes = append(tb.t.Indexes, &ix)
}

type constraintItem func(tb *tableBuild)

func (f constraintItem) addTo(tb *tableBuild) { f(tb) }

// UniqueConstraint declares a UNIQUE constraint named name ("" for the naming
// convention) over columns.
func UniqueConstraint(name string, columns ...string) TableItem {
	cols := append([]string(nil), columns...)
	return constraintItem(func(tb *tableBuild) {
		tb.t.Uniques = append(tb.t.Uniques, &UniqueDef{Name: name, Columns: cols})
	})
}

// UniqueOption sets a detail of a unique constraint.
type UniqueOption func(*UniqueDef)

// UniqueNullsNotDistinct makes the constraint treat NULLs as equal (UNIQUE
// NULLS NOT DISTINCT, PostgreSQL 15 and later).
func UniqueNullsNotDistinct() UniqueOption {
	return func(u *UniqueDef) { u.NullsNotDistinct = true }
}

// DeferrableUnique makes the constraint DEFERRABLE, and INITIALLY DEFERRED
// when initiallyDeferred is true (PostgreSQL).
func DeferrableUnique(initiallyDeferred bool) UniqueOption {
	return func(u *UniqueDef) { u.Deferrable, u.InitiallyDeferred = true, initiallyDeferred }
}

// UniqueConstraintWith declares a UNIQUE constraint as UniqueConstraint does,
// with details set by opts.
func UniqueConstraintWith(name string, columns []string, opts ...UniqueOption) TableItem {
	u := UniqueDef{Name: name, Columns: append([]string(nil), columns...)}
	for _, o := range opts {
		o(&u)
	}
	return constraintItem(func(tb *tableBuild) {
		x := u
		tb.t.Uniques = append(tb.t.Uniques, &x)
	})
}

// CheckNotValid declares a CHECK constraint as Check does, marked NOT VALID:
// added without checking the rows already there (PostgreSQL).
func CheckNotValid(name, sqlExpr string) TableItem {
	return constraintItem(func(tb *tableBuild) {
		tb.t.Checks = append(tb.t.Checks, &CheckDef{Name: name, Expr: sqlExpr, NotValid: true})
	})
}

// Check declares a CHECK constraint named name ("" for the naming convention) with
// the SQL condition sqlExpr.
func Check(name, sqlExpr string) TableItem {
	return constraintItem(func(tb *tableBuild) {
		tb.t.Checks = append(tb.t.Checks, &CheckDef{Name: name, Expr: sqlExpr})
	})
}

// PrimaryKeyConstraint declares the table's primary key over columns, which become
// NOT NULL. Use it for composite keys.
func PrimaryKeyConstraint(columns ...string) TableItem {
	cols := append([]string(nil), columns...)
	return constraintItem(func(tb *tableBuild) {
		if tb.t.PrimaryKey != nil {
			tb.m.fail("table %q: PrimaryKeyConstraint given twice", tb.t.Name)
		}
		tb.t.PrimaryKey = &PrimaryKeyDef{Columns: cols}
		tb.pending = append(tb.pending, func() {
			for _, c := range cols {
				if col := tb.t.FindColumn(c); col != nil && !tb.nullable[c] {
					col.Nullable = false
				}
			}
		})
	})
}

// ForeignKey declares a (possibly composite) foreign key from columns to refColumns
// of refTable ("table" or "schema.table"), with optional actions.
func ForeignKey(columns []string, refTable string, refColumns []string, opts ...FKOption) TableItem {
	fk := ForeignKeyDef{Columns: append([]string(nil), columns...), RefTable: refTable, RefColumns: append([]string(nil), refColumns...)}
	if i := strings.LastIndexByte(refTable, '.'); i > 0 {
		fk.RefSchema, fk.RefTable = refTable[:i], refTable[i+1:]
	}
	for _, o := range opts {
		o(&fk)
	}
	return constraintItem(func(tb *tableBuild) {
		f := fk
		tb.t.ForeignKeys = append(tb.t.ForeignKeys, &f)
	})
}

// NamedPrimaryKey declares the table's primary key with an explicit constraint
// name, over columns, which become NOT NULL. `migrate inspect --format go` writes it
// to keep a database's own key names.
func NamedPrimaryKey(name string, columns ...string) TableItem {
	inner := PrimaryKeyConstraint(columns...)
	return constraintItem(func(tb *tableBuild) {
		inner.addTo(tb)
		tb.t.PrimaryKey.Name = name
	})
}

// DeclareEnum declares a named enum type that no column needs to use, so that
// autogenerate keeps (or creates) it. Enums used by columns are collected
// automatically.
func (m *MetaData) DeclareEnum(name string, values ...string) {
	m.addEnum(Enum(name, values...))
}
