package mysql

import (
	"database/sql"
	"testing"

	"github.com/retortdb/migrate/schema"
)

func TestInspectedDefault(t *testing.T) {
	maria := parseFlavor("10.11.19-MariaDB-0+deb12u1")
	my8 := parseFlavor("8.0.36")
	if !maria.MariaDB || maria.Major != 10 || maria.Minor != 11 || maria.Patch != 19 || my8.MariaDB || my8.Major != 8 || my8.Patch != 36 {
		t.Fatalf("parseFlavor: %+v %+v", maria, my8)
	}
	ns := func(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }
	cases := []struct {
		name         string
		f            flavor
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
		got := inspectedDefault(c.f, c.def, c.extra, c.dtype, c.typ)
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
		f := parseFlavor(c.v)
		if f.hasCheckConstraints() != c.checks || f.hasIndexExpressions() != c.exprs {
			t.Errorf("%s: checks %v exprs %v, want %v %v", c.v, f.hasCheckConstraints(), f.hasIndexExpressions(), c.checks, c.exprs)
		}
	}
}

func TestIsJSONCheck(t *testing.T) {
	if !isJSONCheck("doc", "json_valid(`doc`)", "doc") || isJSONCheck("ck", "json_valid(`doc`)", "doc") || isJSONCheck("doc", "json_valid(`other`)", "doc") {
		t.Error("isJSONCheck misjudges MariaDB's JSON check")
	}
}
