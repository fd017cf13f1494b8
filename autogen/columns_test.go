package autogen

import (
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// bookCols returns the books table with its id and the given title column.
func booksWith(cols ...*schema.ColumnBuilder) func(*schema.MetaData) {
	items := []schema.TableItem{idCol()}
	for _, c := range cols {
		items = append(items, c)
	}
	return tbl("books", items...)
}

// alterTitle is an alter_column of books.title whose existing facts are those of
// a nullable varchar(100) with default 'x', comment "old" and no autoincrement,
// unless changed by edit.
func alterTitle(edit func(*ops.AlterColumn)) *ops.AlterColumn {
	a := &ops.AlterColumn{Table: "books", Column: "title",
		ExistingType: tp(schema.Varchar(100)), ExistingNullable: bp(true), ExistingServerDefault: sp("'x'"),
		ExistingComment: sp("old"), ExistingAutoincrement: bp(false)}
	edit(a)
	return a
}

func title() *schema.ColumnBuilder {
	return schema.Col("title", schema.Varchar(100)).ServerDefault("'x'").Comment("old")
}

func TestColumns(t *testing.T) {
	all := Options{CompareType: true, CompareServerDefault: true}
	live := md(booksWith(title()))
	isbn := schema.Col("isbn", schema.Char(13)).NotNull().Comment("ISBN-13")
	withISBN := md(booksWith(title(), isbn))
	runCases(t, []testCase{{
		name: "added column", declared: withISBN, live: live, opts: all,
		want:     []ops.Op{&ops.AddColumn{Table: "books", Column: table(withISBN, "books").FindColumn("isbn").Clone()}},
		findings: []string{"Detected added column 'books.isbn'"},
	}, {
		name: "removed column records itself", declared: live, live: withISBN, opts: all,
		want: []ops.Op{&ops.DropColumn{Table: "books", Column: "isbn",
			Existing: &schema.Column{Name: "isbn", Type: schema.Char(13), Comment: "ISBN-13"}}},
		findings: []string{"Detected removed column 'books.isbn'"},
	}, {
		name: "NOT NULL", declared: md(booksWith(title().NotNull())), live: live,
		want:     []ops.Op{alterTitle(func(a *ops.AlterColumn) { a.Nullable = bp(false) })},
		findings: []string{"Detected NOT NULL on column 'books.title'"},
	}, {
		name: "NULL, every existing fact from live", declared: md(booksWith(schema.Col("title", schema.Varchar(100)))),
		live: md(booksWith(schema.Col("title", schema.Varchar(100)).NotNull())),
		want: []ops.Op{&ops.AlterColumn{Table: "books", Column: "title", Nullable: bp(true),
			ExistingType: tp(schema.Varchar(100)), ExistingNullable: bp(false), ExistingAutoincrement: bp(false)}},
		findings: []string{"Detected NULL on column 'books.title'"},
	}, {
		name: "type change", opts: all, live: live,
		declared: md(booksWith(schema.Col("title", schema.Varchar(200)).ServerDefault("'x'").Comment("old"))),
		want:     []ops.Op{alterTitle(func(a *ops.AlterColumn) { a.Type = tp(schema.Varchar(200)) })},
		findings: []string{"Detected type change from varchar(100) to varchar(200) on 'books.title'"},
	}, {
		name: "type change not compared without CompareType", live: live,
		declared: md(booksWith(schema.Col("title", schema.Varchar(200)).ServerDefault("'x'").Comment("old"))),
		opts:     Options{CompareServerDefault: true},
	}, {
		name: "types the dialect calls equivalent", opts: all,
		declared: md(booksWith(schema.Col("n", schema.Integer()))),
		live:     md(booksWith(schema.Col("n", schema.Dialect("postgresql", "int4")))),
	}, {
		name: "server default change", opts: all, live: live,
		declared: md(booksWith(schema.Col("title", schema.Varchar(100)).ServerDefault("'y'").Comment("old"))),
		want:     []ops.Op{alterTitle(func(a *ops.AlterColumn) { a.ServerDefault = &ops.Change{Value: sp("'y'")} })},
		findings: []string{"Detected server default change from ''x'' to ''y'' on 'books.title'"},
	}, {
		name: "server default removed", opts: all, live: live,
		declared: md(booksWith(schema.Col("title", schema.Varchar(100)).Comment("old"))),
		want:     []ops.Op{alterTitle(func(a *ops.AlterColumn) { a.ServerDefault = &ops.Change{} })},
		findings: []string{"Detected server default change from ''x'' to None on 'books.title'"},
	}, {
		name: "server default added", opts: all,
		declared: md(booksWith(schema.Col("n", schema.Integer()).ServerDefault("0"))),
		live:     md(booksWith(schema.Col("n", schema.Integer()))),
		want: []ops.Op{&ops.AlterColumn{Table: "books", Column: "n", ServerDefault: &ops.Change{Value: sp("0")},
			ExistingType: tp(schema.Integer()), ExistingNullable: bp(true), ExistingAutoincrement: bp(false)}},
		findings: []string{"Detected server default change from None to '0' on 'books.n'"},
	}, {
		name: "server defaults equal once normalised", opts: all,
		declared: md(booksWith(schema.Col("s", schema.Text()).ServerDefault("'draft'"), schema.Col("at", schema.Timestamp()).ServerDefault("CURRENT_TIMESTAMP"))),
		live:     md(booksWith(schema.Col("s", schema.Text()).ServerDefault("'draft'::text"), schema.Col("at", schema.Timestamp()).ServerDefault("now()"))),
	}, {
		name: "server default not compared without CompareServerDefault", live: live,
		declared: md(booksWith(schema.Col("title", schema.Varchar(100)).ServerDefault("'y'").Comment("old"))),
	}, {
		name: "an autoincrement column's server default is not compared", opts: all,
		declared: md(tbl("books", idCol())),
		live:     md(tbl("books", idCol().ServerDefault("nextval('books_id_seq'::regclass)"))),
	}, {
		name: "autoincrement change is not proposed", opts: all,
		declared: md(tbl("books", idCol())),
		live:     md(tbl("books", idCol().Autoincrement(false))),
	}, {
		name: "column comment change", live: live,
		declared: md(booksWith(schema.Col("title", schema.Varchar(100)).ServerDefault("'x'").Comment("new"))),
		want:     []ops.Op{alterTitle(func(a *ops.AlterColumn) { a.Comment = &ops.Change{Value: sp("new")} })},
		findings: []string{"Detected column comment change on 'books.title'"},
	}, {
		name: "column comment removed", live: live,
		declared: md(booksWith(schema.Col("title", schema.Varchar(100)).ServerDefault("'x'"))),
		want:     []ops.Op{alterTitle(func(a *ops.AlterColumn) { a.Comment = &ops.Change{} })},
		findings: []string{"Detected column comment change on 'books.title'"},
	}, {
		name: "no comments on a dialect without them", d: myLike, live: live,
		declared: md(booksWith(schema.Col("title", schema.Varchar(100)).ServerDefault("'x'").Comment("new"))),
	}, {
		name: "one alter_column for several changes", opts: all, live: live,
		declared: md(booksWith(schema.Col("title", schema.Varchar(200)).NotNull().ServerDefault("'y'").Comment("new"))),
		want: []ops.Op{alterTitle(func(a *ops.AlterColumn) {
			a.Nullable, a.Type = bp(false), tp(schema.Varchar(200))
			a.ServerDefault, a.Comment = &ops.Change{Value: sp("'y'")}, &ops.Change{Value: sp("new")}
		})},
		findings: []string{
			"Detected NOT NULL on column 'books.title'",
			"Detected type change from varchar(100) to varchar(200) on 'books.title'",
			"Detected server default change from ''x'' to ''y'' on 'books.title'",
			"Detected column comment change on 'books.title'",
		},
	}, {
		name: "column order is not compared", opts: all,
		declared: md(booksWith(schema.Col("a", schema.Text()), schema.Col("b", schema.Text()))),
		live:     md(booksWith(schema.Col("b", schema.Text()), schema.Col("a", schema.Text()))),
	}, {
		name: "columns of a schema-qualified table", opts: Options{IncludeSchemas: true},
		declared: md(tbl("lib.books", idCol(), schema.Col("t", schema.Text()).NotNull())),
		live:     md(tbl("lib.books", idCol(), schema.Col("t", schema.Text()), schema.Col("old", schema.Text()))),
		want: []ops.Op{
			&ops.AlterColumn{Schema: "lib", Table: "books", Column: "t", Nullable: bp(false),
				ExistingType: tp(schema.Text()), ExistingNullable: bp(true), ExistingAutoincrement: bp(false)},
			&ops.DropColumn{Schema: "lib", Table: "books", Column: "old", Existing: &schema.Column{Name: "old", Type: schema.Text(), Nullable: true}},
		},
		findings: []string{"Detected NOT NULL on column 'lib.books.t'", "Detected removed column 'lib.books.old'"},
	}})
}
