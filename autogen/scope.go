package autogen

import (
	"strings"

	"github.com/retortdb/migrate/schema"
)

// tableKey identifies a table (or an enum) by schema and name.
type tableKey struct {
	schema, name string
}

func keyOf(t *schema.Table) tableKey { return tableKey{t.Schema, t.Name} }

// refKey is the table a foreign key refers to.
func refKey(fk *schema.ForeignKeyDef) tableKey { return tableKey{fk.RefSchema, fk.RefTable} }

// nameSet matches names written "name" (any schema) or "schema.name".
type nameSet struct {
	anySchema map[string]bool
	exact     map[tableKey]bool
}

func newNameSet(names ...string) nameSet {
	s := nameSet{anySchema: map[string]bool{}, exact: map[tableKey]bool{}}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if i := strings.LastIndexByte(n, '.'); i > 0 {
			s.exact[tableKey{n[:i], n[i+1:]}] = true
		} else {
			s.anySchema[n] = true
		}
	}
	return s
}

func (s nameSet) has(k tableKey) bool { return s.anySchema[k.name] || s.exact[k] }

// scope decides which tables and enums Compare looks at. A table out of scope is
// never touched: it is neither created, changed nor dropped.
type scope struct {
	excluded       nameSet // Options.ExcludeTables and the version table
	views          nameSet // live.Views: never dropped, and never created over
	includeSchemas bool
}

func newScope(opts Options, live *schema.MetaData) *scope {
	return &scope{
		excluded:       newNameSet(append(append([]string(nil), opts.ExcludeTables...), opts.VersionTable)...),
		views:          newNameSet(liveRelations(live)...),
		includeSchemas: opts.IncludeSchemas,
	}
}

// liveRelations returns the names of live views and other relations that are
// not tables (MetaData.Views, and the view and materialized view objects), as
// "schema.name" or "name".
func liveRelations(live *schema.MetaData) []string {
	out := append([]string(nil), live.Views...)
	for _, o := range live.Objects {
		if o != nil && (o.Kind == schema.KindView || o.Kind == schema.KindMaterializedView) {
			out = append(out, qualify(o.Schema, o.Name))
		}
	}
	return out
}

// schemaIn reports whether objects of schema s are compared.
func (sc *scope) schemaIn(s string) bool { return s == "" || sc.includeSchemas }

// tableIn reports whether table t is compared. A declared table named like a live
// view is left alone too: creating it would collide with the view.
func (sc *scope) tableIn(t *schema.Table) bool {
	k := keyOf(t)
	return sc.schemaIn(t.Schema) && !sc.excluded.has(k) && !sc.views.has(k)
}

// tables returns m's tables that are in scope, in m's order.
func (sc *scope) tables(m *schema.MetaData) []*schema.Table {
	var out []*schema.Table
	for _, t := range m.Tables {
		if sc.tableIn(t) {
			out = append(out, t)
		}
	}
	return out
}
