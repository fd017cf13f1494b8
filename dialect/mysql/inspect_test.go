package mysql

import (
	"database/sql"
	"testing"

	"github.com/retortdb/migrate/schema"
)

func TestNormalizeDefault(t *testing.T) {
	cases := []struct {
		expr string
		typ  schema.Type
		want string
	}{
		{"'text'", schema.Text(), "'text'"},
		{`'it''s \\ x'`, schema.Varchar(10), `'it''s \\ x'`},
		{`'it\'s'`, schema.Varchar(10), `'it''s'`},
		{`"dq"`, schema.Varchar(10), `'dq'`},
		{"_utf8mb4'x'", schema.Varchar(10), "'x'"},
		{"('x')", schema.Text(), "'x'"},
		{"NULL", schema.Integer(), ""},
		{"null", schema.Varchar(3), ""},
		{"  ", schema.Integer(), ""},
		{"current_timestamp()", schema.TimestampTZ(), "CURRENT_TIMESTAMP"},
		{"now()", schema.TimestampTZ(), "CURRENT_TIMESTAMP"},
		{"CURRENT_TIMESTAMP", schema.TimestampTZ(), "CURRENT_TIMESTAMP"},
		{"localtimestamp", schema.Timestamp(), "CURRENT_TIMESTAMP"},
		{"current_timestamp(6)", schema.Dialect("mysql", "datetime(6)"), "CURRENT_TIMESTAMP(6)"},
		{"current_timestamp() on update current_timestamp()", schema.TimestampTZ(), "CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"},
		{"NULL ON UPDATE now()", schema.TimestampTZ(), "NULL ON UPDATE CURRENT_TIMESTAMP"},
		{"1", schema.Boolean(), "true"},
		{"0", schema.Boolean(), "false"},
		{"'1'", schema.Boolean(), "true"},
		{"TRUE", schema.Boolean(), "true"},
		{"False", schema.Boolean(), "false"},
		{"1.50", schema.Numeric(10, 2), "1.5"},
		{"0.00", schema.Numeric(10, 2), "0"},
		{"-0.50", schema.Numeric(10, 2), "-0.5"},
		{"007", schema.Integer(), "7"},
		{"'5'", schema.Integer(), "5"},
		{"'5'", schema.Varchar(3), "'5'"},
		{"1", schema.Integer(), "1"},
		{"uuid()", schema.UUID(), "uuid()"},
		{"(uuid())", schema.UUID(), "uuid()"},
	}
	for _, c := range cases {
		if got := (Dialect{}).NormalizeDefault(c.expr, c.typ); got != c.want {
			t.Errorf("NormalizeDefault(%q, %s) = %q, want %q", c.expr, c.typ, got, c.want)
		}
	}
}

func TestInspectedDefault(t *testing.T) {
	maria := ParseFlavor("10.11.19-MariaDB-0+deb12u1")
	my8 := ParseFlavor("8.0.36")
	if !maria.MariaDB || maria.Major != 10 || maria.Minor != 11 || maria.Patch != 19 || my8.MariaDB || my8.Major != 8 || my8.Patch != 36 {
		t.Fatalf("ParseFlavor: %+v %+v", maria, my8)
	}
	ns := func(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }
	cases := []struct {
		name         string
		f            Flavor
		def          sql.NullString
		extra, dtype string
		typ          schema.Type
		want         string // "" = nil
	}{
		{"maria string", maria, ns("'it''s'"), "", "varchar", schema.Varchar(9), "'it''s'"},
		{"maria NULL", maria, ns("NULL"), "", "varchar", schema.Varchar(9), ""},
		{"maria string NULL", maria, ns("'NULL'"), "", "varchar", schema.Varchar(9), "'NULL'"},
		{"maria no default", maria, sql.NullString{}, "", "int", schema.Integer(), ""},
		{"maria now", maria, ns("current_timestamp()"), "on update current_timestamp()", "timestamp", schema.TimestampTZ(), "CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"},
		{"maria bool", maria, ns("1"), "", "tinyint", schema.Boolean(), "true"},
		{"mysql string", my8, ns("it's"), "", "varchar", schema.Varchar(9), "'it''s'"},
		{"mysql enum", my8, ns("draft"), "", "enum", schema.Enum("s", "draft"), "'draft'"},
		{"mysql date", my8, ns("2020-01-01"), "", "date", schema.Date(), "'2020-01-01'"},
		{"mysql number", my8, ns("1.50"), "", "decimal", schema.Numeric(10, 2), "1.5"},
		{"mysql now", my8, ns("CURRENT_TIMESTAMP"), "DEFAULT_GENERATED on update CURRENT_TIMESTAMP", "timestamp", schema.TimestampTZ(), "CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"},
		{"mysql expression", my8, ns("uuid()"), "DEFAULT_GENERATED", "char", schema.UUID(), "uuid()"},
		{"mysql text expression", my8, ns(`_utf8mb4\'hi\'`), "DEFAULT_GENERATED", "text", schema.Text(), "'hi'"},
		{"mysql null", my8, sql.NullString{}, "", "varchar", schema.Varchar(3), ""},
		{"mysql bool", my8, ns("0"), "", "tinyint", schema.Boolean(), "false"},
	}
	for _, c := range cases {
		got := InspectedDefault(c.f, c.def, c.extra, c.dtype, c.typ)
		switch {
		case c.want == "" && got != nil:
			t.Errorf("%s: got %q, want no default", c.name, *got)
		case c.want != "" && (got == nil || *got != c.want):
			t.Errorf("%s: got %v, want %q", c.name, got, c.want)
		}
	}
}

func TestFlavorFeatures(t *testing.T) {
	cases := []struct {
		v             string
		checks, exprs bool
	}{
		{"10.11.19-MariaDB", true, false},
		{"10.1.48-MariaDB", false, false},
		{"8.0.36", true, true},
		{"8.0.15", false, true},
		{"8.0.12", false, false},
		{"5.7.44-log", false, false},
		{"9.1.0", true, true},
	}
	for _, c := range cases {
		f := ParseFlavor(c.v)
		if f.HasCheckConstraints() != c.checks || f.HasIndexExpressions() != c.exprs {
			t.Errorf("%s: checks %v exprs %v, want %v %v", c.v, f.HasCheckConstraints(), f.HasIndexExpressions(), c.checks, c.exprs)
		}
	}
}

func TestNormalizeCheck(t *testing.T) {
	cases := map[string]string{
		"`price` >= 0":                            "price >= 0",
		"(`price` >= 0)":                          "price >= 0",
		"`n` >= 0 and `s` <> 'x'":                 "n >= 0 and s <> 'x'",
		"(`status` in (_utf8mb4'a',_utf8mb4'b'))": "status in ('a','b')",
		"`order` > 1":                             "`order` > 1",
		"`my col` > '`x`'":                        "`my col` > '`x`'",
		"(a > 0) and (b > 0)":                     "(a > 0) and (b > 0)",
	}
	for in, want := range cases {
		if got := NormalizeCheck(in); got != want {
			t.Errorf("NormalizeCheck(%q) = %q, want %q", in, got, want)
		}
	}
	if !IsJSONCheck("doc", "json_valid(`doc`)", "doc") || IsJSONCheck("ck", "json_valid(`doc`)", "doc") || IsJSONCheck("doc", "json_valid(`other`)", "doc") {
		t.Error("IsJSONCheck misjudges MariaDB's JSON check")
	}
}
