package revision

import "slices"

// CurrentHeads validates version-table rows and returns their revisions in
// graph order (topological, then id), without repeats. It returns a
// *VersionRowError (Kind UnknownRow) for a row that names no known revision;
// the message suggests repairing the table with migrate stamp.
func (g *Graph) CurrentHeads(rows []string) ([]*Revision, error) {
	pos, err := g.rowPositions(rows)
	if err != nil {
		return nil, err
	}
	return g.list(pos), nil
}

// rowPositions maps rows to positions in graph order, without repeats.
func (g *Graph) rowPositions(rows []string) ([]int32, error) {
	pos := make([]int32, 0, len(rows))
	for _, r := range rows {
		i, ok := g.index(r)
		if !ok {
			return nil, &VersionRowError{Kind: UnknownRow, Row: r}
		}
		pos = append(pos, i)
	}
	slices.Sort(pos)
	return slices.Compact(pos), nil
}

// headRows is rowPositions split into the heads among the rows and the
// redundant rows: those that are an ancestor of another row. Alembic's own
// stamp can leave such a row; it adds nothing (the row above implies it), so
// plans start from the heads and delete the redundant rows first (see
// dropRedundant).
func (g *Graph) headRows(rows []string) (heads, redundant []int32, err error) {
	pos, err := g.rowPositions(rows)
	if err != nil || len(pos) < 2 {
		return pos, nil, err
	}
	var seeds []int32
	for _, i := range pos {
		seeds = append(seeds, g.pred.of(i)...)
	}
	below := g.ancestors(seeds)
	for _, i := range pos {
		if below[i] {
			redundant = append(redundant, i)
		} else {
			heads = append(heads, i)
		}
	}
	return heads, redundant, nil
}

// dropRedundant puts a DELETE of each redundant row before the first step's
// version changes, so the rows are the heads again before anything moves.
func (g *Graph) dropRedundant(steps []Step, redundant []int32) {
	if len(steps) == 0 || len(redundant) == 0 {
		return
	}
	var del []VersionChange
	for _, i := range redundant {
		del = append(del, VersionChange{Kind: Delete, From: g.revs[i].ID})
	}
	steps[0].Version = append(del, steps[0].Version...)
}

// rowSim follows the version table through a plan, keeping the invariant that
// the rows are the heads of the applied set, where down_revision and
// depends_on both count (as Alembic's HeadMaintainer.update_to_step).
type rowSim struct {
	g       *Graph
	applied []bool
	succs   []int32 // applied children and dependents of each applied revision
	buf     []VersionChange
}

// emit appends changes to one shared buffer (one allocation for a whole plan
// instead of one per step) and returns them as a slice of their own.
func (s *rowSim) emit(changes ...VersionChange) []VersionChange {
	if cap(s.buf)-len(s.buf) < len(changes) {
		s.buf = make([]VersionChange, 0, max(1024, 2*len(changes)))
	}
	start := len(s.buf)
	s.buf = append(s.buf, changes...)
	return s.buf[start:len(s.buf):len(s.buf)]
}

// newRowSim starts from rows, which must be heads only: the applied set is
// their ancestors.
func (g *Graph) newRowSim(rows []int32) *rowSim {
	s := &rowSim{g: g, applied: g.ancestors(rows), succs: make([]int32, len(g.revs))}
	for i, a := range s.applied {
		if a {
			for _, p := range g.pred.of(int32(i)) {
				s.succs[p]++
			}
		}
	}
	return s
}

// up applies revision i (its parents and dependencies must be applied) and
// returns the row changes: the rows among i's parents then dependencies are
// replaced by i, the first UPDATEd and the others DELETEd; with none of them a
// row, i is INSERTed (a new branch).
func (s *rowSim) up(i int32) []VersionChange {
	id := s.g.revs[i].ID
	var hit []int32
	for _, p := range s.g.pred.of(i) {
		if s.succs[p] == 0 {
			hit = append(hit, p)
		}
		s.succs[p]++
	}
	s.applied[i] = true
	if len(hit) == 0 {
		return s.emit(VersionChange{Kind: Insert, To: id})
	}
	if len(hit) == 1 {
		return s.emit(VersionChange{Kind: Update, From: s.g.revs[hit[0]].ID, To: id})
	}
	out := []VersionChange{{Kind: Update, From: s.g.revs[hit[0]].ID, To: id}}
	for _, p := range hit[1:] {
		out = append(out, VersionChange{Kind: Delete, From: s.g.revs[p].ID})
	}
	return s.emit(out...)
}

// down removes revision i (it must be a row) and returns the row changes: i is
// replaced by those of its parents then dependencies that become heads, the
// first by UPDATE and the others by INSERT (an unmerge); with none, i is
// DELETEd.
func (s *rowSim) down(i int32) []VersionChange {
	id := s.g.revs[i].ID
	var freed []int32
	for _, p := range s.g.pred.of(i) {
		s.succs[p]--
		if s.succs[p] == 0 {
			freed = append(freed, p)
		}
	}
	s.applied[i] = false
	if len(freed) == 0 {
		return s.emit(VersionChange{Kind: Delete, From: id})
	}
	if len(freed) == 1 {
		return s.emit(VersionChange{Kind: Update, From: id, To: s.g.revs[freed[0]].ID})
	}
	out := []VersionChange{{Kind: Update, From: id, To: s.g.revs[freed[0]].ID}}
	for _, p := range freed[1:] {
		out = append(out, VersionChange{Kind: Insert, To: s.g.revs[p].ID})
	}
	return s.emit(out...)
}
