package autogen

import (
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// designMetadata is DESIGN.md's example metadata, declared exactly as there.
func designMetadata() *schema.MetaData {
	m := schema.NewMetaData(schema.WithNamingConvention(schema.DefaultNamingConvention))
	m.Table("authors",
		schema.Col("id", schema.BigInt()).PrimaryKey(),
		schema.Col("name", schema.Varchar(100)).NotNull(),
		schema.Col("email", schema.Varchar(255)).NotNull().Unique(),
		schema.Col("bio", schema.Text()),
		schema.Col("created_at", schema.TimestampTZ()).NotNull().ServerDefault("CURRENT_TIMESTAMP"),
	)
	m.Table("books",
		schema.Col("id", schema.BigInt()).PrimaryKey(),
		schema.Col("author_id", schema.BigInt()).NotNull().References("authors.id", schema.OnDelete("CASCADE")),
		schema.Col("title", schema.Varchar(200)).NotNull(),
		schema.Col("price", schema.Numeric(10, 2)),
		schema.Col("in_print", schema.Boolean()).NotNull().ServerDefault("true"),
		schema.Col("status", schema.Enum("book_status", "draft", "published")).NotNull().ServerDefault("'draft'"),
		schema.Index("ix_books_author_id_title", "author_id", "title"),
		schema.Check("ck_books_price_positive", "price >= 0"),
	).Comment("Books in the catalogue")
	return m
}

// designOps is what DESIGN.md's metadata needs on an empty database, without
// the create_enum.
func designOps() []ops.Op {
	m := designMetadata()
	authors := m.FindTable("", "authors").Clone()
	books := m.FindTable("", "books").Clone()
	books.Indexes = nil
	return []ops.Op{
		&ops.CreateTable{Table: authors},
		&ops.CreateTable{Table: books},
		&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_books_author_id_title", Columns: []string{"author_id", "title"}}},
	}
}

func TestDesignExampleAgainstEmptySchema(t *testing.T) {
	all := Options{CompareType: true, CompareServerDefault: true}
	runCases(t, []testCase{{
		name: "postgresql-like", declared: designMetadata(), live: schema.NewMetaData(), opts: all,
		want: append([]ops.Op{&ops.CreateEnum{Name: "book_status", Values: []string{"draft", "published"}}}, designOps()...),
		findings: []string{
			"Detected added enum 'book_status'",
			"Detected added table 'authors'",
			"Detected added table 'books'",
			"Detected added index 'ix_books_author_id_title' on ['author_id', 'title']",
		},
	}, {
		// Without named enums the revision still creates the enum first, so the
		// same file runs on PostgreSQL; such dialects render create_enum as nothing.
		name: "mysql-like", declared: designMetadata(), live: schema.NewMetaData(), d: myLike, opts: all,
		want: append([]ops.Op{&ops.CreateEnum{Name: "book_status", Values: []string{"draft", "published"}}}, designOps()...),
		findings: []string{
			"Detected added enum 'book_status'",
			"Detected added table 'authors'",
			"Detected added table 'books'",
			"Detected added index 'ix_books_author_id_title' on ['author_id', 'title']",
		},
	}})
}

func TestDesignCreateTableCarriesKeysAndConstraints(t *testing.T) {
	res, err := Compare(designMetadata(), schema.NewMetaData(), pgLike, Options{})
	if err != nil {
		t.Fatal(err)
	}
	books := res.Upgrade[2].(*ops.CreateTable).Table
	if books.PrimaryKey == nil || books.PrimaryKey.Name != "pk_books" {
		t.Errorf("books primary key = %+v, want pk_books", books.PrimaryKey)
	}
	if len(books.ForeignKeys) != 1 || books.ForeignKeys[0].Name != "fk_books_author_id_authors" || books.ForeignKeys[0].OnDelete != "CASCADE" {
		t.Errorf("books foreign keys = %+v", books.ForeignKeys)
	}
	if len(books.Checks) != 1 || books.Checks[0].Name != "ck_books_price_positive" || books.Comment != "Books in the catalogue" {
		t.Errorf("books checks/comment = %+v %q", books.Checks, books.Comment)
	}
	if len(books.Indexes) != 0 {
		t.Errorf("create_table carries indexes %+v; they belong to create_index", books.Indexes)
	}
	authors := res.Upgrade[1].(*ops.CreateTable).Table
	if len(authors.Uniques) != 1 || authors.Uniques[0].Name != "uq_authors_email" {
		t.Errorf("authors uniques = %+v", authors.Uniques)
	}
}

func TestIdenticalSchemasGiveEmptyResult(t *testing.T) {
	all := Options{CompareType: true, CompareServerDefault: true}
	for _, d := range []*fakeDialect{pgLike, myLike} {
		res := runCase(t, testCase{name: d.name, declared: designMetadata(), live: designMetadata(), d: d, opts: all})
		if !res.Empty() {
			t.Errorf("%s: Empty() = false for identical schemas: %+v", d.name, res)
		}
	}
}

func TestResultEmpty(t *testing.T) {
	cases := []struct {
		r    *Result
		want bool
	}{
		{nil, true},
		{&Result{}, true},
		{&Result{Upgrade: []ops.Op{&ops.DropEnum{Name: "x", Values: []string{"a"}}}}, false},
		{&Result{Downgrade: []ops.Op{&ops.DropEnum{Name: "x", Values: []string{"a"}}}}, false},
		{&Result{Findings: []string{"Detected values of enum 'x' changed …"}}, false},
	}
	for i, c := range cases {
		if got := c.r.Empty(); got != c.want {
			t.Errorf("case %d: Empty() = %v, want %v", i, got, c.want)
		}
	}
}
