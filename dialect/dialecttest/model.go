package dialecttest

import (
	"fmt"
	"slices"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// cloneMeta returns a deep copy of m's tables and enums.
func cloneMeta(m *schema.MetaData) *schema.MetaData {
	out := &schema.MetaData{}
	if m == nil {
		return out
	}
	for _, t := range m.Tables {
		out.Tables = append(out.Tables, t.Clone())
	}
	for _, e := range m.Enums {
		x := *e
		x.Values = slices.Clone(e.Values)
		out.Enums = append(out.Enums, &x)
	}
	return out
}

// applyAll advances m, in place, by each op of list: the schema a database should
// hold once the rendered statements have run. It stands in for ops.Apply, which is
// not written yet. It fails on an op that names a missing table, column, index or
// constraint, so a mistake in the suite's own revisions shows up as such.
func applyAll(m *schema.MetaData, list []ops.Op) error {
	for i, o := range list {
		if err := applyOp(m, o); err != nil {
			return fmt.Errorf("op %d (%s): %w", i, ops.Name(o), err)
		}
	}
	return nil
}

func findTable(m *schema.MetaData, schemaName, name string) (*schema.Table, error) {
	if t := m.FindTable(schemaName, name); t != nil {
		return t, nil
	}
	return nil, fmt.Errorf("no table %q", name)
}

func findColumn(m *schema.MetaData, schemaName, table, column string) (*schema.Table, *schema.Column, error) {
	t, err := findTable(m, schemaName, table)
	if err != nil {
		return nil, nil, err
	}
	if c := t.FindColumn(column); c != nil {
		return t, c, nil
	}
	return nil, nil, fmt.Errorf("table %q has no column %q", table, column)
}

// deleteNamed removes the element of *list whose name is name, or fails.
func deleteNamed[T any](list *[]T, name string, nameOf func(T) string) error {
	n := len(*list)
	*list = slices.DeleteFunc(*list, func(x T) bool { return nameOf(x) == name })
	if len(*list) == n {
		return fmt.Errorf("nothing named %q to drop", name)
	}
	return nil
}

func applyOp(m *schema.MetaData, o ops.Op) error {
	switch o := o.(type) {
	case *ops.CreateTable:
		if m.FindTable(o.Table.Schema, o.Table.Name) != nil {
			return fmt.Errorf("table %q exists", o.Table.Name)
		}
		t := o.Table.Clone()
		t.Indexes = nil
		m.Tables = append(m.Tables, t)
	case *ops.DropTable:
		if _, err := findTable(m, o.Schema, o.Name); err != nil {
			return err
		}
		m.Tables = slices.DeleteFunc(m.Tables, func(t *schema.Table) bool { return t.Schema == o.Schema && t.Name == o.Name })
	case *ops.RenameTable:
		t, err := findTable(m, o.Schema, o.Name)
		if err != nil {
			return err
		}
		t.Name = o.NewName
		for _, other := range m.Tables {
			for _, fk := range other.ForeignKeys {
				if fk.RefSchema == o.Schema && fk.RefTable == o.Name {
					fk.RefTable = o.NewName
				}
			}
		}
	case *ops.AddColumn:
		t, err := findTable(m, o.Schema, o.Table)
		if err != nil {
			return err
		}
		t.Columns = append(t.Columns, o.Column.Clone())
	case *ops.DropColumn:
		t, err := findTable(m, o.Schema, o.Table)
		if err != nil {
			return err
		}
		return deleteNamed(&t.Columns, o.Column, func(c *schema.Column) string { return c.Name })
	case *ops.AlterColumn:
		return applyAlter(m, o)
	default:
		return applyKeyOrOther(m, o)
	}
	return nil
}

func applyAlter(m *schema.MetaData, o *ops.AlterColumn) error {
	t, c, err := findColumn(m, o.Schema, o.Table, o.Column)
	if err != nil {
		return err
	}
	if o.Nullable != nil {
		c.Nullable = *o.Nullable
	}
	if o.Type != nil {
		c.Type = o.Type.Clone()
	}
	if o.ServerDefault != nil {
		c.Default = nil
		if v := o.ServerDefault.Value; v != nil {
			s := *v
			c.Default = &s
		}
	}
	if o.Comment != nil {
		c.Comment = ""
		if v := o.Comment.Value; v != nil {
			c.Comment = *v
		}
	}
	if o.NewName != "" {
		renameColumn(m, t, o.Column, o.NewName)
	}
	return nil
}

// renameColumn renames a column of t and every key, constraint and index column
// list that names it, in t and in the foreign keys of other tables.
func renameColumn(m *schema.MetaData, t *schema.Table, from, to string) {
	t.FindColumn(from).Name = to
	re := func(cols []string) {
		for i, c := range cols {
			if c == from {
				cols[i] = to
			}
		}
	}
	if t.PrimaryKey != nil {
		re(t.PrimaryKey.Columns)
	}
	for _, u := range t.Uniques {
		re(u.Columns)
	}
	for _, ix := range t.Indexes {
		re(ix.Columns)
	}
	for _, fk := range t.ForeignKeys {
		re(fk.Columns)
	}
	for _, other := range m.Tables {
		for _, fk := range other.ForeignKeys {
			if fk.RefSchema == t.Schema && fk.RefTable == t.Name {
				re(fk.RefColumns)
			}
		}
	}
}
