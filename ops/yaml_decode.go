package ops

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/schema"
)

// DecodeList reads a YAML list of ops (a revision's upgrade or downgrade) as
// docs/revision-files.md describes: each item is a map with one key, the op's name, whose
// value holds the op's keys. A nil or Null node is an empty list.
//
// Checking is strict. An unknown op (the message lists the known ones), an
// unknown key, a missing required key, a value of the wrong type (nullable:
// "yes please"), a type that schema.ParseType rejects, or an item with several
// keys is a *yamlx.Error at that node's line and column whose message names the
// op and key ("add_column.column users.nullable: want true or false, got …").
func DecodeList(n *yamlx.Node) ([]Op, error) {
	if n.IsNull() {
		return nil, nil
	}
	if n.Kind != yamlx.Seq {
		return nil, yamlx.Errorf(n, "want a list of operations (each line starting with \"- \"), got %s", n.Describe())
	}
	out := make([]Op, 0, len(n.Values))
	for _, item := range n.Values {
		o, err := yamlDecodeItem(item)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

func yamlDecodeItem(item *yamlx.Node) (Op, error) {
	if item.Kind != yamlx.Map || len(item.Keys) == 0 {
		return nil, yamlx.Errorf(item, "want an operation written as a one-key map such as \"- create_table: {...}\", got %s", item.Describe())
	}
	if len(item.Keys) > 1 {
		k := item.Keys[1]
		return nil, yamlx.Errorf(k, "one operation per list item: %q follows %q in the same item; start it on a new line with \"- \" (or indent it under %s)", k.Value, item.Keys[0].Value, item.Keys[0].Value)
	}
	name, body := item.Keys[0], item.Values[0]
	keys, ok := yamlOpKeys[name.Value]
	if !ok {
		return nil, yamlx.Errorf(name, "unknown operation %q (known: %s)", name.Value, strings.Join(yamlOpOrder, ", "))
	}
	if name.Value == "execute" && body.Kind == yamlx.Scalar {
		sql, err := body.AsString()
		if err != nil {
			return nil, yamlPrefix("execute", err)
		}
		return &Execute{SQL: sql}, nil
	}
	if body.IsNull() {
		return nil, yamlx.Errorf(name, "%s: needs its keys (%s), got nothing", name.Value, strings.Join(keys, ", "))
	}
	f := yamlOpen(body, name.Value, keys)
	if f.err != nil {
		return nil, f.err
	}
	o := yamlDecodeOp(name.Value, f)
	if o != nil {
		yamlDecodeMySQL(o, f)
	}
	if f.err != nil {
		return nil, f.err
	}
	return o, nil
}

// yamlDecodeOp builds the op called name from the checked map in f. Errors are
// left in f.err.
func yamlDecodeOp(name string, f *yamlFields) Op {
	switch name {
	case "create_table":
		t := &schema.Table{Name: f.str("name", true), Schema: f.str("schema", false)}
		yamlDecodeTableBody(f, t, true)
		return &CreateTable{Table: t}
	case "drop_table":
		o := &DropTable{Name: f.str("name", true), Schema: f.str("schema", false)}
		for _, k := range []string{"columns", "primary_key", "foreign_keys", "unique_constraints", "check_constraints", "indexes", "comment"} {
			if f.has(k) {
				o.Existing = &schema.Table{Name: o.Name, Schema: o.Schema}
				yamlDecodeTableBody(f, o.Existing, false)
				yamlDecodeIndexes(f, o.Existing)
				break
			}
		}
		o.AcknowledgeDestructive = f.boolPtr("acknowledge_destructive")
		return o
	case "rename_table":
		return &RenameTable{Name: f.str("name", true), NewName: f.str("new_name", true), Schema: f.str("schema", false)}
	case "rename_index":
		return &RenameIndex{Name: f.str("name", true), NewName: f.str("new_name", true), Table: f.str("table", true), Schema: f.str("schema", false)}
	case "rename_constraint":
		o := &RenameConstraint{Name: f.str("name", true), NewName: f.str("new_name", true), Table: f.str("table", true), Schema: f.str("schema", false), Type: f.str("type", true)}
		switch o.Type {
		case ConstraintForeignKey, ConstraintUnique, ConstraintCheck, ConstraintPrimary, "":
		default:
			f.keep(yamlx.Errorf(f.n.Get("type"), "rename_constraint.type: want foreignkey, unique, check or primary, got %q", o.Type))
		}
		return o
	case "add_column":
		o := &AddColumn{Table: f.str("table", true), Schema: f.str("schema", false)}
		if v := f.get("column", true); v != nil {
			c, err := yamlDecodeColumn(v, "add_column.column")
			f.keep(err)
			o.Column = c
		}
		return o
	case "drop_column":
		o := &DropColumn{Table: f.str("table", true), Schema: f.str("schema", false), Column: f.str("column", true)}
		if v := f.get("existing", false); v != nil {
			c, err := yamlDecodeColumn(v, "drop_column.existing")
			f.keep(err)
			o.Existing = c
		}
		o.AcknowledgeDestructive = f.boolPtr("acknowledge_destructive")
		return o
	case "alter_column":
		return yamlDecodeAlter(f)
	case "create_index":
		return &CreateIndex{Table: f.str("table", true), Schema: f.str("schema", false), Index: yamlIndexFields(f, true), Concurrently: f.boolean("concurrently", false)}
	case "drop_index":
		o := &DropIndex{Name: f.str("name", true), Table: f.str("table", false), Schema: f.str("schema", false), Concurrently: f.boolean("concurrently", false)}
		if f.has("columns") || f.has("unique") || f.has("where") || f.has("using") || f.has("include") || f.has("opclass") || f.has("order") || f.has("nulls_not_distinct") || f.has("collation") {
			o.Existing = yamlIndexFields(f, false)
			o.Existing.Name = o.Name
		}
		return o
	case "create_unique_constraint":
		return &CreateUniqueConstraint{Table: f.str("table", true), Schema: f.str("schema", false), Unique: yamlUniqueFields(f, true)}
	case "create_foreign_key":
		return &CreateForeignKey{Table: f.str("table", true), Schema: f.str("schema", false), ForeignKey: yamlFKFields(f, true)}
	case "create_check_constraint":
		return &CreateCheckConstraint{Table: f.str("table", true), Schema: f.str("schema", false), Check: &schema.CheckDef{
			Name: f.str("name", false), Expr: f.str("condition", true), NotValid: f.boolean("not_valid", false),
		}}
	case "create_primary_key":
		return &CreatePrimaryKey{Table: f.str("table", true), Schema: f.str("schema", false), PrimaryKey: &schema.PrimaryKeyDef{
			Name: f.str("name", false), Columns: f.strs("columns", true),
		}}
	case "drop_constraint":
		return yamlDecodeDropConstraint(f)
	case "validate_constraint":
		return &ValidateConstraint{Name: f.str("name", true), Table: f.str("table", true), Schema: f.str("schema", false)}
	case "create_table_comment":
		return &CreateTableComment{Table: f.str("table", true), Schema: f.str("schema", false), Comment: f.str("comment", true), ExistingComment: f.str("existing_comment", false)}
	case "drop_table_comment":
		return &DropTableComment{Table: f.str("table", true), Schema: f.str("schema", false), ExistingComment: f.str("existing_comment", false)}
	case "create_enum":
		return &CreateEnum{Name: f.str("name", true), Schema: f.str("schema", false), Values: f.strs("values", true)}
	case "drop_enum":
		return &DropEnum{Name: f.str("name", true), Schema: f.str("schema", false), Values: f.strs("values", false)}
	case "add_enum_value":
		return &AddEnumValue{Name: f.str("name", true), Schema: f.str("schema", false), Value: f.str("value", true), After: f.str("after", false)}
	case "drop_enum_value":
		return &DropEnumValue{Name: f.str("name", true), Schema: f.str("schema", false), Value: f.str("value", true), After: f.str("after", false),
			AcknowledgeDestructive: f.boolPtr("acknowledge_destructive")}
	case "execute":
		return yamlDecodeExecute(f)
	case "bulk_insert":
		return yamlDecodeBulkInsert(f)
	case "go":
		return yamlDecodeGoStep(f)
	case "create_object", "drop_object", "replace_object":
		return yamlDecodeObjectOp(name, f)
	}
	f.keep(yamlx.Errorf(f.n, "operation %q is not implemented", name))
	return nil
}

func yamlDecodeAlter(f *yamlFields) Op {
	o := &AlterColumn{Table: f.str("table", true), Schema: f.str("schema", false), Column: f.str("column", true)}
	o.Nullable = f.boolPtr("nullable")
	o.Type = f.typ("type")
	if v := f.n.Get("server_default"); v != nil {
		o.ServerDefault = &Change{}
		if !v.IsNull() {
			o.ServerDefault.Value = f.defaultPtr("server_default")
		}
	}
	if v := f.n.Get("comment"); v != nil {
		o.Comment = &Change{}
		if !v.IsNull() {
			o.Comment.Value = f.strPtr("comment")
		}
	}
	o.NewName = f.str("new_name", false)
	o.ExistingType = f.typ("existing_type")
	o.ExistingNullable = f.boolPtr("existing_nullable")
	o.ExistingServerDefault = f.defaultPtr("existing_server_default")
	o.ExistingComment = f.strPtr("existing_comment")
	o.ExistingAutoincrement = f.boolPtr("existing_autoincrement")
	if v := f.n.Get("collation"); v != nil {
		o.Collation = &Change{}
		if !v.IsNull() {
			o.Collation.Value = f.strPtr("collation")
		}
	}
	o.ExistingCollation = f.strPtr("existing_collation")
	yamlDecodeAlterIdentity(f, o)
	o.AcknowledgeDestructive = f.boolPtr("acknowledge_destructive")
	return o
}

func yamlDecodeDropConstraint(f *yamlFields) Op {
	o := &DropConstraint{Name: f.str("name", true), Table: f.str("table", true), Schema: f.str("schema", false), Type: f.str("type", true)}
	if f.err != nil {
		return o
	}
	defKeys := map[string][]string{
		ConstraintForeignKey: {"columns", "ref_table", "ref_schema", "ref_columns", "on_delete", "on_update", "match", "deferrable", "initially_deferred", "not_valid"},
		ConstraintUnique:     {"columns", "nulls_not_distinct", "deferrable", "initially_deferred"},
		ConstraintPrimary:    {"columns"},
		ConstraintCheck:      {"condition", "not_valid"},
	}
	allowed, ok := defKeys[o.Type]
	if !ok {
		f.keep(yamlx.Errorf(f.n.Get("type"), "drop_constraint.type: want foreignkey, unique, check or primary, got %q", o.Type))
		return o
	}
	present := false
	for i, k := range f.n.Keys {
		switch k.Value {
		case "name", "table", "schema", "type":
			continue
		}
		found := false
		for _, a := range allowed {
			found = found || a == k.Value
		}
		if !found {
			f.keep(yamlx.Errorf(f.n.Keys[i], "drop_constraint: key %q does not describe a %s constraint (its keys: %s)", k.Value, o.Type, strings.Join(allowed, ", ")))
			return o
		}
		present = true
	}
	if !present {
		return o
	}
	switch o.Type {
	case ConstraintForeignKey:
		fk := yamlFKFields(f, false)
		fk.Name = o.Name
		o.ExistingForeignKey = fk
	case ConstraintUnique:
		o.ExistingUnique = yamlUniqueFields(f, false)
		o.ExistingUnique.Name = o.Name
	case ConstraintPrimary:
		o.ExistingPrimaryKey = &schema.PrimaryKeyDef{Name: o.Name, Columns: f.strs("columns", false)}
	case ConstraintCheck:
		o.ExistingCheck = &schema.CheckDef{Name: o.Name, Expr: f.str("condition", false), NotValid: f.boolean("not_valid", false)}
	}
	return o
}

func yamlDecodeExecute(f *yamlFields) Op {
	o := &Execute{SQL: f.str("sql", false)}
	if d := f.get("dialects", false); d != nil {
		df := yamlOpen(d, "execute.dialects", yamlDialectKeys)
		o.Dialects = map[string]string{}
		for _, k := range yamlDialectKeys {
			if df.has(k) {
				o.Dialects[k] = df.str(k, false)
			}
		}
		f.keep(df.err)
	}
	if f.err == nil && o.SQL == "" && len(o.Dialects) == 0 {
		f.keep(yamlx.Errorf(f.n, "execute: needs sql, or dialects with SQL per dialect"))
	}
	return o
}

func yamlDecodeBulkInsert(f *yamlFields) Op {
	o := &BulkInsert{Table: f.str("table", true), Schema: f.str("schema", false)}
	rows := f.get("rows", true)
	if rows == nil {
		return o
	}
	if err := rows.Expect(yamlx.Seq); err != nil {
		f.keep(yamlPrefix("bulk_insert.rows", err))
		return o
	}
	seen := map[string]bool{}
	for i, r := range rows.Values {
		path := fmt.Sprintf("bulk_insert.rows[%d]", i)
		if err := r.Expect(yamlx.Map); err != nil {
			f.keep(yamlPrefix(path, err))
			return o
		}
		row := make(map[string]any, len(r.Keys))
		for j, k := range r.Keys {
			v, err := yamlRowValue(r.Values[j])
			if err != nil {
				f.keep(yamlPrefix(path+"."+k.Value, err))
				return o
			}
			row[k.Value] = v
			if !seen[k.Value] {
				seen[k.Value] = true
				o.Columns = append(o.Columns, k.Value)
			}
		}
		o.Rows = append(o.Rows, row)
	}
	return o
}

// yamlRowValue converts a bulk_insert cell: int → int64, float → float64, bool,
// null → nil, string, !!binary → []byte.
func yamlRowValue(n *yamlx.Node) (any, error) {
	if n.IsNull() {
		return nil, nil
	}
	if n.Kind != yamlx.Scalar {
		return nil, yamlx.Errorf(n, "want a single value (string, number, true/false, null or !!binary), got %s", n.Describe())
	}
	switch n.Tag {
	case yamlx.TagInt:
		return n.AsInt()
	case yamlx.TagFloat:
		return n.AsFloat()
	case yamlx.TagBool:
		return n.AsBool()
	case yamlx.TagBinary:
		return n.AsBytes()
	}
	return n.Value, nil
}
