package ops

import (
	"testing"

	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/schema"
)

// TestYAMLKeysInterned checks that the fast YAML reader's key table, derived
// from the op definitions, holds every key the op format writes: it encodes
// one op of each kind with every optional field set (and the index details)
// and looks up each map key of the result. A key added to an op without a
// place in YAMLKeys' tables fails here.
func TestYAMLKeysInterned(t *testing.T) {
	list := everyOp("s")
	list = append(list, &CreateIndex{Table: "t", Index: &schema.IndexDef{Name: "ix", Columns: []string{"a", "b"}, Using: "gin",
		Include: []string{"id"}, Opclass: []string{"jsonb_path_ops", ""}, Order: []string{"", "DESC"}}})
	node, err := EncodeList(list)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var walk func(n *yamlx.Node, underRows bool)
	walk = func(n *yamlx.Node, underRows bool) {
		if n == nil {
			return
		}
		for i, k := range n.Keys {
			if !underRows {
				seen[k.Value] = true
				if !yamlx.Interned(k.Value) {
					t.Errorf("op key %q (line %d of the encoded list) is not in the fast reader's key table; add it to the key tables in ops/yaml.go", k.Value, k.Line)
				}
			}
			walk(n.Values[i], underRows || k.Value == "rows")
		}
		for _, v := range n.Values[len(n.Keys):] {
			walk(v, underRows)
		}
	}
	walk(node, false)
	for _, k := range []string{"using", "include", "opclass", "order", "ref_schema", "existing_autoincrement", "bulk_insert", "dialects", "enum"} {
		if !seen[k] {
			t.Errorf("the encoded ops never wrote key %q, so this test proves nothing about it", k)
		}
	}
	for _, k := range YAMLKeys() {
		if !yamlx.Interned(k) {
			t.Errorf("YAMLKeys lists %q but it is not interned", k)
		}
	}
}
