package postgres

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/retortdb/migrate/schema"
)

// TypeSQL renders t as PostgreSQL DDL spells it: INTEGER, BIGINT, SMALLINT,
// BOOLEAN, VARCHAR(n), CHAR(n), TEXT, NUMERIC(p, s) (plain NUMERIC for 0,0), REAL,
// DOUBLE PRECISION, DATE, TIME WITHOUT TIME ZONE, TIMESTAMP WITHOUT TIME ZONE,
// TIMESTAMP WITH TIME ZONE, INTERVAL, BYTEA, JSON, UUID, an enum as its quoted type
// name, and a "postgresql.X" type as X verbatim. It returns an error for another
// dialect's type, an unknown portable type, or an enum without a name.
func (d Dialect) TypeSQL(t schema.Type) (string, error) {
	if !t.IsPortable() {
		if t.DialectName() != "postgresql" {
			return "", fmt.Errorf("type %q belongs to dialect %q and cannot be rendered for PostgreSQL; use a portable type or a postgresql.* type", t.Name, t.DialectName())
		}
		return t.DialectSQL(), nil
	}
	switch t.Name {
	case schema.TInteger:
		return "INTEGER", nil
	case schema.TBigInt:
		return "BIGINT", nil
	case schema.TSmallInt:
		return "SMALLINT", nil
	case schema.TBoolean:
		return "BOOLEAN", nil
	case schema.TVarchar:
		if t.Length > 0 {
			return fmt.Sprintf("VARCHAR(%d)", t.Length), nil
		}
		return "VARCHAR", nil
	case schema.TChar:
		if t.Length > 0 {
			return fmt.Sprintf("CHAR(%d)", t.Length), nil
		}
		return "CHAR", nil
	case schema.TText:
		return "TEXT", nil
	case schema.TNumeric:
		if t.Precision == 0 && t.Scale == 0 {
			return "NUMERIC", nil
		}
		return fmt.Sprintf("NUMERIC(%d, %d)", t.Precision, t.Scale), nil
	case schema.TReal:
		return "REAL", nil
	case schema.TDouble:
		return "DOUBLE PRECISION", nil
	case schema.TDate:
		return "DATE", nil
	case schema.TTime:
		return "TIME WITHOUT TIME ZONE", nil
	case schema.TTimestamp:
		return "TIMESTAMP WITHOUT TIME ZONE", nil
	case schema.TTimestampTZ:
		return "TIMESTAMP WITH TIME ZONE", nil
	case schema.TInterval:
		return "INTERVAL", nil
	case schema.TBlob:
		return "BYTEA", nil
	case schema.TJSON:
		return "JSON", nil
	case schema.TUUID:
		return "UUID", nil
	case schema.TEnum:
		if t.EnumName == "" {
			return "", fmt.Errorf("enum type has no name; PostgreSQL enums are named types (schema.Enum(\"name\", values...))")
		}
		return d.QuoteIdent(t.EnumName), nil
	}
	return "", fmt.Errorf("unknown portable type %q", t.Name)
}

var (
	reVarchar   = regexp.MustCompile(`^character varying\((\d+)\)$`)
	reChar      = regexp.MustCompile(`^character\((\d+)\)$`)
	reNumeric   = regexp.MustCompile(`^numeric\((\d+),(\d+)\)$`)
	reNumericP  = regexp.MustCompile(`^numeric\((\d+)\)$`)
	catalogType = map[string]schema.Type{
		"integer":                     schema.Integer(),
		"bigint":                      schema.BigInt(),
		"smallint":                    schema.SmallInt(),
		"boolean":                     schema.Boolean(),
		"character varying":           {Name: schema.TVarchar},
		"text":                        schema.Text(),
		"numeric":                     {Name: schema.TNumeric},
		"real":                        schema.Real(),
		"double precision":            schema.Double(),
		"date":                        schema.Date(),
		"time without time zone":      schema.Time(),
		"timestamp without time zone": schema.Timestamp(),
		"timestamp with time zone":    schema.TimestampTZ(),
		"interval":                    schema.Interval(),
		"bytea":                       schema.Blob(),
		"json":                        schema.JSON(),
		"uuid":                        schema.UUID(),
	}
)

// CatalogType maps the text PostgreSQL's format_type() gives for a column back to
// a type: every type TypeSQL renders returns to the portable type it came from
// ("character varying(20)" → varchar(20), "numeric(10,2)" → numeric(10,2),
// "bytea" → blob …); any other type, including built-ins without a portable
// spelling (jsonb, inet, tsvector, time(3) without time zone, integer[]) and
// domains, becomes the dialect-only type "postgresql.<text>", which TypeSQL renders
// back verbatim. Enums are not recognised from text: the inspector, which knows
// the column's type is an enum, builds schema.Enum itself. The inspector
// (inspect/postgres) reads every column through it, and canonical here; it
// sits beside TypeSQL, whose inverse it is.
func CatalogType(formatted string) schema.Type {
	s := strings.TrimSpace(formatted)
	if t, ok := catalogType[s]; ok {
		return t
	}
	if m := reVarchar.FindStringSubmatch(s); m != nil {
		return schema.Varchar(atoi(m[1]))
	}
	if m := reChar.FindStringSubmatch(s); m != nil {
		return schema.Char(atoi(m[1]))
	}
	if m := reNumeric.FindStringSubmatch(s); m != nil {
		return schema.Numeric(atoi(m[1]), atoi(m[2]))
	}
	if m := reNumericP.FindStringSubmatch(s); m != nil {
		return schema.Numeric(atoi(m[1]), 0)
	}
	return schema.Dialect("postgresql", s)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s) // callers pass \d+ matches only
	return n
}

// typeAliases are other spellings PostgreSQL accepts for the types CatalogType
// knows, in lower case; a "postgresql.X" type whose X is one of them is the same
// type as the portable one.
var typeAliases = map[string]string{
	"int":                      "integer",
	"int4":                     "integer",
	"int8":                     "bigint",
	"int2":                     "smallint",
	"bool":                     "boolean",
	"varchar":                  "character varying",
	"float4":                   "real",
	"float8":                   "double precision",
	"float":                    "double precision",
	"decimal":                  "numeric",
	"time":                     "time without time zone",
	"timestamp":                "timestamp without time zone",
	"timestamptz":              "timestamp with time zone",
	"timetz":                   "time with time zone",
	"bpchar":                   "character",
	"char":                     "character(1)",
	"character":                "character(1)",
	"character varying":        "character varying",
	"double precision":         "double precision",
	"time without time zone":   "time without time zone",
	"timestamp with time zone": "timestamp with time zone",
}

var reAliasArgs = regexp.MustCompile(`^(varchar|character varying|char|character|bpchar|decimal|numeric)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$`)

// canonical returns t with PostgreSQL's aliases resolved: a "postgresql.X" type
// that names a type with a portable spelling becomes that portable type, and
// char without a length becomes char(1) (PostgreSQL's meaning of CHAR).
func canonical(t schema.Type) schema.Type {
	if t.Name == schema.TChar && t.Length == 0 {
		return schema.Char(1)
	}
	if t.DialectName() != "postgresql" {
		return t
	}
	s := strings.ToLower(strings.Join(strings.Fields(t.DialectSQL()), " "))
	if m := reAliasArgs.FindStringSubmatch(s); m != nil {
		switch m[1] {
		case "varchar", "character varying":
			return schema.Varchar(atoi(m[2]))
		case "char", "character", "bpchar":
			return schema.Char(atoi(m[2]))
		default:
			return schema.Numeric(atoi(m[2]), atoi("0"+m[3]))
		}
	}
	if a, ok := typeAliases[s]; ok {
		s = a
	}
	if s == "character(1)" {
		return schema.Char(1)
	}
	return CatalogType(s)
}

// EquivalentType reports whether a declared and an inspected type are the same
// PostgreSQL type. Portable types compare exactly, except for these documented
// PostgreSQL aliases: a "postgresql.X" type equals the portable type X names
// (postgresql.int4 = integer, postgresql.varchar(20) = varchar(20),
// postgresql.timestamptz = timestamptz, postgresql.float8 = double …), CHAR
// without a length equals char(1), and two enums are the same type when their
// names are: their values are compared between MetaData.Enums (a changed value
// list is an add_enum_value, not a column type change).
func (Dialect) EquivalentType(declared, inspected schema.Type) bool {
	a, b := canonical(declared), canonical(inspected)
	if a.Name == schema.TEnum && b.Name == schema.TEnum {
		return a.EnumName == b.EnumName
	}
	if !a.IsPortable() && !b.IsPortable() {
		return strings.EqualFold(strings.Join(strings.Fields(a.Name), " "), strings.Join(strings.Fields(b.Name), " "))
	}
	return a.Equal(b)
}
