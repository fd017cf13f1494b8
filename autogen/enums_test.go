package autogen

import (
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// withStatus is a books table whose status column is enum book_status with values.
func withStatus(values ...string) func(*schema.MetaData) {
	return tbl("books", idCol(), schema.Col("status", schema.Enum("book_status", values...)))
}

func addValue(v, after string) *ops.AddEnumValue {
	return &ops.AddEnumValue{Name: "book_status", Value: v, After: after}
}

func addedValue(v string) []string {
	return []string{
		"Detected added value '" + v + "' to enum 'book_status'",
		"The downgrade leaves value '" + v + "' in enum 'book_status': an enum value cannot be removed once added; write that by hand if needed",
	}
}

func TestEnums(t *testing.T) {
	all := Options{CompareType: true, CompareServerDefault: true}
	changed := func(from, to string) []string {
		return []string{"Detected values of enum 'book_status' changed from " + from + " to " + to +
			" in a way add_enum_value cannot express (values removed, reordered or inserted before the first one); write this migration by hand"}
	}
	liveExcluded := md(withStatus("draft"), tbl("archive", idCol(), schema.Col("status", schema.Enum("old_status", "x"))))
	runCases(t, []testCase{{
		name: "added enum for a new column", opts: all,
		declared: md(withStatus("draft", "published")), live: md(tbl("books", idCol())),
		want: []ops.Op{
			&ops.CreateEnum{Name: "book_status", Values: []string{"draft", "published"}},
			&ops.AddColumn{Table: "books", Column: &schema.Column{Name: "status", Type: schema.Enum("book_status", "draft", "published"), Nullable: true}},
		},
		findings: []string{"Detected added enum 'book_status'", "Detected added column 'books.status'"},
	}, {
		name: "value appended", opts: all, declared: md(withStatus("draft", "published")), live: md(withStatus("draft")),
		want:     []ops.Op{addValue("published", "draft")},
		findings: addedValue("published"),
	}, {
		name: "values inserted in between, in order", opts: all,
		declared: md(withStatus("draft", "review", "legal", "published", "archived")), live: md(withStatus("draft", "published")),
		want:     []ops.Op{addValue("review", "draft"), addValue("legal", "review"), addValue("archived", "published")},
		findings: append(append(addedValue("review"), addedValue("legal")...), addedValue("archived")...),
	}, {
		name: "value removed: a warning, no op", declared: md(withStatus("draft")), live: md(withStatus("draft", "published")),
		findings: changed("['draft', 'published']", "['draft']"),
	}, {
		name: "values reordered: a warning, no op", declared: md(withStatus("published", "draft")), live: md(withStatus("draft", "published")),
		findings: changed("['draft', 'published']", "['published', 'draft']"),
	}, {
		name: "value inserted first: a warning, no op", declared: md(withStatus("new", "draft")), live: md(withStatus("draft")),
		findings: changed("['draft']", "['new', 'draft']"),
	}, {
		name: "enum no longer used is dropped last, after its column", opts: all,
		declared: md(tbl("books", idCol())), live: md(withStatus("draft", "published")),
		want: []ops.Op{
			&ops.DropColumn{Table: "books", Column: "status", Existing: &schema.Column{Name: "status", Type: schema.Enum("book_status", "draft", "published"), Nullable: true}},
			&ops.DropEnum{Name: "book_status", Values: []string{"draft", "published"}},
		},
		findings: []string{"Detected removed column 'books.status'", "Detected removed enum 'book_status'"},
	}, {
		name: "enum dropped after the removed table that used it", declared: md(), live: md(withStatus("draft")),
		want: []ops.Op{
			&ops.DropTable{Name: "books", Existing: noIndexes(table(md(withStatus("draft")), "books"))},
			&ops.DropEnum{Name: "book_status", Values: []string{"draft"}},
		},
		findings: []string{"Detected removed table 'books'", "Detected removed enum 'book_status'"},
	}, {
		name: "enum still used by an excluded table is kept", opts: Options{ExcludeTables: []string{"archive"}},
		declared: md(withStatus("draft")), live: liveExcluded,
	}, {
		name: "named enum values are not a column type change", opts: all, declared: md(withStatus("draft", "published")), live: md(withStatus("draft")),
		want:     []ops.Op{addValue("published", "draft")},
		findings: addedValue("published"),
	}, {
		name: "without named enums a value change is a type change", d: myLike, opts: all,
		declared: md(withStatus("draft", "published")), live: md(withStatus("draft")),
		want: []ops.Op{&ops.AlterColumn{Table: "books", Column: "status", Type: tp(schema.Enum("book_status", "draft", "published")),
			ExistingType: tp(schema.Enum("book_status", "draft")), ExistingNullable: bp(true), ExistingAutoincrement: bp(false)}},
		findings: []string{"Detected type change from enum(book_status: 'draft') to enum(book_status: 'draft', 'published') on 'books.status'"},
	}, {
		// No enum comparison without named enums, but a new table's enum is still
		// created first so the revision stays portable to PostgreSQL.
		name: "without named enums only portable create_enum", d: myLike, opts: all,
		declared: md(tbl("books", idCol()), tbl("b2", idCol(), schema.Col("s", schema.Enum("new_enum", "a")))), live: md(withStatus("draft")),
		want: []ops.Op{
			&ops.CreateEnum{Name: "new_enum", Values: []string{"a"}},
			&ops.CreateTable{Table: noIndexes(table(md(tbl("b2", idCol(), schema.Col("s", schema.Enum("new_enum", "a")))), "b2"))},
			&ops.DropColumn{Table: "books", Column: "status", Existing: &schema.Column{Name: "status", Type: schema.Enum("book_status", "draft"), Nullable: true}},
		},
		findings: []string{"Detected added enum 'new_enum'", "Detected added table 'b2'", "Detected removed column 'books.status'"},
	}})
}

func TestAddedEnumValueIsLeftOutOfDowngrade(t *testing.T) {
	declared := md(withStatus("draft", "published"), tbl("authors", idCol()))
	res, err := Compare(declared, md(withStatus("draft")), pgLike, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Upgrade) != 2 {
		t.Fatalf("upgrade = %d ops, want add_enum_value and create_table", len(res.Upgrade))
	}
	if _, ok := res.Upgrade[0].(*ops.AddEnumValue); !ok {
		t.Errorf("upgrade[0] = %s, want add_enum_value", ops.Name(res.Upgrade[0]))
	}
	if len(res.Downgrade) != 1 || ops.Name(res.Downgrade[0]) != "drop_table" {
		t.Errorf("downgrade = %d ops, want only drop_table", len(res.Downgrade))
	}
}

func TestPortableEnumsWithoutNamedEnums(t *testing.T) {
	all := Options{CompareType: true, CompareServerDefault: true}
	runCases(t, []testCase{{
		name: "enum of a removed table is dropped", d: myLike, opts: all,
		declared: md(tbl("books", idCol())),
		live:     md(tbl("books", idCol()), tbl("b2", idCol(), schema.Col("s", schema.Enum("gone", "a", "b")))),
		want: []ops.Op{
			&ops.DropTable{Name: "b2", Existing: noIndexes(table(md(tbl("b2", idCol(), schema.Col("s", schema.Enum("gone", "a", "b")))), "b2"))},
			&ops.DropEnum{Name: "gone", Values: []string{"a", "b"}},
		},
		findings: []string{"Detected removed table 'b2'", "Detected removed enum 'gone'"},
	}, {
		name: "enum a live column already uses is not created again", d: myLike, opts: all,
		declared: md(withStatus("draft"), tbl("b2", idCol(), schema.Col("s", schema.Enum("book_status", "draft")))),
		live:     md(withStatus("draft")),
		want: []ops.Op{
			&ops.CreateTable{Table: noIndexes(table(md(tbl("b2", idCol(), schema.Col("s", schema.Enum("book_status", "draft")))), "b2"))},
		},
		findings: []string{"Detected added table 'b2'"},
	}})
}
