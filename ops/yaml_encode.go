package ops

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/schema"
)

// EncodeList writes ops as the YAML list that DecodeList reads: keys in
// the order of docs/revision-files.md, default values left out (nullable: true, empty strings and
// lists, false flags), columns and other small maps in flow style. It returns an
// error for a nil op, an op with a nil required part (CreateTable.Table,
// AddColumn.Column, …) and a bulk_insert value of a type YAML cannot carry.
// DecodeList(EncodeList(list)) equals list.
func EncodeList(list []Op) (*yamlx.Node, error) {
	seq := yamlx.NewSeq()
	for i, o := range list {
		body, err := yamlEncodeOp(o)
		if err != nil {
			return nil, fmt.Errorf("op %d (%s): %w", i+1, Name(o), err)
		}
		yamlEncodeMySQL(o, body)
		seq.Append(yamlx.NewMap().Set(Name(o), body))
	}
	if len(list) == 0 {
		seq.Flow = true
	}
	return seq, nil
}

// yamlMap is a map builder that skips empty values.
type yamlMap struct{ n *yamlx.Node }

func newYAMLMap(flow bool) *yamlMap {
	if flow {
		return &yamlMap{n: yamlx.NewFlowMap()}
	}
	return &yamlMap{n: yamlx.NewMap()}
}

func (m *yamlMap) str(k, v string) *yamlMap {
	if v != "" {
		m.n.Set(k, yamlx.Str(v))
	}
	return m
}

// reqStr writes k even when v is empty, so that a required key is never lost.
func (m *yamlMap) reqStr(k, v string) *yamlMap {
	m.n.Set(k, yamlx.Str(v))
	return m
}

func (m *yamlMap) strPtr(k string, v *string) *yamlMap {
	if v != nil {
		m.n.Set(k, yamlx.Str(*v))
	}
	return m
}

func (m *yamlMap) strs(k string, v []string) *yamlMap {
	if len(v) > 0 {
		m.n.Set(k, yamlx.StrSeq(v))
	}
	return m
}

func (m *yamlMap) flag(k string, v bool) *yamlMap {
	if v {
		m.n.Set(k, yamlx.Bool(true))
	}
	return m
}

func (m *yamlMap) boolPtr(k string, v *bool) *yamlMap {
	if v != nil {
		m.n.Set(k, yamlx.Bool(*v))
	}
	return m
}

func (m *yamlMap) node(k string, v *yamlx.Node) *yamlMap {
	if v != nil {
		m.n.Set(k, v)
	}
	return m
}

func (m *yamlMap) typ(k string, t *schema.Type) *yamlMap {
	if t != nil {
		m.n.Set(k, yamlEncodeType(*t))
	}
	return m
}

func (m *yamlMap) change(k string, c *Change) *yamlMap {
	switch {
	case c == nil:
	case c.Value == nil:
		m.n.Set(k, yamlx.NullNode())
	default:
		m.n.Set(k, yamlx.Str(*c.Value))
	}
	return m
}

func yamlEncodeType(t schema.Type) *yamlx.Node {
	if t.Name == schema.TEnum {
		return yamlx.NewFlowMap().Set("enum", yamlx.Str(t.EnumName)).Set("values", yamlx.StrSeq(t.EnumValues))
	}
	return yamlx.Str(t.String())
}

func yamlEncodeColumn(c *schema.Column) *yamlx.Node {
	m := newYAMLMap(true).reqStr("name", c.Name)
	m.n.Set("type", yamlEncodeType(c.Type))
	if !c.Nullable {
		m.n.Set("nullable", yamlx.Bool(false))
	}
	m.strPtr("server_default", c.Default).flag("autoincrement", c.Autoincrement).str("autoincrement_kind", c.AutoincrementKind).str("comment", c.Comment).flag("sqlite_autoincrement", c.SQLiteAutoincrement).str("collation", c.Collation)
	yamlEncodeColumnProps(m, c)
	return m.n
}

func yamlEncodeFK(m *yamlMap, fk *schema.ForeignKeyDef) {
	m.strs("columns", fk.Columns).str("ref_table", fk.RefTable).str("ref_schema", fk.RefSchema).
		strs("ref_columns", fk.RefColumns).str("on_delete", fk.OnDelete).str("on_update", fk.OnUpdate).
		str("match", fk.Match).flag("deferrable", fk.Deferrable).flag("initially_deferred", fk.InitiallyDeferred).flag("not_valid", fk.NotValid)
}

// yamlEncodeUniqueDetails writes a unique constraint's nulls_not_distinct,
// deferrable and initially_deferred keys, each only when set.
func yamlEncodeUniqueDetails(m *yamlMap, u *schema.UniqueDef) *yamlMap {
	return m.flag("nulls_not_distinct", u.NullsNotDistinct).flag("deferrable", u.Deferrable).flag("initially_deferred", u.InitiallyDeferred)
}

// yamlEncodeTableBody writes the table keys after name and schema.
func yamlEncodeTableBody(m *yamlMap, t *schema.Table, withIndexes bool) {
	if len(t.Columns) > 0 {
		cols := yamlx.NewSeq()
		for _, c := range t.Columns {
			cols.Append(yamlEncodeColumn(c))
		}
		m.n.Set("columns", cols)
	}
	if t.PrimaryKey != nil {
		m.n.Set("primary_key", newYAMLMap(true).str("name", t.PrimaryKey.Name).strs("columns", t.PrimaryKey.Columns).n)
	}
	if len(t.ForeignKeys) > 0 {
		l := yamlx.NewSeq()
		for _, fk := range t.ForeignKeys {
			fm := newYAMLMap(true).str("name", fk.Name)
			yamlEncodeFK(fm, fk)
			l.Append(fm.n)
		}
		m.n.Set("foreign_keys", l)
	}
	if len(t.Uniques) > 0 {
		l := yamlx.NewSeq()
		for _, u := range t.Uniques {
			l.Append(yamlEncodeUniqueDetails(newYAMLMap(true).str("name", u.Name).strs("columns", u.Columns), u).n)
		}
		m.n.Set("unique_constraints", l)
	}
	if len(t.Checks) > 0 {
		l := yamlx.NewSeq()
		for _, c := range t.Checks {
			l.Append(newYAMLMap(true).str("name", c.Name).reqStr("condition", c.Expr).flag("not_valid", c.NotValid).n)
		}
		m.n.Set("check_constraints", l)
	}
	if withIndexes && len(t.Indexes) > 0 {
		l := yamlx.NewSeq()
		for _, ix := range t.Indexes {
			l.Append(yamlIndexDetails(newYAMLMap(true).str("name", ix.Name).strs("columns", ix.Columns).flag("unique", ix.Unique).str("where", ix.Where), ix).n)
		}
		m.n.Set("indexes", l)
	}
	m.str("comment", t.Comment).str("engine", t.Engine).str("collation", t.Collation).str("options", t.Options).str("partition_by", t.PartitionBy).
		flag("sqlite_strict", t.SQLiteStrict).flag("sqlite_without_rowid", t.SQLiteWithoutRowid)
}

// yamlSmall reports whether a map of n keys, none of them lists of maps, is
// written in flow style (one line, as in the create_index example of docs/revision-files.md).
func yamlSmall(m *yamlMap) *yamlx.Node {
	m.n.Flow = true
	return m.n
}

func yamlEncodeOp(o Op) (*yamlx.Node, error) {
	missing := func(what string) (*yamlx.Node, error) {
		return nil, fmt.Errorf("%s is nil", what)
	}
	switch o := o.(type) {
	case nil:
		return missing("the op")
	case *CreateTable:
		if o.Table == nil {
			return missing("Table")
		}
		m := newYAMLMap(false).reqStr("name", o.Table.Name).str("schema", o.Table.Schema)
		yamlEncodeTableBody(m, o.Table, false)
		return m.n, nil
	case *DropTable:
		m := newYAMLMap(false).reqStr("name", o.Name).str("schema", o.Schema)
		if o.Existing == nil {
			return yamlSmall(m.boolPtr("acknowledge_destructive", o.AcknowledgeDestructive)), nil
		}
		yamlEncodeTableBody(m, o.Existing, true)
		return m.boolPtr("acknowledge_destructive", o.AcknowledgeDestructive).n, nil
	case *RenameTable:
		return yamlSmall(newYAMLMap(false).reqStr("name", o.Name).reqStr("new_name", o.NewName).str("schema", o.Schema)), nil
	case *RenameIndex:
		return yamlSmall(newYAMLMap(false).reqStr("name", o.Name).reqStr("new_name", o.NewName).reqStr("table", o.Table).str("schema", o.Schema)), nil
	case *RenameConstraint:
		return yamlSmall(newYAMLMap(false).reqStr("name", o.Name).reqStr("new_name", o.NewName).reqStr("table", o.Table).str("schema", o.Schema).reqStr("type", o.Type)), nil
	case *AddColumn:
		if o.Column == nil {
			return missing("Column")
		}
		return newYAMLMap(false).reqStr("table", o.Table).str("schema", o.Schema).node("column", yamlEncodeColumn(o.Column)).n, nil
	case *DropColumn:
		m := newYAMLMap(false).reqStr("table", o.Table).str("schema", o.Schema).reqStr("column", o.Column)
		if o.Existing == nil {
			return yamlSmall(m.boolPtr("acknowledge_destructive", o.AcknowledgeDestructive)), nil
		}
		return m.node("existing", yamlEncodeColumn(o.Existing)).boolPtr("acknowledge_destructive", o.AcknowledgeDestructive).n, nil
	case *AlterColumn:
		m := newYAMLMap(false).reqStr("table", o.Table).str("schema", o.Schema).reqStr("column", o.Column).
			boolPtr("nullable", o.Nullable).typ("type", o.Type).change("server_default", o.ServerDefault).
			change("comment", o.Comment).str("new_name", o.NewName).typ("existing_type", o.ExistingType).
			boolPtr("existing_nullable", o.ExistingNullable).strPtr("existing_server_default", o.ExistingServerDefault).
			strPtr("existing_comment", o.ExistingComment).boolPtr("existing_autoincrement", o.ExistingAutoincrement).
			change("collation", o.Collation).strPtr("existing_collation", o.ExistingCollation)
		yamlEncodeAlterIdentity(m, o)
		m.boolPtr("acknowledge_destructive", o.AcknowledgeDestructive)
		return m.n, nil
	case *CreateIndex:
		if o.Index == nil {
			return missing("Index")
		}
		ix := o.Index
		return yamlSmall(yamlIndexDetails(newYAMLMap(false).str("name", ix.Name).reqStr("table", o.Table).str("schema", o.Schema).
			strs("columns", ix.Columns).flag("unique", ix.Unique).str("where", ix.Where), ix).flag("concurrently", o.Concurrently)), nil
	case *DropIndex:
		m := newYAMLMap(false).reqStr("name", o.Name).str("table", o.Table).str("schema", o.Schema)
		if ix := o.Existing; ix != nil {
			yamlIndexDetails(m.strs("columns", ix.Columns).flag("unique", ix.Unique).str("where", ix.Where), ix)
		}
		m.flag("concurrently", o.Concurrently)
		return yamlSmall(m), nil
	case *CreateUniqueConstraint:
		if o.Unique == nil {
			return missing("Unique")
		}
		return yamlSmall(yamlEncodeUniqueDetails(newYAMLMap(false).str("name", o.Unique.Name).reqStr("table", o.Table).str("schema", o.Schema).strs("columns", o.Unique.Columns), o.Unique)), nil
	case *CreateForeignKey:
		if o.ForeignKey == nil {
			return missing("ForeignKey")
		}
		m := newYAMLMap(false).str("name", o.ForeignKey.Name).reqStr("table", o.Table).str("schema", o.Schema)
		yamlEncodeFK(m, o.ForeignKey)
		return yamlSmall(m), nil
	case *CreateCheckConstraint:
		if o.Check == nil {
			return missing("Check")
		}
		return yamlSmall(newYAMLMap(false).str("name", o.Check.Name).reqStr("table", o.Table).str("schema", o.Schema).reqStr("condition", o.Check.Expr).flag("not_valid", o.Check.NotValid)), nil
	case *CreatePrimaryKey:
		if o.PrimaryKey == nil {
			return missing("PrimaryKey")
		}
		return yamlSmall(newYAMLMap(false).str("name", o.PrimaryKey.Name).reqStr("table", o.Table).str("schema", o.Schema).strs("columns", o.PrimaryKey.Columns)), nil
	case *DropConstraint:
		m := newYAMLMap(false).reqStr("name", o.Name).reqStr("table", o.Table).str("schema", o.Schema).reqStr("type", o.Type)
		switch {
		case o.ExistingForeignKey != nil:
			yamlEncodeFK(m, o.ExistingForeignKey)
		case o.ExistingUnique != nil:
			yamlEncodeUniqueDetails(m.strs("columns", o.ExistingUnique.Columns), o.ExistingUnique)
		case o.ExistingPrimaryKey != nil:
			m.strs("columns", o.ExistingPrimaryKey.Columns)
		case o.ExistingCheck != nil:
			m.str("condition", o.ExistingCheck.Expr).flag("not_valid", o.ExistingCheck.NotValid)
		}
		return yamlSmall(m), nil
	case *ValidateConstraint:
		return yamlSmall(newYAMLMap(false).reqStr("name", o.Name).reqStr("table", o.Table).str("schema", o.Schema)), nil
	case *CreateTableComment:
		return yamlSmall(newYAMLMap(false).reqStr("table", o.Table).str("schema", o.Schema).reqStr("comment", o.Comment).str("existing_comment", o.ExistingComment)), nil
	case *DropTableComment:
		return yamlSmall(newYAMLMap(false).reqStr("table", o.Table).str("schema", o.Schema).str("existing_comment", o.ExistingComment)), nil
	case *CreateEnum:
		return yamlSmall(newYAMLMap(false).reqStr("name", o.Name).str("schema", o.Schema).strs("values", o.Values)), nil
	case *DropEnum:
		return yamlSmall(newYAMLMap(false).reqStr("name", o.Name).str("schema", o.Schema).strs("values", o.Values)), nil
	case *AddEnumValue:
		return yamlSmall(newYAMLMap(false).reqStr("name", o.Name).str("schema", o.Schema).reqStr("value", o.Value).str("after", o.After)), nil
	case *DropEnumValue:
		return yamlSmall(newYAMLMap(false).reqStr("name", o.Name).str("schema", o.Schema).reqStr("value", o.Value).str("after", o.After).
			boolPtr("acknowledge_destructive", o.AcknowledgeDestructive)), nil
	case *Execute:
		if len(o.Dialects) == 0 {
			return yamlx.Str(o.SQL), nil
		}
		m := newYAMLMap(false).str("sql", o.SQL)
		d := yamlx.NewMap()
		keys := make([]string, 0, len(o.Dialects))
		for k := range o.Dialects {
			if yamlDialectRank(k) == len(yamlDialectKeys) {
				return nil, fmt.Errorf("execute: unknown dialect %q (want postgresql, mysql or sqlite)", k)
			}
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return yamlDialectRank(keys[i]) < yamlDialectRank(keys[j]) })
		for _, k := range keys {
			d.Set(k, yamlx.Str(o.Dialects[k]))
		}
		return m.node("dialects", d).n, nil
	case *BulkInsert:
		return yamlEncodeBulkInsert(o)
	case *GoStep:
		return yamlEncodeGoStep(o), nil
	case *CreateObject, *DropObject, *ReplaceObject:
		return yamlEncodeObjectOp(o)
	}
	return nil, fmt.Errorf("unknown operation %T", o)
}

func yamlDialectRank(k string) int {
	for i, d := range yamlDialectKeys {
		if d == k {
			return i
		}
	}
	return len(yamlDialectKeys)
}

func yamlEncodeBulkInsert(o *BulkInsert) (*yamlx.Node, error) {
	m := newYAMLMap(false).reqStr("table", o.Table).str("schema", o.Schema)
	rows := yamlx.NewSeq()
	for i, r := range o.Rows {
		row := yamlx.NewFlowMap()
		cols := append([]string(nil), o.Columns...)
		// Columns a row holds that Columns does not list still go out, sorted.
		var extra []string
		for k := range r {
			if !yamlContains(o.Columns, k) {
				extra = append(extra, k)
			}
		}
		sort.Strings(extra)
		for _, c := range append(cols, extra...) {
			v, ok := r[c]
			if !ok {
				continue
			}
			n, err := yamlCell(v)
			if err != nil {
				return nil, fmt.Errorf("row %d, column %q: %w", i+1, c, err)
			}
			row.Set(c, n)
		}
		rows.Append(row)
	}
	if len(o.Rows) == 0 {
		rows.Flow = true
	}
	return m.node("rows", rows).n, nil
}

func yamlContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// yamlCell writes one bulk_insert value.
func yamlCell(v any) (*yamlx.Node, error) {
	switch v := v.(type) {
	case nil:
		return yamlx.NullNode(), nil
	case bool:
		return yamlx.Bool(v), nil
	case int:
		return yamlx.Int(int64(v)), nil
	case int8:
		return yamlx.Int(int64(v)), nil
	case int16:
		return yamlx.Int(int64(v)), nil
	case int32:
		return yamlx.Int(int64(v)), nil
	case int64:
		return yamlx.Int(v), nil
	case uint8:
		return yamlx.Int(int64(v)), nil
	case uint16:
		return yamlx.Int(int64(v)), nil
	case uint32:
		return yamlx.Int(int64(v)), nil
	case uint64:
		if v > math.MaxInt64 {
			return nil, fmt.Errorf("integer %d does not fit in 64 signed bits", v)
		}
		return yamlx.Int(int64(v)), nil
	case float32:
		return yamlx.Float(float64(v)), nil
	case float64:
		return yamlx.Float(v), nil
	case string:
		return yamlx.Str(v), nil
	case []byte:
		return yamlx.Binary(v), nil
	}
	return nil, fmt.Errorf("value of type %T cannot be written to YAML (use nil, bool, an integer, a float, a string or []byte)", v)
}

// yamlIndexDetails writes an index's using, include, opclass and order keys,
// each only when it says something other than the default.
func yamlIndexDetails(m *yamlMap, ix *schema.IndexDef) *yamlMap {
	m.str("using", ix.Using).strs("include", ix.Include)
	if slices.ContainsFunc(ix.Opclass, func(s string) bool { return s != "" }) {
		m.strs("opclass", ix.Opclass)
	}
	if slices.ContainsFunc(ix.Order, func(s string) bool { return s != "" }) {
		m.strs("order", ix.Order)
	}
	m.flag("nulls_not_distinct", ix.NullsNotDistinct)
	if slices.ContainsFunc(ix.Collation, func(s string) bool { return s != "" }) {
		m.strs("collation", ix.Collation)
	}
	return m
}
