package dialecttest

import (
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// revision is one step of the round-trip sequence.
type revision struct {
	name string
	ops  []ops.Op
}

func ptr[T any](v T) *T { return &v }

// portableTypes lists one value of every portable type, enum excluded.
func portableTypes() []schema.Type {
	return []schema.Type{
		schema.Integer(), schema.BigInt(), schema.SmallInt(), schema.Boolean(),
		schema.Varchar(20), schema.Char(3), schema.Text(), schema.Numeric(12, 4),
		schema.Real(), schema.Double(), schema.Date(), schema.Time(), schema.Timestamp(),
		schema.TimestampTZ(), schema.Interval(), schema.Blob(), schema.JSON(), schema.UUID(),
	}
}

var moodValues = []string{"happy", "it's sad"}

// everyTypeTable has an autoincrement key and one nullable column of every
// portable type the dialect's TypeSQL accepts, plus an enum column.
func everyTypeTable(d dialect.Dialect) *schema.Table {
	t := &schema.Table{Name: "every_type", Columns: []*schema.Column{
		{Name: "id", Type: schema.Integer(), Autoincrement: true},
	}, PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_every_type", Columns: []string{"id"}}}
	for _, typ := range append(portableTypes(), schema.Enum("mood", moodValues...)) {
		if _, err := d.TypeSQL(typ); err != nil {
			continue
		}
		t.Columns = append(t.Columns, &schema.Column{Name: "c_" + typ.Name, Type: typ, Nullable: true})
	}
	return t
}

// revisions returns the round-trip sequence. Together, with their reverses,
// they use every op kind of package ops. Comment ops appear only where the
// dialect stores comments, add_enum_value only where enums are named types.
func revisions(d dialect.Dialect) []revision {
	caps := d.Capabilities()
	var revs []revision
	revs = append(revs, revision{"every type", []ops.Op{
		&ops.CreateEnum{Name: "mood", Values: moodValues},
		&ops.CreateEnum{Name: "unused_kind", Values: []string{"a", "b"}},
		&ops.CreateTable{Table: everyTypeTable(d)},
	}})
	revs = append(revs, revision{"tables", []ops.Op{
		&ops.CreateTable{Table: &schema.Table{Name: "authors", Columns: []*schema.Column{
			{Name: "id", Type: schema.BigInt(), Autoincrement: true},
			{Name: "name", Type: schema.Varchar(100)},
			{Name: "email", Type: schema.Varchar(255)},
			{Name: "bio", Type: schema.Text(), Nullable: true},
		},
			PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_authors", Columns: []string{"id"}},
			Uniques:    []*schema.UniqueDef{{Name: "uq_authors_email", Columns: []string{"email"}}},
			Comment:    "People who write",
		}},
		&ops.CreateTable{Table: &schema.Table{Name: "books", Columns: []*schema.Column{
			{Name: "id", Type: schema.Integer(), Autoincrement: true},
			{Name: "author_id", Type: schema.BigInt()},
			{Name: "title", Type: schema.Varchar(200), Comment: "as printed"},
			{Name: "price", Type: schema.Numeric(10, 2), Nullable: true, Default: ptr("0")},
			{Name: "in_print", Type: schema.Boolean(), Default: ptr("true")},
			{Name: "mood", Type: schema.Enum("mood", moodValues...), Nullable: true, Default: ptr("'happy'")},
		},
			PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_books", Columns: []string{"id"}},
			ForeignKeys: []*schema.ForeignKeyDef{{Name: "fk_books_author_id_authors", Columns: []string{"author_id"},
				RefTable: "authors", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
			Checks:  []*schema.CheckDef{{Name: "ck_books_price_positive", Expr: "price >= 0"}},
			Comment: "Books in the catalogue",
		}},
		&ops.CreateTable{Table: &schema.Table{Name: "tags", Columns: []*schema.Column{
			{Name: "name", Type: schema.Varchar(50)},
		}, PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_tags", Columns: []string{"name"}}}},
		&ops.CreateTable{Table: &schema.Table{Name: "loans", Columns: []*schema.Column{
			{Name: "id", Type: schema.Integer(), Autoincrement: true},
			{Name: "book_id", Type: schema.Integer(), Nullable: true},
		}, PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_loans", Columns: []string{"id"}}}},
		&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_books_title", Columns: []string{"title"}}},
		&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ux_books_author_title", Columns: []string{"author_id", "title"}, Unique: true}},
	}})
	data := []ops.Op{
		&ops.BulkInsert{Table: "authors", Columns: []string{"id", "name", "email", "bio"}, Rows: []map[string]any{
			{"id": int64(1), "name": "Ann", "email": "ann@example.com"},
			{"id": int64(2), "name": "O'Brien", "email": "ob@example.com", "bio": "line one\nline two"},
		}},
		&ops.BulkInsert{Table: "books", Columns: []string{"id", "author_id", "title", "price", "in_print"}, Rows: []map[string]any{
			{"id": int64(1), "author_id": int64(1), "title": "First", "price": 9.5, "in_print": true},
			{"id": int64(2), "author_id": int64(2), "title": "Second", "in_print": false},
		}},
		&ops.Execute{SQL: "UPDATE books SET price = 12.5 WHERE id = 2"},
	}
	if caps.NamedEnums {
		data = append(data, &ops.AddEnumValue{Name: "mood", Value: "meh", After: "happy"})
	}
	revs = append(revs, revision{"data", data})

	alter := []ops.Op{
		&ops.AddColumn{Table: "books", Column: &schema.Column{Name: "isbn", Type: schema.Char(13), Nullable: true, Comment: "ISBN-13"}},
		&ops.AddColumn{Table: "books", Column: &schema.Column{Name: "pages", Type: schema.Integer(), Default: ptr("0")}},
		&ops.AlterColumn{Table: "books", Column: "title", Nullable: ptr(true),
			ExistingType: ptr(schema.Varchar(200)), ExistingNullable: ptr(false), ExistingComment: ptr("as printed")},
		&ops.AlterColumn{Table: "books", Column: "pages", Type: ptr(schema.BigInt()),
			ExistingType: ptr(schema.Integer()), ExistingNullable: ptr(false), ExistingServerDefault: ptr("0")},
		&ops.AlterColumn{Table: "books", Column: "price", ServerDefault: &ops.Change{Value: ptr("1")},
			ExistingType: ptr(schema.Numeric(10, 2)), ExistingNullable: ptr(true), ExistingServerDefault: ptr("0")},
	}
	if caps.Comments {
		alter = append(alter, &ops.AlterColumn{Table: "books", Column: "isbn", Comment: &ops.Change{Value: ptr("International Standard Book Number")},
			ExistingType: ptr(schema.Char(13)), ExistingNullable: ptr(true), ExistingComment: ptr("ISBN-13")})
	}
	alter = append(alter,
		&ops.AddColumn{Table: "authors", Column: &schema.Column{Name: "nickname", Type: schema.Varchar(40), Nullable: true}},
		&ops.AlterColumn{Table: "authors", Column: "name", NewName: "full_name",
			ExistingType: ptr(schema.Varchar(100)), ExistingNullable: ptr(false)},
	)
	revs = append(revs, revision{"alter columns", alter})

	keys := []ops.Op{
		&ops.CreateUniqueConstraint{Table: "books", Unique: &schema.UniqueDef{Name: "uq_books_isbn", Columns: []string{"isbn"}}},
		&ops.CreateCheckConstraint{Table: "books", Check: &schema.CheckDef{Name: "ck_books_pages", Expr: "pages >= 0"}},
		&ops.DropConstraint{Table: "books", Name: "ck_books_price_positive", Type: ops.ConstraintCheck,
			ExistingCheck: &schema.CheckDef{Expr: "price >= 0"}},
		&ops.DropIndex{Table: "books", Name: "ix_books_title", Existing: &schema.IndexDef{Columns: []string{"title"}}},
		&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_books_price", Columns: []string{"price"}}},
	}
	if caps.Comments {
		keys = append(keys, &ops.CreateTableComment{Table: "books", Comment: "All the books", ExistingComment: "Books in the catalogue"})
	}
	keys = append(keys,
		&ops.CreateTable{Table: &schema.Table{Name: "reviews", Columns: []*schema.Column{
			{Name: "book_id", Type: schema.Integer()},
			{Name: "reviewer", Type: schema.Varchar(50)},
			{Name: "stars", Type: schema.SmallInt(), Nullable: true},
		}}},
		&ops.CreatePrimaryKey{Table: "reviews", PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_reviews", Columns: []string{"book_id", "reviewer"}}},
		&ops.CreateForeignKey{Table: "reviews", ForeignKey: &schema.ForeignKeyDef{Name: "fk_reviews_book_id_books",
			Columns: []string{"book_id"}, RefTable: "books", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
		// A foreign key on a column no index covers, on a table that outlives
		// the key's downgrade.
		&ops.CreateForeignKey{Table: "loans", ForeignKey: &schema.ForeignKeyDef{Name: "fk_loans_book_id_books",
			Columns: []string{"book_id"}, RefTable: "books", RefColumns: []string{"id"}}},
	)
	if caps.Comments {
		keys = append(keys, &ops.CreateTableComment{Table: "reviews", Comment: "Reader reviews"})
	}
	revs = append(revs, revision{"constraints", keys})

	drops := []ops.Op{
		&ops.RenameTable{Name: "authors", NewName: "writers"},
		&ops.DropColumn{Table: "writers", Column: "bio", Existing: &schema.Column{Name: "bio", Type: schema.Text(), Nullable: true}},
		&ops.DropTable{Name: "tags", Existing: &schema.Table{Name: "tags", Columns: []*schema.Column{
			{Name: "name", Type: schema.Varchar(50)},
		}, PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_tags", Columns: []string{"name"}}}},
		&ops.DropEnum{Name: "unused_kind", Values: []string{"a", "b"}},
	}
	if caps.Comments {
		drops = append(drops,
			&ops.DropTableComment{Table: "books", ExistingComment: "All the books"},
			&ops.AlterColumn{Table: "books", Column: "isbn", Comment: &ops.Change{},
				ExistingType: ptr(schema.Char(13)), ExistingNullable: ptr(true), ExistingComment: ptr("International Standard Book Number")},
		)
	}
	revs = append(revs, revision{"renames and drops", drops})
	return revs
}
