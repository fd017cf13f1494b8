package schemas_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/retortdb/migrate/cmd"
	"github.com/retortdb/migrate/internal/config"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/schemas"
)

// compile compiles one of the embedded schemas.
func compile(t *testing.T, url string, doc []byte) *jsonschema.Schema {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(url, v); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("%s does not compile: %v", url, err)
	}
	return s
}

// validateYAML reads data as YAML and validates it against s; a YAML syntax
// error is returned as is.
func validateYAML(s *jsonschema.Schema, data []byte) error {
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return err
	}
	// Through JSON: numbers and maps in the shapes the validator knows.
	j, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		return err
	}
	return s.Validate(v)
}

func glob(t *testing.T, patterns ...string) []string {
	t.Helper()
	var out []string
	for _, p := range patterns {
		m, err := filepath.Glob(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	if len(out) == 0 {
		t.Fatalf("no files match %q", patterns)
	}
	return out
}

// Every revision file in the repository that migrate reads validates.
func TestRevisionFilesValidate(t *testing.T) {
	s := compile(t, schemas.RevisionURL, schemas.Revision)
	files := glob(t, "../testdata/revisions/good/*.y*ml", "../testdata/golden/revisions/*.yaml",
		"../migrations_example/migrations/versions/*.yaml")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := revision.ParseFile(p, data); err != nil {
			t.Fatalf("%s: migrate refuses it: %v", p, err)
		}
		if err := validateYAML(s, data); err != nil {
			t.Errorf("%s does not validate against revision.schema.json: %v", p, err)
		}
	}
}

// Every broken revision fixture is refused by migrate and by the schema (or is
// not YAML at all).
func TestBrokenRevisionFilesRejected(t *testing.T) {
	s := compile(t, schemas.RevisionURL, schemas.Revision)
	for _, p := range glob(t, "../testdata/revisions/broken/*.yaml") {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := revision.ParseFile(p, data); err == nil {
			t.Fatalf("%s: migrate accepts it", p)
		}
		if _, ok := brokenKey[filepath.Base(p)]; !ok {
			t.Errorf("%s: add it to brokenKey with the key it is refused for", p)
		}
		err = validateYAML(s, data)
		if err == nil {
			t.Errorf("%s: the schema accepts a file migrate refuses", p)
			continue
		}
		// The same reason as migrate's: the key its error is about.
		if key := brokenKey[filepath.Base(p)]; key != "" {
			var ve *jsonschema.ValidationError
			if !errors.As(err, &ve) || !schemaBlames(ve, key) {
				t.Errorf("%s: the schema refuses it, but not for %q: %v", p, key, err)
			}
		}
	}
}

// brokenKey is the key each broken fixture is refused for ("" for a file that
// is not a YAML map at all: empty, binary, a syntax error).
var brokenKey = map[string]string{
	"bad_revision_id.yaml": "revision", "bad_type.yaml": "type", "missing_revision.yaml": "revision",
	"numeric_revision.yaml": "revision", "transactional.yaml": "transactional", "unknown_key.yaml": "down_revison",
	"unknown_op.yaml": "create_tabel", "unknown_op_key.yaml": "cascade", "wrong_type.yaml": "nullable",
	"binary.yaml": "", "empty.yaml": "", "syntax.yaml": "",
}

// Hand-made invalid ops, each refused by migrate and by the schema for the same
// key.
func TestInvalidOpsRejected(t *testing.T) {
	s := compile(t, schemas.RevisionURL, schemas.Revision)
	for _, c := range []struct{ op, key string }{
		{"create_table: {name: t, columns: []}", "columns"},
		{"create_table: {columns: [{name: id, type: integer}]}", "name"},
		{"add_column: {table: t, column: {name: c}}", "type"},
		{"add_column: {table: t, column: {name: c, type: integer, nullable: 1}}", "nullable"},
		{"create_index: {name: ix, table: t, columns: [a], uniq: true}", "uniq"},
		{"drop_constraint: {name: c, table: t, type: index}", "type"},
		{"create_foreign_key: {table: t, columns: [a], ref_table: u}", "ref_columns"},
		{"alter_column: {table: t, column: c, type: varchar(ten)}", "type"},
		{"bulk_insert: {table: t, rows: [{a: [1, 2]}]}", "a"},
		{"execute: {dialects: {oracle: select 1}}", "oracle"},
		{"create_enum: {name: mood, values: []}", "values"},
		{"rename_tabel: {name: a, new_name: b}", "rename_tabel"},
	} {
		data := []byte("revision: abc\nupgrade:\n  - " + c.op + "\n")
		_, merr := revision.ParseFile("x.yaml", data)
		serr := validateYAML(s, data)
		if merr == nil || serr == nil {
			t.Errorf("%s: migrate error %v, schema error %v; want both", c.op, merr, serr)
			continue
		}
		if !strings.Contains(merr.Error(), c.key) {
			t.Errorf("%s: migrate's error does not name %q: %v", c.op, c.key, merr)
		}
		var ve *jsonschema.ValidationError
		if !errors.As(serr, &ve) {
			t.Fatalf("%s: schema error %T", c.op, serr)
		}
		// The same reason: some failing leaf is at the key, or names it
		// (an unknown key is reported at its map).
		if !schemaBlames(ve, c.key) {
			t.Errorf("%s: no schema error is about %q:\n%v", c.op, c.key, serr)
		}
	}
}

// A revision migrate writes (revision.Marshal) validates, and starts with the
// yaml-language-server line naming the schema.
func TestMarshalledRevisionValidates(t *testing.T) {
	s := compile(t, schemas.RevisionURL, schemas.Revision)
	for _, p := range glob(t, "../testdata/golden/revisions/*.yaml", "../testdata/revisions/good/*.y*ml") {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		r, err := revision.ParseFile(p, data)
		if err != nil {
			t.Fatal(err)
		}
		out, err := revision.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateYAML(s, out); err != nil {
			t.Errorf("Marshal of %s does not validate: %v", p, err)
		}
	}
}

// migrate.yaml files: the example's, the one `migrate init` writes, and each
// config key set on its own validate; invalid ones are refused by both.
func TestConfigSchema(t *testing.T) {
	s := compile(t, schemas.ConfigURL, schemas.Config)
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := cmd.Run(context.Background(), []string{"-c", filepath.Join(dir, "migrate.yaml"), "init", filepath.Join(dir, "migrations")}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("init: %s", errb.String())
	}
	for _, p := range []string{"../migrations_example/migrate.yaml", filepath.Join(dir, "migrate.yaml")} {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("# yaml-language-server: $schema="+schemas.ConfigURL+"\n")) {
			t.Errorf("%s does not start with the yaml-language-server line", p)
		}
		if _, err := config.Load(p); err != nil {
			t.Fatal(err)
		}
		if err := validateYAML(s, data); err != nil {
			t.Errorf("%s does not validate: %v", p, err)
		}
	}
	write := func(body string) string {
		p := filepath.Join(t.TempDir(), "migrate.yaml")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var schemaDoc struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(schemas.Config, &schemaDoc); err != nil {
		t.Fatal(err)
	}
	good := map[string]string{
		"script_location": "db", "version_locations": "[a, b]", "url": "sqlite:///x.db", "version_table": "v",
		"version_table_schema": "public", "history_table": `""`, "transaction_per_migration": "true",
		"file_template": `"{{.Rev}}"`, "truncate_slug_length": "12", "timezone": "UTC",
		"metadata": "{package: ./models, symbol: M}", "autogenerate": "{compare_type: false, exclude_tables: [x]}",
		"lock_timeout":  "1m30s",
		"targets":       "[{name: eu, url: 'postgresql://db/eu'}, {query: SELECT name FROM tenants, tenant: schema, name: t}, {glob: 'tenants/*.db'}]",
		"go_steps":      "{package: ./steps, symbol: Steps}",
		"session_setup": `{postgresql: ["SET ROLE migrator", "SET lock_timeout = '5s'"], sqlite: ["PRAGMA cache_size = -2000"]}`,
		"cluster":       `{pooling: transaction, lease_ttl: 20s, replicas: [{name: r1, url: "postgresql://u@r1/db"}], wait_for_replicas: true, replica_timeout: 90}`,
	}
	for k := range schemaDoc.Properties {
		if _, ok := good[k]; !ok {
			t.Errorf("schema key %q has no sample in this test", k)
		}
	}
	for k, v := range good {
		if _, ok := schemaDoc.Properties[k]; !ok {
			t.Errorf("config key %q is not in migrate.schema.json", k)
		}
		body := "script_location: m\n" + k + ": " + v + "\n"
		if k == "script_location" {
			body = k + ": " + v + "\n"
		}
		if _, err := config.Load(write(body)); err != nil {
			t.Errorf("%s: migrate refuses it: %v", k, err)
		}
		if err := validateYAML(s, []byte(body)); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
	for _, body := range []string{
		"script_location: m\nscript_locaton: n\n",
		"script_location: m\ntruncate_slug_length: 0\n",
		"script_location: m\ntruncate_slug_length: many\n",
		"script_location: m\nlock_timeout: soon\n",
		"script_location: m\ntransaction_per_migration: yes please\n",
		"script_location: m\nmetadata: {package: ./m, sym: X}\n",
		"script_location: m\nautogenerate: {compare_types: true}\n",
		"script_location: m\ngo_steps: {package: ./s, func: X}\n",
		"script_location: m\nsession_setup: {oracle: [\"SET x = 1\"]}\n",
		"script_location: m\nsession_setup: {mysql: \"SET x = 1\"}\n",
		"script_location: m\nversion_table: \"\"\n",
		"script_location: [a]\n",
		"script_location: m\ntargets: [{query: SELECT 1, tenant: table}]\n",
		"script_location: m\ntargets: [{name: a, urls: 'sqlite:///a.db'}]\n",
		"script_location: m\ncluster: {pooling: sometimes}\n",
		"script_location: m\ncluster: {replicas: [{name: r1}]}\n",
		"script_location: m\ncluster: {lag: 1}\n",
	} {
		if _, err := config.Load(write(body)); err == nil {
			t.Errorf("migrate accepts %q", body)
		}
		if err := validateYAML(s, []byte(body)); err == nil {
			t.Errorf("the schema accepts %q", body)
		}
	}
}

// schemaBlames reports whether a leaf of ve's cause tree lies at key (its
// instance location ends with key) or names key in its message.
func schemaBlames(ve *jsonschema.ValidationError, key string) bool {
	if len(ve.Causes) == 0 {
		loc := ve.InstanceLocation
		if len(loc) > 0 && loc[len(loc)-1] == key {
			return true
		}
		return strings.Contains(ve.Error(), "'"+key+"'")
	}
	for _, c := range ve.Causes {
		if schemaBlames(c, key) {
			return true
		}
	}
	return false
}
