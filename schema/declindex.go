package schema

import (
	"runtime"
	"sync"
	"weak"
)

// declIndex finds the tables and enums declared so far by name, so that
// declaring n tables (Table checks for a duplicate, addEnum for an enum of
// the same name) takes time in n, not n². It is kept outside MetaData, like
// declErrs, so that MetaData stays plain data; it is dropped with its
// MetaData. It is only a cache: whenever m.Tables or m.Enums was changed
// other than by appending through declaration (its length or last element
// differs), it is built again from them.
type declIndex struct {
	nTables   int
	lastTable *Table
	tables    map[[2]string]*Table
	nEnums    int
	lastEnum  *EnumDef
	enums     map[string]*EnumDef
}

var (
	declIndexMu sync.Mutex
	declIndexes = map[weak.Pointer[MetaData]]*declIndex{}
)

// index returns m's declIndex, brought up to date with m.Tables and m.Enums.
// The caller holds declIndexMu.
func (m *MetaData) index() *declIndex {
	wp := weak.Make(m)
	ix := declIndexes[wp]
	if ix == nil {
		ix = &declIndex{}
		declIndexes[wp] = ix
		runtime.AddCleanup(m, func(wp weak.Pointer[MetaData]) {
			declIndexMu.Lock()
			delete(declIndexes, wp)
			declIndexMu.Unlock()
		}, wp)
	}
	if n := len(m.Tables); ix.tables == nil || ix.nTables != n || (n > 0 && ix.lastTable != m.Tables[n-1]) {
		ix.tables = make(map[[2]string]*Table, n)
		for _, t := range m.Tables {
			if _, ok := ix.tables[[2]string{t.Schema, t.Name}]; !ok {
				ix.tables[[2]string{t.Schema, t.Name}] = t
			}
		}
		ix.nTables = n
		if n > 0 {
			ix.lastTable = m.Tables[n-1]
		}
	}
	if n := len(m.Enums); ix.enums == nil || ix.nEnums != n || (n > 0 && ix.lastEnum != m.Enums[n-1]) {
		ix.enums = make(map[string]*EnumDef, n)
		for _, e := range m.Enums {
			if _, ok := ix.enums[e.Name]; !ok {
				ix.enums[e.Name] = e
			}
		}
		ix.nEnums = n
		if n > 0 {
			ix.lastEnum = m.Enums[n-1]
		}
	}
	return ix
}

// declaredTable is FindTable for declaration.
func (m *MetaData) declaredTable(schemaName, name string) *Table {
	declIndexMu.Lock()
	defer declIndexMu.Unlock()
	return m.index().tables[[2]string{schemaName, name}]
}

// declaredEnum is FindEnum for declaration.
func (m *MetaData) declaredEnum(name string) *EnumDef {
	declIndexMu.Lock()
	defer declIndexMu.Unlock()
	return m.index().enums[name]
}

// addDeclaredTable appends t to m.Tables and to the index.
func (m *MetaData) addDeclaredTable(t *Table) {
	declIndexMu.Lock()
	defer declIndexMu.Unlock()
	ix := m.index()
	m.Tables = append(m.Tables, t)
	if _, ok := ix.tables[[2]string{t.Schema, t.Name}]; !ok {
		ix.tables[[2]string{t.Schema, t.Name}] = t
	}
	ix.nTables, ix.lastTable = len(m.Tables), t
}

// addDeclaredEnum appends e to m.Enums and to the index.
func (m *MetaData) addDeclaredEnum(e *EnumDef) {
	declIndexMu.Lock()
	defer declIndexMu.Unlock()
	ix := m.index()
	m.Enums = append(m.Enums, e)
	if _, ok := ix.enums[e.Name]; !ok {
		ix.enums[e.Name] = e
	}
	ix.nEnums, ix.lastEnum = len(m.Enums), e
}
