package schema

import (
	"fmt"
	"strings"
)

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
