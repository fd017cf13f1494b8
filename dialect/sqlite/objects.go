package sqlite

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// Rendering of create_object, drop_object and replace_object on SQLite, which
// has two of the kinds (https://sqlite.org/lang_createview.html,
// https://sqlite.org/lang_createtrigger.html):
//
//   - view: CREATE VIEW name AS query; DROP VIEW name;
//   - trigger: the definition as written (the whole CREATE TRIGGER
//     statement); DROP TRIGGER name.
//
// SQLite has neither CREATE OR REPLACE nor ALTER for them, so a replace drops
// and creates. SQLite stores no comments: an object's comment renders
// nothing. Every other kind is refused by name (dialect.UnsupportedObject).
// Triggers created or dropped here are known to later table rebuilds of the
// same Render call, which re-create them (see knownTriggers).

var createTriggerRe = regexp.MustCompile(`(?is)^\s*CREATE\s+(TEMP\s+|TEMPORARY\s+)?TRIGGER\s`)

// renderObjectOp renders one object op.
func (d Dialect) renderObjectOp(o ops.Op) ([]string, error) {
	switch o := o.(type) {
	case *ops.CreateObject:
		return d.createObjectSQL(o, o.Object)
	case *ops.DropObject:
		x := &schema.ObjectDef{Kind: o.Kind, Schema: o.Schema, Name: o.Name, Table: o.Table}
		return d.dropObjectSQL(o, x)
	case *ops.ReplaceObject:
		if o.Object == nil {
			return nil, fmt.Errorf("replace_object has no object")
		}
		old := o.Existing
		if old == nil {
			old = o.Object
		}
		drop, err := d.dropObjectSQL(o, old)
		if err != nil {
			return nil, err
		}
		create, err := d.createObjectSQL(o, o.Object)
		if err != nil {
			return nil, err
		}
		return append(drop, create...), nil
	}
	return nil, fmt.Errorf("%s is not an object op", ops.Name(o))
}

func (d Dialect) createObjectSQL(o ops.Op, x *schema.ObjectDef) ([]string, error) {
	if x == nil {
		return nil, fmt.Errorf("%s has no object", ops.Name(o))
	}
	if x.Name == "" {
		return nil, fmt.Errorf("%s of a %s: the object has no name", ops.Name(o), x.Kind)
	}
	def := strings.TrimSpace(x.Definition)
	for strings.HasSuffix(def, ";") && x.Kind == schema.KindView {
		def = strings.TrimSpace(strings.TrimSuffix(def, ";"))
	}
	if err := dialect.CheckScriptSQL(def); err != nil {
		return nil, err
	}
	if def == "" {
		return nil, fmt.Errorf("%s %q has no definition", x.Kind, x.Name)
	}
	switch x.Kind {
	case schema.KindView:
		return []string{"CREATE VIEW " + d.qname(x.Schema, x.Name) + " AS " + def}, nil
	case schema.KindTrigger:
		if !createTriggerRe.MatchString(def) {
			return nil, fmt.Errorf("trigger %q: its definition must be the whole CREATE TRIGGER statement, and starts %q", x.Name, firstWords(def))
		}
		def = strings.TrimSpace(strings.TrimSuffix(def, ";"))
		return []string{def}, nil
	}
	return nil, dialect.UnsupportedObject("sqlite", o)
}

func (d Dialect) dropObjectSQL(o ops.Op, x *schema.ObjectDef) ([]string, error) {
	if x.Name == "" {
		return nil, fmt.Errorf("%s of a %s: the object has no name", ops.Name(o), x.Kind)
	}
	switch x.Kind {
	case schema.KindView:
		return []string{"DROP VIEW " + d.qname(x.Schema, x.Name)}, nil
	case schema.KindTrigger:
		return []string{"DROP TRIGGER " + d.qname(x.Schema, x.Name)}, nil
	}
	return nil, dialect.UnsupportedObject("sqlite", o)
}

// firstWords returns the start of s for a message.
func firstWords(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// knownTriggers returns the triggers on table t a rebuild re-creates: those
// the schema records on the table (Table.Triggers, read from the live
// database), those among the schema's objects (MetaData.Objects, from the
// revision files or the live database), and those the ops of this Render call
// created, minus those they dropped; by name, once each.
func (m *model) knownTriggers(t *schema.Table) []*schema.TriggerDef {
	var out []*schema.TriggerDef
	seen := map[string]bool{}
	add := func(name, sql string) {
		k := strings.ToLower(name)
		if seen[k] || m.droppedTriggers[k] {
			return
		}
		seen[k] = true
		out = append(out, &schema.TriggerDef{Name: name, SQL: sql})
	}
	for _, tr := range t.Triggers {
		add(tr.Name, tr.SQL)
	}
	for _, x := range m.createdTriggers {
		if strings.EqualFold(x.Table, t.Name) && x.Schema == t.Schema {
			add(x.Name, strings.TrimSuffix(strings.TrimSpace(x.Definition), ";"))
		}
	}
	if m.base != nil {
		for _, x := range m.base.Objects {
			if x.Kind == schema.KindTrigger && strings.EqualFold(x.Table, t.Name) && x.Schema == t.Schema {
				add(x.Name, strings.TrimSuffix(strings.TrimSpace(x.Definition), ";"))
			}
		}
	}
	return out
}

// applyObject records the triggers an object op creates or drops, for
// knownTriggers.
func (m *model) applyObject(o ops.Op) {
	created := func(x *schema.ObjectDef) {
		if x != nil && x.Kind == schema.KindTrigger {
			k := strings.ToLower(x.Name)
			delete(m.droppedTriggers, k)
			m.createdTriggers = append(m.createdTriggers, x)
		}
	}
	dropped := func(kind, name string) {
		if kind != schema.KindTrigger {
			return
		}
		k := strings.ToLower(name)
		if m.droppedTriggers == nil {
			m.droppedTriggers = map[string]bool{}
		}
		m.droppedTriggers[k] = true
		kept := m.createdTriggers[:0]
		for _, x := range m.createdTriggers {
			if strings.ToLower(x.Name) != k {
				kept = append(kept, x)
			}
		}
		m.createdTriggers = kept
	}
	switch o := o.(type) {
	case *ops.CreateObject:
		created(o.Object)
	case *ops.DropObject:
		dropped(o.Kind, o.Name)
	case *ops.ReplaceObject:
		if o.Existing != nil {
			dropped(o.Existing.Kind, o.Existing.Name)
		}
		created(o.Object)
	}
}
