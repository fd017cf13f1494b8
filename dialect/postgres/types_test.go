package postgres

import (
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/schema"
)

// portableTypes pairs every portable type with its DDL and format_type() text.
var portableTypes = []struct {
	t          schema.Type
	ddl, fmted string
}{
	{schema.Integer(), "INTEGER", "integer"},
	{schema.BigInt(), "BIGINT", "bigint"},
	{schema.SmallInt(), "SMALLINT", "smallint"},
	{schema.Boolean(), "BOOLEAN", "boolean"},
	{schema.Varchar(20), "VARCHAR(20)", "character varying(20)"},
	{schema.Type{Name: schema.TVarchar}, "VARCHAR", "character varying"},
	{schema.Char(3), "CHAR(3)", "character(3)"},
	{schema.Text(), "TEXT", "text"},
	{schema.Numeric(10, 2), "NUMERIC(10, 2)", "numeric(10,2)"},
	{schema.Numeric(12, 0), "NUMERIC(12, 0)", "numeric(12,0)"},
	{schema.Numeric(0, 0), "NUMERIC", "numeric"},
	{schema.Real(), "REAL", "real"},
	{schema.Double(), "DOUBLE PRECISION", "double precision"},
	{schema.Date(), "DATE", "date"},
	{schema.Time(), "TIME WITHOUT TIME ZONE", "time without time zone"},
	{schema.Timestamp(), "TIMESTAMP WITHOUT TIME ZONE", "timestamp without time zone"},
	{schema.TimestampTZ(), "TIMESTAMP WITH TIME ZONE", "timestamp with time zone"},
	{schema.Interval(), "INTERVAL", "interval"},
	{schema.Blob(), "BYTEA", "bytea"},
	{schema.JSON(), "JSON", "json"},
	{schema.UUID(), "UUID", "uuid"},
	{schema.Dialect("postgresql", "jsonb"), "jsonb", "jsonb"},
	{schema.Dialect("postgresql", "integer[]"), "integer[]", "integer[]"},
	{schema.Dialect("postgresql", "time(3) without time zone"), "time(3) without time zone", "time(3) without time zone"},
}

func TestTypeSQLAndCatalogType(t *testing.T) {
	d := Dialect{}
	for _, c := range portableTypes {
		got, err := d.TypeSQL(c.t)
		if err != nil || got != c.ddl {
			t.Errorf("TypeSQL(%s) = %q, %v; want %q", c.t, got, err, c.ddl)
		}
		if back := CatalogType(c.fmted); !back.Equal(c.t) {
			t.Errorf("CatalogType(%q) = %s, want %s", c.fmted, back, c.t)
		}
	}
	if got, err := d.TypeSQL(schema.Enum("Book Status", "a")); err != nil || got != `"Book Status"` {
		t.Errorf("TypeSQL(enum) = %q, %v", got, err)
	}
	for _, bad := range []schema.Type{schema.Dialect("mysql", "mediumtext"), schema.Enum(""), {Name: "nope"}} {
		if got, err := d.TypeSQL(bad); err == nil {
			t.Errorf("TypeSQL(%s) = %q, want an error", bad, got)
		}
	}
}

// TestTypesOnServer creates a column of every type from TypeSQL and checks that
// format_type reads back the text CatalogType maps to the same type.
func TestTypesOnServer(t *testing.T) {
	db := testdb.Postgres(t)
	d := Dialect{}
	var cols []string
	for i, c := range portableTypes {
		s, err := d.TypeSQL(c.t)
		if err != nil {
			t.Fatal(err)
		}
		cols = append(cols, "c"+strings.Repeat("x", i)+" "+s)
	}
	if _, err := db.SQL.Exec("CREATE TABLE types (" + strings.Join(cols, ", ") + ")"); err != nil {
		t.Fatal(err)
	}
	rows, err := db.SQL.Query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'types'::regclass AND attnum > 0 ORDER BY attnum")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for ; rows.Next(); i++ {
		var f string
		if err := rows.Scan(&f); err != nil {
			t.Fatal(err)
		}
		if got := CatalogType(f); !got.Equal(portableTypes[i].t) {
			t.Errorf("column of %s reads back as %q = %s", portableTypes[i].t, f, got)
		}
	}
	if i != len(portableTypes) {
		t.Errorf("read %d columns, want %d", i, len(portableTypes))
	}
}

func TestEquivalentType(t *testing.T) {
	d := Dialect{}
	pg := func(s string) schema.Type { return schema.Dialect("postgresql", s) }
	same := [][2]schema.Type{
		{schema.Integer(), schema.Integer()},
		{pg("int4"), schema.Integer()},
		{pg("INT8"), schema.BigInt()},
		{pg("bool"), schema.Boolean()},
		{pg("varchar(20)"), schema.Varchar(20)},
		{pg("character varying(20)"), schema.Varchar(20)},
		{pg("decimal(10,2)"), schema.Numeric(10, 2)},
		{pg("float8"), schema.Double()},
		{pg("timestamptz"), schema.TimestampTZ()},
		{pg("timestamp"), schema.Timestamp()},
		{pg("bytea"), schema.Blob()},
		{schema.Char(0), schema.Char(1)},
		{pg("jsonb"), pg("jsonb")},
		{pg("JSONB"), pg("jsonb")},
		{schema.Enum("mood", "a", "b"), schema.Enum("mood", "a", "b", "c")},
	}
	for _, p := range same {
		if !d.EquivalentType(p[0], p[1]) {
			t.Errorf("EquivalentType(%s, %s) = false, want true", p[0], p[1])
		}
	}
	differ := [][2]schema.Type{
		{schema.Integer(), schema.BigInt()},
		{schema.Varchar(20), schema.Varchar(30)},
		{schema.Varchar(20), schema.Text()},
		{schema.Numeric(10, 2), schema.Numeric(10, 3)},
		{schema.JSON(), pg("jsonb")},
		{schema.Timestamp(), schema.TimestampTZ()},
		{schema.Enum("mood"), schema.Enum("feeling")},
		{schema.Dialect("mysql", "int"), schema.Integer()},
		{schema.Char(2), schema.Char(1)},
	}
	for _, p := range differ {
		if d.EquivalentType(p[0], p[1]) {
			t.Errorf("EquivalentType(%s, %s) = true, want false", p[0], p[1])
		}
	}
}
