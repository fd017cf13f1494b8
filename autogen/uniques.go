package autogen

import (
	"fmt"
	"slices"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// compareUniques matches unique constraints, as Alembic's
// compare._compare_indexes_and_uniques does for them: a named declared
// constraint matches the live one of that name (different columns: drop and
// create); an unnamed one matches a remaining live one on the same columns, in
// order. Unmatched live constraints are dropped, unmatched declared ones created.
func (c *comparer) compareUniques(dt, lt *schema.Table) {
	matched := make([]bool, len(lt.Uniques))
	var create []*schema.UniqueDef
	for _, du := range dt.Uniques {
		if du.Name == "" {
			continue
		}
		i := slices.IndexFunc(lt.Uniques, func(lu *schema.UniqueDef) bool { return lu.Name == du.Name })
		if i < 0 || matched[i] {
			create = append(create, du)
			continue
		}
		matched[i] = true
		if !slices.Equal(du.Columns, lt.Uniques[i].Columns) || !sameUniqueDetails(du, lt.Uniques[i]) {
			matched[i] = false // dropped below, then created again
			create = append(create, du)
		}
	}
	for _, du := range dt.Uniques {
		if du.Name != "" {
			continue
		}
		i := -1
		for j, lu := range lt.Uniques {
			if !matched[j] && slices.Equal(lu.Columns, du.Columns) && sameUniqueDetails(du, lu) && !declaresName(dt.Uniques, lu.Name) {
				i = j
				break
			}
		}
		if i < 0 {
			create = append(create, du)
			continue
		}
		matched[i] = true
	}
	table := qualify(lt.Schema, lt.Name)
	for i, lu := range lt.Uniques {
		if !matched[i] {
			c.p.add(phaseDropConstraints, &ops.DropConstraint{
				Schema: lt.Schema, Table: lt.Name, Name: lu.Name, Type: ops.ConstraintUnique, ExistingUnique: cloneUnique(lu),
			}, fmt.Sprintf("Detected removed unique constraint %s on '%s'", quoted(lu.Name), table))
		}
	}
	for _, du := range dt.Uniques {
		if slices.Contains(create, du) {
			c.p.add(phaseCreateConstraints, &ops.CreateUniqueConstraint{Schema: dt.Schema, Table: dt.Name, Unique: cloneUnique(du)},
				fmt.Sprintf("Detected added unique constraint %s on %s", quoted(du.Name), pyList(du.Columns)))
		}
	}
}

// declaresName reports whether a declared unique constraint is named name, so
// that an unnamed declared constraint does not take the live one it replaces.
func declaresName(list []*schema.UniqueDef, name string) bool {
	return name != "" && slices.ContainsFunc(list, func(u *schema.UniqueDef) bool { return u.Name == name })
}

// sameUniqueDetails reports whether two unique constraints agree on NULLS NOT
// DISTINCT and deferrability (INITIALLY DEFERRED implying DEFERRABLE).
func sameUniqueDetails(a, b *schema.UniqueDef) bool {
	return a.NullsNotDistinct == b.NullsNotDistinct &&
		(a.Deferrable || a.InitiallyDeferred) == (b.Deferrable || b.InitiallyDeferred) &&
		a.InitiallyDeferred == b.InitiallyDeferred
}
