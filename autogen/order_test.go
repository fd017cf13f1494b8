package autogen

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// summary names an op and what it acts on, for checking order.
func summary(o ops.Op) string {
	var what string
	switch o := o.(type) {
	case *ops.CreateEnum:
		what = o.Name
	case *ops.AddEnumValue:
		what = o.Name + "." + o.Value
	case *ops.DropEnum:
		what = o.Name
	case *ops.CreateTable:
		what = o.Table.Name
	case *ops.DropTable:
		what = o.Name
	case *ops.AddColumn:
		what = o.Table + "." + o.Column.Name
	case *ops.DropColumn:
		what = o.Table + "." + o.Column
	case *ops.AlterColumn:
		what = o.Table + "." + o.Column
	case *ops.CreateIndex:
		what = o.Table + "." + o.Index.Name
	case *ops.DropIndex:
		what = o.Table + "." + o.Name
	case *ops.CreateUniqueConstraint:
		what = o.Table + "." + o.Unique.Name
	case *ops.CreateCheckConstraint:
		what = o.Table + "." + o.Check.Name
	case *ops.CreateForeignKey:
		what = o.Table + "." + o.ForeignKey.Name
	case *ops.CreatePrimaryKey:
		what = o.Table + "." + o.PrimaryKey.Name
	case *ops.DropConstraint:
		what = o.Table + "." + o.Name + " (" + o.Type + ")"
	case *ops.CreateTableComment:
		what = o.Table
	case *ops.DropTableComment:
		what = o.Table
	default:
		what = fmt.Sprintf("%T", o)
	}
	return ops.Name(o) + " " + what
}

func TestPhaseOrder(t *testing.T) {
	live := md(
		tbl("authors", idCol(), schema.Col("name", schema.Varchar(100)), schema.Col("code", schema.Text()),
			schema.Col("mood", schema.Enum("mood", "happy")),
			schema.Index("ix_authors_name", "name"), schema.UniqueConstraint("uq_authors_code", "code"), schema.Check("ck_authors_old", "code <> ''")),
		tbl("books", idCol(), schema.Col("author_id", schema.Integer()).References("authors.id", schema.OnDelete("SET NULL")),
			schema.Col("title", schema.Text()), schema.Col("kind", schema.Enum("old_kind", "a"))),
		tbl("tags", schema.Col("id", schema.Integer()).NotNull(), schema.Col("name", schema.Text()).NotNull(), schema.PrimaryKeyConstraint("id")),
		tbl("legacy", idCol(), schema.Index("ix_legacy_id", "id")),
	)
	declared := md(
		tblComment("authors", "Writers", idCol(), schema.Col("name", schema.Varchar(200)), schema.Col("code", schema.Text()),
			schema.Col("mood", schema.Enum("mood", "happy", "sad")),
			schema.Index("ix_authors_code", "code"), schema.UniqueConstraint("uq_authors_name", "name"), schema.Check("ck_authors_new", "name <> ''")),
		tbl("books", idCol(), schema.Col("author_id", schema.Integer()).References("authors.id", schema.OnDelete("CASCADE")),
			schema.Col("title", schema.Text()).NotNull(), schema.Col("genre", schema.Enum("genre", "fiction"))),
		tbl("reviews", idCol(), schema.Col("book_id", schema.Integer()).References("books.id"), schema.Index("ix_reviews_book_id", "book_id")),
		tbl("tags", schema.Col("id", schema.Integer()).NotNull(), schema.Col("name", schema.Text()).NotNull(), schema.PrimaryKeyConstraint("id", "name")),
	)
	c := testCase{declared: declared, live: live, d: pgLike, opts: Options{CompareType: true, CompareServerDefault: true}}
	res, err := Compare(c.declared, c.live, c.d, c.opts)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range res.Upgrade {
		got = append(got, summary(o))
	}
	want := []string{
		"add_enum_value mood.sad",
		"create_enum genre",
		"drop_constraint books.fk_books_author_id_authors (foreignkey)",
		"drop_index authors.ix_authors_name",
		"drop_constraint authors.uq_authors_code (unique)",
		"drop_constraint authors.ck_authors_old (check)",
		"drop_constraint tags.pk_tags (primary)",
		"create_table reviews",
		"create_index reviews.ix_reviews_book_id",
		"add_column books.genre",
		"alter_column authors.name",
		"alter_column books.title",
		"create_table_comment authors",
		"create_unique_constraint authors.uq_authors_name",
		"create_check_constraint authors.ck_authors_new",
		"create_primary_key tags.pk_tags",
		"create_index authors.ix_authors_code",
		"create_foreign_key books.fk_books_author_id_authors",
		"drop_column books.kind",
		"drop_index legacy.ix_legacy_id",
		"drop_table legacy",
		"drop_enum old_kind",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("upgrade order (-want +got):\n%s", diff)
	}
	wantFindings := []string{
		"Detected added value 'sad' to enum 'mood'",
		"The downgrade leaves value 'sad' in enum 'mood': an enum value cannot be removed once added; write that by hand if needed",
		"Detected added enum 'genre'",
		"Detected removed foreign key (author_id)(id) on table books",
		"Detected removed index 'ix_authors_name' on 'authors'",
		"Detected removed unique constraint 'uq_authors_code' on 'authors'",
		"Detected removed check constraint 'ck_authors_old' on 'authors'",
		"Detected removed primary key 'pk_tags' on 'tags'",
		"Detected added table 'reviews'",
		"Detected added index 'ix_reviews_book_id' on ['book_id']",
		"Detected added column 'books.genre'",
		"Detected type change from varchar(100) to varchar(200) on 'authors.name'",
		"Detected NOT NULL on column 'books.title'",
		"Detected table comment change on 'authors'",
		"Detected added unique constraint 'uq_authors_name' on ['name']",
		"Detected added check constraint 'ck_authors_new' on 'authors'",
		"Detected added primary key 'pk_tags' on ['id', 'name']",
		"Detected added index 'ix_authors_code' on ['code']",
		"Detected added foreign key (author_id)(id) on table books",
		"Detected removed column 'books.kind'",
		"Detected removed index 'ix_legacy_id' on 'legacy'",
		"Detected removed table 'legacy'",
		"Detected removed enum 'old_kind'",
	}
	if diff := cmp.Diff(wantFindings, res.Findings); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	checkDowngrade(t, res)
	checkRoundTrip(t, c, c.d, res)

	again, err := Compare(c.declared, c.live, c.d, c.opts)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(res, again, equateEmpty); diff != "" {
		t.Errorf("a second Compare differs (-first +second):\n%s", diff)
	}
}

func TestTablesInDeclaredOrderWithinAPhase(t *testing.T) {
	col := schema.Col("note", schema.Text())
	declared := md(tbl("b", idCol(), col), tbl("a", idCol(), col), tbl("c", idCol(), col))
	live := md(tbl("a", idCol()), tbl("c", idCol()), tbl("b", idCol()), tbl("y", idCol()), tbl("x", idCol()))
	res, err := Compare(declared, live, pgLike, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range res.Upgrade {
		got = append(got, summary(o))
	}
	want := []string{"add_column b.note", "add_column a.note", "add_column c.note", "drop_table y", "drop_table x"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}
