package ops

import (
	"strings"

	"fmt"

	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/schema"
)

// yamlDecodeType reads a type: a string in schema.ParseType's text form, or
// {enum: NAME, values: [A, B]}.
func yamlDecodeType(n *yamlx.Node, path string) (schema.Type, error) {
	if n.Kind == yamlx.Map {
		f := yamlOpen(n, path, yamlEnumKeys)
		name := f.str("enum", true)
		values := f.strs("values", true)
		if f.err != nil {
			return schema.Type{}, f.err
		}
		return schema.Enum(name, values...), nil
	}
	s, err := n.AsString()
	if err != nil {
		return schema.Type{}, yamlPrefix(path, yamlx.Errorf(n, "want a type such as integer or varchar(200), or {enum: NAME, values: [...]}, got %s", n.Describe()))
	}
	t, err := schema.ParseType(s)
	if err != nil {
		return schema.Type{}, &yamlx.Error{Line: n.Line, Col: n.Col, Msg: path + ": " + err.Error(), Err: err}
	}
	return t, nil
}

// yamlTypeField reads an optional type-valued key; nil when absent or null.
func (f *yamlFields) typ(key string) *schema.Type {
	v := f.get(key, false)
	if v == nil {
		return nil
	}
	t, err := yamlDecodeType(v, f.path+"."+key)
	if err != nil {
		if f.err == nil {
			f.err = err
		}
		return nil
	}
	return &t
}

// yamlDefaultText reads a server default: a string, or a number or boolean
// scalar taken as its SQL text (server_default: 0 means DEFAULT 0).
func yamlDefaultText(n *yamlx.Node, path string) (string, error) {
	if n.Kind == yamlx.Scalar && (n.Tag == yamlx.TagInt || n.Tag == yamlx.TagFloat || n.Tag == yamlx.TagBool) {
		return n.Value, nil
	}
	if n.Kind == yamlx.Scalar && n.Tag == yamlx.TagStr {
		return n.Value, nil
	}
	return "", yamlPrefix(path, yamlx.Errorf(n, "want an SQL expression (a string such as \"'draft'\" or CURRENT_TIMESTAMP, or a number), got %s", n.Describe()))
}

func (f *yamlFields) defaultPtr(key string) *string {
	v := f.get(key, false)
	if v == nil {
		return nil
	}
	s, err := yamlDefaultText(v, f.path+"."+key)
	if err != nil {
		if f.err == nil {
			f.err = err
		}
		return nil
	}
	return &s
}

// yamlDecodeColumn reads {name, type, nullable, server_default, autoincrement,
// autoincrement_kind, comment, sqlite_autoincrement, collation,
// identity_start, identity_increment, generated, generated_stored}; nullable
// defaults to true.
func yamlDecodeColumn(n *yamlx.Node, path string) (*schema.Column, error) {
	f := yamlOpen(n, path, yamlColumnKeys)
	c := &schema.Column{Name: f.str("name", true)}
	if c.Name != "" {
		path += " (" + c.Name + ")"
		f.path = path
	}
	if t := f.get("type", true); t != nil {
		typ, err := yamlDecodeType(t, path+".type")
		if err != nil && f.err == nil {
			f.err = err
		}
		c.Type = typ
	}
	c.Nullable = f.boolean("nullable", true)
	c.Default = f.defaultPtr("server_default")
	c.Autoincrement = f.boolean("autoincrement", false)
	c.AutoincrementKind = f.str("autoincrement_kind", false)
	switch c.AutoincrementKind {
	case "", schema.AutoincrementSerial, schema.AutoincrementAlways:
	default:
		if f.err == nil {
			f.err = yamlx.Errorf(f.get("autoincrement_kind", false), "%s.autoincrement_kind: want serial or always, got %q", f.path, c.AutoincrementKind)
		}
	}
	c.Comment = f.str("comment", false)
	c.SQLiteAutoincrement = f.boolean("sqlite_autoincrement", false)
	c.Collation = f.str("collation", false)
	yamlDecodeColumnProps(f, c)
	return c, f.err
}

// yamlDecodeTableBody reads the table keys shared by create_table and
// drop_table into t (whose Name and Schema the caller sets).
func yamlDecodeTableBody(f *yamlFields, t *schema.Table, needColumns bool) {
	items := f.list("columns")
	if needColumns && len(items) == 0 && f.err == nil {
		f.err = yamlx.Errorf(f.n, "%s: a table needs at least one column under columns:", f.path)
	}
	for i, it := range items {
		c, err := yamlDecodeColumn(it, fmt.Sprintf("%s.columns[%d]", f.path, i))
		if err != nil {
			if f.err == nil {
				f.err = err
			}
			return
		}
		t.Columns = append(t.Columns, c)
	}
	if pk := f.get("primary_key", false); pk != nil {
		pf := yamlOpen(pk, f.path+".primary_key", yamlPKKeys)
		t.PrimaryKey = &schema.PrimaryKeyDef{Name: pf.str("name", false), Columns: pf.strs("columns", true)}
		f.keep(pf.err)
	}
	for i, it := range f.list("foreign_keys") {
		fk := yamlDecodeFK(it, fmt.Sprintf("%s.foreign_keys[%d]", f.path, i), yamlFKKeys)
		t.ForeignKeys = append(t.ForeignKeys, fk.def)
		f.keep(fk.err)
	}
	for i, it := range f.list("unique_constraints") {
		uf := yamlOpen(it, fmt.Sprintf("%s.unique_constraints[%d]", f.path, i), yamlUniqueKeys)
		t.Uniques = append(t.Uniques, yamlUniqueFields(uf, true))
		f.keep(uf.err)
	}
	for i, it := range f.list("check_constraints") {
		cf := yamlOpen(it, fmt.Sprintf("%s.check_constraints[%d]", f.path, i), yamlCheckKeys)
		t.Checks = append(t.Checks, &schema.CheckDef{Name: cf.str("name", false), Expr: cf.str("condition", true), NotValid: cf.boolean("not_valid", false)})
		f.keep(cf.err)
	}
	t.Comment = f.str("comment", false)
	t.Engine = f.str("engine", false)
	t.Collation = f.str("collation", false)
	t.Options = f.str("options", false)
	t.PartitionBy = f.str("partition_by", false)
	t.SQLiteStrict = f.boolean("sqlite_strict", false)
	t.SQLiteWithoutRowid = f.boolean("sqlite_without_rowid", false)
}

// keep records err as the reader's error unless one is already recorded.
func (f *yamlFields) keep(err error) {
	if f.err == nil && err != nil {
		f.err = err
	}
}

type yamlFKResult struct {
	def *schema.ForeignKeyDef
	err error
}

// yamlDecodeFK reads a foreign key's keys from a map (allowed limits the keys,
// so that create_foreign_key can add table and schema).
func yamlDecodeFK(n *yamlx.Node, path string, allowed []string) yamlFKResult {
	f := yamlOpen(n, path, allowed)
	fk := yamlFKFields(f, true)
	return yamlFKResult{def: fk, err: f.err}
}

// yamlFKFields reads name, columns, ref_table, ref_schema, ref_columns,
// on_delete and on_update from f.
func yamlFKFields(f *yamlFields, required bool) *schema.ForeignKeyDef {
	return &schema.ForeignKeyDef{
		Name:       f.str("name", false),
		Columns:    f.strs("columns", required),
		RefTable:   f.str("ref_table", required),
		RefSchema:  f.str("ref_schema", false),
		RefColumns: f.strs("ref_columns", required),
		OnDelete:   f.str("on_delete", false),
		OnUpdate:   f.str("on_update", false),

		Match:             strings.ToUpper(f.str("match", false)),
		Deferrable:        f.boolean("deferrable", false),
		InitiallyDeferred: f.boolean("initially_deferred", false),
		NotValid:          f.boolean("not_valid", false),
	}
}

// yamlUniqueFields reads a unique constraint's name, columns,
// nulls_not_distinct, deferrable and initially_deferred from f.
func yamlUniqueFields(f *yamlFields, required bool) *schema.UniqueDef {
	return &schema.UniqueDef{
		Name: f.str("name", false), Columns: f.strs("columns", required),
		NullsNotDistinct:  f.boolean("nulls_not_distinct", false),
		Deferrable:        f.boolean("deferrable", false),
		InitiallyDeferred: f.boolean("initially_deferred", false),
	}
}

// yamlDecodeIndexes reads drop_table's record of the table's indexes.
func yamlDecodeIndexes(f *yamlFields, t *schema.Table) {
	for i, it := range f.list("indexes") {
		xf := yamlOpen(it, fmt.Sprintf("%s.indexes[%d]", f.path, i), yamlIndexKeys)
		t.Indexes = append(t.Indexes, yamlIndexFields(xf, true))
		f.keep(xf.err)
	}
}

// yamlIndexFields reads an index's keys (name, columns, unique, where, using,
// include, opclass, order) from f. opclass and order, when given, are parallel
// to columns and may not be longer.
func yamlIndexFields(f *yamlFields, columnsRequired bool) *schema.IndexDef {
	ix := &schema.IndexDef{
		Name: f.str("name", false), Columns: f.strs("columns", columnsRequired),
		Unique: f.boolean("unique", false), Where: f.str("where", false),
		Using: f.str("using", false), Include: f.strs("include", false),
		Opclass: f.strs("opclass", false), Order: f.strs("order", false),
		NullsNotDistinct: f.boolean("nulls_not_distinct", false), Collation: f.strs("collation", false),
	}
	for _, k := range []struct {
		key  string
		list []string
	}{{"opclass", ix.Opclass}, {"order", ix.Order}, {"collation", ix.Collation}} {
		if len(k.list) > len(ix.Columns) && f.err == nil {
			f.err = yamlx.Errorf(f.get(k.key, false), "%s.%s: has %d entries but columns has %d; give one entry per column (\"\" for the default)", f.path, k.key, len(k.list), len(ix.Columns))
		}
	}
	return ix
}
