package schema

import (
	"fmt"
	"strconv"
	"strings"
)

// goObjects writes the declarations of m.Objects as an init function of the
// generated file (objects are declared on Metadata after its tables), one
// call per object with the ObjectBuilder calls that restate its comment and
// dependencies; "" when m has none. Objects keep the order of m.Objects.
func goObjects(m *MetaData) string {
	if len(m.Objects) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n// The objects defined by SQL: views, triggers, functions and the like.\nfunc init() {\n")
	for _, o := range m.Objects {
		full := o.Name
		if o.Schema != "" && o.Kind != KindExtension {
			full = o.Schema + "." + o.Name
		}
		on := o.Table
		if o.Schema != "" && on != "" {
			on = o.Schema + "." + on
		}
		var call string
		switch o.Kind {
		case KindExtension:
			if o.Schema != "" || o.Definition != "" {
				call = fmt.Sprintf("ExtensionIn(%s, %s, %s)", goString(o.Name), goString(o.Schema), goString(o.Definition))
			} else {
				call = fmt.Sprintf("Extension(%s)", goString(o.Name))
			}
		case KindSchema:
			call = fmt.Sprintf("Schema(%s)", goString(o.Name))
		case KindSequence:
			call = fmt.Sprintf("Sequence(%s, %s)", goString(full), goText(o.Definition))
		case KindView:
			call = fmt.Sprintf("View(%s, %s)", goString(full), goText(o.Definition))
		case KindMaterializedView:
			call = fmt.Sprintf("MaterializedView(%s, %s)", goString(full), goText(o.Definition))
		case KindFunction:
			call = fmt.Sprintf("Function(%s, %s)", goString(full), goText(o.Definition))
		case KindProcedure:
			call = fmt.Sprintf("Procedure(%s, %s)", goString(full), goText(o.Definition))
		case KindTrigger:
			call = fmt.Sprintf("Trigger(%s, %s, %s)", goString(on), goString(o.Name), goText(o.Definition))
		case KindDomain:
			call = fmt.Sprintf("Domain(%s, %s)", goString(full), goText(o.Definition))
		case KindPolicy:
			call = fmt.Sprintf("Policy(%s, %s, %s)", goString(on), goString(o.Name), goText(o.Definition))
		case KindIndex:
			call = fmt.Sprintf("ObjectIndex(%s, %s, %s)", goString(on), goString(o.Name), goText(o.Definition))
		default:
			continue // GoSource refused it already
		}
		b.WriteString("\tMetadata." + call)
		if o.Comment != "" {
			b.WriteString(".Comment(" + goString(o.Comment) + ")")
		}
		if len(o.DependsOn) > 0 {
			b.WriteString(".DependsOn(" + quoteList(o.DependsOn) + ")")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// goText quotes SQL text as a Go string literal: a raw string when it can be
// one (no backquote, no carriage return), so that a multi-line definition
// reads as written; goString otherwise.
func goText(s string) string {
	if strings.ContainsAny(s, "\n") && strconv.CanBackquote(strings.ReplaceAll(s, "\n", "")) && !strings.Contains(s, "\r") {
		return "`" + s + "`"
	}
	return goString(s)
}

// declaredObjects returns the keys, as ObjectRef builds them with kind "view"
// and "trigger", of the views (by name, schema-qualified outside the default
// schema) and triggers ("table.trigger") that m.Objects declares, so that
// GoSource does not list them as undeclared.
func declaredObjects(m *MetaData) map[string]bool {
	out := map[string]bool{}
	for _, o := range m.Objects {
		switch o.Kind {
		case KindView, KindMaterializedView:
			n := o.Name
			if o.Schema != "" {
				n = o.Schema + "." + n
			}
			out["view:"+n] = true
		case KindTrigger:
			out["trigger:"+o.Table+"."+o.Name] = true
		}
	}
	return out
}

// unknownObjectKinds returns a refusal for objects GoSource cannot declare
// (an unknown kind), or nil.
func unknownObjectKinds(m *MetaData) error {
	for _, o := range m.Objects {
		if KindRank(o.Kind) == len(ObjectKinds) {
			return fmt.Errorf("object %q has kind %q, which the models cannot declare (known: %s)", o.Name, o.Kind, strings.Join(ObjectKinds, ", "))
		}
	}
	return nil
}
