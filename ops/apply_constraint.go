package ops

import (
	"fmt"
	"slices"

	"github.com/retortdb/migrate/schema"
)

func findIndex(t *schema.Table, name string) int {
	for i, ix := range t.Indexes {
		if ix.Name == name {
			return i
		}
	}
	return -1
}

func applyIndexOp(t *schema.Table, o Op) error {
	switch o := o.(type) {
	case *CreateIndex:
		if o.Index == nil {
			return fmt.Errorf("no index given")
		}
		if o.Index.Name != "" && findIndex(t, o.Index.Name) >= 0 {
			return fmt.Errorf("index %q on table %s: %w", o.Index.Name, applyQual(t.Schema, t.Name), ErrExists)
		}
		ix := *o.Index
		ix.Columns = append([]string(nil), o.Index.Columns...)
		ix.Include, ix.Opclass, ix.Order = slices.Clone(ix.Include), slices.Clone(ix.Opclass), slices.Clone(ix.Order)
		t.Indexes = append(t.Indexes, &ix)
		return nil
	case *DropIndex:
		i := findIndex(t, o.Name)
		if i < 0 {
			return fmt.Errorf("index %q on table %s: %w", o.Name, applyQual(t.Schema, t.Name), ErrNotFound)
		}
		t.Indexes = append(t.Indexes[:i:i], t.Indexes[i+1:]...)
		return nil
	}
	return nil
}

// applyConstraintExists reports whether t already has a constraint called name.
func applyConstraintExists(t *schema.Table, name string) bool {
	if name == "" {
		return false
	}
	if t.PrimaryKey != nil && t.PrimaryKey.Name == name {
		return true
	}
	for _, f := range t.ForeignKeys {
		if f.Name == name {
			return true
		}
	}
	for _, u := range t.Uniques {
		if u.Name == name {
			return true
		}
	}
	for _, c := range t.Checks {
		if c.Name == name {
			return true
		}
	}
	return false
}

func applyCreateConstraint(t *schema.Table, o Op) error {
	var (
		name string
		cols []string
	)
	switch o := o.(type) {
	case *CreateUniqueConstraint:
		if o.Unique == nil {
			return fmt.Errorf("no constraint given")
		}
		name, cols = o.Unique.Name, o.Unique.Columns
	case *CreateForeignKey:
		if o.ForeignKey == nil {
			return fmt.Errorf("no foreign key given")
		}
		name, cols = o.ForeignKey.Name, o.ForeignKey.Columns
	case *CreateCheckConstraint:
		if o.Check == nil {
			return fmt.Errorf("no constraint given")
		}
		name = o.Check.Name
	case *CreatePrimaryKey:
		if o.PrimaryKey == nil {
			return fmt.Errorf("no primary key given")
		}
		name, cols = o.PrimaryKey.Name, o.PrimaryKey.Columns
	}
	if applyConstraintExists(t, name) {
		return fmt.Errorf("constraint %q on table %s: %w", name, applyQual(t.Schema, t.Name), ErrExists)
	}
	for _, c := range cols {
		if _, err := applyColumn(t, c); err != nil {
			return err
		}
	}
	switch o := o.(type) {
	case *CreateUniqueConstraint:
		u := *o.Unique
		u.Columns = append([]string(nil), cols...)
		t.Uniques = append(t.Uniques, &u)
	case *CreateForeignKey:
		f := *o.ForeignKey
		f.Columns = append([]string(nil), cols...)
		f.RefColumns = append([]string(nil), o.ForeignKey.RefColumns...)
		t.ForeignKeys = append(t.ForeignKeys, &f)
	case *CreateCheckConstraint:
		c := *o.Check
		t.Checks = append(t.Checks, &c)
	case *CreatePrimaryKey:
		if t.PrimaryKey != nil {
			return fmt.Errorf("table %s already has a primary key (%q); drop it first: %w", applyQual(t.Schema, t.Name), t.PrimaryKey.Name, ErrExists)
		}
		t.PrimaryKey = &schema.PrimaryKeyDef{Name: name, Columns: append([]string(nil), cols...)}
		for _, c := range cols {
			t.FindColumn(c).Nullable = false
		}
	}
	return nil
}

func applyDropConstraint(t *schema.Table, o *DropConstraint) error {
	n := len(t.ForeignKeys) + len(t.Uniques) + len(t.Checks)
	switch o.Type {
	case ConstraintForeignKey:
		t.ForeignKeys = applyRemove(t.ForeignKeys, func(f *schema.ForeignKeyDef) bool { return f.Name == o.Name })
	case ConstraintUnique:
		t.Uniques = applyRemove(t.Uniques, func(u *schema.UniqueDef) bool { return u.Name == o.Name })
	case ConstraintCheck:
		t.Checks = applyRemove(t.Checks, func(c *schema.CheckDef) bool { return c.Name == o.Name })
	case ConstraintPrimary:
		// An inspected primary key may have no name (SQLite), and a
		// drop_constraint of type primary may give none; a table has one.
		if t.PrimaryKey != nil && (t.PrimaryKey.Name == o.Name || t.PrimaryKey.Name == "" || o.Name == "") {
			t.PrimaryKey = nil
			return nil
		}
		return fmt.Errorf("primary key %q on table %s: %w", o.Name, applyQual(t.Schema, t.Name), ErrNotFound)
	default:
		return fmt.Errorf("unknown constraint type %q (want foreignkey, unique, check or primary)", o.Type)
	}
	if len(t.ForeignKeys)+len(t.Uniques)+len(t.Checks) == n {
		return fmt.Errorf("%s constraint %q on table %s: %w", o.Type, o.Name, applyQual(t.Schema, t.Name), ErrNotFound)
	}
	return nil
}
