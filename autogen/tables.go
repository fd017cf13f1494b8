package autogen

import (
	"fmt"
	"slices"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// addTables proposes the added tables, as Alembic's compare._compare_tables does:
// create_table in foreign-key dependency order (referenced tables first), each
// followed by create_index for its indexes. It returns the keys left out of
// create_table, which addTableKeys adds once every table exists.
func (c *comparer) addTables(added []*schema.Table) map[*schema.ForeignKeyDef]bool {
	g := newFKGraph(added)
	deferred := map[*schema.ForeignKeyDef]bool{}
	for fk := range g.cyclic {
		deferred[fk] = true
	}
	for _, t := range added {
		for _, fk := range t.ForeignKeys {
			if !c.canInline(fk) {
				deferred[fk] = true
			}
		}
	}
	for _, t := range g.createOrder() {
		name := qualify(t.Schema, t.Name)
		c.p.add(phaseCreateTables, &ops.CreateTable{Table: tableForOp(t, deferred)},
			fmt.Sprintf("Detected added table '%s'", name))
		for _, ix := range t.Indexes {
			c.p.add(phaseCreateTables, &ops.CreateIndex{Schema: t.Schema, Table: t.Name, Index: cloneIndex(ix)},
				fmt.Sprintf("Detected added index %s on %s", quoted(ix.Name), pyList(ix.Columns)))
		}
	}
	return deferred
}

// addTableKeys proposes create_foreign_key for the keys of added table t that
// addTables left out of its create_table.
func (c *comparer) addTableKeys(t *schema.Table, deferred map[*schema.ForeignKeyDef]bool) {
	for _, fk := range t.ForeignKeys {
		if deferred[fk] {
			c.addForeignKey(t.Schema, t.Name, fk)
		}
	}
}

// canInline reports whether a new table's key fk may be created inside its
// create_table. A key to a table that already exists may, when the referred
// columns exist before this migration and carry a primary key, unique constraint
// or unique index both live and declared (so the key they need is not dropped
// and re-created around the create_table). Otherwise the key waits for
// create_foreign_key, which runs after columns and keys are added.
func (c *comparer) canInline(fk *schema.ForeignKeyDef) bool {
	k := refKey(fk)
	lt, dt := c.liveIn[k], c.declIn[k]
	if lt == nil || dt == nil {
		return true // a new table (ordered by the graph) or one out of scope
	}
	for _, col := range fk.RefColumns {
		if lt.FindColumn(col) == nil {
			return false
		}
	}
	return hasKeyOn(lt, fk.RefColumns) && hasKeyOn(dt, fk.RefColumns)
}

// hasKeyOn reports whether t has a primary key, unique constraint or
// non-partial unique index on exactly the columns cols (in any order).
func hasKeyOn(t *schema.Table, cols []string) bool {
	if t.PrimaryKey != nil && sameSet(t.PrimaryKey.Columns, cols) {
		return true
	}
	for _, u := range t.Uniques {
		if sameSet(u.Columns, cols) {
			return true
		}
	}
	for _, ix := range t.Indexes {
		if ix.Unique && ix.Where == "" && sameSet(ix.Columns, cols) {
			return true
		}
	}
	return false
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// dropTables proposes the removed tables, as Alembic's compare._compare_tables
// does: drop_index for each index and then drop_table, whose Existing holds the
// live table so the drop can be reversed, referencing tables first. The keys of a
// foreign-key cycle among removed tables are dropped with drop_constraint first
// (with the other foreign keys) and left out of Existing, so the downgrade
// re-creates the tables and then their cyclic keys.
func (c *comparer) dropTables(removed []*schema.Table) {
	g := newFKGraph(removed)
	for _, t := range removed {
		for _, fk := range t.ForeignKeys {
			if g.cyclic[fk] {
				c.dropForeignKey(t.Schema, t.Name, fk)
			}
		}
	}
	for _, t := range g.dropOrder() {
		for _, ix := range t.Indexes {
			c.p.add(phaseDropTables, &ops.DropIndex{Schema: t.Schema, Table: t.Name, Name: ix.Name, Existing: cloneIndex(ix)},
				fmt.Sprintf("Detected removed index %s on '%s'", quoted(ix.Name), qualify(t.Schema, t.Name)))
		}
		c.p.add(phaseDropTables, &ops.DropTable{Schema: t.Schema, Name: t.Name, Existing: tableForOp(t, g.cyclic)},
			fmt.Sprintf("Detected removed table '%s'", qualify(t.Schema, t.Name)))
	}
}

// compareTable proposes the changes of a table that exists on both sides.
func (c *comparer) compareTable(dt, lt *schema.Table) {
	rebuilt := c.compareColumns(dt, lt)
	c.comparePrimaryKey(dt, lt)
	c.compareForeignKeys(dt, lt)
	c.compareIndexes(dt, dropIndexesOfRebuilt(lt, rebuilt))
	c.compareUniques(dt, lt)
	c.compareChecks(dt, lt)
	c.compareTableComment(dt, lt)
	c.compareTableOptions(dt, lt)
	c.compareSQLiteTableOptions(dt, lt)
}
