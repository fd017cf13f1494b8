package sqlite

import (
	"slices"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// model is the schema as Render knows it while walking the ops: the env's
// Current schema plus the effect of each op rendered so far. Current is shared,
// never written, and never copied whole: the model is an overlay that records
// only what the ops change (copies of the tables they change, tables they
// create, tables they drop), so a Render call costs what its ops touch, not the
// size of the schema (a run of 10,000 revisions renders 10,000 times over a
// growing schema). Lookups by name in Current go through env.Model's index
// when the runner keeps one, and scan Current otherwise. The semantics of each
// op are ops.Apply's (see applyGlobal and applyToTable). Table names are unique,
// as in a database.
type model struct {
	base *schema.MetaData
	// env finds tables of base (through the runner's index when it keeps one).
	env *dialect.RenderEnv
	// names holds the current table of every name the ops have touched (nil:
	// no such table any more); other names are looked up in base.
	names map[tableKey]*schema.Table
	// slot maps a table of base that the ops replaced (a copy, or a rebuilt
	// table) or dropped (nil) to what stands in its place.
	slot map[*schema.Table]*schema.Table
	// from maps a table the model owns that stands in a slot of base to that
	// base table.
	from map[*schema.Table]*schema.Table
	// added are the tables the ops created, in order; the model owns them.
	added []*schema.Table
	// owned holds the tables this model made (copies and new tables), which it
	// may change in place.
	owned map[*schema.Table]bool
	// fkOff is set after an execute op that turns PRAGMA foreign_keys off (see
	// Render), and cleared by one that turns it back on.
	fkOff bool
	// createdTriggers and droppedTriggers (lower-case names) are the triggers
	// object ops created and dropped (see knownTriggers).
	createdTriggers []*schema.ObjectDef
	droppedTriggers map[string]bool
}

type tableKey struct{ schema, name string }

// newModel returns the model of md before any op. Its maps are made on the
// first change, so that a Render call whose ops change nothing the model needs
// allocates none.
func newModel(env *dialect.RenderEnv) *model {
	if env == nil {
		return &model{}
	}
	return &model{base: env.Current, env: env}
}

// init makes the maps before a change.
func (m *model) init() {
	if m.names == nil {
		m.names = map[tableKey]*schema.Table{}
		m.slot = map[*schema.Table]*schema.Table{}
		m.from = map[*schema.Table]*schema.Table{}
		m.owned = map[*schema.Table]bool{}
	}
}

// each calls f for every table of the model, in the order of base (each
// replaced table in its place) followed by the tables the ops created.
func (m *model) each(f func(*schema.Table)) {
	if m.base != nil {
		for _, b := range m.base.Tables {
			t, replaced := m.slot[b]
			if !replaced {
				t = b
			}
			if t != nil {
				f(t)
			}
		}
	}
	for _, t := range m.added {
		f(t)
	}
}

// first scans the model for the first table with that name.
func (m *model) first(schemaName, name string) *schema.Table {
	var out *schema.Table
	m.each(func(t *schema.Table) {
		if out == nil && t.Name == name && t.Schema == schemaName {
			out = t
		}
	})
	return out
}

// replace puts t where old stands (old is a table of the model).
func (m *model) replace(old, t *schema.Table) {
	m.init()
	m.owned[t] = true
	if !m.owned[old] {
		m.slot[old], m.from[t] = t, old
		return
	}
	if b, ok := m.from[old]; ok {
		m.slot[b], m.from[t] = t, b
		delete(m.from, old)
		return
	}
	for i, x := range m.added {
		if x == old {
			m.added[i] = t
		}
	}
}

// mut returns the table for changing, copying it first if it is shared; nil
// when unknown.
func (m *model) mut(schemaName, name string) *schema.Table {
	t := m.find(schemaName, name)
	if t == nil || m.owned[t] {
		return t
	}
	c := t.Clone()
	m.replace(t, c)
	m.names[tableKey{schemaName, name}] = c
	return c
}

func (m *model) find(schemaName, name string) *schema.Table {
	if t, ok := m.names[tableKey{schemaName, name}]; ok {
		return t
	}
	return m.env.Table(schemaName, name)
}

// put adds or replaces t, which the model then owns.
func (m *model) put(t *schema.Table) {
	m.init()
	k := tableKey{t.Schema, t.Name}
	if old := m.find(t.Schema, t.Name); old != nil {
		m.replace(old, t)
	} else {
		m.owned[t] = true
		m.added = append(m.added, t)
	}
	m.names[k] = t
}

func (m *model) remove(schemaName, name string) {
	t := m.find(schemaName, name)
	if t == nil {
		return
	}
	m.init()
	m.names[tableKey{schemaName, name}] = nil
	if !m.owned[t] {
		m.slot[t] = nil
		return
	}
	delete(m.owned, t)
	if b, ok := m.from[t]; ok {
		m.slot[b] = nil
		delete(m.from, t)
		return
	}
	m.added = slices.DeleteFunc(m.added, func(x *schema.Table) bool { return x == t })
}

// renamed records that t, a table the model owns, was renamed from oldName.
func (m *model) renamed(t *schema.Table, oldName string) {
	m.init()
	m.names[tableKey{t.Schema, oldName}] = m.first(t.Schema, oldName)
	m.names[tableKey{t.Schema, t.Name}] = m.first(t.Schema, t.Name)
}

// referrers returns the other tables with a foreign key to table name.
func (m *model) referrers(schemaName, name string) []*schema.Table {
	var out []*schema.Table
	m.each(func(t *schema.Table) {
		if t.Schema != schemaName || t.Name == name {
			return
		}
		for _, fk := range t.ForeignKeys {
			if fk.RefTable == name {
				out = append(out, t)
				break
			}
		}
	})
	return out
}

// applyGlobal records the effect of a whole-table op on the model: the
// semantics are ops.Apply's (ops.ApplyTable and ops.FollowRefs on the model's
// copies). The model is lenient where ops.Apply errs: a create_table of a
// known name replaces it, a drop or rename of an unknown table does nothing
// (raw SQL may have made what the model does not know).
func (m *model) applyGlobal(o ops.Op) {
	switch o := o.(type) {
	case *ops.CreateTable:
		t := o.Table.Clone()
		t.Indexes = nil
		m.put(t)
	case *ops.DropTable:
		m.remove(o.Schema, o.Name)
	case *ops.CreateObject, *ops.DropObject, *ops.ReplaceObject:
		m.applyObject(o)
	case *ops.Execute:
		sql := o.SQL
		if s, ok := o.Dialects["sqlite"]; ok {
			sql = s
		}
		if on, ok := foreignKeysPragma(sql); ok {
			m.fkOff = !on
		}
	case *ops.RenameTable:
		// SQLite (foreign_keys on, or 3.26+) rewrites references in other tables.
		t := m.mut(o.Schema, o.Name)
		if t != nil && ops.ApplyTable(t, o) == nil {
			m.renamed(t, o.Name)
		}
		m.followRefs(t, o)
	}
}

// followRefs applies ops.FollowRefs for o to every table of the model but t
// that o concerns, copying each first.
func (m *model) followRefs(t *schema.Table, o ops.Op) {
	var hit []*schema.Table
	m.each(func(x *schema.Table) {
		if x != t && ops.Refers(x, o) {
			hit = append(hit, x)
		}
	})
	for _, x := range hit {
		ops.FollowRefs(m.mut(x.Schema, x.Name), o)
	}
}

// referredRename reports whether o only renames a column (SQLite's native
// RENAME COLUMN can do it) that a foreign key of another table refers to.
func (m *model) referredRename(o ops.Op) bool {
	ac, ok := o.(*ops.AlterColumn)
	if !ok || ac.NewName == "" || ac.NewName == ac.Column || needsBatch(ac, nil) {
		return false
	}
	found := false
	m.each(func(x *schema.Table) {
		found = found || (!(x.Schema == ac.Schema && x.Name == ac.Table) && ops.Refers(x, ac))
	})
	return found
}

// applyToTable applies a table-scoped op to t, a copy of the table's model, as
// ops.ApplyTable does, plus what is SQLite's own: an enum column carries its
// values in a CHECK named after the enum, so drop_constraint of type check
// with that name (and no CHECK of the table so named) makes the column plain
// VARCHAR. origin, when set, maps each current column name to the name it had
// before the run (absent for added columns); it is updated for renames, adds
// and drops. m, when set, is updated for effects on other tables (a renamed
// column that other tables' foreign keys refer to).
func applyToTable(t *schema.Table, o ops.Op, origin map[string]string, m *model) error {
	if dc, ok := o.(*ops.DropConstraint); ok && dropEnumCheck(t, dc) {
		return nil
	}
	if err := ops.ApplyTable(t, o); err != nil {
		return err
	}
	switch o := o.(type) {
	case *ops.AddColumn:
		delete(origin, o.Column.Name)
	case *ops.DropColumn:
		delete(origin, o.Column)
	case *ops.AlterColumn:
		if o.NewName != "" && o.NewName != o.Column {
			if src, ok := origin[o.Column]; ok {
				origin[o.NewName] = src
			}
			delete(origin, o.Column)
			if m != nil {
				m.followRefs(t, o)
			}
		}
	}
	return nil
}

// dropEnumCheck turns the enum columns whose CHECK o drops into VARCHAR
// columns and reports whether o was such a drop.
func dropEnumCheck(t *schema.Table, o *ops.DropConstraint) bool {
	if o.Type != ops.ConstraintCheck || slices.ContainsFunc(t.Checks, func(c *schema.CheckDef) bool { return c.Name == o.Name }) {
		return false
	}
	found := false
	for _, c := range t.Columns {
		if c.Type.Name == schema.TEnum && c.Type.EnumName == o.Name {
			c.Type = schema.Varchar(enumLen(c.Type))
			found = true
		}
	}
	return found
}

func enumLen(t schema.Type) int {
	n := 1
	for _, v := range t.EnumValues {
		n = max(n, len([]rune(v)))
	}
	return n
}

// foreignKeysPragma recognises "PRAGMA foreign_keys = X" (or foreign_keys(X))
// and reports whether X turns enforcement on.
func foreignKeysPragma(sql string) (on, ok bool) {
	toks, err := Lex(sql)
	if err != nil {
		return false, false
	}
	var words []Token
	for _, t := range toks {
		if !t.IsPunct("=") && !t.IsPunct("(") && !t.IsPunct(")") && !t.IsPunct(";") {
			words = append(words, t)
		}
	}
	if len(words) != 3 || !words[0].Is("PRAGMA") || !words[1].Is("foreign_keys") {
		return false, false
	}
	switch strings.ToUpper(words[2].Value) {
	case "ON", "1", "TRUE", "YES":
		return true, true
	case "OFF", "0", "FALSE", "NO":
		return false, true
	}
	return false, false
}
