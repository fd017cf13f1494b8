package revision

import "slices"

// StampPlan returns the version-table changes that move a database at current
// (its rows) to targets without running any revision, following Alembic's
// stamp (ScriptDirectory._stamp_revs and StampStep). Each target is an
// identifier as Resolve takes (relative ones count from current), handled in
// order against the rows as they stand after the previous one; "" or no
// targets at all mean base.
//
// With purge, every current row is DELETEd first (use it to repair a table
// with unknown or redundant rows: then current is only listed, not checked
// against the graph). Then, for each revision D a target names:
//
//   - D already a row: nothing.
//   - rows that descend from D (through down_revision or depends_on): the
//     first of them in graph order is UPDATEd to D, the others DELETEd (a
//     stamp down).
//   - else rows that D descends from: likewise replaced by D (a stamp up).
//   - else D is INSERTed (a new branch).
//
// "base" DELETEs every row; "L@base" DELETEs the rows on L's lineage (its
// ancestors and descendants, dependencies included).
//
// Errors: those of Resolve, and *VersionRowError for an unknown current row
// (unless purge).
func (g *Graph) StampPlan(current []string, targets []string, purge bool) ([]VersionChange, error) {
	var out []VersionChange
	var rows []int32
	if purge {
		for _, r := range current {
			out = append(out, VersionChange{Kind: Delete, From: r})
		}
	} else {
		var err error
		if rows, err = g.rowPositions(current); err != nil {
			return nil, err
		}
	}
	cur := g.lazyRows(current)
	if len(targets) == 0 {
		targets = []string{"base"}
	}
	for _, ident := range targets {
		if ident == "" {
			ident = "base"
		}
		t, err := g.resolve(ident, cur)
		if err != nil {
			return nil, err
		}
		if t.base {
			var lin []bool
			if t.branch >= 0 {
				lin = g.lineageDeps(t.branch)
			}
			kept := rows[:0:0]
			for _, r := range rows {
				if lin == nil || lin[r] {
					out = append(out, VersionChange{Kind: Delete, From: g.revs[r].ID})
				} else {
					kept = append(kept, r)
				}
			}
			rows = kept
			continue
		}
		for _, d := range t.revs {
			var changes []VersionChange
			rows, changes = g.stampOne(rows, d)
			out = append(out, changes...)
		}
	}
	return out, nil
}

// stampOne moves rows to revision d (see StampPlan) and returns the new rows,
// in graph order, and the changes.
func (g *Graph) stampOne(rows []int32, d int32) ([]int32, []VersionChange) {
	if slices.Contains(rows, d) {
		return rows, nil
	}
	id := g.revs[d].ID
	rel := g.descendants([]int32{d})
	moved := filter(rows, rel)
	if len(moved) == 0 {
		rel = g.ancestors([]int32{d})
		moved = filter(rows, rel)
	}
	var out []VersionChange
	kept := []int32{d}
	if len(moved) == 0 {
		out = append(out, VersionChange{Kind: Insert, To: id})
	} else {
		out = append(out, VersionChange{Kind: Update, From: g.revs[moved[0]].ID, To: id})
		for _, r := range moved[1:] {
			out = append(out, VersionChange{Kind: Delete, From: g.revs[r].ID})
		}
	}
	for _, r := range rows {
		if !rel[r] {
			kept = append(kept, r)
		}
	}
	slices.Sort(kept)
	return kept, out
}
