package autogen

import (
	"fmt"
	"slices"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// applyKey applies the ops on indexes, keys and constraints.
func (a *applier) applyKey(o ops.Op) error {
	switch o := o.(type) {
	case *ops.CreateIndex:
		t, err := a.table(o.Schema, o.Table)
		if err != nil {
			return err
		}
		if o.Index.Name != "" && slices.ContainsFunc(t.Indexes, func(x *schema.IndexDef) bool { return x.Name == o.Index.Name }) {
			return fmt.Errorf("index %q exists", o.Index.Name)
		}
		if err := hasColumns(t, o.Index.Columns); err != nil {
			return err
		}
		t.Indexes = append(t.Indexes, cloneIndex(o.Index))
	case *ops.DropIndex:
		t, err := a.table(o.Schema, o.Table)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(t.Indexes, func(x *schema.IndexDef) bool { return x.Name == o.Name && same(x, o.Existing) })
		if i < 0 {
			return fmt.Errorf("no index %q as existing describes it", o.Name)
		}
		t.Indexes = slices.Delete(t.Indexes, i, i+1)
	case *ops.CreateUniqueConstraint:
		t, err := a.freeName(o.Schema, o.Table, o.Unique.Name)
		if err != nil {
			return err
		}
		if err := hasColumns(t, o.Unique.Columns); err != nil {
			return err
		}
		t.Uniques = append(t.Uniques, cloneUnique(o.Unique))
	case *ops.CreateCheckConstraint:
		t, err := a.freeName(o.Schema, o.Table, o.Check.Name)
		if err != nil {
			return err
		}
		t.Checks = append(t.Checks, cloneCheck(o.Check))
	case *ops.CreateForeignKey:
		t, err := a.freeName(o.Schema, o.Table, o.ForeignKey.Name)
		if err != nil {
			return err
		}
		if err := a.checkFK(t, o.ForeignKey); err != nil {
			return err
		}
		t.ForeignKeys = append(t.ForeignKeys, cloneFK(o.ForeignKey))
	case *ops.CreatePrimaryKey:
		t, err := a.table(o.Schema, o.Table)
		if err != nil {
			return err
		}
		if t.PrimaryKey != nil {
			return fmt.Errorf("table %q has a primary key", t.Name)
		}
		if err := hasColumns(t, o.PrimaryKey.Columns); err != nil {
			return err
		}
		t.PrimaryKey = clonePK(o.PrimaryKey)
	case *ops.DropConstraint:
		return a.dropConstraint(o)
	}
	return nil
}

// freeName returns the table, checking that no constraint of it is named name.
func (a *applier) freeName(s, table, name string) (*schema.Table, error) {
	t, err := a.table(s, table)
	if err != nil || name == "" {
		return t, err
	}
	taken := t.PrimaryKey != nil && t.PrimaryKey.Name == name ||
		slices.ContainsFunc(t.ForeignKeys, func(x *schema.ForeignKeyDef) bool { return x.Name == name }) ||
		slices.ContainsFunc(t.Uniques, func(x *schema.UniqueDef) bool { return x.Name == name }) ||
		slices.ContainsFunc(t.Checks, func(x *schema.CheckDef) bool { return x.Name == name })
	if taken {
		return nil, fmt.Errorf("constraint %q exists on %q", name, table)
	}
	return t, nil
}

func (a *applier) dropConstraint(o *ops.DropConstraint) error {
	t, err := a.table(o.Schema, o.Table)
	if err != nil {
		return err
	}
	var i int
	switch o.Type {
	case ops.ConstraintPrimary:
		if t.PrimaryKey == nil || t.PrimaryKey.Name != o.Name || !same(t.PrimaryKey, o.ExistingPrimaryKey) {
			return fmt.Errorf("no primary key %q as existing describes it", o.Name)
		}
		t.PrimaryKey = nil
		return nil
	case ops.ConstraintForeignKey:
		i = slices.IndexFunc(t.ForeignKeys, func(x *schema.ForeignKeyDef) bool { return x.Name == o.Name && same(x, o.ExistingForeignKey) })
		if i >= 0 {
			t.ForeignKeys = slices.Delete(t.ForeignKeys, i, i+1)
		}
	case ops.ConstraintUnique:
		i = slices.IndexFunc(t.Uniques, func(x *schema.UniqueDef) bool { return x.Name == o.Name && same(x, o.ExistingUnique) })
		if i >= 0 {
			t.Uniques = slices.Delete(t.Uniques, i, i+1)
		}
	case ops.ConstraintCheck:
		i = slices.IndexFunc(t.Checks, func(x *schema.CheckDef) bool { return x.Name == o.Name && same(x, o.ExistingCheck) })
		if i >= 0 {
			t.Checks = slices.Delete(t.Checks, i, i+1)
		}
	default:
		return fmt.Errorf("unknown constraint type %q", o.Type)
	}
	if i < 0 {
		return fmt.Errorf("no %s constraint %q as existing describes it", o.Type, o.Name)
	}
	return nil
}

// applyOther applies table comments and enum ops.
func (a *applier) applyOther(o ops.Op) error {
	switch o := o.(type) {
	case *ops.CreateTableComment:
		t, err := a.table(o.Schema, o.Table)
		if err != nil {
			return err
		}
		if t.Comment != o.ExistingComment {
			return fmt.Errorf("existing comment %q is not the table's %q", o.ExistingComment, t.Comment)
		}
		t.Comment = o.Comment
	case *ops.DropTableComment:
		t, err := a.table(o.Schema, o.Table)
		if err != nil {
			return err
		}
		if t.Comment == "" || t.Comment != o.ExistingComment {
			return fmt.Errorf("existing comment %q is not the table's %q", o.ExistingComment, t.Comment)
		}
		t.Comment = ""
	case *ops.CreateEnum:
		if a.m.FindEnum(o.Name) != nil {
			return fmt.Errorf("enum %q exists", o.Name)
		}
		a.m.Enums = append(a.m.Enums, &schema.EnumDef{Schema: o.Schema, Name: o.Name, Values: cloneStrings(o.Values)})
	case *ops.DropEnum:
		e := a.m.FindEnum(o.Name)
		if e == nil || !same(e.Values, o.Values) {
			return fmt.Errorf("no enum %q with values %v", o.Name, o.Values)
		}
		for _, t := range a.m.Tables {
			for _, c := range t.Columns {
				if c.Type.Name == schema.TEnum && c.Type.EnumName == o.Name {
					return fmt.Errorf("enum %q is still used by %s.%s", o.Name, t.Name, c.Name)
				}
			}
		}
		a.m.Enums = slices.DeleteFunc(a.m.Enums, func(x *schema.EnumDef) bool { return x == e })
	case *ops.AddEnumValue:
		return a.addEnumValue(o)
	}
	return nil
}

// addEnumValue inserts the value after After in the enum and in every column
// type of that enum.
func (a *applier) addEnumValue(o *ops.AddEnumValue) error {
	e := a.m.FindEnum(o.Name)
	if e == nil {
		return fmt.Errorf("no enum %q", o.Name)
	}
	insert := func(values []string) ([]string, error) {
		if slices.Contains(values, o.Value) {
			return nil, fmt.Errorf("enum %q has value %q", o.Name, o.Value)
		}
		if o.After == "" {
			return append(cloneStrings(values), o.Value), nil
		}
		i := slices.Index(values, o.After)
		if i < 0 {
			return nil, fmt.Errorf("enum %q has no value %q", o.Name, o.After)
		}
		return slices.Insert(cloneStrings(values), i+1, o.Value), nil
	}
	v, err := insert(e.Values)
	if err != nil {
		return err
	}
	e.Values = v
	for _, t := range a.m.Tables {
		for _, c := range t.Columns {
			if c.Type.Name == schema.TEnum && c.Type.EnumName == o.Name {
				if c.Type.EnumValues, err = insert(c.Type.EnumValues); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
