package autogen

import (
	"fmt"
	"slices"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// applyForTest applies list to m in place, as a strict database would: an op
// that would fail on a real database (a missing table or column, a name taken, a
// column or table still referred to, an enum missing or still in use) fails, and
// so does an op whose Existing facts do not describe what it drops or alters.
// namedEnums says whether enum types are schema objects (create_enum before use).
// It is a test-only stand-in for ops.Apply, which others are writing.
func applyForTest(m *schema.MetaData, list []ops.Op, namedEnums bool) error {
	a := &applier{m: m, namedEnums: namedEnums}
	for i, o := range list {
		if err := a.apply(o); err != nil {
			return fmt.Errorf("op %d (%s): %w", i+1, ops.Name(o), err)
		}
	}
	return nil
}

type applier struct {
	m          *schema.MetaData
	namedEnums bool
}

var equateEmpty = cmpopts.EquateEmpty()

func same(a, b any) bool { return cmp.Equal(a, b, equateEmpty) }

func (a *applier) apply(o ops.Op) error {
	switch o := o.(type) {
	case *ops.CreateObject, *ops.DropObject, *ops.ReplaceObject:
		return ops.Apply(a.m, o)
	case *ops.CreateTable:
		return a.createTable(o.Table)
	case *ops.DropTable:
		return a.dropTable(o)
	case *ops.AddColumn:
		return a.addColumn(o)
	case *ops.DropColumn:
		return a.dropColumn(o)
	case *ops.AlterColumn:
		if o.NewName != "" {
			return ops.Apply(a.m, o) // renames: the model's own definition
		}
		return a.alterColumn(o)
	case *ops.CreateIndex, *ops.DropIndex, *ops.CreateUniqueConstraint, *ops.CreateForeignKey,
		*ops.CreateCheckConstraint, *ops.CreatePrimaryKey, *ops.DropConstraint:
		return a.applyKey(o)
	case *ops.CreateTableComment, *ops.DropTableComment, *ops.CreateEnum, *ops.DropEnum, *ops.AddEnumValue:
		return a.applyOther(o)
	case *ops.ValidateConstraint, *ops.RenameTable, *ops.RenameIndex, *ops.RenameConstraint:
		return ops.Apply(a.m, o)
	}
	return fmt.Errorf("applyForTest does not apply %T", o)
}

func (a *applier) table(s, name string) (*schema.Table, error) {
	if t := a.m.FindTable(s, name); t != nil {
		return t, nil
	}
	return nil, fmt.Errorf("no table %q", qualify(s, name))
}

func (a *applier) checkType(t schema.Type) error {
	if a.namedEnums && t.Name == schema.TEnum && a.m.FindEnum(t.EnumName) == nil {
		return fmt.Errorf("enum %q does not exist", t.EnumName)
	}
	return nil
}

func hasColumns(t *schema.Table, cols []string) error {
	for _, c := range cols {
		if t.FindColumn(c) == nil {
			return fmt.Errorf("table %q has no column %q", t.Name, c)
		}
	}
	return nil
}

func (a *applier) createTable(src *schema.Table) error {
	if a.m.FindTable(src.Schema, src.Name) != nil {
		return fmt.Errorf("table %q exists", src.Name)
	}
	if len(src.Indexes) > 0 {
		return fmt.Errorf("create_table %q carries indexes, which create_table ignores", src.Name)
	}
	t := src.Clone()
	for _, c := range t.Columns {
		if err := a.checkType(c.Type); err != nil {
			return err
		}
	}
	if t.PrimaryKey != nil {
		if err := hasColumns(t, t.PrimaryKey.Columns); err != nil {
			return err
		}
	}
	for _, u := range t.Uniques {
		if err := hasColumns(t, u.Columns); err != nil {
			return err
		}
	}
	for _, fk := range t.ForeignKeys {
		if err := a.checkFK(t, fk); err != nil {
			return err
		}
	}
	a.m.Tables = append(a.m.Tables, t)
	return nil
}

// checkFK checks that fk's columns exist in t and its referred table and columns
// exist (t itself for a self-reference).
func (a *applier) checkFK(t *schema.Table, fk *schema.ForeignKeyDef) error {
	if err := hasColumns(t, fk.Columns); err != nil {
		return err
	}
	ref := a.m.FindTable(fk.RefSchema, fk.RefTable)
	if fk.RefSchema == t.Schema && fk.RefTable == t.Name {
		ref = t
	}
	if ref == nil {
		return fmt.Errorf("foreign key %q refers to missing table %q", fk.Name, fk.RefTable)
	}
	return hasColumns(ref, fk.RefColumns)
}

func (a *applier) dropTable(o *ops.DropTable) error {
	t, err := a.table(o.Schema, o.Name)
	if err != nil {
		return err
	}
	if o.Existing == nil || !same(o.Existing, t) {
		return fmt.Errorf("existing does not describe table %q:\n%s", o.Name, cmp.Diff(o.Existing, t, equateEmpty))
	}
	for _, other := range a.m.Tables {
		for _, fk := range other.ForeignKeys {
			if other != t && fk.RefSchema == t.Schema && fk.RefTable == t.Name {
				return fmt.Errorf("table %q is still referred to by %q", t.Name, other.Name)
			}
		}
	}
	a.m.Tables = slices.DeleteFunc(a.m.Tables, func(x *schema.Table) bool { return x == t })
	return nil
}

func (a *applier) addColumn(o *ops.AddColumn) error {
	t, err := a.table(o.Schema, o.Table)
	if err != nil {
		return err
	}
	if t.FindColumn(o.Column.Name) != nil {
		return fmt.Errorf("column %q exists", o.Column.Name)
	}
	if err := a.checkType(o.Column.Type); err != nil {
		return err
	}
	t.Columns = append(t.Columns, o.Column.Clone())
	return nil
}

func (a *applier) dropColumn(o *ops.DropColumn) error {
	t, err := a.table(o.Schema, o.Table)
	if err != nil {
		return err
	}
	c := t.FindColumn(o.Column)
	if c == nil {
		return fmt.Errorf("no column %q", o.Column)
	}
	if o.Existing == nil || !same(o.Existing, c) {
		return fmt.Errorf("existing does not describe column %q", o.Column)
	}
	if by := a.columnUser(t, o.Column); by != "" {
		return fmt.Errorf("column %q is still used by %s", o.Column, by)
	}
	t.Columns = slices.DeleteFunc(t.Columns, func(x *schema.Column) bool { return x == c })
	return nil
}

// columnUser names a key, constraint or index that uses column col of t, or "".
func (a *applier) columnUser(t *schema.Table, col string) string {
	if t.PrimaryKey != nil && slices.Contains(t.PrimaryKey.Columns, col) {
		return "the primary key"
	}
	for _, u := range t.Uniques {
		if slices.Contains(u.Columns, col) {
			return "unique " + u.Name
		}
	}
	for _, ix := range t.Indexes {
		if slices.Contains(ix.Columns, col) {
			return "index " + ix.Name
		}
	}
	for _, other := range a.m.Tables {
		for _, fk := range other.ForeignKeys {
			if other == t && slices.Contains(fk.Columns, col) {
				return "foreign key " + fk.Name
			}
			if fk.RefSchema == t.Schema && fk.RefTable == t.Name && slices.Contains(fk.RefColumns, col) {
				return "foreign key " + fk.Name + " of " + other.Name
			}
		}
	}
	return ""
}

func (a *applier) alterColumn(o *ops.AlterColumn) error {
	t, err := a.table(o.Schema, o.Table)
	if err != nil {
		return err
	}
	c := t.FindColumn(o.Column)
	if c == nil {
		return fmt.Errorf("no column %q", o.Column)
	}
	switch {
	case o.NewName != "":
		return fmt.Errorf("applyForTest does not rename")
	case o.ExistingType == nil || !o.ExistingType.Equal(c.Type):
		return fmt.Errorf("existing_type %v is not the column's %v", o.ExistingType, c.Type)
	case o.ExistingNullable == nil || *o.ExistingNullable != c.Nullable:
		return fmt.Errorf("existing_nullable is not the column's %v", c.Nullable)
	case !same(o.ExistingServerDefault, c.Default):
		return fmt.Errorf("existing_server_default is not the column's %v", defaultText(c.Default))
	case !same(o.ExistingComment, commentPtr(c.Comment)):
		return fmt.Errorf("existing_comment is not the column's %q", c.Comment)
	case o.ExistingAutoincrement == nil || *o.ExistingAutoincrement != c.Autoincrement:
		return fmt.Errorf("existing_autoincrement is not the column's %v", c.Autoincrement)
	case !same(o.ExistingCollation, commentPtr(c.Collation)):
		return fmt.Errorf("existing_collation is not the column's %q", c.Collation)
	}
	if o.Nullable != nil {
		c.Nullable = *o.Nullable
	}
	if o.Type != nil {
		if err := a.checkType(*o.Type); err != nil {
			return err
		}
		c.Type = o.Type.Clone()
	}
	if o.ServerDefault != nil {
		c.Default = cloneStr(o.ServerDefault.Value)
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
	return nil
}
