package autogen

import (
	"fmt"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// portableEnums keeps revision files portable between dialects. On a dialect
// without named enums (MySQL, SQLite) there is no enum object to compare, but a
// revision written there may later run on PostgreSQL, where a table's enum type must
// exist before the table. So create_enum is emitted for each enum an added table uses
// that no live column uses yet, and drop_enum for each enum only removed tables used.
// Those dialects render both ops as nothing. It runs only when !NamedEnums;
// compareEnums and dropEnums do the full comparison otherwise.
func (c *comparer) portableEnums(added, removed []*schema.Table) {
	liveUse := map[string]bool{}
	for _, t := range c.live.Tables {
		if !isIn(removed, t) {
			for _, col := range t.Columns {
				if col.Type.Name == schema.TEnum {
					liveUse[col.Type.EnumName] = true
				}
			}
		}
	}
	keep := map[string]bool{}
	for _, t := range c.declTables {
		for _, col := range t.Columns {
			if col.Type.Name == schema.TEnum {
				keep[col.Type.EnumName] = true
			}
		}
	}
	done := map[string]bool{}
	for _, t := range added {
		for _, col := range t.Columns {
			e := col.Type
			if e.Name != schema.TEnum || liveUse[e.EnumName] || done[e.EnumName] {
				continue
			}
			done[e.EnumName] = true
			c.p.add(phaseEnums, &ops.CreateEnum{Schema: t.Schema, Name: e.EnumName, Values: cloneStrings(e.EnumValues)},
				fmt.Sprintf("Detected added enum '%s'", e.EnumName))
		}
	}
	for _, t := range removed {
		for _, col := range t.Columns {
			e := col.Type
			if e.Name != schema.TEnum || keep[e.EnumName] || done[e.EnumName] {
				continue
			}
			done[e.EnumName] = true
			c.p.add(phaseDropEnums, &ops.DropEnum{Schema: t.Schema, Name: e.EnumName, Values: cloneStrings(e.EnumValues)},
				fmt.Sprintf("Detected removed enum '%s'", e.EnumName))
		}
	}
}

func isIn(list []*schema.Table, t *schema.Table) bool {
	for _, x := range list {
		if x == t {
			return true
		}
	}
	return false
}
