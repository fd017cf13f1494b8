package mysql

import "github.com/retortdb/migrate/ops"

// droppedLater reports whether list[i], a drop_index or the drop_constraint of a
// unique constraint or primary key, is on a table that a later drop_table of
// the same list drops with nothing in between but other such drops. The drop is
// then left to DROP TABLE: run on its own it could fail (error 1553) because a
// foreign key of the table, dropped only with the table, still needs the index;
// and the index a key would get instead is not worth building on a table about
// to go. (Autogenerate writes a removed table's indexes as drop_index ops before
// its drop_table.)
func droppedLater(list []ops.Op, i int) bool {
	sch, table, ok := indexDropTable(list[i])
	if !ok {
		return false
	}
	for _, o := range list[i+1:] {
		if d, isDrop := o.(*ops.DropTable); isDrop && d.Schema == sch && d.Name == table {
			return true
		}
		if _, _, ok := indexDropTable(o); ok {
			continue
		}
		if r, isRename := o.(*ops.RenameTable); isRename && r.Schema == sch && r.NewName == table {
			return false
		}
		if s, t, known := opTable(o); !known || (s == sch && t == table) {
			return false
		}
	}
	return false
}

// indexDropTable returns the table of a drop_index, or of a drop_constraint of a
// unique constraint, primary key or check.
func indexDropTable(o ops.Op) (string, string, bool) {
	switch o := o.(type) {
	case *ops.DropIndex:
		return o.Schema, o.Table, true
	case *ops.DropConstraint:
		if o.Type == ops.ConstraintUnique || o.Type == ops.ConstraintPrimary || o.Type == ops.ConstraintCheck {
			return o.Schema, o.Table, true
		}
	}
	return "", "", false
}

// opTable returns the table an op changes; known is false for an op whose
// effect is not known (execute) or that names none.
func opTable(o ops.Op) (schemaName, table string, known bool) {
	switch o := o.(type) {
	case *ops.CreateTable:
		if o.Table == nil {
			return "", "", false
		}
		return o.Table.Schema, o.Table.Name, true
	case *ops.DropTable:
		return o.Schema, o.Name, true
	case *ops.RenameTable:
		// Both names matter; report the old one and refuse the new one below.
		return o.Schema, o.Name, true
	case *ops.CreateEnum, *ops.DropEnum, *ops.AddEnumValue, *ops.DropEnumValue:
		return "", "", true
	case *ops.CreateObject, *ops.DropObject, *ops.ReplaceObject:
		return "", "", false
	}
	return ops.AlteredTable(o)
}
