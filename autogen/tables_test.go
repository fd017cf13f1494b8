package autogen

import (
	"strings"
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

var (
	idCol   = func() *schema.ColumnBuilder { return schema.Col("id", schema.Integer()).PrimaryKey() }
	authors = tbl("authors", idCol(), schema.Col("name", schema.Text()))
	books   = tbl("books", idCol(),
		schema.Col("author_id", schema.Integer()).References("authors.id"),
		schema.Col("title", schema.Text()).NotNull(),
		schema.Index("ix_books_title", "title"))
)

// table returns a table of m, for building expected ops.
func table(m *schema.MetaData, name string) *schema.Table {
	s, n := "", name
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		s, n = name[:i], name[i+1:]
	}
	return m.FindTable(s, n)
}

// noIndexes copies t without its indexes and without the foreign keys named in
// leave.
func noIndexes(t *schema.Table, leave ...string) *schema.Table {
	c := t.Clone()
	c.Indexes = nil
	c.ForeignKeys = nil
	for _, fk := range t.ForeignKeys {
		if !strings.Contains(strings.Join(leave, ","), fk.Name) || fk.Name == "" {
			c.ForeignKeys = append(c.ForeignKeys, cloneFK(fk))
		}
	}
	return c
}

func TestAddedAndRemovedTables(t *testing.T) {
	withBooks := md(authors, books)
	// books is declared before authors but refers to it: authors is created first.
	booksFirst := md(books, authors)
	// a ↔ b is a cycle; c refers to itself, which stays inline.
	cycle := md(
		tbl("a", idCol(), schema.Col("b_id", schema.Integer()).References("b.id")),
		tbl("b", idCol(), schema.Col("a_id", schema.Integer()).References("a.id")),
		tbl("c", idCol(), schema.Col("parent_id", schema.Integer()).References("c.id"), schema.Col("a_id", schema.Integer()).References("a.id")),
	)
	runCases(t, []testCase{{
		name: "added table with index", declared: withBooks, live: md(authors),
		want: []ops.Op{
			&ops.CreateTable{Table: noIndexes(table(withBooks, "books"))},
			&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_books_title", Columns: []string{"title"}}},
		},
		findings: []string{"Detected added table 'books'", "Detected added index 'ix_books_title' on ['title']"},
	}, {
		name: "removed table drops its indexes first and records itself", declared: md(authors), live: withBooks,
		want: []ops.Op{
			&ops.DropIndex{Table: "books", Name: "ix_books_title", Existing: &schema.IndexDef{Name: "ix_books_title", Columns: []string{"title"}}},
			&ops.DropTable{Name: "books", Existing: noIndexes(table(withBooks, "books"))},
		},
		findings: []string{"Detected removed index 'ix_books_title' on 'books'", "Detected removed table 'books'"},
	}, {
		name: "new tables in dependency order", declared: booksFirst, live: md(),
		want: []ops.Op{
			&ops.CreateTable{Table: noIndexes(table(booksFirst, "authors"))},
			&ops.CreateTable{Table: noIndexes(table(booksFirst, "books"))},
			&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_books_title", Columns: []string{"title"}}},
		},
		findings: []string{"Detected added table 'authors'", "Detected added table 'books'", "Detected added index 'ix_books_title' on ['title']"},
	}, {
		name: "removed tables, referencing first", declared: md(), live: booksFirst,
		want: []ops.Op{
			&ops.DropIndex{Table: "books", Name: "ix_books_title", Existing: &schema.IndexDef{Name: "ix_books_title", Columns: []string{"title"}}},
			&ops.DropTable{Name: "books", Existing: noIndexes(table(booksFirst, "books"))},
			&ops.DropTable{Name: "authors", Existing: noIndexes(table(booksFirst, "authors"))},
		},
		findings: []string{"Detected removed index 'ix_books_title' on 'books'", "Detected removed table 'books'", "Detected removed table 'authors'"},
	}, {
		name: "foreign-key cycle among new tables", declared: cycle, live: md(),
		want: []ops.Op{
			&ops.CreateTable{Table: noIndexes(table(cycle, "a"), "fk_a_b_id_b")},
			&ops.CreateTable{Table: noIndexes(table(cycle, "b"), "fk_b_a_id_a")},
			&ops.CreateTable{Table: noIndexes(table(cycle, "c"))},
			&ops.CreateForeignKey{Table: "a", ForeignKey: &schema.ForeignKeyDef{Name: "fk_a_b_id_b", Columns: []string{"b_id"}, RefTable: "b", RefColumns: []string{"id"}}},
			&ops.CreateForeignKey{Table: "b", ForeignKey: &schema.ForeignKeyDef{Name: "fk_b_a_id_a", Columns: []string{"a_id"}, RefTable: "a", RefColumns: []string{"id"}}},
		},
		findings: []string{
			"Detected added table 'a'", "Detected added table 'b'", "Detected added table 'c'",
			"Detected added foreign key (b_id)(id) on table a", "Detected added foreign key (a_id)(id) on table b",
		},
	}, {
		name: "foreign-key cycle among removed tables", declared: md(), live: cycle,
		want: []ops.Op{
			&ops.DropConstraint{Table: "a", Name: "fk_a_b_id_b", Type: ops.ConstraintForeignKey,
				ExistingForeignKey: &schema.ForeignKeyDef{Name: "fk_a_b_id_b", Columns: []string{"b_id"}, RefTable: "b", RefColumns: []string{"id"}}},
			&ops.DropConstraint{Table: "b", Name: "fk_b_a_id_a", Type: ops.ConstraintForeignKey,
				ExistingForeignKey: &schema.ForeignKeyDef{Name: "fk_b_a_id_a", Columns: []string{"a_id"}, RefTable: "a", RefColumns: []string{"id"}}},
			&ops.DropTable{Name: "b", Existing: noIndexes(table(cycle, "b"), "fk_b_a_id_a")},
			&ops.DropTable{Name: "c", Existing: noIndexes(table(cycle, "c"))},
			&ops.DropTable{Name: "a", Existing: noIndexes(table(cycle, "a"), "fk_a_b_id_b")},
		},
		findings: []string{
			"Detected removed foreign key (b_id)(id) on table a", "Detected removed foreign key (a_id)(id) on table b",
			"Detected removed table 'b'", "Detected removed table 'c'", "Detected removed table 'a'",
		},
	}})
}

func TestNewTableKeyToColumnAddedInSameMigration(t *testing.T) {
	// books refers to authors.code, which this migration adds with its unique
	// constraint: the key waits until after add_column and the unique constraint.
	declared := md(
		tbl("authors", idCol(), schema.Col("code", schema.Text()).Unique()),
		tbl("books", idCol(), schema.Col("author_code", schema.Text()).References("authors.code")),
	)
	code := table(declared, "authors").FindColumn("code")
	runCases(t, []testCase{{
		name: "deferred key", declared: declared, live: md(tbl("authors", idCol())),
		want: []ops.Op{
			&ops.CreateTable{Table: noIndexes(table(declared, "books"), "fk_books_author_code_authors")},
			&ops.AddColumn{Table: "authors", Column: code.Clone()},
			&ops.CreateUniqueConstraint{Table: "authors", Unique: &schema.UniqueDef{Name: "uq_authors_code", Columns: []string{"code"}}},
			&ops.CreateForeignKey{Table: "books", ForeignKey: &schema.ForeignKeyDef{Name: "fk_books_author_code_authors", Columns: []string{"author_code"}, RefTable: "authors", RefColumns: []string{"code"}}},
		},
		findings: []string{
			"Detected added table 'books'",
			"Detected added column 'authors.code'",
			"Detected added unique constraint 'uq_authors_code' on ['code']",
			"Detected added foreign key (author_code)(code) on table books",
		},
	}})
}

func TestTablesLeftAlone(t *testing.T) {
	live := md(authors, tbl("migrate_version", schema.Col("version_num", schema.Varchar(32)).PrimaryKey()),
		tbl("audit_log", idCol()), tbl("book_view", schema.Col("id", schema.Integer())), tbl("other.things", idCol()))
	live.Views = []string{"book_view"}
	declared := md(authors, tbl("report", idCol()), tbl("other.extra", idCol()))
	declaredOverView := md(authors, tbl("book_view", schema.Col("id", schema.Integer())))
	liveWithView := md(authors)
	liveWithView.Views = []string{"book_view"}
	opts := Options{ExcludeTables: []string{"audit_log", "report"}, VersionTable: "migrate_version"}
	runCases(t, []testCase{{
		name: "excluded, version table, views and other schemas", declared: declared, live: live, opts: opts,
	}, {
		name: "a declared table named like a live view is not created", declared: declaredOverView, live: liveWithView,
	}, {
		name: "schema-qualified exclusion", declared: md(authors), live: live,
		opts:     Options{ExcludeTables: []string{"audit_log", "public.book_view"}, VersionTable: "migrate_version", IncludeSchemas: true},
		want:     []ops.Op{&ops.DropTable{Schema: "other", Name: "things", Existing: noIndexes(table(live, "other.things"))}},
		findings: []string{"Detected removed table 'other.things'"},
	}, {
		name: "other schemas when IncludeSchemas", declared: declared, live: live,
		opts: Options{ExcludeTables: []string{"audit_log", "report"}, VersionTable: "migrate_version", IncludeSchemas: true},
		want: []ops.Op{
			&ops.CreateTable{Table: noIndexes(table(declared, "other.extra"))},
			&ops.DropTable{Schema: "other", Name: "things", Existing: noIndexes(table(live, "other.things"))},
		},
		findings: []string{
			`Detected removed table 'other.things' and added table 'other.extra' with the same columns: if it was renamed, declare Metadata.Table("extra", …).RenamedFrom("things") and autogenerate writes rename_table instead of dropping the table with its rows`,
			"Detected added table 'other.extra'", "Detected removed table 'other.things'"},
	}, {
		name: "without options everything in the default schema is compared", declared: md(authors), live: live,
		want: []ops.Op{
			&ops.DropTable{Name: "migrate_version", Existing: noIndexes(table(live, "migrate_version"))},
			&ops.DropTable{Name: "audit_log", Existing: noIndexes(table(live, "audit_log"))},
		},
		findings: []string{"Detected removed table 'migrate_version'", "Detected removed table 'audit_log'"},
	}})
}

func TestCompareErrors(t *testing.T) {
	dup := md(authors)
	dup.Tables = append(dup.Tables, dup.Tables[0].Clone())
	withNil := md(authors)
	withNil.Tables = append(withNil.Tables, nil)
	invalid := md(tbl("books", idCol(), schema.Col("author_id", schema.Integer()).References("authors.id")))
	cases := []struct {
		name           string
		declared, live *schema.MetaData
		d              *fakeDialect
		want           string
	}{
		{"nil declared", nil, md(), pgLike, "declared metadata is nil"},
		{"nil live", md(), nil, pgLike, "live metadata is nil"},
		{"nil dialect", md(), md(), nil, "dialect is nil"},
		{"live table twice", md(), dup, pgLike, "live metadata has table 'authors' twice"},
		{"nil table", withNil, md(), pgLike, "table 2 of the declared metadata is nil"},
		{"invalid declared", invalid, md(), pgLike, `refers to table "authors", which is not declared`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			if c.d == nil {
				_, err = Compare(c.declared, c.live, nil, Options{})
			} else {
				_, err = Compare(c.declared, c.live, c.d, Options{})
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestNewTableKeyToExistingColumn(t *testing.T) {
	authorsWith := func(items ...schema.TableItem) func(*schema.MetaData) {
		return tbl("authors", append([]schema.TableItem{idCol(), schema.Col("code", schema.Text())}, items...)...)
	}
	booksByCode := tbl("books", idCol(), schema.Col("author_code", schema.Text()).References("authors.code"))
	byIndex := md(authorsWith(schema.Index("ix_authors_code", "code").Unique()), booksByCode)
	byNewUnique := md(authorsWith(schema.UniqueConstraint("uq_authors_code", "code")), booksByCode)
	fk := &schema.ForeignKeyDef{Name: "fk_books_author_code_authors", Columns: []string{"author_code"}, RefTable: "authors", RefColumns: []string{"code"}}
	runCases(t, []testCase{{
		name: "a unique index kept on both sides: inline", declared: byIndex, live: md(authorsWith(schema.Index("ix_authors_code", "code").Unique())),
		want:     []ops.Op{&ops.CreateTable{Table: noIndexes(table(byIndex, "books"))}},
		findings: []string{"Detected added table 'books'"},
	}, {
		name: "a unique constraint added in this migration: deferred", declared: byNewUnique, live: md(authorsWith()),
		want: []ops.Op{
			&ops.CreateTable{Table: noIndexes(table(byNewUnique, "books"), fk.Name)},
			&ops.CreateUniqueConstraint{Table: "authors", Unique: &schema.UniqueDef{Name: "uq_authors_code", Columns: []string{"code"}}},
			&ops.CreateForeignKey{Table: "books", ForeignKey: fk},
		},
		findings: []string{
			"Detected added table 'books'",
			"Detected added unique constraint 'uq_authors_code' on ['code']",
			"Detected added foreign key (author_code)(code) on table books",
		},
	}})
}
