package autogen

import (
	"fmt"
	"slices"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// compareIndexes matches indexes by name, as Alembic's
// compare._compare_indexes_and_uniques does: the same name with other columns
// (in order) or other uniqueness is dropped and created again. An unnamed
// declared index matches a remaining live index with the same columns and
// uniqueness. The WHERE predicate of a partial index is not compared: databases
// store it rewritten (see compareChecks), so comparing text would propose a
// spurious drop and create on every run. Unmatched live indexes are dropped
// (with Existing), unmatched declared ones created.
func (c *comparer) compareIndexes(dt, lt *schema.Table) {
	matched := make([]bool, len(lt.Indexes))
	var create []*schema.IndexDef
	same := func(a, b *schema.IndexDef) bool { return a.Unique == b.Unique && slices.Equal(a.Columns, b.Columns) }
	declared := func(name string) bool {
		return name != "" && slices.ContainsFunc(dt.Indexes, func(ix *schema.IndexDef) bool { return ix.Name == name })
	}
	for _, dix := range dt.Indexes {
		if dix.Name == "" {
			continue
		}
		i := slices.IndexFunc(lt.Indexes, func(lix *schema.IndexDef) bool { return lix.Name == dix.Name })
		if i < 0 || matched[i] {
			create = append(create, dix)
			continue
		}
		if same(dix, lt.Indexes[i]) {
			matched[i] = true
		} else {
			create = append(create, dix) // the live one is dropped below
		}
	}
	for _, dix := range dt.Indexes {
		if dix.Name != "" {
			continue
		}
		i := -1
		for j, lix := range lt.Indexes {
			if !matched[j] && !declared(lix.Name) && same(dix, lix) {
				i = j
				break
			}
		}
		if i < 0 {
			create = append(create, dix)
			continue
		}
		matched[i] = true
	}
	table := qualify(lt.Schema, lt.Name)
	for i, lix := range lt.Indexes {
		if !matched[i] {
			c.p.add(phaseDropConstraints, &ops.DropIndex{Schema: lt.Schema, Table: lt.Name, Name: lix.Name, Existing: cloneIndex(lix)},
				fmt.Sprintf("Detected removed index %s on '%s'", quoted(lix.Name), table))
		}
	}
	for _, dix := range dt.Indexes {
		if slices.Contains(create, dix) {
			c.p.add(phaseCreateIndexes, &ops.CreateIndex{Schema: dt.Schema, Table: dt.Name, Index: cloneIndex(dix)},
				fmt.Sprintf("Detected added index %s on %s", quoted(dix.Name), pyList(dix.Columns)))
		}
	}
}
