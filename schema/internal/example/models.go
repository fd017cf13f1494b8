package models

import "github.com/retortdb/migrate/schema"

// Metadata is the declared schema that autogenerate compares with the database.
var Metadata = schema.NewMetaData(schema.WithNamingConvention(schema.DefaultNamingConvention))

var Authors = Metadata.Table("authors",
	schema.Col("id", schema.BigInt()).PrimaryKey(),
	schema.Col("name", schema.Varchar(100)).NotNull(),
	schema.Col("email", schema.Varchar(255)).NotNull().Unique(),
	schema.Col("bio", schema.Text()),
	schema.Col("created_at", schema.TimestampTZ()).NotNull().ServerDefault("CURRENT_TIMESTAMP"),
)

var Books = Metadata.Table("books",
	schema.Col("id", schema.BigInt()).PrimaryKey(),
	schema.Col("author_id", schema.BigInt()).NotNull().References("authors.id", schema.OnDelete("CASCADE")),
	schema.Col("title", schema.Varchar(200)).NotNull(),
	schema.Col("price", schema.Numeric(10, 2)),
	schema.Col("in_print", schema.Boolean()).NotNull().ServerDefault("true"),
	schema.Col("status", schema.Enum("book_status", "draft", "published")).NotNull().ServerDefault("'draft'"),
	schema.Index("ix_books_author_id_title", "author_id", "title"),
	schema.Check("ck_books_price_positive", "price >= 0"),
).Comment("Books in the catalogue")
