package runner

import (
	"slices"

	"github.com/retortdb/migrate/revision"
)

// FoldRows returns the version-table rows after applying changes to rows, without
// modifying rows. It mirrors what the version-table statements do on a database.
func FoldRows(rows []string, changes []revision.VersionChange) []string {
	out := slices.Clone(rows)
	for _, c := range changes {
		switch c.Kind {
		case revision.Insert:
			out = append(out, c.To)
		case revision.Update:
			if i := slices.Index(out, c.From); i >= 0 {
				out[i] = c.To
			}
		case revision.Delete:
			if i := slices.Index(out, c.From); i >= 0 {
				out = slices.Delete(out, i, i+1)
			}
		}
	}
	return out
}
