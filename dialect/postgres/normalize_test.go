package postgres

import (
	"testing"

	"github.com/retortdb/migrate/schema"
)

func TestNormalizeDefault(t *testing.T) {
	d := Dialect{}
	cases := []struct {
		in   string
		t    schema.Type
		want string
	}{
		{"'x'::character varying", schema.Varchar(10), "'x'"},
		{"'draft'::book_status", schema.Enum("book_status"), "'draft'"},
		{`'happy'::"Mood"`, schema.Enum("Mood"), "'happy'"},
		{"'G'::public.mpaa_rating", schema.Enum("mpaa_rating"), "'G'"},
		{"'{}'::jsonb", schema.Dialect("postgresql", "jsonb"), "'{}'"},
		{"'{}'::integer[]", schema.Dialect("postgresql", "integer[]"), "'{}'"},
		{"'0'::integer", schema.Integer(), "0"},
		{"'-1'::integer", schema.Integer(), "-1"},
		{"'1.5'::numeric(3,1)", schema.Numeric(3, 1), "1.5"},
		{"(0)", schema.Integer(), "0"},
		{"((1.5))", schema.Numeric(0, 0), "1.5"},
		{"now()", schema.TimestampTZ(), "CURRENT_TIMESTAMP"},
		{"CURRENT_TIMESTAMP", schema.TimestampTZ(), "CURRENT_TIMESTAMP"},
		{"current_timestamp", schema.TimestampTZ(), "CURRENT_TIMESTAMP"},
		{"(now())::timestamp without time zone", schema.Timestamp(), "CURRENT_TIMESTAMP"},
		{"('now'::text)::date", schema.Date(), "('now'::text)::date"},
		{"'now'::text", schema.Date(), "'now'::text"},
		{"('now'::text)::timestamp(6) with time zone", schema.TimestampTZ(), "('now'::text)::timestamp(6) with time zone"},
		{"CURRENT_DATE", schema.Date(), "CURRENT_DATE"},
		{"TRUE", schema.Boolean(), "true"},
		{"false", schema.Boolean(), "false"},
		{"'t'::boolean", schema.Boolean(), "true"},
		{"NULL::character varying", schema.Varchar(0), "NULL"},
		{"'text'::text", schema.Text(), "'text'"},
		{"'it''s'::text", schema.Text(), "'it''s'"},
		{"'0'::text", schema.Text(), "'0'"}, // a text column keeps its quotes
		{"nextval('public.actor_actor_id_seq'::regclass)", schema.Integer(), "nextval('public.actor_actor_id_seq'::regclass)"},
		{"'a'::text || 'b'::text", schema.Text(), "'a'::text || 'b'::text"},
		{"(a + b)", schema.Integer(), "a + b"},
		{"gen_random_uuid()", schema.UUID(), "gen_random_uuid()"},
		{"  'x'  ", schema.Text(), "'x'"},
	}
	for _, c := range cases {
		if got := d.NormalizeDefault(c.in, c.t); got != c.want {
			t.Errorf("NormalizeDefault(%q, %s) = %q, want %q", c.in, c.t, got, c.want)
		}
	}
}

func TestStripOuterParens(t *testing.T) {
	cases := map[string]string{
		"((a > 0))":         "a > 0",
		"(a) + (b)":         "(a) + (b)",
		"(a = ')(')":        "a = ')('",
		`("x(" > 0)`:        `"x(" > 0`,
		"a":                 "a",
		"(qty > 0 AND (b))": "qty > 0 AND (b)",
	}
	for in, want := range cases {
		if got := StripOuterParens(in); got != want {
			t.Errorf("StripOuterParens(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDefaultSQL(t *testing.T) {
	cases := map[string]string{
		"'new'":                            "'new'",
		"0":                                "0",
		"-1":                               "-1",
		"now()":                            "now()",
		"CURRENT_DATE":                     "CURRENT_DATE",
		"'x'::text":                        "'x'::text",
		"('now'::text)::date":              "('now'::text)::date",
		"now() AT TIME ZONE 'utc'::text":   "(now() AT TIME ZONE 'utc'::text)",
		"(now() AT TIME ZONE 'utc'::text)": "(now() AT TIME ZONE 'utc'::text)",
		"NOT false":                        "(NOT false)",
		"'a'::text || 'b'::text":           "('a'::text || 'b'::text)",
		"nextval('s'::regclass)":           "nextval('s'::regclass)",
		"(1 + 2)":                          "(1 + 2)",
	}
	for in, want := range cases {
		if got := DefaultSQL(in); got != want {
			t.Errorf("DefaultSQL(%q) = %q, want %q", in, got, want)
		}
	}
}
