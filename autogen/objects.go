package autogen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// compareObjects compares the objects defined by SQL (schema.MetaData.Objects:
// extensions, schemas, sequences, views, functions, triggers, …), in the
// manner of alembic_utils' autogenerate support: a kind is compared only when
// the declared metadata manages it (schema.MetaData.ManagesKind); objects
// match by kind, schema, table and name; a declared object the database lacks
// is created, a live one no longer declared is dropped, and one whose
// definition or comment differs is replaced. Definitions compare as the dialect
// says (dialect.SameDefinition: SQLite compares by tokens, ignoring spacing,
// comments and the case of keywords; the others as text with surrounding
// space and a final semicolon removed); the caller normalises
// declared definitions through the server first where it can
// (dialect.NormalizeObjects), so that equal definitions written differently
// compare equal.
//
// Order comes from DependsOn: extensions and schemas are created first (before
// enums); sequences, domains and functions that need no table next (before
// the tables); views, materialized views, their indexes, triggers, policies
// and any object that needs a table after every table change; within each
// slot an object follows what it depends on. Drops run in the reverse order:
// objects that need tables before the table changes, the others after the
// tables are dropped, extensions and schemas last.
func (c *comparer) compareObjects() {
	decl := c.objectsInScope(c.declared)
	live := c.objectsInScope(c.live)
	liveBy := make(map[string]*schema.ObjectDef, len(live))
	for _, o := range live {
		liveBy[o.Key()] = o
	}
	declBy := make(map[string]*schema.ObjectDef, len(decl))
	for _, o := range decl {
		declBy[o.Key()] = o
	}
	after := objectsNeedingTables(append(append([]*schema.ObjectDef(nil), decl...), live...))
	rebuild := c.objectsAroundRetypes(live, declBy)
	clusterAgain := c.clusterOnDroppedIndexes(live, declBy)
	for k := range clusterAgain {
		if rebuild == nil {
			rebuild = map[string]bool{}
		}
		rebuild[k] = true
	}

	type item struct {
		obj      *schema.ObjectDef
		op       ops.Op
		findings []string
	}
	var creates [numPhases][]item
	var drops [numPhases][]item
	for _, d := range decl {
		l := liveBy[d.Key()]
		ph := phaseObjectsBeforeTables
		switch {
		case d.Kind == schema.KindExtension || d.Kind == schema.KindSchema:
			ph = phaseObjectsFirst
		case after[d.Key()]:
			ph = phaseObjectsAfterTables
		}
		label := fmt.Sprintf("%s '%s'", objectWord(d.Kind), objectName(d))
		switch {
		case l == nil:
			creates[ph] = append(creates[ph], item{d, &ops.CreateObject{Object: d.Clone()}, []string{"Detected added " + label}})
		case rebuild[d.Key()]:
			// Dropped before the column type change (below) and created again after it.
			why := fmt.Sprintf("Detected %s reading a column whose type changes: it is dropped before the change and created again after it", label)
			if clusterAgain[d.Key()] {
				why = fmt.Sprintf("Detected %s naming an index that is dropped and created again: it is removed before and set again after", label)
			}
			creates[phaseObjectsAfterTables] = append(creates[phaseObjectsAfterTables], item{d, &ops.CreateObject{Object: d.Clone()}, []string{why}})
		case !c.sameObject(d, l):
			what := "definition"
			if c.sameDefinition(d, l) || (d.Kind == schema.KindExtension && strings.TrimSpace(d.Definition) == "") {
				what = "comment"
			}
			creates[ph] = append(creates[ph], item{d, &ops.ReplaceObject{Object: d.Clone(), Existing: l.Clone()},
				[]string{fmt.Sprintf("Detected changed %s of %s", what, label)}})
		}
	}
	for _, l := range live {
		if declBy[l.Key()] != nil && !rebuild[l.Key()] {
			continue
		}
		if rebuild[l.Key()] {
			x := l.Clone()
			drops[phaseDropObjectsEarly] = append(drops[phaseDropObjectsEarly], item{l, &ops.DropObject{Kind: x.Kind, Schema: x.Schema, Name: x.Name, Table: x.Table, Existing: x}, nil})
			continue
		}
		ph := phaseDropObjectsLate
		switch {
		case l.Kind == schema.KindExtension || l.Kind == schema.KindSchema:
			ph = phaseDropObjectsLast
		case after[l.Key()]:
			ph = phaseDropObjectsEarly
		}
		x := l.Clone()
		drops[ph] = append(drops[ph], item{l, &ops.DropObject{Kind: x.Kind, Schema: x.Schema, Name: x.Name, Table: x.Table, Existing: x},
			[]string{fmt.Sprintf("Detected removed %s '%s'", objectWord(l.Kind), objectName(l))}})
	}
	for ph := range creates {
		list := creates[ph]
		objs := make([]*schema.ObjectDef, len(list))
		for i, it := range list {
			objs[i] = it.obj
		}
		for _, i := range objectOrder(objs) {
			c.p.add(phase(ph), list[i].op, list[i].findings...)
		}
	}
	for ph := range drops {
		list := drops[ph]
		objs := make([]*schema.ObjectDef, len(list))
		for i, it := range list {
			objs[i] = it.obj
		}
		order := objectOrder(objs)
		slices.Reverse(order)
		for _, i := range order {
			c.p.add(phase(ph), list[i].op, list[i].findings...)
		}
	}
}

// objectsAroundRetypes returns the keys of the live views and materialized
// views (and the objects that depend on them or live on them) that read a
// table whose column type the plan changes: PostgreSQL refuses ALTER COLUMN
// … TYPE on a column a view uses, so each is dropped before the change and
// created again after it, as declared. Only objects the metadata declares
// can be created again; a view of a kind the metadata does not manage, or
// one it no longer declares, gets a finding (or its drop) instead.
func (c *comparer) objectsAroundRetypes(live []*schema.ObjectDef, declBy map[string]*schema.ObjectDef) map[string]bool {
	retyped := map[string]bool{}
	for _, st := range c.p.phases[phaseAlterColumns] {
		if a, ok := st.op.(*ops.AlterColumn); ok && a.Type != nil {
			retyped[schema.ObjectRef("table", a.Schema, a.Table)] = true
		}
	}
	if len(retyped) == 0 {
		return nil
	}
	out := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for _, l := range live {
			if out[l.Key()] {
				continue
			}
			hit := false
			if l.Kind == schema.KindView || l.Kind == schema.KindMaterializedView {
				for _, dep := range l.DependsOn {
					if retyped[dep] || out[dep] {
						hit = true
					}
				}
			} else {
				for _, dep := range l.DependsOn {
					if out[dep] {
						hit = true
					}
				}
				if l.Table != "" && out[schema.ObjectRef(schema.KindMaterializedView, l.Schema, l.Table)] {
					hit = true
				}
			}
			if hit {
				out[l.Key()] = true
				changed = true
			}
		}
	}
	for k := range out {
		if declBy[k] == nil {
			delete(out, k) // not declared: dropped as removed, before the change
		}
	}
	// Views of kinds the metadata does not manage are not in live: say so.
	for _, o := range c.live.Objects {
		if (o.Kind != schema.KindView && o.Kind != schema.KindMaterializedView) || c.declared.ManagesKind(o.Kind) {
			continue
		}
		for _, dep := range o.DependsOn {
			if retyped[dep] {
				c.p.warn(phaseAlterColumns, fmt.Sprintf("%s '%s' reads %s '%s', whose column type changes: PostgreSQL refuses the change while the view exists; declare the view (or Metadata.ManageObjects(%q)) so that autogenerate drops and re-creates it, or write that by hand",
					objectWord(o.Kind), qualify(o.Schema, o.Name), "table", strings.TrimPrefix(dep, "table:"), o.Kind))
				break
			}
		}
	}
	return out
}

// objectsInScope returns m's objects that Compare looks at: of a kind the
// declared metadata manages, in a schema in scope (schema objects only with
// include_schemas; extensions always), not named in ExcludeTables (an object
// on a table is excluded with its table; a function matches by its name with
// or without its argument types).
func (c *comparer) objectsInScope(m *schema.MetaData) []*schema.ObjectDef {
	var out []*schema.ObjectDef
	for _, o := range m.Objects {
		if o == nil || !c.declared.ManagesKind(o.Kind) {
			continue
		}
		switch o.Kind {
		case schema.KindExtension:
		case schema.KindSchema:
			if !c.sc.includeSchemas {
				continue
			}
		default:
			if !c.sc.schemaIn(o.Schema) {
				continue
			}
		}
		bare, _, _ := strings.Cut(o.Name, "(")
		if c.sc.excluded.has(tableKey{o.Schema, o.Name}) || c.sc.excluded.has(tableKey{o.Schema, bare}) ||
			(o.Table != "" && c.sc.excluded.has(tableKey{o.Schema, o.Table})) {
			continue
		}
		out = append(out, o)
	}
	return out
}

// objectsNeedingTables returns the keys of the objects that must be created
// after the tables: views, materialized views, indexes, triggers, events and policies,
// and any object that depends (directly or through other objects) on a table
// or on one of those.
func objectsNeedingTables(list []*schema.ObjectDef) map[string]bool {
	by := map[string]*schema.ObjectDef{}
	for _, o := range list {
		if by[o.Key()] == nil {
			by[o.Key()] = o
		}
	}
	memo := map[string]bool{}
	visiting := map[string]bool{}
	var needs func(key string) bool
	needs = func(key string) bool {
		if v, ok := memo[key]; ok {
			return v
		}
		if strings.HasPrefix(key, "table:") {
			return true
		}
		o := by[key]
		if o == nil || visiting[key] {
			return false
		}
		visiting[key] = true
		v := false
		switch o.Kind {
		case schema.KindView, schema.KindMaterializedView, schema.KindIndex, schema.KindTrigger, schema.KindPolicy, schema.KindPartition, schema.KindRowSecurity,
			schema.KindExclusion, schema.KindClusterOn,
			schema.KindEvent: // an event's body runs on the tables as soon as it is scheduled
			v = true
		}
		for _, d := range o.DependsOn {
			if !v && needs(d) {
				v = true
			}
		}
		delete(visiting, key)
		memo[key] = v
		return v
	}
	out := map[string]bool{}
	for k := range by {
		if needs(k) {
			out[k] = true
		}
	}
	return out
}

// objectOrder returns the indexes of list in creation order: each object after
// the objects of list it depends on, otherwise by kind (schema.ObjectKinds)
// and then in list order. A dependency cycle (which the server would refuse
// too) is broken at the object first reached again.
func objectOrder(list []*schema.ObjectDef) []int {
	idx := make([]int, len(list))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return schema.KindRank(list[a].Kind) - schema.KindRank(list[b].Kind) })
	pos := map[string]int{}
	for i, o := range list {
		pos[o.Key()] = i
	}
	done := make([]bool, len(list))
	visiting := make([]bool, len(list))
	out := make([]int, 0, len(list))
	var visit func(i int)
	visit = func(i int) {
		if done[i] || visiting[i] {
			return
		}
		visiting[i] = true
		for _, d := range list[i].DependsOn {
			if j, ok := pos[d]; ok {
				visit(j)
			}
		}
		visiting[i] = false
		done[i] = true
		out = append(out, i)
	}
	for _, i := range idx {
		visit(i)
	}
	return out
}

// sameObject reports whether declared and live objects need no change: equal
// definitions (sameDefinition) and comments. An extension declared without a
// version accepts the version installed.
func (c *comparer) sameObject(d, l *schema.ObjectDef) bool {
	def := c.sameDefinition(d, l) || (d.Kind == schema.KindExtension && strings.TrimSpace(d.Definition) == "")
	return def && strings.TrimSpace(d.Comment) == strings.TrimSpace(l.Comment)
}

// sameDefinition compares the definitions of declared and live as the
// dialect does (dialect.SameDefinition: SQLite by tokens; otherwise as text
// with surrounding space and a final semicolon removed).
func (c *comparer) sameDefinition(d, l *schema.ObjectDef) bool {
	return dialect.SameDefinition(c.d, d.Kind, d.Definition, l.Definition)
}

// objectWord is how findings name a kind ("materialized view").
func objectWord(kind string) string { return strings.ReplaceAll(kind, "_", " ") }

// objectName is how findings name an object: "schema.name", "name on table".
func objectName(o *schema.ObjectDef) string {
	if o.Table != "" {
		return o.Name + "' on '" + qualify(o.Schema, o.Table)
	}
	return qualify(o.Schema, o.Name)
}

// clusterOnDroppedIndexes returns the keys of the live cluster_on objects,
// declared unchanged, whose index the plan drops (to create it again, as a
// changed index or one on a generated column that is added again): dropping
// the index removes the mark, so it is removed before and set again after.
func (c *comparer) clusterOnDroppedIndexes(live []*schema.ObjectDef, declBy map[string]*schema.ObjectDef) map[string]bool {
	dropped := map[string]bool{}
	for _, steps := range c.p.phases {
		for _, st := range steps {
			if d, ok := st.op.(*ops.DropIndex); ok {
				dropped[schema.ObjectRef("index", d.Schema, d.Table+"."+d.Name)] = true
			}
		}
	}
	out := map[string]bool{}
	for _, l := range live {
		if l.Kind != schema.KindClusterOn || declBy[l.Key()] == nil || !c.sameObject(declBy[l.Key()], l) {
			continue
		}
		if dropped[schema.ObjectRef("index", l.Schema, l.Table+"."+strings.TrimSpace(l.Definition))] {
			out[l.Key()] = true
		}
	}
	return out
}
