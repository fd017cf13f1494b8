package autogen

import (
	"slices"

	"github.com/retortdb/migrate/schema"
)

// foldUniqueIndexes returns live with every unique constraint that stands for a
// declared unique index (same table, name and columns; no WHERE) moved to the
// table's indexes as that unique index. On dialects where the two are one object
// (Capabilities.UniqueIndexesAreConstraints, MySQL) the inspector cannot tell which
// was declared, so without this every run would propose dropping the constraint and
// creating the index. Alembic's MySQL implementation makes the same correction. live
// itself is not modified.
func foldUniqueIndexes(declared, live *schema.MetaData) *schema.MetaData {
	out := live.Clone()
	// The declared tables by key, the first of a key as FindTable finds it: a
	// lookup per live table, not a scan (5,000 tables).
	decl := map[tableKey]*schema.Table{}
	var declTables []*schema.Table
	if declared != nil {
		declTables = declared.Tables
	}
	for _, t := range declTables {
		if _, ok := decl[keyOf(t)]; !ok {
			decl[keyOf(t)] = t
		}
	}
	for _, lt := range out.Tables {
		dt := decl[keyOf(lt)]
		if dt == nil {
			continue
		}
		kept := lt.Uniques[:0]
		for _, u := range lt.Uniques {
			if ix := uniqueIndexFor(dt, u); ix != nil {
				lt.Indexes = append(lt.Indexes, &schema.IndexDef{Name: u.Name, Columns: slices.Clone(u.Columns), Unique: true})
				continue
			}
			kept = append(kept, u)
		}
		lt.Uniques = kept
	}
	return out
}

func uniqueIndexFor(t *schema.Table, u *schema.UniqueDef) *schema.IndexDef {
	for _, ix := range t.Indexes {
		if ix.Unique && ix.Where == "" && ix.Name == u.Name && slices.Equal(ix.Columns, u.Columns) {
			return ix
		}
	}
	return nil
}
