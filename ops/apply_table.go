package ops

import (
	"fmt"

	"github.com/retortdb/migrate/schema"
)

func applyCreateTable(m *schema.MetaData, o *CreateTable) error {
	if o.Table == nil {
		return fmt.Errorf("no table given")
	}
	if schema.LookupTable(m, o.Table.Schema, o.Table.Name) != nil {
		return fmt.Errorf("table %s: %w", applyQual(o.Table.Schema, o.Table.Name), ErrExists)
	}
	t := o.Table.Clone()
	t.Indexes = nil // create_table makes no indexes; create_index ops do
	schema.AppendTable(m, t)
	return nil
}

func applyRenameTable(m *schema.MetaData, o *RenameTable) error {
	t, err := applyTable(m, o.Schema, o.Name)
	if err != nil {
		return err
	}
	if schema.LookupTable(m, o.Schema, o.NewName) != nil {
		return fmt.Errorf("cannot rename table %s to %q: %w", applyQual(o.Schema, o.Name), o.NewName, ErrExists)
	}
	t.Name = o.NewName
	// The database rewrites its triggers' SQL on a rename; the model cannot, so
	// it forgets them (a later rebuild then refuses rather than re-create stale SQL).
	t.Triggers = nil
	schema.TableRenamed(m, t, o.Name)
	for _, other := range m.Tables {
		for _, fk := range other.ForeignKeys {
			if fk.RefTable == o.Name && fk.RefSchema == o.Schema {
				fk.RefTable = o.NewName
			}
		}
	}
	return nil
}

func applyAddColumn(m *schema.MetaData, o *AddColumn) error {
	if o.Column == nil {
		return fmt.Errorf("no column given")
	}
	t, err := applyTable(m, o.Schema, o.Table)
	if err != nil {
		return err
	}
	if t.FindColumn(o.Column.Name) != nil {
		return fmt.Errorf("column %q of table %s: %w", o.Column.Name, applyQual(o.Schema, o.Table), ErrExists)
	}
	t.Columns = append(t.Columns, o.Column.Clone())
	return nil
}

// applyDropColumn removes the column and, as PostgreSQL does, every index and
// key constraint that uses it. CHECK constraints are SQL text and are kept.
func applyDropColumn(m *schema.MetaData, o *DropColumn) error {
	t, err := applyTable(m, o.Schema, o.Table)
	if err != nil {
		return err
	}
	if _, err := applyColumn(t, o.Column); err != nil {
		return err
	}
	col := o.Column
	t.Columns = applyRemove(t.Columns, func(c *schema.Column) bool { return c.Name == col })
	if t.PrimaryKey != nil && applyContains(t.PrimaryKey.Columns, col) {
		t.PrimaryKey = nil
	}
	t.ForeignKeys = applyRemove(t.ForeignKeys, func(f *schema.ForeignKeyDef) bool { return applyContains(f.Columns, col) })
	t.Uniques = applyRemove(t.Uniques, func(u *schema.UniqueDef) bool { return applyContains(u.Columns, col) })
	t.Indexes = applyRemove(t.Indexes, func(ix *schema.IndexDef) bool { return applyContains(ix.Columns, col) })
	return nil
}

func applyAlterColumn(m *schema.MetaData, o *AlterColumn) error {
	t, err := applyTable(m, o.Schema, o.Table)
	if err != nil {
		return err
	}
	c, err := applyColumn(t, o.Column)
	if err != nil {
		return err
	}
	if o.NewName != "" && o.NewName != o.Column && t.FindColumn(o.NewName) != nil {
		return fmt.Errorf("cannot rename column %q of table %s to %q: %w", o.Column, applyQual(o.Schema, o.Table), o.NewName, ErrExists)
	}
	if o.Nullable != nil {
		c.Nullable = *o.Nullable
	}
	if o.Type != nil {
		c.Type = o.Type.Clone()
	}
	if o.ServerDefault != nil {
		c.Default = copyStr(o.ServerDefault.Value)
	}
	if o.Comment != nil {
		c.Comment = ""
		if o.Comment.Value != nil {
			c.Comment = *o.Comment.Value
		}
	}
	if o.NewName != "" && o.NewName != o.Column {
		c.Name = o.NewName
		applyRenameColumnRefs(m, t, o.Column, o.NewName)
	}
	return nil
}

// applyRenameColumnRefs follows a column rename through t's keys and indexes
// and through foreign keys of any table that refer to it.
func applyRenameColumnRefs(m *schema.MetaData, t *schema.Table, from, to string) {
	if t.PrimaryKey != nil {
		applyRenameIn(t.PrimaryKey.Columns, from, to)
	}
	for _, f := range t.ForeignKeys {
		applyRenameIn(f.Columns, from, to)
	}
	for _, u := range t.Uniques {
		applyRenameIn(u.Columns, from, to)
	}
	for _, ix := range t.Indexes {
		applyRenameIn(ix.Columns, from, to)
	}
	for _, other := range m.Tables {
		for _, f := range other.ForeignKeys {
			if f.RefTable == t.Name && f.RefSchema == t.Schema {
				applyRenameIn(f.RefColumns, from, to)
			}
		}
	}
}
