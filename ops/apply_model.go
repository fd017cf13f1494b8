package ops

import "github.com/retortdb/migrate/schema"

// Model is a schema model carried through many ops: a *schema.MetaData plus an
// index of its tables by schema and name, which Model.Apply keeps up to date,
// so that each op costs what it touches rather than the size of the schema
// (the runner replays and plans thousands of revisions over one model).
// schema.MetaData itself stays plain data; the index lives only here.
//
// While a Model is in use, change its MetaData's Tables only through
// Model.Apply. A lookup still notices a list whose length changed, or a table
// renamed or replaced in place, and rebuilds the index then. The zero Model is
// not usable; make one with NewModel.
type Model struct {
	md *schema.MetaData
	// pos maps a table's schema and name to its position in md.Tables; nil
	// when the model has no index (the Apply function's one-shot use), and
	// lookups scan.
	pos map[modelKey]int
	// n is len(md.Tables) as the index last saw it.
	n int
	// dups is set when two tables share a schema and name; the first wins, as
	// in schema.MetaData.FindTable.
	dups bool
}

type modelKey struct{ schema, name string }

// NewModel returns a model of md (a new empty schema when md is nil) with an
// index of its tables. md is used, not copied: Model.Apply changes it in place.
func NewModel(md *schema.MetaData) *Model {
	if md == nil {
		md = &schema.MetaData{}
	}
	m := &Model{md: md}
	m.rebuild()
	return m
}

// MetaData returns the schema the model changes (never nil for a model made by
// NewModel).
func (m *Model) MetaData() *schema.MetaData {
	if m == nil {
		return nil
	}
	return m.md
}

// Table returns the table schemaName.name of the model, or nil: what
// MetaData().FindTable returns, in constant time.
func (m *Model) Table(schemaName, name string) *schema.Table {
	if m == nil || m.md == nil {
		return nil
	}
	if m.pos == nil {
		return m.md.FindTable(schemaName, name)
	}
	if len(m.md.Tables) != m.n {
		m.rebuild()
	}
	k := modelKey{schemaName, name}
	i, ok := m.pos[k]
	if !ok {
		return nil
	}
	if t := m.md.Tables[i]; t.Name == name && t.Schema == schemaName {
		return t
	}
	m.rebuild() // a table was renamed or replaced in place
	if i, ok := m.pos[k]; ok {
		return m.md.Tables[i]
	}
	return nil
}

func (m *Model) rebuild() {
	m.pos = make(map[modelKey]int, len(m.md.Tables))
	m.dups = false
	// Backwards, so that of two tables with one name the first wins.
	for i := len(m.md.Tables) - 1; i >= 0; i-- {
		t := m.md.Tables[i]
		k := modelKey{t.Schema, t.Name}
		if _, seen := m.pos[k]; seen {
			m.dups = true
		}
		m.pos[k] = i
	}
	m.n = len(m.md.Tables)
}

// add appends t to the tables.
func (m *Model) add(t *schema.Table) {
	if m.pos != nil && len(m.md.Tables) != m.n {
		m.rebuild()
	}
	m.md.Tables = append(m.md.Tables, t)
	if m.pos == nil {
		return
	}
	k := modelKey{t.Schema, t.Name}
	if _, dup := m.pos[k]; dup {
		m.dups = true
	} else {
		m.pos[k] = len(m.md.Tables) - 1
	}
	m.n = len(m.md.Tables)
}

// remove removes every table named schemaName.name, keeping the order of the
// others, in a new list. With an index, a table at the end of the list is cut
// off instead (no copy), so that dropping tables newest first, as downgrades
// do, costs no more than creating them.
func (m *Model) remove(schemaName, name string) {
	k := modelKey{schemaName, name}
	if m.pos != nil {
		if len(m.md.Tables) != m.n {
			m.rebuild()
		}
		i, ok := m.pos[k]
		if !ok {
			return
		}
		if n := len(m.md.Tables); i == n-1 && !m.dups {
			m.md.Tables = m.md.Tables[:n-1]
			delete(m.pos, k)
			m.n = n - 1
			return
		}
	}
	out := make([]*schema.Table, 0, len(m.md.Tables))
	for _, t := range m.md.Tables {
		if t.Name != name || t.Schema != schemaName {
			out = append(out, t)
		}
	}
	m.md.Tables = out
	if m.pos != nil {
		m.rebuild()
	}
}

// renamed updates the index after t, a table of the model, was renamed in
// place from oldName to t.Name.
func (m *Model) renamed(t *schema.Table, oldName string) {
	if m.pos == nil {
		return
	}
	old := modelKey{t.Schema, oldName}
	i, ok := m.pos[old]
	if m.dups || len(m.md.Tables) != m.n || !ok || m.md.Tables[i] != t {
		m.rebuild()
		return
	}
	delete(m.pos, old)
	k := modelKey{t.Schema, t.Name}
	if j, taken := m.pos[k]; taken {
		m.dups = true
		m.pos[k] = min(i, j)
		return
	}
	m.pos[k] = i
}
