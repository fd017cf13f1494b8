package ops

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/schema"
)

func sp(s string) *string { return &s }
func bp(b bool) *bool     { return &b }
func tp(t schema.Type) *schema.Type {
	return &t
}

// everyOp returns one op of each kind with every optional field set, using s in
// names, defaults and SQL.
func everyOp(s string) []Op {
	col := func(name string) *schema.Column {
		return &schema.Column{Name: name, Type: schema.Varchar(200), Nullable: false, Default: sp(s), Autoincrement: true, Comment: s}
	}
	table := &schema.Table{
		Name: "t" + s, Schema: "sch" + s,
		Columns: []*schema.Column{
			col("id" + s),
			{Name: "status", Type: schema.Enum("st"+s, "a"+s, s+"b"), Nullable: true},
			{Name: "doc", Type: schema.Dialect("postgresql", "jsonb"), Nullable: true},
			{Name: "price", Type: schema.Numeric(10, 2), Nullable: true, Default: sp("0")},
			{Name: "token", Type: schema.Varchar(40), Nullable: true, Collation: "utf8mb3_bin" + s},
		},
		PrimaryKey:  &schema.PrimaryKeyDef{Name: "pk" + s, Columns: []string{"id" + s}},
		ForeignKeys: []*schema.ForeignKeyDef{{Name: "fk" + s, Columns: []string{"a", s}, RefTable: "r" + s, RefSchema: "rs" + s, RefColumns: []string{"x", "y"}, OnDelete: "CASCADE", OnUpdate: "SET NULL"}},
		Uniques:     []*schema.UniqueDef{{Name: "uq" + s, Columns: []string{"id" + s}}},
		Checks:      []*schema.CheckDef{{Name: "ck" + s, Expr: "price >= 0 AND " + s}},
		Comment:     "comment " + s,
		Engine:      "InnoDB" + s,
		Collation:   "utf8mb4_unicode_ci" + s,
		Options:     "ROW_FORMAT=COMPRESSED " + s,
	}
	existing := table.Clone()
	existing.Indexes = []*schema.IndexDef{{Name: "ix" + s, Columns: []string{"a"}, Unique: true, Where: "a > 0"}}
	return []Op{
		&CreateTable{Table: table},
		&DropTable{Schema: table.Schema, Name: table.Name, Existing: func() *schema.Table { e := existing.Clone(); e.Name, e.Schema = table.Name, table.Schema; return e }()},
		&DropTable{Name: "plain" + s},
		&RenameTable{Schema: "sch", Name: "a" + s, NewName: "b" + s},
		&AddColumn{Schema: "sch", Table: "t" + s, Column: col("c" + s)},
		&DropColumn{Schema: "sch", Table: "t", Column: "c" + s, Existing: col("c" + s)},
		&DropColumn{Table: "t", Column: "c"},
		&AlterColumn{Schema: "sch", Table: "t" + s, Column: "c" + s, Nullable: bp(false), Type: tp(schema.Text()),
			ServerDefault: &Change{Value: sp(s)}, Comment: &Change{Value: sp(s)}, NewName: "n" + s,
			ExistingType: tp(schema.Enum("e", "x", s)), ExistingNullable: bp(true), ExistingServerDefault: sp("'" + s + "'"),
			ExistingComment: sp(s), ExistingAutoincrement: bp(false)},
		&AlterColumn{Table: "t", Column: "c", ServerDefault: &Change{}, Comment: &Change{}},
		&AlterColumn{Table: "t", Column: "c", Collation: &Change{Value: sp("utf8mb3_bin" + s)}, ExistingCollation: sp(s)},
		&AlterColumn{Table: "t", Column: "c", Collation: &Change{}},
		&CreateIndex{Schema: "sch", Table: "t" + s, Index: &schema.IndexDef{Name: "ix" + s, Columns: []string{"lower(" + s + ")"}, Unique: true, Where: s + " IS NOT NULL"}},
		&DropIndex{Schema: "sch", Table: "t", Name: "ix" + s, Existing: &schema.IndexDef{Name: "ix" + s, Columns: []string{"a", s}, Unique: true, Where: s}},
		&DropIndex{Name: "ix"},
		&CreateUniqueConstraint{Schema: "sch", Table: "t", Unique: &schema.UniqueDef{Name: "uq" + s, Columns: []string{s}}},
		&CreateForeignKey{Schema: "sch", Table: "t", ForeignKey: &schema.ForeignKeyDef{Name: "fk" + s, Columns: []string{"a"}, RefTable: "r", RefSchema: "rs", RefColumns: []string{"b"}, OnDelete: "RESTRICT", OnUpdate: "CASCADE"}},
		&CreateCheckConstraint{Schema: "sch", Table: "t", Check: &schema.CheckDef{Name: "ck" + s, Expr: s}},
		&CreatePrimaryKey{Schema: "sch", Table: "t", PrimaryKey: &schema.PrimaryKeyDef{Name: "pk" + s, Columns: []string{"a", s}}},
		&DropConstraint{Schema: "sch", Table: "t", Name: "fk" + s, Type: ConstraintForeignKey, ExistingForeignKey: &schema.ForeignKeyDef{Name: "fk" + s, Columns: []string{"a"}, RefTable: "r", RefSchema: "rs", RefColumns: []string{"b"}, OnDelete: "CASCADE", OnUpdate: "NO ACTION"}},
		&DropConstraint{Table: "t", Name: "uq", Type: ConstraintUnique, ExistingUnique: &schema.UniqueDef{Name: "uq", Columns: []string{s}}},
		&DropConstraint{Table: "t", Name: "ck", Type: ConstraintCheck, ExistingCheck: &schema.CheckDef{Name: "ck", Expr: s}},
		&DropConstraint{Table: "t", Name: "pk", Type: ConstraintPrimary, ExistingPrimaryKey: &schema.PrimaryKeyDef{Name: "pk", Columns: []string{"id"}}},
		&DropConstraint{Table: "t", Name: "bare", Type: ConstraintUnique},
		&CreateTableComment{Schema: "sch", Table: "t", Comment: "new " + s, ExistingComment: "old " + s},
		&DropTableComment{Schema: "sch", Table: "t", ExistingComment: s},
		&CreateEnum{Schema: "sch", Name: "e" + s, Values: []string{s, "b"}},
		&DropEnum{Schema: "sch", Name: "e" + s, Values: []string{"a", s}},
		&AddEnumValue{Schema: "sch", Name: "e", Value: s + "v", After: s},
		&Execute{SQL: "UPDATE t SET a = '" + s + "';\nSELECT 1"},
		&Execute{SQL: s + "x", Dialects: map[string]string{"postgresql": "SELECT " + s, "mysql": "SELECT 2", "sqlite": s + "y"}},
		&BulkInsert{Schema: "sch", Table: "t" + s, Columns: []string{"id", s + "name", "price", "flag", "blob", "nothing"}, Rows: []map[string]any{
			{"id": int64(1), s + "name": s, "price": 1.5, "flag": true, "blob": []byte{0, 1, 2, 255}, "nothing": nil},
			{"id": int64(-9223372036854775808), s + "name": "", "price": 1e21, "flag": false},
			{"price": float64(3)},
		}},
		&CreateObject{Object: &schema.ObjectDef{Kind: schema.KindView, Schema: "sch", Name: "v" + s, Definition: "SELECT '" + s + "'\nFROM t", Comment: s, DependsOn: []string{"table:sch.t" + s}}},
		&CreateObject{Object: &schema.ObjectDef{Kind: schema.KindTrigger, Name: "tr" + s, Table: "t" + s, Definition: "CREATE TRIGGER x " + s}},
		&DropObject{Kind: schema.KindFunction, Schema: "sch", Name: "f" + s + "(integer)", Existing: &schema.ObjectDef{Kind: schema.KindFunction, Schema: "sch", Name: "f" + s + "(integer)", Definition: "CREATE FUNCTION " + s, Comment: s}},
		&DropObject{Kind: schema.KindView, Name: "bare" + s},
		&DropObject{Kind: schema.KindExtension, Name: "ext" + s, Schema: s, Existing: &schema.ObjectDef{Kind: schema.KindExtension, Name: "ext" + s, Schema: s}},
		&ReplaceObject{Object: &schema.ObjectDef{Kind: schema.KindView, Name: "v", Definition: "SELECT " + s, Comment: s},
			Existing: &schema.ObjectDef{Kind: schema.KindView, Name: "v", Definition: "SELECT 1 " + s, Comment: "old" + s, DependsOn: []string{s}}},
		&ReplaceObject{Object: &schema.ObjectDef{Kind: schema.KindDomain, Name: "d", Definition: s}},
		&ReplaceObject{Object: &schema.ObjectDef{Kind: schema.KindExtension, Name: "x"}, Existing: &schema.ObjectDef{Kind: schema.KindExtension, Name: "x"}},
	}
}

var yamlNasty = []string{"plain", "true", "null", "0012", "1.5", "a: b", "# c", "'q'", `"d"`, "{x}", "[y]", "a, b", " lead", "trail ", "line\nbreak", "tab\t", "é日本", "<<", "-", "&a", "*b", "!c", "%d", "@e", "`f`", "|", ">"}

func TestYAMLRoundTripEveryOp(t *testing.T) {
	for _, s := range yamlNasty {
		list := everyOp(s)
		node, err := EncodeList(list)
		if err != nil {
			t.Fatalf("%q: EncodeList: %v", s, err)
		}
		text := yamlx.Encode(node)
		parsed, err := yamlx.Parse(text)
		if err != nil {
			t.Fatalf("%q: Parse: %v\n%s", s, err, text)
		}
		back, err := DecodeList(parsed)
		if err != nil {
			t.Fatalf("%q: DecodeList: %v\n%s", s, err, text)
		}
		if d := cmp.Diff(list, back, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("%q: round trip differs (-want +got):\n%s\n%s", s, d, text)
		}
	}
}

func TestEncodeListLayout(t *testing.T) {
	list := []Op{
		&CreateTable{Table: &schema.Table{
			Name: "books",
			Columns: []*schema.Column{
				{Name: "id", Type: schema.Integer(), Autoincrement: true},
				{Name: "title", Type: schema.Varchar(200)},
				{Name: "author_id", Type: schema.Integer(), Nullable: true},
			},
			PrimaryKey:  &schema.PrimaryKeyDef{Name: "pk_books", Columns: []string{"id"}},
			ForeignKeys: []*schema.ForeignKeyDef{{Name: "fk_books_author_id_authors", Columns: []string{"author_id"}, RefTable: "authors", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
		}},
		&CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_books_title", Columns: []string{"title"}}},
		&DropTable{Name: "books"},
		&Execute{SQL: "SELECT 1"},
	}
	n, err := EncodeList(list)
	if err != nil {
		t.Fatal(err)
	}
	want := `- create_table:
    name: books
    columns:
      - {name: id, type: integer, nullable: false, autoincrement: true}
      - {name: title, type: varchar(200), nullable: false}
      - {name: author_id, type: integer}
    primary_key: {name: pk_books, columns: [id]}
    foreign_keys:
      - {name: fk_books_author_id_authors, columns: [author_id], ref_table: authors, ref_columns: [id], on_delete: CASCADE}
- create_index: {name: ix_books_title, table: books, columns: [title]}
- drop_table: {name: books}
- execute: SELECT 1
`
	if got := string(yamlx.Encode(n)); got != want {
		t.Errorf("EncodeList:\n%s\nwant:\n%s", got, want)
	}
	empty, err := EncodeList(nil)
	if err != nil || string(yamlx.Encode(empty)) != "[]\n" {
		t.Errorf("EncodeList(nil) = %q, %v", yamlx.Encode(empty), err)
	}
}

func TestEncodeListErrors(t *testing.T) {
	cases := []struct {
		op   Op
		want string
	}{
		{&CreateTable{}, "op 1 (create_table): Table is nil"},
		{&AddColumn{Table: "t"}, "op 1 (add_column): Column is nil"},
		{&BulkInsert{Table: "t", Columns: []string{"a"}, Rows: []map[string]any{{"a": struct{}{}}}}, `op 1 (bulk_insert): row 1, column "a": value of type struct {} cannot be written to YAML (use nil, bool, an integer, a float, a string or []byte)`},
		{&Execute{Dialects: map[string]string{"oracle": "x"}}, `op 1 (execute): execute: unknown dialect "oracle" (want postgresql, mysql or sqlite)`},
	}
	for _, c := range cases {
		_, err := EncodeList([]Op{c.op})
		if err == nil || err.Error() != c.want {
			t.Errorf("EncodeList(%T) error = %v, want %q", c.op, err, c.want)
		}
	}
}

func decodeText(t *testing.T, src string) ([]Op, error) {
	t.Helper()
	n, err := yamlx.Parse([]byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return DecodeList(n)
}

func TestDecodeListDefaults(t *testing.T) {
	got, err := decodeText(t, `
- add_column: {table: t, column: {name: n, type: INTEGER, server_default: 0}}
- add_column: {table: t, column: {name: b, type: boolean, server_default: true, nullable: false}}
- execute: {sql: SELECT 1}
- bulk_insert: {table: t, rows: [{a: 1, b: x}, {c: 2.5, a: null}]}
- alter_column: {table: t, column: c, server_default: null, comment: null}
- alter_column: {table: t, column: c}
- drop_table: {name: t, comment: gone}
`)
	if err != nil {
		t.Fatal(err)
	}
	want := []Op{
		&AddColumn{Table: "t", Column: &schema.Column{Name: "n", Type: schema.Integer(), Nullable: true, Default: sp("0")}},
		&AddColumn{Table: "t", Column: &schema.Column{Name: "b", Type: schema.Boolean(), Default: sp("true")}},
		&Execute{SQL: "SELECT 1"},
		&BulkInsert{Table: "t", Columns: []string{"a", "b", "c"}, Rows: []map[string]any{{"a": int64(1), "b": "x"}, {"c": 2.5, "a": nil}}},
		&AlterColumn{Table: "t", Column: "c", ServerDefault: &Change{}, Comment: &Change{}},
		&AlterColumn{Table: "t", Column: "c"},
		&DropTable{Name: "t", Existing: &schema.Table{Name: "t", Comment: "gone"}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("DecodeList (-want +got):\n%s", d)
	}
}

func TestDecodeListErrors(t *testing.T) {
	known := strings.Join(yamlOpOrder, ", ")
	cases := []struct{ name, src, want string }{
		{"not a list", "{a: 1}", "1:1: want a list of operations (each line starting with \"- \"), got a map"},
		{"item not a map", "- create_table", `1:3: want an operation written as a one-key map such as "- create_table: {...}", got the string "create_table"`},
		{"unknown op", "- create_tabel: {name: x}", `1:3: unknown operation "create_tabel" (known: ` + known + `)`},
		{"two ops in one item", "- drop_table: {name: a}\n  drop_index: {name: b}\n", `2:3: one operation per list item: "drop_index" follows "drop_table" in the same item; start it on a new line with "- " (or indent it under drop_table)`},
		{"unknown key", "- drop_index: {name: a, colour: red}", `1:25: drop_index: unknown key "colour" (want one of: name, table, schema, columns, unique, where, using, include, opclass, order, nulls_not_distinct, collation, concurrently, mysql_algorithm, mysql_lock)`},
		{"missing key", "- rename_table: {name: a}", `1:17: rename_table: missing key "new_name"`},
		{"null required", "- rename_table: {name: a, new_name: null}", `1:37: rename_table.new_name: needs a value, got null`},
		{"empty body", "- create_index:", `1:3: create_index: needs its keys (name, table, schema, columns, unique, where, using, include, opclass, order, nulls_not_distinct, collation, concurrently, mysql_algorithm, mysql_lock), got nothing`},
		{"wrong type", "- add_column:\n    table: t\n    column: {name: c, type: text, nullable: \"yes please\"}\n", `3:45: add_column.column (c).nullable: want true or false, got the string "yes please"`},
		{"bad type", "- add_column: {table: t, column: {name: c, type: varchar(x)}}", `1:50: add_column.column (c).type: type "varchar(x)": argument "x" is not a non-negative integer`},
		{"unknown type", "- add_column: {table: t, column: {name: c, type: strng}}", `1:50: add_column.column (c).type: unknown type "strng" (portable types: integer, bigint, smallint, boolean, varchar(n), char(n), text, numeric(p,s), real, double, date, time, timestamp, timestamptz, interval, blob, json, uuid, enum; dialect-only types are written like postgresql.jsonb)`},
		{"type not string", "- add_column: {table: t, column: {name: c, type: 5}}", `1:50: add_column.column (c).type: want a type such as integer or varchar(200), or {enum: NAME, values: [...]}, got the integer 5`},
		{"name is number", "- drop_table: {name: 0012}", `1:22: drop_table.name: want a string, got the integer 10 (put it in quotes to make it a string)`},
		{"column missing type", "- create_table:\n    name: t\n    columns:\n      - {name: id}\n", `4:9: create_table.columns[0] (id): missing key "type"`},
		{"no columns", "- create_table: {name: t}", `1:17: create_table: a table needs at least one column under columns:`},
		{"pk unknown key", "- create_table: {name: t, columns: [{name: a, type: text}], primary_key: {cols: [a]}}", `1:75: create_table.primary_key: unknown key "cols" (want one of: name, columns)`},
		{"fk missing ref", "- create_foreign_key: {name: f, table: t, columns: [a], ref_columns: [b]}", `1:23: create_foreign_key: missing key "ref_table"`},
		{"constraint type", "- drop_constraint: {name: c, table: t, type: index}", `1:46: drop_constraint.type: want foreignkey, unique, check or primary, got "index"`},
		{"constraint def key", "- drop_constraint: {name: c, table: t, type: unique, condition: x}", `1:54: drop_constraint: key "condition" does not describe a unique constraint (its keys: columns, nulls_not_distinct, deferrable, initially_deferred)`},
		{"execute dialect", "- execute: {dialects: {oracle: x}}", `1:24: execute.dialects: unknown key "oracle" (want one of: postgresql, mysql, sqlite)`},
		{"execute empty", "- execute: {}", `1:12: execute: needs sql, or dialects with SQL per dialect`},
		{"bulk nested", "- bulk_insert: {table: t, rows: [{a: [1]}]}", `1:38: bulk_insert.rows[0].a: want a single value (string, number, true/false, null or !!binary), got a list`},
		{"list of non-strings", "- create_index: {name: i, table: t, columns: [a, 1]}", `1:50: create_index.columns: want a string, got the integer 1 (put it in quotes to make it a string)`},
		{"enum missing values", "- add_column: {table: t, column: {name: c, type: {enum: e}}}", `1:50: add_column.column (c).type: missing key "values"`},
		{"server default map", "- add_column: {table: t, column: {name: c, type: text, server_default: {a: 1}}}", `1:72: add_column.column (c).server_default: want an SQL expression (a string such as "'draft'" or CURRENT_TIMESTAMP, or a number), got a map`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := decodeText(t, c.src)
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			if _, ok := err.(*yamlx.Error); !ok {
				t.Errorf("error is %T, want *yamlx.Error", err)
			}
			if err.Error() != c.want {
				t.Errorf("error\n got %s\nwant %s", err, c.want)
			}
		})
	}
}
