package sqlite

import (
	"fmt"
	"slices"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// renameIndex renders rename_index natively: SQLite has no ALTER INDEX, so the
// index is dropped and created again under the new name from its definition
// in the model (the schema before the op). Errors: the table or the index is
// not in the model (render with the current schema).
func (d Dialect) renameIndex(o *ops.RenameIndex, m *model) ([]string, error) {
	if o.Name == "" || o.NewName == "" {
		return nil, fmt.Errorf("rename_index needs name and new_name")
	}
	t := m.find(o.Schema, o.Table)
	var ix *schema.IndexDef
	if t != nil {
		if i := slices.IndexFunc(t.Indexes, func(x *schema.IndexDef) bool { return x.Name == o.Name }); i >= 0 {
			ix = t.Indexes[i].Clone()
		}
	}
	if ix == nil {
		return nil, fmt.Errorf("SQLite cannot rename index %q in place: it is dropped and created again, which needs its definition; render with the current schema (online, or with earlier revisions replayed)", o.Name)
	}
	ix.Name = o.NewName
	create, err := d.createIndexSQL(o.Schema, o.Table, ix, t)
	if err != nil {
		return nil, err
	}
	return []string{"DROP INDEX " + d.qname(o.Schema, o.Name), create}, nil
}
