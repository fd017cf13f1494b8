package ops

import (
	"errors"
	"fmt"

	"github.com/retortdb/migrate/schema"
)

// ErrNotFound is wrapped by Apply's error when an op names a table, column,
// index, constraint or enum that the model does not have.
var ErrNotFound = errors.New("not found")

// ErrExists is wrapped by Apply's error when an op creates something that the
// model already has.
var ErrExists = errors.New("already exists")

// Apply changes the schema model m as running o against a database would, so
// that offline rendering knows the schema at every revision (Alembic keeps no
// such model; this mirrors what the database itself does). Dropping a column
// also drops the primary key, foreign keys, unique constraints and indexes
// that use it; renaming a table or a column follows through foreign keys that
// refer to it. Execute and BulkInsert change nothing. m is changed in place and
// shares nothing with o afterwards.
//
// The error names the op and the missing (wraps ErrNotFound) or duplicate
// (wraps ErrExists) object; m is left unchanged when Apply fails.
func Apply(m *schema.MetaData, o Op) error {
	if m == nil {
		return fmt.Errorf("%s: no schema model to apply it to", Name(o))
	}
	if err := applyOp(m, o); err != nil {
		return fmt.Errorf("%s: %w", Name(o), err)
	}
	return nil
}

func applyQual(schemaName, name string) string {
	if schemaName != "" {
		return fmt.Sprintf("%q.%q", schemaName, name)
	}
	return fmt.Sprintf("%q", name)
}

func applyTable(m *schema.MetaData, schemaName, name string) (*schema.Table, error) {
	t := schema.LookupTable(m, schemaName, name)
	if t == nil {
		return nil, fmt.Errorf("table %s: %w", applyQual(schemaName, name), ErrNotFound)
	}
	return t, nil
}

func applyColumn(t *schema.Table, name string) (*schema.Column, error) {
	c := t.FindColumn(name)
	if c == nil {
		return nil, fmt.Errorf("column %q of table %s: %w", name, applyQual(t.Schema, t.Name), ErrNotFound)
	}
	return c, nil
}

func applyOp(m *schema.MetaData, o Op) error {
	switch o := o.(type) {
	case *CreateTable:
		return applyCreateTable(m, o)
	case *DropTable:
		if _, err := applyTable(m, o.Schema, o.Name); err != nil {
			return err
		}
		schema.RemoveTable(m, o.Schema, o.Name)
		return nil
	case *RenameTable:
		return applyRenameTable(m, o)
	case *AddColumn:
		return applyAddColumn(m, o)
	case *DropColumn:
		return applyDropColumn(m, o)
	case *AlterColumn:
		return applyAlterColumn(m, o)
	case *CreateIndex, *DropIndex:
		return applyIndexOp(m, o)
	case *CreateUniqueConstraint, *CreateForeignKey, *CreateCheckConstraint, *CreatePrimaryKey:
		return applyCreateConstraint(m, o)
	case *DropConstraint:
		return applyDropConstraint(m, o)
	case *CreateTableComment:
		t, err := applyTable(m, o.Schema, o.Table)
		if err != nil {
			return err
		}
		t.Comment = o.Comment
		return nil
	case *DropTableComment:
		t, err := applyTable(m, o.Schema, o.Table)
		if err != nil {
			return err
		}
		t.Comment = ""
		return nil
	case *CreateEnum, *DropEnum, *AddEnumValue:
		return applyEnumOp(m, o)
	case *Execute, *BulkInsert:
		return nil
	case nil:
		return errors.New("nil operation")
	}
	return fmt.Errorf("unknown operation %T", o)
}

// applyRemove returns list without the items for which drop is true.
func applyRemove[T any](list []T, drop func(T) bool) []T {
	out := list[:0:0]
	for _, x := range list {
		if !drop(x) {
			out = append(out, x)
		}
	}
	return out
}

func applyContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func applyRenameIn(list []string, from, to string) {
	for i, x := range list {
		if x == from {
			list[i] = to
		}
	}
}
