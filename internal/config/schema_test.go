package config

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestJSONSchemaKeys checks that schemas/migrate.schema.json names exactly the
// keys Load accepts, at the top level and in metadata and autogenerate.
func TestJSONSchemaKeys(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "schemas", "migrate.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	type props struct {
		Properties map[string]props `json:"properties"`
	}
	var s props
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	keys := func(p props) []string {
		var out []string
		for k := range p.Properties {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	sorted := func(in ...string) []string {
		out := slices.Clone(in)
		slices.Sort(out)
		return out
	}
	for _, c := range []struct {
		where     string
		got, want []string
	}{
		{"top level", keys(s), sorted(configKeys...)},
		{"metadata", keys(s.Properties["metadata"]), sorted("package", "symbol")},
		{"autogenerate", keys(s.Properties["autogenerate"]), sorted("compare_type", "compare_server_default", "include_schemas", "exclude_tables", "safe_forms")},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("schemas/migrate.schema.json, %s: keys %v; migrate.yaml has %v", c.where, c.got, c.want)
		}
	}
}
