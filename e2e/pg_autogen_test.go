package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
)

const pgEnumModels = `package models

import "github.com/retortdb/migrate/schema"

// Metadata declares one table with an enum column.
var Metadata = schema.NewMetaData(schema.WithNamingConvention(schema.DefaultNamingConvention))

var Books = Metadata.Table("books",
	schema.Col("id", schema.Integer()).PrimaryKey(),
	schema.Col("status", schema.Enum("book_status", VALUES)).NotNull().ServerDefault("'draft'"),
	schema.Col("code", CODE),
)
`

func pgEnumModel(values, code string) string {
	return strings.NewReplacer("VALUES", values, "CODE", code).Replace(pgEnumModels)
}

// pgVersionFile returns the text of the one revision file whose name has slug.
func pgVersionFile(p *project, slug string) (path, body string) {
	p.t.Helper()
	for _, f := range p.versionFiles() {
		if strings.Contains(filepath.Base(f), slug) {
			b, err := os.ReadFile(f)
			if err != nil {
				p.t.Fatal(err)
			}
			return f, string(b)
		}
	}
	p.t.Fatalf("no revision file *%s*", slug)
	return "", ""
}

// TestPgEnumValueAndUsing: a value added to an enum becomes add_enum_value,
// which runs inside the revision's transaction; a text column turned integer
// gets USING; both leave check at 0 and downgrade.
func TestPgEnumValueAndUsing(t *testing.T) {
	db := testdb.Postgres(t)
	p := pgProject(t, db, pgEnumModel(`"draft", "published"`, "schema.Text()"))
	p.ok("revision", "--autogenerate", "-m", "init")
	p.ok("upgrade", "head")
	if _, err := db.SQL.Exec(`INSERT INTO books (id, code) VALUES (1, '42')`); err != nil {
		t.Fatal(err)
	}

	p.write("models/models.go", pgEnumModel(`"draft", "review", "published"`, "schema.Integer()"))
	r := p.run("check")
	if r.Code != 1 || !strings.Contains(r.Stderr, "book_status") || !strings.Contains(r.Stderr, "books.code") {
		t.Fatalf("check: exit %d, want 1 naming the enum and the column:\n%s", r.Code, r.Stderr)
	}
	p.ok("revision", "--autogenerate", "-m", "review and code")
	_, body := pgVersionFile(p, "review_and_code")
	for _, want := range []string{"add_enum_value: {name: book_status, value: review, after: draft}", "alter_column"} {
		if !strings.Contains(body, want) {
			t.Errorf("revision lacks %q:\n%s", want, body)
		}
	}
	sql := p.ok("upgrade", "head", "--sql").Stdout
	if !strings.Contains(sql, "ALTER TYPE book_status ADD VALUE IF NOT EXISTS 'review' AFTER 'draft'") || !strings.Contains(sql, "USING code::INTEGER") {
		t.Errorf("upgrade script lacks ADD VALUE or USING:\n%s", sql)
	}
	p.ok("upgrade", "head")
	p.ok("check")
	var code int
	if err := db.SQL.QueryRow(`SELECT code FROM books WHERE id = 1`).Scan(&code); err != nil || code != 42 {
		t.Errorf("code after USING conversion = %d, %v; want 42", code, err)
	}
	var labels string
	if err := db.SQL.QueryRow(`SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = 'book_status'::regtype`).Scan(&labels); err != nil || labels != "draft,review,published" {
		t.Errorf("book_status labels = %q, %v", labels, err)
	}
	// The downgrade turns the column back to text; the enum value stays (PostgreSQL
	// cannot drop one), which check then reports.
	p.ok("downgrade", "-1")
	var typ string
	if err := db.SQL.QueryRow(`SELECT format_type(atttypid, atttypmod) || ':' || (SELECT code FROM books WHERE id = 1) FROM pg_attribute WHERE attrelid = 'books'::regclass AND attname = 'code'`).Scan(&typ); err != nil || typ != "text:42" {
		t.Errorf("code after downgrade = %q, %v; want text:42", typ, err)
	}
}

// TestPgEnumValueUseNeedsNewTransaction documents PostgreSQL's rule: ALTER TYPE
// … ADD VALUE runs in a transaction (12+), but the value cannot be used until
// that transaction commits. A revision that adds and uses it fails and rolls
// back as a whole; marked transactional: false it runs.
func TestPgEnumValueUseNeedsNewTransaction(t *testing.T) {
	db := testdb.Postgres(t)
	p := pgProject(t, db, pgEmptyModels)
	p.write("migrations/versions/e1_enum.yaml", `revision: e1
down_revision: null
message: enum
upgrade:
  - create_enum: {name: color, values: [red]}
  - execute: "CREATE TABLE paint (c color)"
downgrade:
  - execute: "DROP TABLE paint"
  - drop_enum: {name: color, values: [red]}
`)
	use := `revision: e2
down_revision: e1
message: add and use
transactional: TX
upgrade:
  - add_enum_value: {name: color, value: green}
  - execute: "INSERT INTO paint VALUES ('green')"
downgrade:
  - execute: "DELETE FROM paint"
`
	p.write("migrations/versions/e2_use.yaml", strings.Replace(use, "TX", "true", 1))
	p.fails(1, "e2", "upgrade", "head")
	if got := strings.TrimSpace(p.ok("current").Stdout); got != "" {
		t.Fatalf("current after the failed run = %q, want nothing (one transaction, rolled back)", got)
	}
	p.write("migrations/versions/e2_use.yaml", strings.Replace(use, "TX", "false", 1))
	p.ok("upgrade", "head")
	var n int
	if err := db.SQL.QueryRow(`SELECT count(*) FROM paint WHERE c = 'green'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("rows with the new value = %d, %v; want 1", n, err)
	}
}
