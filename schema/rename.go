package schema

// RenamedFrom says that the table was called oldName before, and returns the
// builder. Autogenerate then proposes rename_table (keeping every row) instead
// of dropping the old table and creating this one, as long as the live schema
// still has a table called oldName and none with the new name; once the
// rename ran, the hint has no effect and may be removed.
func (b *TableBuilder) RenamedFrom(oldName string) *TableBuilder {
	b.t.RenamedFrom = oldName
	return b
}

// RenamedFrom says that the column was called oldName before. Autogenerate
// then proposes alter_column with new_name (keeping every value) instead of
// dropping the old column and adding this one, as long as the live table
// still has a column called oldName and none with the new name.
func (b *ColumnBuilder) RenamedFrom(oldName string) *ColumnBuilder {
	b.c.RenamedFrom = oldName
	return b
}

// RenamedFrom says that the index was called oldName before. Autogenerate then
// proposes rename_index instead of dropping and creating the index, as long as
// the live table still has an index called oldName and none with the new name.
// The index's definition is compared as usual after the rename.
func (b *IndexBuilder) RenamedFrom(oldName string) *IndexBuilder {
	b.ix.RenamedFrom = oldName
	return b
}

// RenamedConstraint says that the table's unique, check or foreign-key
// constraint called name (as declared, or as the naming convention names it)
// was called oldName before. Autogenerate then proposes rename_constraint
// instead of dropping and creating the constraint, as long as the live table
// still has a constraint called oldName and none called name. Validate
// reports a name that no constraint of the table has.
func RenamedConstraint(name, oldName string) TableItem {
	return constraintItem(func(tb *tableBuild) {
		tb.renames = append(tb.renames, [2]string{name, oldName})
	})
}

// applyRenames records the RenamedConstraint hints of tb on its constraints,
// once the naming convention has named them.
func (tb *tableBuild) applyRenames() {
	for _, r := range tb.renames {
		name, old := r[0], r[1]
		found := false
		for _, u := range tb.t.Uniques {
			if u.Name == name {
				u.RenamedFrom, found = old, true
			}
		}
		for _, c := range tb.t.Checks {
			if c.Name == name {
				c.RenamedFrom, found = old, true
			}
		}
		for _, f := range tb.t.ForeignKeys {
			if f.Name == name {
				f.RenamedFrom, found = old, true
			}
		}
		if !found {
			tb.m.fail("table %q: RenamedConstraint(%q, %q) names no unique, check or foreign-key constraint of the table (a name made by the naming convention is written as it comes out, e.g. \"uq_users_email\")", tb.t.Name, name, old)
		}
	}
}
