package dialecttest

import (
	"cmp"
	"slices"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/retortdb/migrate/schema"
)

// diffSchema compares the expected model with the inspected one, reduced to what
// the dialect stores, and returns go-cmp's diff ("" when they match).
//
// Both sides: tables, enums, foreign keys, uniques, checks and indexes are
// sorted by name as inspectors sort them; check conditions are not compared
// (servers rewrite them); comments are dropped when the dialect has none; enum
// types compare by their values when enums are inline (!NamedEnums), and only
// then are MetaData.Enums left out. Expected side only: server defaults go
// through the dialect's NormalizeDefault; a primary-key name is dropped when the
// inspector reports the key without one; a unique index over plain columns that
// the inspector reports as a unique constraint of the same name (MySQL makes no
// difference between them) is expected as that constraint; a table option the
// model leaves out (MySQL's engine, collation, options) is expected as
// inspected. Types are equal when the dialect's EquivalentType says so.
//
// With anyColumnOrder, columns are compared sorted by name: a dropped column
// that a downgrade adds back comes last.
func (s *session) diffSchema(want, got *schema.MetaData, anyColumnOrder bool) string {
	w, g := cloneMeta(want), cloneMeta(got)
	caps := s.d.Capabilities()
	for _, m := range []*schema.MetaData{w, g} {
		if !caps.NamedEnums {
			m.Enums = nil
		}
		for _, t := range m.Tables {
			if !caps.Comments {
				t.Comment = ""
			}
			for _, c := range t.Columns {
				if !caps.Comments {
					c.Comment = ""
				}
				if !caps.NamedEnums && c.Type.Name == schema.TEnum {
					c.Type.EnumName = ""
				}
			}
			for _, ck := range t.Checks {
				ck.Expr = ""
			}
			// A missing Order or Opclass entry and "" both mean the default
			// (schema.IndexDef), and inspectors write either.
			for _, ix := range t.Indexes {
				ix.Order, ix.Opclass = trimEmpty(ix.Order), trimEmpty(ix.Opclass)
			}
		}
	}
	for _, t := range w.Tables {
		for _, c := range t.Columns {
			if c.Default != nil {
				n := s.d.NormalizeDefault(*c.Default, c.Type)
				c.Default = &n
			}
		}
		for _, fk := range t.ForeignKeys {
			for _, a := range []*string{&fk.OnDelete, &fk.OnUpdate} {
				if *a == "NO ACTION" {
					*a = ""
				}
			}
		}
		gt := g.FindTable(t.Schema, t.Name)
		if gt == nil {
			continue
		}
		// A table option the model leaves out (MySQL's engine, collation and
		// options: "" is the server's default) is not compared, as in autogenerate.
		for _, f := range []struct{ w, g *string }{{&t.Engine, &gt.Engine}, {&t.Collation, &gt.Collation}, {&t.Options, &gt.Options}} {
			if *f.w == "" {
				*f.w = *f.g
			}
		}
		if t.PrimaryKey != nil && gt.PrimaryKey != nil && gt.PrimaryKey.Name == "" {
			t.PrimaryKey.Name = ""
		}
		foldUniqueIndexes(t, gt)
	}
	sortModel(w)
	sortModel(g)
	if anyColumnOrder {
		for _, t := range append(slices.Clone(w.Tables), g.Tables...) {
			slices.SortStableFunc(t.Columns, func(a, b *schema.Column) int { return cmp.Compare(a.Name, b.Name) })
		}
	}
	typeEq := func(a, b schema.Type) bool {
		return a.Equal(b) || s.d.EquivalentType(a, b) || s.d.EquivalentType(b, a)
	}
	return gocmp.Diff(w, g, cmpopts.EquateEmpty(), gocmp.Comparer(typeEq))
}

// foldUniqueIndexes turns each expected unique index over plain columns into a
// unique constraint when the inspected table has no index by that name but a
// unique constraint by that name.
func foldUniqueIndexes(want, got *schema.Table) {
	has := func(name string) bool {
		return slices.ContainsFunc(got.Indexes, func(ix *schema.IndexDef) bool { return ix.Name == name })
	}
	isUnique := func(name string) bool {
		return slices.ContainsFunc(got.Uniques, func(u *schema.UniqueDef) bool { return u.Name == name })
	}
	want.Indexes = slices.DeleteFunc(want.Indexes, func(ix *schema.IndexDef) bool {
		if !ix.Unique || ix.Where != "" || has(ix.Name) || !isUnique(ix.Name) {
			return false
		}
		want.Uniques = append(want.Uniques, &schema.UniqueDef{Name: ix.Name, Columns: ix.Columns})
		return true
	})
}

// sortModel sorts as inspect.Inspector documents.
func sortModel(m *schema.MetaData) {
	slices.SortStableFunc(m.Tables, func(a, b *schema.Table) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Schema, b.Schema))
	})
	slices.SortStableFunc(m.Enums, func(a, b *schema.EnumDef) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Schema, b.Schema))
	})
	for _, t := range m.Tables {
		slices.SortStableFunc(t.ForeignKeys, func(a, b *schema.ForeignKeyDef) int { return cmp.Compare(a.Name, b.Name) })
		slices.SortStableFunc(t.Uniques, func(a, b *schema.UniqueDef) int { return cmp.Compare(a.Name, b.Name) })
		slices.SortStableFunc(t.Checks, func(a, b *schema.CheckDef) int { return cmp.Compare(a.Name, b.Name) })
		slices.SortStableFunc(t.Indexes, func(a, b *schema.IndexDef) int { return cmp.Compare(a.Name, b.Name) })
	}
}

// checkSchema fails the test when the live schema differs from want.
func (s *session) checkSchema(what string, want *schema.MetaData) bool {
	s.t.Helper()
	return s.checkSchemaOrder(what, want, false)
}

// checkSchemaOrder is checkSchema, comparing columns in any order when
// anyColumnOrder is set.
func (s *session) checkSchemaOrder(what string, want *schema.MetaData, anyColumnOrder bool) bool {
	s.t.Helper()
	if diff := s.diffSchema(want, s.inspect(), anyColumnOrder); diff != "" {
		s.t.Errorf("%s: inspected schema differs from the expected model (-want +got):\n%s", what, diff)
		return false
	}
	return true
}

// trimEmpty returns list without its trailing "" entries (nil when none is left).
func trimEmpty(list []string) []string {
	for len(list) > 0 && list[len(list)-1] == "" {
		list = list[:len(list)-1]
	}
	if len(list) == 0 {
		return nil
	}
	return list
}
