// Package models declares the bookstore schema that `migrate revision
// --autogenerate` compares with the database.
package models

import "github.com/retortdb/migrate/schema"

// Metadata is the declared schema of the example bookstore.
var Metadata = schema.NewMetaData(schema.WithNamingConvention(schema.DefaultNamingConvention))

// Authors writes books.
var Authors = Metadata.Table("authors",
	schema.Col("id", schema.BigInt()).PrimaryKey(),
	schema.Col("name", schema.Varchar(100)).NotNull(),
	schema.Col("email", schema.Varchar(255)).NotNull().Unique(),
	schema.Col("bio", schema.Text()),
	schema.Col("created_at", schema.TimestampTZ()).NotNull().ServerDefault("CURRENT_TIMESTAMP"),
)

// Books are in the catalogue.
var Books = Metadata.Table("books",
	schema.Col("id", schema.BigInt()).PrimaryKey(),
	schema.Col("author_id", schema.BigInt()).NotNull().References("authors.id", schema.OnDelete("CASCADE")),
	schema.Col("title", schema.Varchar(200)).NotNull(),
	schema.Col("isbn", schema.Varchar(17)),
	schema.Col("price", schema.Numeric(10, 2)),
	schema.Col("status", schema.Enum("book_status", "draft", "published")).NotNull().ServerDefault("'draft'"),
	schema.Index("ix_books_author_id_title", "author_id", "title"),
	schema.Index("ix_books_isbn", "isbn").Unique(),
	schema.Check("ck_books_price_positive", "price >= 0"),
).Comment("Books in the catalogue")

// Reviews are readers' ratings of books.
var Reviews = Metadata.Table("reviews",
	schema.Col("id", schema.BigInt()).PrimaryKey(),
	schema.Col("book_id", schema.BigInt()).NotNull().References("books.id", schema.OnDelete("CASCADE")),
	schema.Col("rating", schema.SmallInt()).NotNull(),
	schema.Col("body", schema.Text()),
	schema.Check("ck_reviews_rating_range", "rating BETWEEN 1 AND 5"),
)
