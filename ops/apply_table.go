package ops

import (
	"fmt"

	"github.com/retortdb/migrate/schema"
)

// ApplyTable applies o, an op on one table, to t as Apply does, changing only
// t: the ops AlteredTable reports (add_column, drop_column, alter_column,
// create_index, drop_index, the constraint ops, the table comment ops) and
// rename_table. Effects on other tables (their foreign keys that refer to t)
// are FollowRefs's; Apply runs both. Renderers that keep their own copies of
// tables (SQLite's rebuild, MySQL's restated columns) call it so that they
// know a table exactly as Apply would.
//
// The error says what is missing (wraps ErrNotFound) or already there (wraps
// ErrExists), or that o is not an op on one table; t is left unchanged when
// ApplyTable fails.
func ApplyTable(t *schema.Table, o Op) error {
	if t == nil {
		return fmt.Errorf("%s: no table to apply it to", Name(o))
	}
	switch o := o.(type) {
	case *RenameTable:
		old := t.Name
		t.Name = o.NewName
		for _, fk := range t.ForeignKeys { // a self-reference
			if fk.RefTable == old && fk.RefSchema == t.Schema {
				fk.RefTable = o.NewName
			}
		}
		// The database rewrites its triggers' SQL on a rename; the model cannot,
		// so it forgets them (a later rebuild then refuses rather than re-create
		// stale SQL).
		t.Triggers = nil
		return nil
	case *AddColumn:
		if o.Column == nil {
			return fmt.Errorf("no column given")
		}
		if t.FindColumn(o.Column.Name) != nil {
			return fmt.Errorf("column %q of table %s: %w", o.Column.Name, applyQual(t.Schema, t.Name), ErrExists)
		}
		t.Columns = append(t.Columns, o.Column.Clone())
		return nil
	case *DropColumn:
		if _, err := applyColumn(t, o.Column); err != nil {
			return err
		}
		dropColumn(t, o.Column)
		return nil
	case *AlterColumn:
		return alterColumn(t, o)
	case *CreateIndex, *DropIndex:
		return applyIndexOp(t, o)
	case *CreateUniqueConstraint, *CreateForeignKey, *CreateCheckConstraint, *CreatePrimaryKey:
		return applyCreateConstraint(t, o)
	case *DropConstraint:
		return applyDropConstraint(t, o)
	case *ValidateConstraint:
		return applyValidate(t, o)
	case *RenameIndex:
		return applyRenameIndex(t, o)
	case *RenameConstraint:
		return applyRenameConstraint(t, o)
	case *CreateTableComment:
		t.Comment = o.Comment
		return nil
	case *DropTableComment:
		t.Comment = ""
		return nil
	}
	return fmt.Errorf("%s is not an op on one table", Name(o))
}

// dropColumn removes column col of t and every key, constraint and index of t
// that uses it.
func dropColumn(t *schema.Table, col string) {
	t.Columns = applyRemove(t.Columns, func(c *schema.Column) bool { return c.Name == col })
	if t.PrimaryKey != nil && applyContains(t.PrimaryKey.Columns, col) {
		t.PrimaryKey = nil
	}
	t.ForeignKeys = applyRemove(t.ForeignKeys, func(f *schema.ForeignKeyDef) bool { return applyContains(f.Columns, col) })
	t.Uniques = applyRemove(t.Uniques, func(u *schema.UniqueDef) bool { return applyContains(u.Columns, col) })
	t.Checks = applyRemove(t.Checks, func(c *schema.CheckDef) bool { return Mentions(c.Expr, col) })
	t.Indexes = applyRemove(t.Indexes, func(ix *schema.IndexDef) bool { return IndexUses(ix, col) })
}

// IndexUses reports whether index ix uses column col: as a key column, inside
// a key expression, as an INCLUDE column or in its WHERE clause (see Mentions).
func IndexUses(ix *schema.IndexDef, col string) bool {
	for _, c := range ix.Columns {
		if c == col || Mentions(c, col) {
			return true
		}
	}
	return applyContains(ix.Include, col) || (ix.Where != "" && Mentions(ix.Where, col))
}

func alterColumn(t *schema.Table, o *AlterColumn) error {
	c, err := applyColumn(t, o.Column)
	if err != nil {
		return err
	}
	rename := o.NewName != "" && o.NewName != o.Column
	if rename && t.FindColumn(o.NewName) != nil {
		return fmt.Errorf("cannot rename column %q of table %s to %q: %w", o.Column, applyQual(t.Schema, t.Name), o.NewName, ErrExists)
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
	if o.Collation != nil {
		c.Collation = ""
		if o.Collation.Value != nil {
			c.Collation = *o.Collation.Value
		}
	}
	switch o.IdentityGenerated {
	case IdentityAlways:
		c.AutoincrementKind = schema.AutoincrementAlways
	case IdentityByDefault:
		c.AutoincrementKind = ""
	}
	if o.IdentityStart != nil {
		c.IdentityStart = *o.IdentityStart
	}
	if o.IdentityIncrement != nil {
		c.IdentityIncrement = *o.IdentityIncrement
	}
	if rename {
		c.Name = o.NewName
		renameColumnRefs(t, o.Column, o.NewName)
	}
	return nil
}

// renameColumnRefs follows a column rename through t's keys, indexes, CHECK
// and generated-column expressions, and its foreign keys that refer to t itself.
func renameColumnRefs(t *schema.Table, from, to string) {
	if t.PrimaryKey != nil {
		applyRenameIn(t.PrimaryKey.Columns, from, to)
	}
	for _, f := range t.ForeignKeys {
		applyRenameIn(f.Columns, from, to)
		if f.RefTable == t.Name && f.RefSchema == t.Schema {
			applyRenameIn(f.RefColumns, from, to)
		}
	}
	for _, u := range t.Uniques {
		applyRenameIn(u.Columns, from, to)
	}
	for _, c := range t.Checks {
		c.Expr = RenameIdent(c.Expr, from, to)
	}
	for _, c := range t.Columns {
		if c.Generated != nil {
			c.Generated.Expr = RenameIdent(c.Generated.Expr, from, to)
		}
	}
	for _, ix := range t.Indexes {
		for i, c := range ix.Columns {
			if c == from {
				ix.Columns[i] = to
			} else {
				ix.Columns[i] = RenameIdent(c, from, to)
			}
		}
		applyRenameIn(ix.Include, from, to)
		ix.Where = RenameIdent(ix.Where, from, to)
	}
}

// followsRefs reports whether o can change tables other than its own.
func followsRefs(o Op) bool {
	switch o := o.(type) {
	case *RenameTable:
		return true
	case *AlterColumn:
		return o.NewName != "" && o.NewName != o.Column
	}
	return false
}

// Refers reports whether FollowRefs(other, o) would change other: whether
// other has a foreign key to the table that o renames, or to the column that
// o renames. Copy-on-write callers test a shared table with it first.
func Refers(other *schema.Table, o Op) bool {
	switch o := o.(type) {
	case *RenameTable:
		for _, f := range other.ForeignKeys {
			if f.RefTable == o.Name && f.RefSchema == o.Schema {
				return true
			}
		}
	case *AlterColumn:
		if o.NewName == "" || o.NewName == o.Column {
			return false
		}
		for _, f := range other.ForeignKeys {
			if f.RefTable == o.Table && f.RefSchema == o.Schema && applyContains(f.RefColumns, o.Column) {
				return true
			}
		}
	}
	return false
}

// FollowRefs changes other, a table other than the one o changes, as the
// database does after o: its foreign keys that refer to a table o renames
// (rename_table) name the new table, and those that refer to a column o
// renames (alter_column with new_column_name) name the new column. Other ops
// change nothing. It reports whether other changed.
func FollowRefs(other *schema.Table, o Op) bool {
	changed := false
	switch o := o.(type) {
	case *RenameTable:
		for _, f := range other.ForeignKeys {
			if f.RefTable == o.Name && f.RefSchema == o.Schema {
				f.RefTable, changed = o.NewName, true
			}
		}
	case *AlterColumn:
		if o.NewName == "" || o.NewName == o.Column {
			return false
		}
		for _, f := range other.ForeignKeys {
			if f.RefTable == o.Table && f.RefSchema == o.Schema && applyContains(f.RefColumns, o.Column) {
				applyRenameIn(f.RefColumns, o.Column, o.NewName)
				changed = true
			}
		}
	}
	return changed
}

// applyValidate marks foreign key or CHECK o.Name of t valid.
func applyValidate(t *schema.Table, o *ValidateConstraint) error {
	for _, fk := range t.ForeignKeys {
		if fk.Name == o.Name && o.Name != "" {
			fk.NotValid = false
			return nil
		}
	}
	for _, ck := range t.Checks {
		if ck.Name == o.Name && o.Name != "" {
			ck.NotValid = false
			return nil
		}
	}
	return fmt.Errorf("validate_constraint: no foreign key or check constraint %q on table %s: %w", o.Name, applyQual(t.Schema, t.Name), ErrNotFound)
}
