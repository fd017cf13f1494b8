package ops

import (
	"fmt"

	"github.com/retortdb/migrate/internal/yamlx"
)

// yamlOpKeys lists, for each op's YAML name, its keys in the order EncodeList
// writes them (docs/revision-files.md). DecodeList accepts exactly these
// keys and no others. execute also accepts a bare string instead of a map.
var yamlOpKeys = map[string][]string{
	"create_table":             {"name", "schema", "columns", "primary_key", "foreign_keys", "unique_constraints", "check_constraints", "comment", "engine", "collation", "options", "partition_by", "sqlite_strict", "sqlite_without_rowid"},
	"drop_table":               {"name", "schema", "columns", "primary_key", "foreign_keys", "unique_constraints", "check_constraints", "indexes", "comment", "engine", "collation", "options", "partition_by", "acknowledge_destructive", "sqlite_strict", "sqlite_without_rowid"},
	"rename_table":             {"name", "new_name", "schema"},
	"rename_index":             {"name", "new_name", "table", "schema"},
	"rename_constraint":        {"name", "new_name", "table", "schema", "type"},
	"add_column":               {"table", "schema", "column", "mysql_algorithm", "mysql_lock"},
	"drop_column":              {"table", "schema", "column", "existing", "acknowledge_destructive", "mysql_algorithm", "mysql_lock"},
	"alter_column":             {"table", "schema", "column", "nullable", "type", "server_default", "comment", "new_name", "existing_type", "existing_nullable", "existing_server_default", "existing_comment", "existing_autoincrement", "collation", "existing_collation", "identity_generated", "identity_start", "identity_increment", "existing_identity_generated", "existing_identity_start", "existing_identity_increment", "acknowledge_destructive", "mysql_algorithm", "mysql_lock"},
	"create_index":             {"name", "table", "schema", "columns", "unique", "where", "using", "include", "opclass", "order", "nulls_not_distinct", "collation", "concurrently", "mysql_algorithm", "mysql_lock"},
	"drop_index":               {"name", "table", "schema", "columns", "unique", "where", "using", "include", "opclass", "order", "nulls_not_distinct", "collation", "concurrently", "mysql_algorithm", "mysql_lock"},
	"create_unique_constraint": {"name", "table", "schema", "columns", "nulls_not_distinct", "deferrable", "initially_deferred", "mysql_algorithm", "mysql_lock"},
	"create_foreign_key":       {"name", "table", "schema", "columns", "ref_table", "ref_schema", "ref_columns", "on_delete", "on_update", "match", "deferrable", "initially_deferred", "not_valid", "mysql_algorithm", "mysql_lock"},
	"create_check_constraint":  {"name", "table", "schema", "condition", "not_valid", "mysql_algorithm", "mysql_lock"},
	"create_primary_key":       {"name", "table", "schema", "columns", "mysql_algorithm", "mysql_lock"},
	"drop_constraint":          {"name", "table", "schema", "type", "columns", "ref_table", "ref_schema", "ref_columns", "on_delete", "on_update", "match", "deferrable", "initially_deferred", "not_valid", "nulls_not_distinct", "condition", "mysql_algorithm", "mysql_lock"},
	"validate_constraint":      {"name", "table", "schema"},
	"create_table_comment":     {"table", "schema", "comment", "existing_comment"},
	"drop_table_comment":       {"table", "schema", "existing_comment"},
	"create_enum":              {"name", "schema", "values"},
	"drop_enum":                {"name", "schema", "values"},
	"add_enum_value":           {"name", "schema", "value", "after"},
	"drop_enum_value":          {"name", "schema", "value", "after", "acknowledge_destructive"},
	"execute":                  {"sql", "dialects"},
	"bulk_insert":              {"table", "schema", "rows"},
	"create_object":            yamlObjectKeys,
	"drop_object":              yamlObjectKeys,
	"replace_object":           yamlReplaceKeys,
}

// yamlOpOrder is the list of op names in the order of docs/revision-files.md, for
// error messages that list the known ops.
var yamlOpOrder = []string{
	"create_table", "drop_table", "rename_table", "rename_index", "rename_constraint", "add_column", "drop_column", "alter_column",
	"create_index", "drop_index", "create_unique_constraint", "create_foreign_key",
	"create_check_constraint", "create_primary_key", "drop_constraint", "validate_constraint", "create_table_comment",
	"drop_table_comment", "create_enum", "drop_enum", "add_enum_value", "drop_enum_value", "execute",
	"bulk_insert", "create_object", "drop_object", "replace_object",
}

// Sub-map keys.
var (
	yamlColumnKeys  = []string{"name", "type", "nullable", "server_default", "autoincrement", "autoincrement_kind", "comment", "sqlite_autoincrement", "collation", "identity_start", "identity_increment", "generated", "generated_stored"}
	yamlPKKeys      = []string{"name", "columns"}
	yamlFKKeys      = []string{"name", "columns", "ref_table", "ref_schema", "ref_columns", "on_delete", "on_update", "match", "deferrable", "initially_deferred", "not_valid"}
	yamlUniqueKeys  = []string{"name", "columns", "nulls_not_distinct", "deferrable", "initially_deferred"}
	yamlCheckKeys   = []string{"name", "condition", "not_valid"}
	yamlIndexKeys   = []string{"name", "columns", "unique", "where", "using", "include", "opclass", "order", "nulls_not_distinct", "collation"}
	yamlDialectKeys = []string{"postgresql", "mysql", "sqlite"}
	yamlEnumKeys    = []string{"enum", "values"}
)

// YAMLKeys returns every map key of the op YAML format (docs/revision-files.md):
// the op names, each op's keys and the keys of the nested maps
// (columns, constraints, indexes, enum types, per-dialect SQL), each once, in
// no particular order. Column names inside bulk_insert rows are data, not
// keys, and are not listed.
func YAMLKeys() []string {
	seen := map[string]bool{}
	var out []string
	add := func(keys ...string) {
		for _, k := range keys {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	add(yamlOpOrder...)
	for _, keys := range yamlOpKeys {
		add(keys...)
	}
	for _, keys := range [][]string{yamlColumnKeys, yamlPKKeys, yamlFKKeys, yamlUniqueKeys, yamlCheckKeys, yamlIndexKeys, yamlDialectKeys, yamlEnumKeys} {
		add(keys...)
	}
	return out
}

// The fast YAML reader shares the strings of the op keys instead of copying
// each occurrence; the table is derived from the definitions above.
func init() { yamlx.InternKeys(YAMLKeys()...) }

// yamlPrefix returns err with path put in front of its message, keeping its
// position, when err is a *yamlx.Error; other errors are returned unchanged.
func yamlPrefix(path string, err error) error {
	if err == nil || path == "" {
		return err
	}
	if ye, ok := err.(*yamlx.Error); ok {
		return &yamlx.Error{Line: ye.Line, Col: ye.Col, Msg: path + ": " + ye.Msg, Err: ye.Err}
	}
	return fmt.Errorf("%s: %w", path, err)
}
