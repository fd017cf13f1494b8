package dialecttest

import (
	"fmt"
	"slices"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// applyKeyOrOther applies the ops on indexes, constraints, comments and enums;
// execute and bulk_insert change rows only.
func applyKeyOrOther(m *schema.MetaData, o ops.Op) error {
	switch o := o.(type) {
	case *ops.CreateIndex:
		t, err := findTable(m, o.Schema, o.Table)
		if err != nil {
			return err
		}
		ix := *o.Index
		ix.Columns = slices.Clone(o.Index.Columns)
		t.Indexes = append(t.Indexes, &ix)
	case *ops.DropIndex:
		t, err := findTable(m, o.Schema, o.Table)
		if err != nil {
			return err
		}
		return deleteNamed(&t.Indexes, o.Name, func(x *schema.IndexDef) string { return x.Name })
	case *ops.CreateUniqueConstraint:
		t, err := findTable(m, o.Schema, o.Table)
		if err != nil {
			return err
		}
		u := *o.Unique
		u.Columns = slices.Clone(o.Unique.Columns)
		t.Uniques = append(t.Uniques, &u)
	case *ops.CreateForeignKey:
		t, err := findTable(m, o.Schema, o.Table)
		if err != nil {
			return err
		}
		fk := *o.ForeignKey
		fk.Columns, fk.RefColumns = slices.Clone(fk.Columns), slices.Clone(fk.RefColumns)
		t.ForeignKeys = append(t.ForeignKeys, &fk)
	case *ops.CreateCheckConstraint:
		t, err := findTable(m, o.Schema, o.Table)
		if err != nil {
			return err
		}
		ck := *o.Check
		t.Checks = append(t.Checks, &ck)
	case *ops.CreatePrimaryKey:
		t, err := findTable(m, o.Schema, o.Table)
		if err != nil {
			return err
		}
		if t.PrimaryKey != nil {
			return fmt.Errorf("table %q already has a primary key", t.Name)
		}
		pk := *o.PrimaryKey
		pk.Columns = slices.Clone(pk.Columns)
		t.PrimaryKey = &pk
	case *ops.DropConstraint:
		return dropConstraint(m, o)
	case *ops.CreateTableComment:
		t, err := findTable(m, o.Schema, o.Table)
		if err != nil {
			return err
		}
		t.Comment = o.Comment
	case *ops.DropTableComment:
		t, err := findTable(m, o.Schema, o.Table)
		if err != nil {
			return err
		}
		t.Comment = ""
	case *ops.CreateEnum:
		if m.FindEnum(o.Name) != nil {
			return fmt.Errorf("enum %q exists", o.Name)
		}
		m.Enums = append(m.Enums, &schema.EnumDef{Name: o.Name, Schema: o.Schema, Values: slices.Clone(o.Values)})
	case *ops.DropEnum:
		return deleteNamed(&m.Enums, o.Name, func(e *schema.EnumDef) string { return e.Name })
	case *ops.AddEnumValue:
		return addEnumValue(m, o)
	case *ops.Execute, *ops.BulkInsert:
	default:
		return fmt.Errorf("the suite's applier does not know %T", o)
	}
	return nil
}

func dropConstraint(m *schema.MetaData, o *ops.DropConstraint) error {
	t, err := findTable(m, o.Schema, o.Table)
	if err != nil {
		return err
	}
	switch o.Type {
	case ops.ConstraintForeignKey:
		return deleteNamed(&t.ForeignKeys, o.Name, func(x *schema.ForeignKeyDef) string { return x.Name })
	case ops.ConstraintUnique:
		return deleteNamed(&t.Uniques, o.Name, func(x *schema.UniqueDef) string { return x.Name })
	case ops.ConstraintCheck:
		return deleteNamed(&t.Checks, o.Name, func(x *schema.CheckDef) string { return x.Name })
	case ops.ConstraintPrimary:
		if t.PrimaryKey == nil {
			return fmt.Errorf("table %q has no primary key", t.Name)
		}
		t.PrimaryKey = nil
		return nil
	}
	return fmt.Errorf("unknown constraint type %q", o.Type)
}

// addEnumValue inserts the value into the enum and into every column type that
// uses the enum.
func addEnumValue(m *schema.MetaData, o *ops.AddEnumValue) error {
	insert := func(vals []string) []string {
		at := len(vals)
		if o.After != "" {
			if i := slices.Index(vals, o.After); i >= 0 {
				at = i + 1
			}
		}
		return slices.Insert(slices.Clone(vals), at, o.Value)
	}
	e := m.FindEnum(o.Name)
	if e == nil {
		return fmt.Errorf("no enum %q", o.Name)
	}
	e.Values = insert(e.Values)
	for _, t := range m.Tables {
		for _, c := range t.Columns {
			if c.Type.Name == schema.TEnum && c.Type.EnumName == o.Name {
				c.Type.EnumValues = slices.Clone(e.Values)
			}
		}
	}
	return nil
}
