package mysql

import (
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
}
