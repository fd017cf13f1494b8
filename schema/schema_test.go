package schema_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/schema"
	models "github.com/retortdb/migrate/schema/internal/example"
)

func ptr(s string) *string { return &s }

func TestDesignExample(t *testing.T) {
	m := models.Metadata
	if err := m.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	want := &schema.MetaData{
		NamingConvention: schema.DefaultNamingConvention,
		Enums:            []*schema.EnumDef{{Name: "book_status", Values: []string{"draft", "published"}}},
		Tables: []*schema.Table{
			{
				Name: "authors",
				Columns: []*schema.Column{
					{Name: "id", Type: schema.BigInt(), Autoincrement: true},
					{Name: "name", Type: schema.Varchar(100)},
					{Name: "email", Type: schema.Varchar(255)},
					{Name: "bio", Type: schema.Text(), Nullable: true},
					{Name: "created_at", Type: schema.TimestampTZ(), Default: ptr("CURRENT_TIMESTAMP")},
				},
				PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_authors", Columns: []string{"id"}},
				Uniques:    []*schema.UniqueDef{{Name: "uq_authors_email", Columns: []string{"email"}}},
			},
			{
				Name:    "books",
				Comment: "Books in the catalogue",
				Columns: []*schema.Column{
					{Name: "id", Type: schema.BigInt(), Autoincrement: true},
					{Name: "author_id", Type: schema.BigInt()},
					{Name: "title", Type: schema.Varchar(200)},
					{Name: "price", Type: schema.Numeric(10, 2), Nullable: true},
					{Name: "in_print", Type: schema.Boolean(), Default: ptr("true")},
					{Name: "status", Type: schema.Enum("book_status", "draft", "published"), Default: ptr("'draft'")},
				},
				PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_books", Columns: []string{"id"}},
				ForeignKeys: []*schema.ForeignKeyDef{{
					Name: "fk_books_author_id_authors", Columns: []string{"author_id"},
					RefTable: "authors", RefColumns: []string{"id"}, OnDelete: "CASCADE",
				}},
				Checks:  []*schema.CheckDef{{Name: "ck_books_price_positive", Expr: "price >= 0"}},
				Indexes: []*schema.IndexDef{{Name: "ix_books_author_id_title", Columns: []string{"author_id", "title"}}},
			},
		},
	}
	if d := cmp.Diff(want, m); d != "" {
		t.Errorf("declared metadata (-want +got):\n%s", d)
	}
	if models.Books.Table().Comment != "Books in the catalogue" || models.Authors.Name() != "authors" {
		t.Errorf("table handles do not point at the declared tables")
	}
}

func TestJSONRoundTrip(t *testing.T) {
	b, err := schema.MarshalJSON(models.Metadata)
	if err != nil {
		t.Fatal(err)
	}
	back, err := schema.UnmarshalJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(models.Metadata, back); d != "" {
		t.Errorf("JSON round trip (-orig +back):\n%s", d)
	}
	if !strings.Contains(string(b), `"enum": "book_status"`) {
		t.Errorf("enum type not in its structured JSON form:\n%s", b)
	}
	empty, err := schema.UnmarshalJSON([]byte(`{"tables": null}`))
	if err != nil || empty.Tables == nil || len(empty.Tables) != 0 {
		t.Errorf("empty metadata: %v %#v", err, empty)
	}
}

func TestNamingConvention(t *testing.T) {
	m := schema.NewMetaData(schema.WithNamingConvention(schema.DefaultNamingConvention))
	m.Table("a", schema.Col("id", schema.Integer()).PrimaryKey(), schema.Col("x", schema.Integer()))
	tb := m.Table("b",
		schema.Col("a_id", schema.Integer()).References("a.id"),
		schema.Col("x", schema.Integer()).Indexed(),
		schema.Col("y", schema.Integer()),
		schema.Col("very_long_column_name_that_goes_on_and_on_and_on_and_on_forever", schema.Integer()),
		schema.UniqueConstraint("", "x", "y"),
		schema.Check("", "x > 0"),
		schema.Check("ck_named", "y > 0"),
		schema.Index("", "very_long_column_name_that_goes_on_and_on_and_on_and_on_forever", "y"),
	).Table()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := tb.ForeignKeys[0].Name; got != "fk_b_a_id_a" {
		t.Errorf("fk name %q", got)
	}
	if got := tb.Uniques[0].Name; got != "uq_b_x_y" {
		t.Errorf("uq name %q", got)
	}
	if got := tb.Indexes[0].Name; got != "ix_b_x" {
		t.Errorf("ix name %q", got)
	}
	if got := tb.Checks[0].Name; !strings.HasPrefix(got, "ck_b_") || len(got) != len("ck_b_")+8 {
		t.Errorf("unnamed check name %q", got)
	}
	if got := tb.Checks[1].Name; got != "ck_named" {
		t.Errorf("explicit check name changed to %q", got)
	}
	long := tb.Indexes[1].Name
	if len(long) != schema.MaxIdentifierLength || !strings.HasPrefix(long, "ix_b_very_long") {
		t.Errorf("long index name %q (%d chars)", long, len(long))
	}
	if m.Tables[0].Columns[0].Autoincrement != true || tb.Columns[0].Autoincrement {
		t.Errorf("autoincrement: single integer pk should, plain column should not")
	}
}

func TestValidateReportsMistakes(t *testing.T) {
	m := schema.NewMetaData()
	m.Table("t",
		schema.Col("a", schema.Integer()),
		schema.Col("a", schema.Integer()),
		schema.Col("b", schema.Integer()).References("nope.id"),
		schema.Index("ix", "missing"),
		schema.PrimaryKeyConstraint("zz"),
		schema.Col("e1", schema.Enum("e", "x")),
		schema.Col("e2", schema.Enum("e", "y")),
	)
	m.Table("t")
	err := m.Validate()
	if err == nil {
		t.Fatal("Validate accepted a broken declaration")
	}
	for _, want := range []string{
		`column "a" is declared twice`,
		`refers to table "nope"`,
		`primary key names column "zz"`,
		`enum "e" is declared twice with different values`,
		`table "t" is declared twice`,
		`index "ix" names column "missing", which the table does not have (an SQL expression key is written as SQL`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate error lacks %q:\n%v", want, err)
		}
	}
}

// TestValidateIndexKeys: a bare index key must be a column (a typo is
// reported), an expression key has parentheses and is accepted as SQL, and an
// included column must exist.
func TestValidateIndexKeys(t *testing.T) {
	m := schema.NewMetaData()
	m.Table("u",
		schema.Col("email", schema.Text()),
		schema.Col("qty", schema.Integer()),
		schema.Index("ix_ok", "email", "lower(email)", "(qty + 1)", "qty * -1"),
		schema.Index("ix_typo", "emial"),
		schema.Index("ix_inc", "email").Include("nope"),
	)
	err := m.Validate()
	if err == nil {
		t.Fatal("Validate accepted index keys naming no column")
	}
	msg := err.Error()
	for _, want := range []string{`index "ix_typo" names column "emial"`, `index "ix_inc" includes column "nope"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("Validate error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "ix_ok") {
		t.Errorf("Validate refused columns or expressions:\n%s", msg)
	}
}

func TestParseType(t *testing.T) {
	good := map[string]schema.Type{
		"integer":          schema.Integer(),
		"VARCHAR(200)":     schema.Varchar(200),
		"numeric(10, 2)":   schema.Numeric(10, 2),
		"decimal(5)":       schema.Numeric(5, 0),
		"postgresql.jsonb": schema.Dialect("postgresql", "jsonb"),
		"timestamptz":      schema.TimestampTZ(),
	}
	for in, want := range good {
		got, err := schema.ParseType(in)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseType(%q) = %v, %v; want %v", in, got, err, want)
		}
		if back, err := schema.ParseType(got.String()); err != nil || !back.Equal(got) {
			t.Errorf("String/ParseType round trip of %v: %v %v", got, back, err)
		}
	}
	for _, bad := range []string{"", "varchar(x)", "integer(3)", "oracle.number", "enum", "numeric(1,2,3)", "blobby", "varchar(10"} {
		if _, err := schema.ParseType(bad); err == nil {
			t.Errorf("ParseType(%q) accepted", bad)
		}
	}
}

func TestMetaDataClone(t *testing.T) {
	c := models.Metadata.Clone()
	if d := cmp.Diff(models.Metadata, c); d != "" {
		t.Fatalf("clone differs:\n%s", d)
	}
	c.Tables[0].Columns[0].Name = "changed"
	c.Enums[0].Values[0] = "changed"
	if models.Metadata.Tables[0].Columns[0].Name == "changed" || models.Metadata.Enums[0].Values[0] == "changed" {
		t.Fatal("clone shares memory with the original")
	}
}
