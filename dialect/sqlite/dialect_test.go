package sqlite

import (
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/schema"
)

func TestRegistered(t *testing.T) {
	d, err := dialect.Get("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	if d.Name() != "sqlite" {
		t.Fatalf("Name() = %q", d.Name())
	}
	want := dialect.Capabilities{TransactionalDDL: true, LiveSchemaOnline: true}
	if got := d.Capabilities(); got != want {
		t.Fatalf("Capabilities() = %+v, want %+v", got, want)
	}
}

func TestQuoteIdent(t *testing.T) {
	for in, want := range map[string]string{
		"books":     "books",
		"_x1":       "_x1",
		"Books":     `"Books"`,
		"order":     `"order"`,
		"ORDER":     `"ORDER"`,
		"1abc":      `"1abc"`,
		"has space": `"has space"`,
		`we"ird`:    `"we""ird"`,
		"":          `""`,
	} {
		if got := (Dialect{}).QuoteIdent(in); got != want {
			t.Errorf("QuoteIdent(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestLiteral(t *testing.T) {
	ts := time.Date(2026, 11, 20, 10, 0, 1, 123456000, time.FixedZone("X", 3600))
	for _, c := range []struct {
		in   any
		want string
	}{
		{nil, "NULL"}, {true, "1"}, {false, "0"}, {int64(-42), "-42"}, {7, "7"}, {uint8(3), "3"},
		{1.5, "1.5"}, {2.0, "2.0"}, {"it's", "'it''s'"}, {[]byte{0x0a, 0xff}, "X'0AFF'"},
		{ts, "'2026-11-20 09:00:01.123456'"},
	} {
		got, err := Dialect{}.Literal(c.in)
		if err != nil || got != c.want {
			t.Errorf("Literal(%#v) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []any{struct{}{}, map[string]int{}} {
		if _, err := (Dialect{}).Literal(bad); err == nil {
			t.Errorf("Literal(%T) succeeded, want an error", bad)
		}
	}
}

func TestVersionTableSQL(t *testing.T) {
	d := Dialect{}
	vt := dialect.VersionTable{Name: "migrate_version"}
	got := d.CreateVersionTable(vt)
	want := "CREATE TABLE IF NOT EXISTS migrate_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT migrate_version_pkc PRIMARY KEY (version_num))"
	if len(got) != 1 || got[0] != want {
		t.Fatalf("CreateVersionTable = %q\nwant %q", got, want)
	}
	if s := d.InsertVersion(vt, "ae1"); s != "INSERT INTO migrate_version (version_num) VALUES ('ae1')" {
		t.Errorf("InsertVersion = %q", s)
	}
	if s := d.UpdateVersion(vt, "a", "b"); s != "UPDATE migrate_version SET version_num = 'b' WHERE version_num = 'a'" {
		t.Errorf("UpdateVersion = %q", s)
	}
	if s := d.DeleteVersion(vt, "a"); s != "DELETE FROM migrate_version WHERE version_num = 'a'" {
		t.Errorf("DeleteVersion = %q", s)
	}
	if d.Begin() != "BEGIN" || d.Commit() != "COMMIT" {
		t.Errorf("Begin/Commit = %q/%q", d.Begin(), d.Commit())
	}
}

func TestTypeSQLRoundTrip(t *testing.T) {
	d := Dialect{}
	for _, ty := range []schema.Type{
		schema.Integer(), schema.BigInt(), schema.SmallInt(), schema.Boolean(), schema.Varchar(20),
		schema.Char(3), schema.Text(), schema.Numeric(10, 2), schema.Real(), schema.Double(), schema.Date(),
		schema.Time(), schema.Timestamp(), schema.TimestampTZ(), schema.Interval(), schema.Blob(),
		schema.JSON(), schema.UUID(), schema.Dialect("sqlite", "GEOMETRY"),
	} {
		s, err := d.TypeSQL(ty)
		if err != nil {
			t.Fatalf("TypeSQL(%s): %v", ty, err)
		}
		if back := TypeFromSQL(s); !back.Equal(ty) {
			t.Errorf("TypeFromSQL(TypeSQL(%s) = %q) = %s", ty, s, back)
		}
		if back := TypeFromSQL(lower(s)); !back.Equal(ty) && ty.IsPortable() {
			t.Errorf("TypeFromSQL(%q) = %s, want %s (case-insensitive)", lower(s), back, ty)
		}
	}
	if s, _ := d.TypeSQL(schema.Numeric(10, 2)); s != "NUMERIC(10, 2)" {
		t.Errorf("numeric(10,2) renders %q", s)
	}
	if s, _ := d.TypeSQL(schema.Enum("st", "draft", "published", "x")); s != "VARCHAR(9)" {
		t.Errorf("enum renders %q, want VARCHAR(9)", s)
	}
	if _, err := d.TypeSQL(schema.Dialect("postgresql", "jsonb")); err == nil {
		t.Error("TypeSQL(postgresql.jsonb) succeeded, want an error")
	}
	if _, err := d.TypeSQL(schema.Enum("e")); err == nil {
		t.Error("TypeSQL(enum without values) succeeded, want an error")
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func TestTypeFromSQLForeignSpellings(t *testing.T) {
	for in, want := range map[string]schema.Type{
		"INT":                      schema.Integer(),
		"NVARCHAR(160)":            schema.Varchar(160),
		"nchar(2)":                 schema.Char(2),
		"DATETIME":                 schema.Timestamp(),
		"DECIMAL(8,3)":             schema.Numeric(8, 3),
		"numeric(10,2)":            schema.Numeric(10, 2),
		"DOUBLE PRECISION":         schema.Double(),
		"character varying(5)":     schema.Varchar(5),
		"TIMESTAMP WITH TIME ZONE": schema.TimestampTZ(),
		"CLOB":                     schema.Text(),
		"BOOL":                     schema.Boolean(),
		"":                         schema.Blob(),
		"GEOMETRY":                 schema.Dialect("sqlite", "GEOMETRY"),
		"VARCHAR(x)":               schema.Dialect("sqlite", "VARCHAR(x)"),
	} {
		if got := TypeFromSQL(in); !got.Equal(want) {
			t.Errorf("TypeFromSQL(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestEquivalentType(t *testing.T) {
	d := Dialect{}
	yes := [][2]schema.Type{
		{schema.BigInt(), schema.Integer()},
		{schema.SmallInt(), schema.BigInt()},
		{schema.Enum("a", "x", "y"), schema.Enum("b", "y", "x")},
		{schema.Dialect("sqlite", "INTEGER"), schema.Integer()},
		{schema.Varchar(10), schema.Varchar(10)},
	}
	no := [][2]schema.Type{
		{schema.Varchar(10), schema.Varchar(20)},
		{schema.Enum("a", "x", "y"), schema.Enum("a", "x", "z")},
		{schema.Enum("a", "x"), schema.Varchar(1)},
		{schema.Boolean(), schema.Integer()},
		{schema.Numeric(10, 2), schema.Numeric(10, 3)},
	}
	for _, p := range yes {
		if !d.EquivalentType(p[0], p[1]) {
			t.Errorf("EquivalentType(%s, %s) = false, want true", p[0], p[1])
		}
	}
	for _, p := range no {
		if d.EquivalentType(p[0], p[1]) {
			t.Errorf("EquivalentType(%s, %s) = true, want false", p[0], p[1])
		}
	}
}

func TestNormalizeDefault(t *testing.T) {
	d := Dialect{}
	for _, c := range []struct {
		in   string
		ty   schema.Type
		want string
	}{
		{"(datetime('now'))", schema.Text(), "datetime('now')"},
		{"((1 + 2))", schema.Integer(), "1 + 2"},
		{"(1) + (2)", schema.Integer(), "(1) + (2)"},
		{"current_timestamp", schema.Timestamp(), "CURRENT_TIMESTAMP"},
		{"TRUE", schema.Boolean(), "true"},
		{"1", schema.Boolean(), "true"},
		{"0", schema.Boolean(), "false"},
		{"false", schema.Boolean(), "false"},
		{"1", schema.Integer(), "1"},
		{"1.50", schema.Numeric(4, 2), "1.50"},
		{"'(x)'", schema.Text(), "'(x)'"},
	} {
		if got := d.NormalizeDefault(c.in, c.ty); got != c.want {
			t.Errorf("NormalizeDefault(%q, %s) = %q, want %q", c.in, c.ty, got, c.want)
		}
	}
}
