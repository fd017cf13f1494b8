package schema

import "sync"

// TableIndex finds the tables of one MetaData by schema and name in constant
// time, where MetaData.FindTable scans the list. MetaData stays plain data: the
// index lives beside it, attached by pointer identity (AttachIndex), and the
// free functions LookupTable, AppendTable, RemoveTable and TableRenamed use it
// when it is there and fall back to the list when it is not. Code that carries
// one model through many changes (the runner replaying or planning thousands
// of revisions) attaches an index for that time, so that each change costs
// what it touches instead of the size of the schema.
//
// While an index is attached, m.Tables must change only through those
// functions (ops.Apply uses them). A lookup notices a list whose length or
// backing array changed behind the index's back, and a hit is checked against
// the table's own name, so that the index rebuilds itself then; but a table
// renamed or replaced in place without TableRenamed can be missed.
type TableIndex struct {
	m *MetaData
	// pos maps a table's schema and name to its position in m.Tables.
	pos map[tableKey]int
	// n and first are len(m.Tables) and &m.Tables[0] (nil when empty) as
	// the index last saw them.
	n     int
	first **Table
	// dups is set when two tables share a schema and name; the index then
	// rebuilds itself on every removal or rename.
	dups bool
}

type tableKey struct{ schema, name string }

// attached holds the index of each MetaData that has one (*MetaData →
// *TableIndex).
var attached sync.Map

// AttachIndex builds an index of m's tables and attaches it to m until
// Detach. A second AttachIndex on the same m replaces the first.
func AttachIndex(m *MetaData) *TableIndex {
	x := &TableIndex{m: m}
	x.rebuild()
	attached.Store(m, x)
	return x
}

// Detach removes the index from its MetaData; the functions of this file scan
// m.Tables again. Detaching an index that was replaced does nothing.
func (x *TableIndex) Detach() {
	attached.CompareAndDelete(x.m, x)
}

// IndexOf returns the index attached to m, or nil.
func IndexOf(m *MetaData) *TableIndex {
	if m == nil {
		return nil
	}
	v, ok := attached.Load(m)
	if !ok {
		return nil
	}
	return v.(*TableIndex)
}

func (x *TableIndex) rebuild() {
	x.pos = make(map[tableKey]int, len(x.m.Tables))
	x.dups = false
	// Backwards, so that of two tables with one name the first wins, as in
	// FindTable.
	for i := len(x.m.Tables) - 1; i >= 0; i-- {
		t := x.m.Tables[i]
		k := tableKey{t.Schema, t.Name}
		if _, seen := x.pos[k]; seen {
			x.dups = true
		}
		x.pos[k] = i
	}
	x.remember()
}

// remember records the list's shape, so that a change made without the index
// is noticed.
func (x *TableIndex) remember() {
	x.n, x.first = len(x.m.Tables), nil
	if x.n > 0 {
		x.first = &x.m.Tables[0]
	}
}

func (x *TableIndex) stale() bool {
	if len(x.m.Tables) != x.n {
		return true
	}
	return x.n > 0 && &x.m.Tables[0] != x.first
}

// FindTable returns what m.FindTable(schemaName, name) returns.
func (x *TableIndex) FindTable(schemaName, name string) *Table {
	if x.stale() {
		x.rebuild()
	}
	i, ok := x.pos[tableKey{schemaName, name}]
	if !ok {
		return nil
	}
	if t := x.m.Tables[i]; t.Name == name && t.Schema == schemaName {
		return t
	}
	x.rebuild() // a table was renamed or replaced in place
	if i, ok := x.pos[tableKey{schemaName, name}]; ok {
		return x.m.Tables[i]
	}
	return nil
}

// LookupTable returns m.FindTable(schemaName, name), through m's index when
// one is attached.
func LookupTable(m *MetaData, schemaName, name string) *Table {
	if x := IndexOf(m); x != nil {
		return x.FindTable(schemaName, name)
	}
	return m.FindTable(schemaName, name)
}

// AppendTable adds t at the end of m.Tables and to m's index, if any.
func AppendTable(m *MetaData, t *Table) {
	x := IndexOf(m)
	if x != nil && x.stale() {
		x.rebuild()
	}
	m.Tables = append(m.Tables, t)
	if x == nil {
		return
	}
	k := tableKey{t.Schema, t.Name}
	if _, dup := x.pos[k]; dup {
		x.dups = true
	} else {
		x.pos[k] = len(m.Tables) - 1
	}
	x.remember()
}

// RemoveTable removes every table named schemaName.name from m.Tables (and m's
// index), keeping the order of the others, in a new list. With an index
// attached, a table at the end of the list is cut off instead (no copy), so that
// dropping tables newest first, as downgrades do, costs no more than creating
// them.
func RemoveTable(m *MetaData, schemaName, name string) {
	x := IndexOf(m)
	if x != nil {
		if x.stale() {
			x.rebuild()
		}
		k := tableKey{schemaName, name}
		i, ok := x.pos[k]
		if !ok {
			return
		}
		if n := len(m.Tables); i == n-1 && !x.dups {
			m.Tables = m.Tables[:n-1]
			delete(x.pos, k)
			x.remember()
			return
		}
	}
	out := make([]*Table, 0, len(m.Tables))
	for _, t := range m.Tables {
		if t.Name != name || t.Schema != schemaName {
			out = append(out, t)
		}
	}
	m.Tables = out
	if x != nil {
		x.rebuild()
	}
}

// TableRenamed tells m's index, if any, that t (a table of m) was renamed in
// place from oldName to t.Name.
func TableRenamed(m *MetaData, t *Table, oldName string) {
	x := IndexOf(m)
	if x == nil {
		return
	}
	old := tableKey{t.Schema, oldName}
	i, ok := x.pos[old]
	if x.dups || x.stale() || !ok || m.Tables[i] != t {
		x.rebuild()
		return
	}
	delete(x.pos, old)
	k := tableKey{t.Schema, t.Name}
	if j, taken := x.pos[k]; taken {
		x.dups = true
		x.pos[k] = min(i, j)
		return
	}
	x.pos[k] = i
}
