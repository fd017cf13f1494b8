package mysql

import (
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// applyKeys records the effect of o on the keys and indexes of the tables in s,
// as MySQL does it: dropping a column removes it from every index, key and
// constraint that uses it, and drops those left with no column (PostgreSQL would
// drop them whole).
func (s *state) applyKeys(o ops.Op) {
	switch o := o.(type) {
	case *ops.CreateIndex:
		if t := s.table(o.Schema, o.Table); t != nil && o.Index != nil {
			ix := *o.Index
			ix.Columns = append([]string(nil), o.Index.Columns...)
			t.Indexes = append(t.Indexes, &ix)
		}
	case *ops.DropIndex:
		if t := s.table(o.Schema, o.Table); t != nil {
			t.Indexes = removeIndex(t.Indexes, o.Name)
		}
	case *ops.CreateUniqueConstraint:
		if t := s.table(o.Schema, o.Table); t != nil && o.Unique != nil {
			t.Uniques = append(t.Uniques, &schema.UniqueDef{Name: o.Unique.Name, Columns: append([]string(nil), o.Unique.Columns...)})
		}
	case *ops.CreatePrimaryKey:
		if t := s.table(o.Schema, o.Table); t != nil && o.PrimaryKey != nil {
			t.PrimaryKey = &schema.PrimaryKeyDef{Name: o.PrimaryKey.Name, Columns: append([]string(nil), o.PrimaryKey.Columns...)}
		}
	case *ops.CreateForeignKey:
		if t := s.table(o.Schema, o.Table); t != nil && o.ForeignKey != nil {
			fk := *o.ForeignKey
			fk.Columns = append([]string(nil), o.ForeignKey.Columns...)
			fk.RefColumns = append([]string(nil), o.ForeignKey.RefColumns...)
			t.ForeignKeys = append(t.ForeignKeys, &fk)
		}
	case *ops.CreateCheckConstraint:
		if t := s.table(o.Schema, o.Table); t != nil && o.Check != nil {
			c := *o.Check
			t.Checks = append(t.Checks, &c)
		}
	case *ops.DropConstraint:
		if t := s.table(o.Schema, o.Table); t != nil {
			dropConstraint(t, o)
		}
	case *ops.DropColumn:
		if t := s.table(o.Schema, o.Table); t != nil {
			dropColumnKeys(t, o.Column)
		}
	case *ops.AlterColumn:
		if o.NewName == "" || o.NewName == o.Column {
			return
		}
		if t := s.table(o.Schema, o.Table); t != nil {
			renameColumnKeys(t, o.Column, o.NewName)
		}
	}
}

// dropConstraint removes the constraint o names from t. A unique constraint is
// an index on MySQL, so drop_constraint of type unique also drops a unique index
// of that name.
func dropConstraint(t *schema.Table, o *ops.DropConstraint) {
	switch o.Type {
	case ops.ConstraintForeignKey:
		out := t.ForeignKeys[:0:0]
		for _, fk := range t.ForeignKeys {
			if fk.Name != o.Name {
				out = append(out, fk)
			}
		}
		t.ForeignKeys = out
	case ops.ConstraintUnique:
		out := t.Uniques[:0:0]
		for _, u := range t.Uniques {
			if u.Name != o.Name {
				out = append(out, u)
			}
		}
		t.Uniques = out
		t.Indexes = removeIndex(t.Indexes, o.Name)
	case ops.ConstraintCheck:
		out := t.Checks[:0:0]
		for _, c := range t.Checks {
			if c.Name != o.Name {
				out = append(out, c)
			}
		}
		t.Checks = out
	case ops.ConstraintPrimary:
		t.PrimaryKey = nil
	}
}

func removeIndex(list []*schema.IndexDef, name string) []*schema.IndexDef {
	out := list[:0:0]
	for _, ix := range list {
		if ix.Name != name {
			out = append(out, ix)
		}
	}
	return out
}

// dropColumnKeys removes col from t's keys and indexes as MySQL does.
func dropColumnKeys(t *schema.Table, col string) {
	if t.PrimaryKey != nil {
		if t.PrimaryKey.Columns = without(t.PrimaryKey.Columns, col); len(t.PrimaryKey.Columns) == 0 {
			t.PrimaryKey = nil
		}
	}
	us := t.Uniques[:0:0]
	for _, u := range t.Uniques {
		if u.Columns = without(u.Columns, col); len(u.Columns) > 0 {
			us = append(us, u)
		}
	}
	t.Uniques = us
	ixs := t.Indexes[:0:0]
	for _, ix := range t.Indexes {
		if ix.Columns = without(ix.Columns, col); len(ix.Columns) > 0 {
			ixs = append(ixs, ix)
		}
	}
	t.Indexes = ixs
}

func without(list []string, s string) []string {
	out := list[:0:0]
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

func renameColumnKeys(t *schema.Table, from, to string) {
	rename := func(list []string) {
		for i, x := range list {
			if x == from {
				list[i] = to
			}
		}
	}
	if t.PrimaryKey != nil {
		rename(t.PrimaryKey.Columns)
	}
	for _, fk := range t.ForeignKeys {
		rename(fk.Columns)
	}
	for _, u := range t.Uniques {
		rename(u.Columns)
	}
	for _, ix := range t.Indexes {
		rename(ix.Columns)
	}
}

// foreignKeysUsing returns the names of t's foreign keys that use column col.
func foreignKeysUsing(t *schema.Table, col string) []string {
	var out []string
	for _, fk := range t.ForeignKeys {
		for _, c := range fk.Columns {
			if c == col {
				out = append(out, fk.Name)
				break
			}
		}
	}
	return out
}
