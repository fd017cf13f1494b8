package dialect

import (
	"fmt"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// Refusal is one property of the schema model that a dialect cannot write:
// the dialect's renderer refuses an op whose object sets it, rather than
// drop it. The predicates (Table … AlterColumn) that are set report whether
// an object sets the property.
type Refusal struct {
	// Property is the property as a revision file's key spells it
	// ("partition_by", "include", "deferrable").
	Property string
	// Why says why the dialect cannot keep it ("is PostgreSQL's, and MySQL
	// has no deferrable constraints").
	Why string
	// Do says what to do ("remove it, or write the DDL with an execute op").
	Do string

	Table      func(*schema.Table) bool
	Column     func(*schema.Column) bool
	Index      func(*schema.IndexDef) bool
	Unique     func(*schema.UniqueDef) bool
	ForeignKey func(*schema.ForeignKeyDef) bool
	Check      func(*schema.CheckDef) bool
	// AlterColumn reports whether an alter_column changes the property.
	AlterColumn func(*ops.AlterColumn) bool
}

// PropertyError is a model property the dialect cannot write: Object is
// what holds it ("index", "column", "foreign key"), Name the object's name
// and Property the property's key.
type PropertyError struct {
	Dialect  string
	Object   string
	Name     string
	Property string
	Why      string
	Do       string
}

// Error names the object, the property, why and what to do.
func (e *PropertyError) Error() string {
	return fmt.Sprintf("%s %q sets %s, which %s; %s", e.Object, e.Name, e.Property, e.Why, e.Do)
}

// CheckOpProperties checks every model object an op list carries (the table,
// columns and constraints of create_table, add_column's column, create_index's
// index, the create_*_constraint ops' constraints) against refusals and
// returns a *RenderError wrapping a *PropertyError for the first property set
// that d cannot write; nil when there is none. Dialects call it at the start
// of Render, so online runs and --sql scripts refuse alike.
func CheckOpProperties(d Dialect, list []ops.Op, refusals []Refusal) error {
	for i, o := range list {
		if pe := opProperty(o, refusals); pe != nil {
			pe.Dialect = d.Name()
			return &RenderError{Dialect: d.Name(), Op: i, OpName: ops.Name(o), Table: opTable(o), Err: pe}
		}
	}
	return nil
}

// opTable is the table an op concerns, for RenderError.
func opTable(o ops.Op) string {
	if ct, ok := o.(*ops.CreateTable); ok && ct.Table != nil {
		return ct.Table.Name
	}
	_, t, _ := ops.AlteredTable(o)
	return t
}

func opProperty(o ops.Op, rs []Refusal) *PropertyError {
	switch o := o.(type) {
	case *ops.CreateTable:
		if o.Table == nil {
			return nil
		}
		return tableProperty(o.Table, rs)
	case *ops.AddColumn:
		return columnProperty(o.Column, rs)
	case *ops.CreateIndex:
		return indexProperty(o.Index, rs)
	case *ops.CreateUniqueConstraint:
		return uniqueProperty(o.Unique, rs)
	case *ops.CreateForeignKey:
		return foreignKeyProperty(o.ForeignKey, rs)
	case *ops.CreateCheckConstraint:
		return checkProperty(o.Check, rs)
	case *ops.AlterColumn:
		for _, r := range rs {
			if r.AlterColumn != nil && r.AlterColumn(o) {
				return r.err("column", o.Column)
			}
		}
	}
	return nil
}

func tableProperty(t *schema.Table, rs []Refusal) *PropertyError {
	for _, r := range rs {
		if r.Table != nil && r.Table(t) {
			return r.err("table", t.Name)
		}
	}
	for _, c := range t.Columns {
		if pe := columnProperty(c, rs); pe != nil {
			return pe
		}
	}
	for _, u := range t.Uniques {
		if pe := uniqueProperty(u, rs); pe != nil {
			return pe
		}
	}
	for _, fk := range t.ForeignKeys {
		if pe := foreignKeyProperty(fk, rs); pe != nil {
			return pe
		}
	}
	for _, ck := range t.Checks {
		if pe := checkProperty(ck, rs); pe != nil {
			return pe
		}
	}
	return nil
}

func columnProperty(c *schema.Column, rs []Refusal) *PropertyError {
	for _, r := range rs {
		if c != nil && r.Column != nil && r.Column(c) {
			return r.err("column", c.Name)
		}
	}
	return nil
}

func indexProperty(ix *schema.IndexDef, rs []Refusal) *PropertyError {
	for _, r := range rs {
		if ix != nil && r.Index != nil && r.Index(ix) {
			return r.err("index", ix.Name)
		}
	}
	return nil
}

func uniqueProperty(u *schema.UniqueDef, rs []Refusal) *PropertyError {
	for _, r := range rs {
		if u != nil && r.Unique != nil && r.Unique(u) {
			return r.err("unique constraint", u.Name)
		}
	}
	return nil
}

func foreignKeyProperty(fk *schema.ForeignKeyDef, rs []Refusal) *PropertyError {
	for _, r := range rs {
		if fk != nil && r.ForeignKey != nil && r.ForeignKey(fk) {
			return r.err("foreign key", fk.Name)
		}
	}
	return nil
}

func checkProperty(ck *schema.CheckDef, rs []Refusal) *PropertyError {
	for _, r := range rs {
		if ck != nil && r.Check != nil && r.Check(ck) {
			return r.err("check constraint", ck.Name)
		}
	}
	return nil
}

func (r Refusal) err(object, name string) *PropertyError {
	return &PropertyError{Object: object, Name: name, Property: r.Property, Why: r.Why, Do: r.Do}
}

// AnySet reports whether a per-key list (an index's opclass, collation)
// holds a non-empty entry.
func AnySet(list []string) bool {
	for _, s := range list {
		if s != "" {
			return true
		}
	}
	return false
}

// RefuseUnmodelled refuses a table whose SQLite definition held what the
// model cannot (schema.Table.SQLiteUnmodelled, as an inspector read it):
// writing the table from the model would lose it. Every dialect lists it.
var RefuseUnmodelled = Refusal{
	Property: "what the model cannot hold",
	Why:      "was read from the table's SQLite definition (a column's COLLATE, an index entry's sort order or collation) and would be lost",
	Do:       "write this table with an execute op",
	Table:    func(t *schema.Table) bool { return len(t.SQLiteUnmodelled) > 0 },
}
