// Package scratch makes throwaway Go modules for tests: a user's module that
// requires github.com/retortdb/migrate with a replace directive pointing at this
// checkout, as a real user's project would during development.
package scratch

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// RepoRoot returns the root of this checkout.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Module writes a module named example.com/shop into a new temporary directory
// with the given files (path → content) and returns its directory. Its go.sum is
// this repository's, so builds need no network.
func Module(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	root := RepoRoot()
	gomod := "module example.com/shop\n\ngo 1.26.0\n\nrequire github.com/retortdb/migrate v0.0.0\n\nreplace github.com/retortdb/migrate => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(rel, content string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", gomod)
	write("go.sum", string(sum))
	for k, v := range files {
		write(k, v)
	}
	return dir
}

// DesignModels is DESIGN.md's "Declared metadata" example file, verbatim.
const DesignModels = `package models

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
`
