package mysql

import (
	"strings"
	"testing"

	"github.com/retortdb/migrate/schema"
)

func TestTypeSQLAndBack(t *testing.T) {
	cases := []struct {
		typ  schema.Type
		sql  string
		back schema.Type // what ParseColumnType reads from sql
	}{
		{schema.Integer(), "INTEGER", schema.Integer()},
		{schema.BigInt(), "BIGINT", schema.BigInt()},
		{schema.SmallInt(), "SMALLINT", schema.SmallInt()},
		{schema.Boolean(), "BOOL", schema.Boolean()},
		{schema.Varchar(200), "VARCHAR(200)", schema.Varchar(200)},
		{schema.Char(3), "CHAR(3)", schema.Char(3)},
		{schema.Text(), "TEXT", schema.Text()},
		{schema.Numeric(10, 2), "NUMERIC(10, 2)", schema.Numeric(10, 2)},
		{schema.Numeric(0, 0), "NUMERIC", schema.Numeric(10, 0)},
		{schema.Real(), "FLOAT", schema.Real()},
		{schema.Double(), "DOUBLE", schema.Double()},
		{schema.Date(), "DATE", schema.Date()},
		{schema.Time(), "TIME", schema.Time()},
		{schema.Timestamp(), "DATETIME", schema.Timestamp()},
		{schema.TimestampTZ(), "TIMESTAMP", schema.TimestampTZ()},
		{schema.Blob(), "BLOB", schema.Blob()},
		{schema.JSON(), "JSON", schema.JSON()},
		{schema.UUID(), "CHAR(36)", schema.UUID()},
		{schema.Enum("st", "a", "it's"), "ENUM('a', 'it''s')", schema.Type{Name: schema.TEnum, EnumValues: []string{"a", "it's"}}},
		{schema.Dialect("mysql", "mediumtext"), "mediumtext", schema.Dialect("mysql", "mediumtext")},
		{schema.Dialect("mysql", "int unsigned"), "int unsigned", schema.Dialect("mysql", "int unsigned")},
	}
	for _, c := range cases {
		got, err := Dialect{}.TypeSQL(c.typ)
		if err != nil || got != c.sql {
			t.Errorf("TypeSQL(%s) = %q, %v; want %q", c.typ, got, err, c.sql)
			continue
		}
		if back := ParseColumnType(got); !back.Equal(c.back) {
			t.Errorf("ParseColumnType(%q) = %#v, want %#v", got, back, c.back)
		}
	}
}

func TestParseCatalogTypes(t *testing.T) {
	cases := map[string]schema.Type{
		"int(11)":          schema.Integer(),
		"int":              schema.Integer(),
		"bigint(20)":       schema.BigInt(),
		"smallint(6)":      schema.SmallInt(),
		"tinyint(1)":       schema.Boolean(),
		"tinyint(4)":       schema.Dialect("mysql", "tinyint"),
		"int(10) unsigned": schema.Dialect("mysql", "int unsigned"),
		"int unsigned":     schema.Dialect("mysql", "int unsigned"),
		// With zerofill the width is the number of digits shown: kept.
		"bigint(20) unsigned zerofill": schema.Dialect("mysql", "bigint(20) unsigned zerofill"),
		"decimal(10,2)":                schema.Numeric(10, 2),
		"decimal(10,2) unsigned":       schema.Dialect("mysql", "decimal(10,2) unsigned"),
		"varchar(160)":                 schema.Varchar(160),
		"char(36)":                     schema.UUID(),
		"char(2)":                      schema.Char(2),
		"mediumtext":                   schema.Dialect("mysql", "mediumtext"),
		"longtext":                     schema.Dialect("mysql", "longtext"),
		"datetime":                     schema.Timestamp(),
		"datetime(6)":                  schema.Dialect("mysql", "datetime(6)"),
		"timestamp":                    schema.TimestampTZ(),
		"year(4)":                      schema.Dialect("mysql", "year(4)"),
		"set('a','b')":                 schema.Dialect("mysql", "set('a','b')"),
		"enum('x,y','it''s','b\\\\s')": {Name: schema.TEnum, EnumValues: []string{"x,y", "it's", `b\s`}},
		"double":                       schema.Double(),
		"float":                        schema.Real(),
		"json":                         schema.JSON(),
		"longblob":                     schema.Dialect("mysql", "longblob"),
	}
	for text, want := range cases {
		if got := ParseColumnType(text); !got.Equal(want) {
			t.Errorf("ParseColumnType(%q) = %#v, want %#v", text, got, want)
		}
	}
}

func TestTypeSQLErrors(t *testing.T) {
	cases := map[string]schema.Type{
		"length":        {Name: schema.TVarchar},
		"dialect type":  schema.Interval(),
		"postgresql":    schema.Dialect("postgresql", "jsonb"),
		"has no values": schema.Enum("e"),
		"unknown type":  {Name: "money"},
	}
	for want, typ := range cases {
		_, err := Dialect{}.TypeSQL(typ)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("TypeSQL(%#v) error = %v, want one mentioning %q", typ, err, want)
		}
	}
}

func TestEquivalentType(t *testing.T) {
	d := Dialect{}
	same := [][2]schema.Type{
		{schema.Enum("a", "x", "y"), schema.Enum("b", "x", "y")},
		{schema.UUID(), schema.Char(36)},
		{schema.Numeric(0, 0), schema.Numeric(10, 0)},
		{schema.Dialect("mysql", "int"), schema.Integer()},
		{schema.Dialect("mysql", "bool"), schema.Boolean()},
		{schema.Dialect("mysql", "datetime"), schema.Timestamp()},
		{schema.Dialect("mysql", "INT UNSIGNED"), schema.Dialect("mysql", "int unsigned")},
	}
	for _, p := range same {
		if !d.EquivalentType(p[0], p[1]) {
			t.Errorf("EquivalentType(%s, %s) = false, want true", p[0], p[1])
		}
	}
	differ := [][2]schema.Type{
		{schema.Enum("a", "x", "y"), schema.Enum("a", "x", "z")},
		{schema.Varchar(10), schema.Varchar(20)},
		{schema.Timestamp(), schema.TimestampTZ()},
		{schema.Text(), schema.Dialect("mysql", "mediumtext")},
		{schema.Interval(), schema.Integer()},
		{schema.Real(), schema.Double()},
	}
	for _, p := range differ {
		if d.EquivalentType(p[0], p[1]) {
			t.Errorf("EquivalentType(%s, %s) = true, want false", p[0], p[1])
		}
	}
}
