package mysql

import (
	"fmt"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
)

var _ dialect.ModelExtender = Dialect{}

// ApplyModel changes m as running o on MySQL or MariaDB does (see
// dialect.ModelExtender): ops.Apply's semantics, except that an op on one
// table goes through the same MySQL steps rendering uses within one list of
// ops (a dropped column leaves the keys it was one of several columns of on
// the remaining ones; drop_constraint of a unique constraint drops its index;
// a primary key is dropped whatever name the op gives; a renamed column
// follows into prefix key parts), and a rename then follows into the foreign
// keys of other tables as ops.Apply does. The error names the op and wraps
// ops.ErrNotFound or ops.ErrExists; m is left unchanged when it fails.
func (Dialect) ApplyModel(m *ops.Model, o ops.Op) error {
	if !ownKeySteps(o) {
		return m.Apply(o)
	}
	sch, name, _ := ops.AlteredTable(o)
	t := m.Table(sch, name)
	if t == nil {
		return m.Apply(o) // ops' own error for the missing table
	}
	// applyTable may change t in part before ops.ApplyTable refuses; work on a
	// copy so that m is left unchanged on error.
	c := t.Clone()
	if err := applyTable(c, o); err != nil {
		return fmt.Errorf("%s: %w", ops.Name(o), err)
	}
	*t = *c
	if a, ok := o.(*ops.AlterColumn); ok && a.NewName != "" && a.NewName != a.Column {
		for _, x := range m.MetaData().Tables {
			if x != t {
				ops.FollowRefs(x, o)
			}
		}
	}
	return nil
}

// ownKeySteps reports whether applyTable treats o differently from
// ops.ApplyTable: drop_column, drop_constraint of a unique constraint or a
// primary key, a column rename, and renames of indexes and constraints.
func ownKeySteps(o ops.Op) bool {
	switch o := o.(type) {
	case *ops.DropColumn:
		return true
	case *ops.DropConstraint:
		return o.Type == ops.ConstraintUnique || o.Type == ops.ConstraintPrimary
	case *ops.AlterColumn:
		return o.NewName != "" && o.NewName != o.Column
	case *ops.RenameIndex, *ops.RenameConstraint:
		return true
	}
	return false
}
