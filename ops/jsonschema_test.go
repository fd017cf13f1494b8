package ops

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var updateSchema = flag.Bool("update", false, "rewrite ../schemas/revision.schema.json from the op definitions")

// schemaPath is the committed JSON Schema of revision files.
var schemaPath = filepath.Join("..", "schemas", "revision.schema.json")

// schemaObj is a JSON Schema object; key order does not matter (encoding/json
// sorts map keys, so the file is stable).
type schemaObj = map[string]any

func ref(name string) schemaObj { return schemaObj{"$ref": "#/$defs/" + name} }

func listOf(item schemaObj) schemaObj { return schemaObj{"type": "array", "items": item} }

// schemaKeyTypes gives the JSON Schema of each op key: "op.key" first, then the
// key alone. A key of yamlOpKeys with no entry here fails TestRevisionSchema.
var schemaKeyTypes = map[string]schemaObj{
	"name":                        ref("name"),
	"new_name":                    ref("name"),
	"schema":                      ref("name"),
	"table":                       ref("name"),
	"ref_table":                   ref("name"),
	"ref_schema":                  ref("name"),
	"columns":                     ref("names"),
	"ref_columns":                 ref("names"),
	"include":                     listOf(schemaObj{"type": "string"}),
	"opclass":                     listOf(schemaObj{"type": "string"}),
	"order":                       listOf(schemaObj{"type": "string"}),
	"unique":                      schemaObj{"type": "boolean"},
	"where":                       schemaObj{"type": "string"},
	"using":                       schemaObj{"type": "string"},
	"on_delete":                   ref("referential_action"),
	"on_update":                   ref("referential_action"),
	"condition":                   schemaObj{"type": "string"},
	"comment":                     schemaObj{"type": "string"},
	"existing_comment":            schemaObj{"type": "string"},
	"partition_by":                schemaObj{"type": "string"},
	"kind":                        schemaObj{"type": "string", "enum": []string{"extension", "schema", "sequence", "domain", "function", "procedure", "aggregate", "view", "materialized_view", "index", "partition", "trigger", "event", "policy", "row_security", "exclusion_constraint", "cluster_on"}},
	"definition":                  schemaObj{"type": "string"},
	"existing_definition":         schemaObj{"type": "string"},
	"depends_on":                  listOf(schemaObj{"type": "string"}),
	"existing_depends_on":         listOf(schemaObj{"type": "string"}),
	"primary_key":                 ref("primary_key"),
	"foreign_keys":                listOf(ref("foreign_key")),
	"unique_constraints":          listOf(ref("unique_constraint")),
	"check_constraints":           listOf(ref("check_constraint")),
	"indexes":                     listOf(ref("index")),
	"values":                      listOf(schemaObj{"type": "string"}),
	"value":                       schemaObj{"type": "string"},
	"after":                       schemaObj{"type": "string"},
	"sql":                         schemaObj{"type": "string"},
	"dialects":                    ref("dialect_sql"),
	"rows":                        listOf(schemaObj{"type": "object", "additionalProperties": ref("row_value")}),
	"nullable":                    schemaObj{"type": "boolean"},
	"type":                        ref("type"),
	"server_default":              schemaObj{"anyOf": []any{ref("default"), schemaObj{"type": "null"}}},
	"existing_type":               ref("type"),
	"existing_nullable":           schemaObj{"type": "boolean"},
	"existing_server_default":     ref("default"),
	"existing_autoincrement":      schemaObj{"type": "boolean"},
	"existing_collation":          schemaObj{"type": "string"},
	"identity_generated":          schemaObj{"type": "string", "enum": []any{IdentityAlways, IdentityByDefault}},
	"existing_identity_generated": schemaObj{"type": "string", "enum": []any{IdentityAlways, IdentityByDefault}},
	"identity_start":              schemaObj{"type": "integer"},
	"identity_increment":          schemaObj{"type": "integer"},
	"existing_identity_start":     schemaObj{"type": "integer"},
	"existing_identity_increment": schemaObj{"type": "integer"},
	"nulls_not_distinct":          schemaObj{"type": "boolean", "default": false},
	"deferrable":                  schemaObj{"type": "boolean", "default": false},
	"initially_deferred":          schemaObj{"type": "boolean", "default": false},
	"match":                       schemaObj{"type": "string"},
	"not_valid":                   schemaObj{"type": "boolean", "default": false},
	"acknowledge_destructive":     schemaObj{"type": "boolean"},
	"concurrently":                schemaObj{"type": "boolean", "default": false},
	"mysql_algorithm":             schemaObj{"type": "string", "enum": []any{"default", "instant", "nocopy", "inplace", "copy"}},
	"mysql_lock":                  schemaObj{"type": "string", "enum": []any{"default", "none", "shared", "exclusive"}},
	"autoincrement_kind":          schemaObj{"type": "string", "enum": []any{"", "serial", "always"}},
	"create_index.collation":      listOf(schemaObj{"type": "string"}),
	"drop_index.collation":        listOf(schemaObj{"type": "string"}),
	"collation":                   schemaObj{"type": "string"},
	"engine":                      schemaObj{"type": "string"},
	"options":                     schemaObj{"type": "string"},
	"sqlite_strict":               schemaObj{"type": "boolean", "default": false},
	"sqlite_without_rowid":        schemaObj{"type": "boolean", "default": false},
	"existing":                    ref("column"),
	"func":                        schemaObj{"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
	"reverse":                     schemaObj{"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
	"column":                      ref("name"),
	"create_table.columns":        schemaObj{"type": "array", "items": ref("column"), "minItems": 1},
	"drop_table.columns":          listOf(ref("column")),
	"add_column.column":           ref("column"),
	"alter_column.comment":        schemaObj{"type": []any{"string", "null"}},
	"drop_constraint.type":        schemaObj{"enum": []any{ConstraintForeignKey, ConstraintUnique, ConstraintCheck, ConstraintPrimary}},
	"rename_constraint.type":      schemaObj{"enum": []any{ConstraintForeignKey, ConstraintUnique, ConstraintCheck, ConstraintPrimary}},
	"create_table.comment":        schemaObj{"type": "string"},
	"drop_table.comment":          schemaObj{"type": "string"},
	"create_enum.values":          schemaObj{"type": "array", "items": schemaObj{"type": "string"}, "minItems": 1},
}

// schemaRequired lists each op's required keys (what DecodeList refuses to do
// without).
var schemaRequired = map[string][]string{
	"create_table":             {"name", "columns"},
	"drop_table":               {"name"},
	"rename_table":             {"name", "new_name"},
	"rename_index":             {"name", "new_name", "table"},
	"rename_constraint":        {"name", "new_name", "table", "type"},
	"add_column":               {"table", "column"},
	"drop_column":              {"table", "column"},
	"alter_column":             {"table", "column"},
	"create_index":             {"table", "columns"},
	"drop_index":               {"name"},
	"create_unique_constraint": {"table", "columns"},
	"create_foreign_key":       {"table", "columns", "ref_table", "ref_columns"},
	"create_check_constraint":  {"table", "condition"},
	"create_primary_key":       {"table", "columns"},
	"drop_constraint":          {"name", "table", "type"},
	"create_table_comment":     {"table", "comment"},
	"drop_table_comment":       {"table"},
	"create_enum":              {"name", "values"},
	"drop_enum":                {"name"},
	"add_enum_value":           {"name", "value"},
	"drop_enum_value":          {"name", "value"},
	"validate_constraint":      {"name", "table"},
	"execute":                  {},
	"bulk_insert":              {"table", "rows"},
	"go":                       {"func"},
	"create_object":            {"kind", "name"},
	"drop_object":              {"kind", "name"},
	"replace_object":           {"kind", "name"},
}

func schemaObject(props schemaObj, required []string) schemaObj {
	o := schemaObj{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

func keysObject(keys []string, types schemaObj, required ...string) schemaObj {
	props := schemaObj{}
	for _, k := range keys {
		props[k] = types[k]
	}
	return schemaObject(props, required)
}

// buildRevisionSchema derives the revision-file JSON Schema from yamlOpKeys,
// yamlOpOrder and the nested key lists; t reports op keys without a type.
func buildRevisionSchema(t *testing.T) schemaObj {
	common := schemaObj{
		"name":                 ref("name"),
		"columns":              ref("names"),
		"ref_table":            ref("name"),
		"ref_schema":           ref("name"),
		"ref_columns":          ref("names"),
		"on_delete":            ref("referential_action"),
		"on_update":            ref("referential_action"),
		"condition":            schemaObj{"type": "string"},
		"type":                 ref("type"),
		"nullable":             schemaObj{"type": "boolean", "default": true},
		"server_default":       ref("default"),
		"autoincrement":        schemaObj{"type": "boolean", "default": false},
		"sqlite_autoincrement": schemaObj{"type": "boolean", "default": false},
		"identity_start":       schemaObj{"type": "integer"},
		"identity_increment":   schemaObj{"type": "integer"},
		"generated":            schemaObj{"type": "string", "minLength": 1},
		"generated_stored":     schemaObj{"type": "boolean", "default": false},
		"collation":            schemaObj{"anyOf": []any{schemaObj{"type": "string"}, listOf(schemaObj{"type": "string"})}},
		"comment":              schemaObj{"type": "string"},
		"nulls_not_distinct":   schemaObj{"type": "boolean", "default": false},
		"deferrable":           schemaObj{"type": "boolean", "default": false},
		"initially_deferred":   schemaObj{"type": "boolean", "default": false},
		"match":                schemaObj{"type": "string"},
		"not_valid":            schemaObj{"type": "boolean", "default": false},
		"autoincrement_kind":   schemaObj{"type": "string", "enum": []any{"", "serial", "always"}},
		"unique":               schemaObj{"type": "boolean", "default": false},
		"where":                schemaObj{"type": "string"},
		"using":                schemaObj{"type": "string"},
		"include":              listOf(schemaObj{"type": "string"}),
		"opclass":              listOf(schemaObj{"type": "string"}),
		"order":                listOf(schemaObj{"type": "string"}),
		"postgresql":           schemaObj{"type": "string"},
		"mysql":                schemaObj{"type": "string"},
		"sqlite":               schemaObj{"type": "string"},
		"enum":                 ref("name"),
		"values":               schemaObj{"type": "array", "items": schemaObj{"type": "string"}, "minItems": 1},
	}
	defs := schemaObj{
		"id":    schemaObj{"type": "string", "pattern": "^[A-Za-z0-9_]{1,32}$"},
		"ids":   schemaObj{"anyOf": []any{schemaObj{"type": "null"}, ref("id"), listOf(ref("id"))}},
		"name":  schemaObj{"type": "string", "minLength": 1},
		"names": schemaObj{"type": "array", "items": schemaObj{"type": "string"}, "minItems": 1},
		"type": schemaObj{"anyOf": []any{
			schemaObj{"type": "string", "pattern": `^\s*((postgresql|mysql|sqlite|POSTGRESQL|MYSQL|SQLITE)\.\s*\S.*|[A-Za-z]+\s*(\(\s*[0-9]+\s*(,\s*[0-9]+\s*)?\))?)\s*$`},
			keysObject(yamlEnumKeys, common, "enum", "values"),
		}},
		"default":            schemaObj{"type": []any{"string", "number", "boolean"}},
		"referential_action": schemaObj{"type": "string"},
		"row_value":          schemaObj{"type": []any{"string", "number", "boolean", "null"}},
		"column":             keysObject(yamlColumnKeys, common, "name", "type"),
		"primary_key":        keysObject(yamlPKKeys, common, "columns"),
		"foreign_key":        keysObject(yamlFKKeys, common, "columns", "ref_table", "ref_columns"),
		"unique_constraint":  keysObject(yamlUniqueKeys, common, "columns"),
		"check_constraint":   keysObject(yamlCheckKeys, common, "condition"),
		"index":              keysObject(yamlIndexKeys, common, "columns"),
		"dialect_sql":        keysObject(yamlDialectKeys, common),
	}
	var opChoices []any
	for _, op := range yamlOpOrder {
		props := schemaObj{}
		for _, k := range yamlOpKeys[op] {
			typ, ok := schemaKeyTypes[op+"."+k]
			if !ok {
				typ, ok = schemaKeyTypes[k]
			}
			if !ok {
				t.Errorf("op %s key %q has no JSON Schema type: add it to schemaKeyTypes", op, k)
				continue
			}
			props[k] = typ
		}
		req, ok := schemaRequired[op]
		if !ok {
			t.Errorf("op %s has no entry in schemaRequired", op)
		}
		body := schemaObject(props, req)
		if op == "execute" {
			body = schemaObj{"anyOf": []any{schemaObj{"type": "string"}, schemaObject(props, nil)}}
		}
		defs["op_"+op] = body
		opChoices = append(opChoices, schemaObject(schemaObj{op: ref("op_" + op)}, []string{op}))
	}
	defs["op"] = schemaObj{"oneOf": opChoices}
	defs["ops"] = schemaObj{"type": []any{"array", "null"}, "items": ref("op")}
	return schemaObj{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         revisionSchemaURL,
		"title":       "migrate revision file",
		"description": "A migrate revision file: its place in the revision graph and the operations of its upgrade and downgrade. Reference: docs/revision-files.md.",
		"type":        "object",
		"required":    []string{"revision"},
		"properties": schemaObj{
			"revision":      ref("id"),
			"down_revision": ref("ids"),
			"branch_labels": schemaObj{"anyOf": []any{schemaObj{"type": "null"}, ref("name"), listOf(ref("name"))}},
			"depends_on":    schemaObj{"anyOf": []any{schemaObj{"type": "null"}, ref("name"), listOf(ref("name"))}},
			"message":       schemaObj{"type": []any{"string", "null"}},
			"transactional": schemaObj{"type": []any{"boolean", "null"}, "default": true},
			"upgrade":       ref("ops"),
			"downgrade":     ref("ops"),
		},
		"additionalProperties": false,
		"$defs":                defs,
	}
}

// revisionSchemaURL is where editors fetch the revision-file schema from.
const revisionSchemaURL = "https://raw.githubusercontent.com/retortdb/migrate/main/schemas/revision.schema.json"

// TestRevisionSchema checks that schemas/revision.schema.json is what the op
// definitions give (every op, every key, the nested maps), so an op or key added
// to ops without its place in the schema fails here. -update rewrites the file.
func TestRevisionSchema(t *testing.T) {
	want, err := json.MarshalIndent(buildRevisionSchema(t), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	for k := range schemaKeyTypes {
		op, key, dotted := strings.Cut(k, ".")
		if dotted && !slices.Contains(yamlOpKeys[op], key) {
			t.Errorf("schemaKeyTypes has %q but op %s has no key %s", k, op, key)
		}
	}
	if *updateSchema {
		if err := os.WriteFile(schemaPath, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(schemaPath)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("%s is not what the op definitions give (%v): run `go test ./ops -run TestRevisionSchema -update`", schemaPath, err)
	}
}
