package autogen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// applyRenames proposes the renames the declared metadata asks for
// (RenamedFrom on a table, column or index, RenamedConstraint), each only when
// the live schema still has the old name and not the new one, so that a hint
// left in the code after its rename ran does nothing. The renames go first in
// the upgrade, in the order tables, columns, indexes, constraints; everything
// else is then compared with the live schema as it is after them, which
// applyRenames returns (live itself is not modified; it is returned unchanged
// when nothing is renamed). liveIn is the live tables in scope by key.
func (c *comparer) applyRenames(live *schema.MetaData, liveIn map[tableKey]*schema.Table) *schema.MetaData {
	var out *schema.MetaData
	apply := func(o ops.Op, finding string) {
		if out == nil {
			out = live.Clone()
		}
		if err := ops.Apply(out, o); err != nil {
			// The checks below make this unreachable; say so rather than hide it.
			c.refused = append(c.refused, fmt.Sprintf("applying %s to the live schema: %v", ops.Name(o), err))
			return
		}
		c.p.add(phaseRenames, o, finding)
	}
	table := func(k tableKey) *schema.Table {
		if out != nil {
			return out.FindTable(k.schema, k.name)
		}
		return liveIn[k]
	}
	for _, dt := range c.declTables {
		old := tableKey{dt.Schema, dt.RenamedFrom}
		if dt.RenamedFrom == "" || dt.RenamedFrom == dt.Name || c.declIn[old] != nil || liveIn[old] == nil || liveIn[keyOf(dt)] != nil {
			continue
		}
		apply(&ops.RenameTable{Schema: dt.Schema, Name: dt.RenamedFrom, NewName: dt.Name},
			fmt.Sprintf("Detected renamed table '%s' to '%s'", qualify(dt.Schema, dt.RenamedFrom), dt.Name))
	}
	for _, dt := range c.declTables {
		for _, dc := range dt.Columns {
			lt := table(keyOf(dt))
			if lt == nil || dc.RenamedFrom == "" || dc.RenamedFrom == dc.Name || dt.FindColumn(dc.RenamedFrom) != nil {
				continue
			}
			lc := lt.FindColumn(dc.RenamedFrom)
			if lc == nil || lt.FindColumn(dc.Name) != nil {
				continue
			}
			alter := &ops.AlterColumn{
				Schema: dt.Schema, Table: dt.Name, Column: lc.Name, NewName: dc.Name,
				ExistingType:          cloneType(lc.Type),
				ExistingNullable:      boolPtr(lc.Nullable),
				ExistingServerDefault: cloneStr(lc.Default),
				ExistingComment:       commentPtr(lc.Comment),
				ExistingAutoincrement: boolPtr(lc.Autoincrement),
			}
			if lc.Collation != "" {
				alter.ExistingCollation = cloneStr(&lc.Collation)
			}
			apply(alter, fmt.Sprintf("Detected renamed column '%s.%s' to '%s'", qualify(dt.Schema, dt.Name), lc.Name, dc.Name))
		}
	}
	for _, dt := range c.declTables {
		for _, dix := range dt.Indexes {
			lt := table(keyOf(dt))
			if lt == nil || dix.RenamedFrom == "" || dix.Name == "" || dix.RenamedFrom == dix.Name || declaresIndex(dt, dix.RenamedFrom) {
				continue
			}
			if hasIndex(lt, dix.Name) || constraintKind(lt, dix.Name) != "" {
				continue
			}
			if !hasIndex(lt, dix.RenamedFrom) {
				// Where a unique index is a unique constraint (MySQL), the
				// inspector reports the old unique index as a constraint: take
				// it for the index, as foldUniqueIndexes does for one whose name
				// did not change.
				if !c.caps.UniqueIndexesAreConstraints || !dix.Unique || constraintKind(lt, dix.RenamedFrom) != ops.ConstraintUnique {
					continue
				}
				if out == nil {
					out = live.Clone()
				}
				lt = out.FindTable(dt.Schema, dt.Name)
				i := slices.IndexFunc(lt.Uniques, func(u *schema.UniqueDef) bool { return u.Name == dix.RenamedFrom })
				u := lt.Uniques[i]
				lt.Uniques = slices.Delete(lt.Uniques, i, i+1)
				lt.Indexes = append(lt.Indexes, &schema.IndexDef{Name: u.Name, Columns: slices.Clone(u.Columns), Unique: true})
			}
			apply(&ops.RenameIndex{Schema: dt.Schema, Table: dt.Name, Name: dix.RenamedFrom, NewName: dix.Name},
				fmt.Sprintf("Detected renamed index '%s' to '%s' on '%s'", dix.RenamedFrom, dix.Name, qualify(dt.Schema, dt.Name)))
		}
	}
	for _, dt := range c.declTables {
		for _, r := range declaredConstraintRenames(dt) {
			lt := table(keyOf(dt))
			if lt == nil || constraintKind(dt, r.old) != "" || constraintKind(lt, r.old) != r.kind || constraintKind(lt, r.name) != "" {
				continue
			}
			apply(&ops.RenameConstraint{Schema: dt.Schema, Table: dt.Name, Name: r.old, NewName: r.name, Type: r.kind},
				fmt.Sprintf("Detected renamed %s constraint '%s' to '%s' on '%s'", r.kind, r.old, r.name, qualify(dt.Schema, dt.Name)))
		}
	}
	if out == nil {
		return live
	}
	return out
}

// constraintRename is a RenamedConstraint hint of a declared table.
type constraintRename struct{ kind, name, old string }

func declaredConstraintRenames(t *schema.Table) []constraintRename {
	var out []constraintRename
	for _, u := range t.Uniques {
		if u.RenamedFrom != "" && u.Name != "" && u.RenamedFrom != u.Name {
			out = append(out, constraintRename{ops.ConstraintUnique, u.Name, u.RenamedFrom})
		}
	}
	for _, f := range t.ForeignKeys {
		if f.RenamedFrom != "" && f.Name != "" && f.RenamedFrom != f.Name {
			out = append(out, constraintRename{ops.ConstraintForeignKey, f.Name, f.RenamedFrom})
		}
	}
	for _, k := range t.Checks {
		if k.RenamedFrom != "" && k.Name != "" && k.RenamedFrom != k.Name {
			out = append(out, constraintRename{ops.ConstraintCheck, k.Name, k.RenamedFrom})
		}
	}
	return out
}

// constraintKind returns the kind of t's unique, foreign-key or check
// constraint called name, or "" when t has none.
func constraintKind(t *schema.Table, name string) string {
	switch {
	case slices.ContainsFunc(t.Uniques, func(u *schema.UniqueDef) bool { return u.Name == name }):
		return ops.ConstraintUnique
	case slices.ContainsFunc(t.ForeignKeys, func(f *schema.ForeignKeyDef) bool { return f.Name == name }):
		return ops.ConstraintForeignKey
	case slices.ContainsFunc(t.Checks, func(k *schema.CheckDef) bool { return k.Name == name }):
		return ops.ConstraintCheck
	}
	return ""
}

func hasIndex(t *schema.Table, name string) bool {
	return slices.ContainsFunc(t.Indexes, func(ix *schema.IndexDef) bool { return ix.Name == name })
}

func declaresIndex(t *schema.Table, name string) bool { return name != "" && hasIndex(t, name) }

// suggestRenames warns, for each table compared, about a drop and an add of
// the same shape that no hint explains, with the Go hint that would make it a
// rename: a removed and an added table with the same column names; a removed
// and an added column of the same type (as the dialect judges it) and
// nullability; a removed and an added index on the same columns with the same
// uniqueness; a removed and an added unique constraint on the same columns
// (foreign keys match by what they are, not by name, so a renamed one is
// never dropped and added). Each removed object is
// suggested once, for the first added one of its shape.
func (c *comparer) suggestRenames(liveTables []*schema.Table) {
	var added, removed []*schema.Table
	for _, dt := range c.declTables {
		if c.liveIn[keyOf(dt)] == nil {
			added = append(added, dt)
		}
	}
	for _, lt := range liveTables {
		if c.declIn[keyOf(lt)] == nil {
			removed = append(removed, lt)
		}
	}
	used := map[*schema.Table]bool{}
	for _, dt := range added {
		for _, lt := range removed {
			if used[lt] || lt.Schema != dt.Schema || !sameSet(lt.ColumnNames(), dt.ColumnNames()) {
				continue
			}
			used[lt] = true
			c.suggest(fmt.Sprintf("Detected removed table '%s' and added table '%s' with the same columns: if it was renamed, declare "+
				"Metadata.Table(%q, …).RenamedFrom(%q) and autogenerate writes rename_table instead of dropping the table with its rows",
				qualify(lt.Schema, lt.Name), qualify(dt.Schema, dt.Name), dt.Name, lt.Name))
			break
		}
	}
	for _, dt := range c.declTables {
		lt := c.liveIn[keyOf(dt)]
		if lt == nil {
			continue
		}
		c.suggestColumnRenames(dt, lt)
		c.suggestIndexRenames(dt, lt)
		c.suggestConstraintRenames(dt, lt)
	}
}

func (c *comparer) suggestColumnRenames(dt, lt *schema.Table) {
	used := map[string]bool{}
	for _, dc := range dt.Columns {
		if lt.FindColumn(dc.Name) != nil {
			continue
		}
		for _, lc := range lt.Columns {
			if used[lc.Name] || dt.FindColumn(lc.Name) != nil || lc.Nullable != dc.Nullable || !c.d.EquivalentType(dc.Type, lc.Type) {
				continue
			}
			used[lc.Name] = true
			c.suggest(fmt.Sprintf("Detected removed column '%s.%s' and added column '%s.%s' of the same type and nullability: if it was renamed, declare "+
				"schema.Col(%q, …).RenamedFrom(%q) and autogenerate writes alter_column with new_name instead of dropping the column with its values",
				qualify(lt.Schema, lt.Name), lc.Name, qualify(dt.Schema, dt.Name), dc.Name, dc.Name, lc.Name))
			break
		}
	}
}

func (c *comparer) suggestIndexRenames(dt, lt *schema.Table) {
	used := map[string]bool{}
	for _, dix := range dt.Indexes {
		if dix.Name == "" || hasIndex(lt, dix.Name) {
			continue
		}
		for _, lix := range lt.Indexes {
			if used[lix.Name] || lix.Name == "" || declaresIndex(dt, lix.Name) || lix.Unique != dix.Unique || !slices.Equal(lix.Columns, dix.Columns) {
				continue
			}
			used[lix.Name] = true
			c.suggest(fmt.Sprintf("Detected removed index '%s' and added index '%s' on the same columns of '%s': if it was renamed, declare "+
				"schema.Index(%q, …).RenamedFrom(%q) and autogenerate writes rename_index instead of building the index again",
				lix.Name, dix.Name, qualify(dt.Schema, dt.Name), dix.Name, lix.Name))
			break
		}
	}
}

func (c *comparer) suggestConstraintRenames(dt, lt *schema.Table) {
	type shaped struct{ kind, name, shape string }
	shapes := func(t *schema.Table) []shaped {
		var out []shaped
		for _, u := range t.Uniques {
			out = append(out, shaped{ops.ConstraintUnique, u.Name, strings.Join(u.Columns, ",")})
		}
		return out
	}
	live := shapes(lt)
	used := map[string]bool{}
	for _, d := range shapes(dt) {
		if d.name == "" || constraintKind(lt, d.name) != "" {
			continue
		}
		for _, l := range live {
			if used[l.name] || l.name == "" || l.kind != d.kind || l.shape != d.shape || constraintKind(dt, l.name) != "" {
				continue
			}
			used[l.name] = true
			c.suggest(fmt.Sprintf("Detected removed %s constraint '%s' and added %s constraint '%s' of the same shape on '%s': if it was renamed, declare "+
				"schema.RenamedConstraint(%q, %q) in the table and autogenerate writes rename_constraint instead of dropping and adding it",
				d.kind, l.name, d.kind, d.name, qualify(dt.Schema, dt.Name), d.name, l.name))
			break
		}
	}
}

// suggest adds a rename suggestion: a finding, and a line of
// Result.RenameSuggestions.
func (c *comparer) suggest(line string) {
	c.p.warn(phaseRenames, line)
	c.suggestions = append(c.suggestions, line)
}
