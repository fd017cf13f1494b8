package dialecttest

import (
	"fmt"
	"slices"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// cloneMeta returns a deep copy of m's tables and enums.
func cloneMeta(m *schema.MetaData) *schema.MetaData {
	out := &schema.MetaData{}
	if m == nil {
		return out
	}
	for _, t := range m.Tables {
		out.Tables = append(out.Tables, t.Clone())
	}
	for _, e := range m.Enums {
		x := *e
		x.Values = slices.Clone(e.Values)
		out.Enums = append(out.Enums, &x)
	}
	return out
}

// applyAll advances m, in place, by each op of list with ops.Apply: the schema a
// database should hold once the rendered statements have run. It fails on an op
// that names a missing table, column, index or constraint, so a mistake in the
// suite's own revisions shows up as such.
func applyAll(m *schema.MetaData, list []ops.Op) error {
	for i, o := range list {
		if err := ops.Apply(m, o); err != nil {
			return fmt.Errorf("op %d: %w", i, err)
		}
	}
	return nil
}
