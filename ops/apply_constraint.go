package ops

import (
	"fmt"

	"github.com/retortdb/migrate/schema"
)

func applyIndexOp(m *schema.MetaData, o Op) error {
	switch o := o.(type) {
	case *CreateIndex:
		if o.Index == nil {
			return fmt.Errorf("no index given")
		}
		t, err := applyTable(m, o.Schema, o.Table)
		if err != nil {
			return err
		}
		if o.Index.Name != "" {
			for _, ix := range t.Indexes {
				if ix.Name == o.Index.Name {
					return fmt.Errorf("index %q on table %s: %w", ix.Name, applyQual(o.Schema, o.Table), ErrExists)
				}
			}
		}
		ix := *o.Index
		ix.Columns = append([]string(nil), o.Index.Columns...)
		t.Indexes = append(t.Indexes, &ix)
		return nil
	case *DropIndex:
		// drop_index may omit the table; then the index is looked up in every
		// table of the schema. With the table named, that table is tried first.
		if o.Table != "" {
			if t := schema.LookupTable(m, o.Schema, o.Table); t != nil {
				for i, ix := range t.Indexes {
					if ix.Name == o.Name {
						t.Indexes = append(t.Indexes[:i:i], t.Indexes[i+1:]...)
						return nil
					}
				}
			}
		}
		for _, t := range m.Tables {
			if t.Schema != o.Schema || (o.Table != "" && t.Name != o.Table) {
				continue
			}
			for i, ix := range t.Indexes {
				if ix.Name == o.Name {
					t.Indexes = append(t.Indexes[:i:i], t.Indexes[i+1:]...)
					return nil
				}
			}
		}
		if o.Table != "" {
			if _, err := applyTable(m, o.Schema, o.Table); err != nil {
				return err
			}
			return fmt.Errorf("index %q on table %s: %w", o.Name, applyQual(o.Schema, o.Table), ErrNotFound)
		}
		return fmt.Errorf("index %q: %w", o.Name, ErrNotFound)
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

func applyCreateConstraint(m *schema.MetaData, o Op) error {
	var (
		schemaName, table, name string
		cols                    []string
	)
	switch o := o.(type) {
	case *CreateUniqueConstraint:
		if o.Unique == nil {
			return fmt.Errorf("no constraint given")
		}
		schemaName, table, name, cols = o.Schema, o.Table, o.Unique.Name, o.Unique.Columns
	case *CreateForeignKey:
		if o.ForeignKey == nil {
			return fmt.Errorf("no foreign key given")
		}
		schemaName, table, name, cols = o.Schema, o.Table, o.ForeignKey.Name, o.ForeignKey.Columns
	case *CreateCheckConstraint:
		if o.Check == nil {
			return fmt.Errorf("no constraint given")
		}
		schemaName, table, name = o.Schema, o.Table, o.Check.Name
	case *CreatePrimaryKey:
		if o.PrimaryKey == nil {
			return fmt.Errorf("no primary key given")
		}
		schemaName, table, name, cols = o.Schema, o.Table, o.PrimaryKey.Name, o.PrimaryKey.Columns
	}
	t, err := applyTable(m, schemaName, table)
	if err != nil {
		return err
	}
	if applyConstraintExists(t, name) {
		return fmt.Errorf("constraint %q on table %s: %w", name, applyQual(schemaName, table), ErrExists)
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
			return fmt.Errorf("table %s already has a primary key (%q); drop it first: %w", applyQual(schemaName, table), t.PrimaryKey.Name, ErrExists)
		}
		t.PrimaryKey = &schema.PrimaryKeyDef{Name: name, Columns: append([]string(nil), cols...)}
		for _, c := range cols {
			t.FindColumn(c).Nullable = false
		}
	}
	return nil
}

func applyDropConstraint(m *schema.MetaData, o *DropConstraint) error {
	t, err := applyTable(m, o.Schema, o.Table)
	if err != nil {
		return err
	}
	n := len(t.ForeignKeys) + len(t.Uniques) + len(t.Checks)
	switch o.Type {
	case ConstraintForeignKey:
		t.ForeignKeys = applyRemove(t.ForeignKeys, func(f *schema.ForeignKeyDef) bool { return f.Name == o.Name })
	case ConstraintUnique:
		t.Uniques = applyRemove(t.Uniques, func(u *schema.UniqueDef) bool { return u.Name == o.Name })
	case ConstraintCheck:
		t.Checks = applyRemove(t.Checks, func(c *schema.CheckDef) bool { return c.Name == o.Name })
	case ConstraintPrimary:
		// An inspected primary key may have no name (SQLite); it is still the
		// one a drop_constraint of type primary means.
		if t.PrimaryKey != nil && (t.PrimaryKey.Name == o.Name || t.PrimaryKey.Name == "") {
			t.PrimaryKey = nil
			return nil
		}
		return fmt.Errorf("primary key %q on table %s: %w", o.Name, applyQual(o.Schema, o.Table), ErrNotFound)
	default:
		return fmt.Errorf("unknown constraint type %q (want foreignkey, unique, check or primary)", o.Type)
	}
	if len(t.ForeignKeys)+len(t.Uniques)+len(t.Checks) == n {
		return fmt.Errorf("%s constraint %q on table %s: %w", o.Type, o.Name, applyQual(o.Schema, o.Table), ErrNotFound)
	}
	return nil
}
