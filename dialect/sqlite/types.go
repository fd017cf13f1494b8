package sqlite

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/retortdb/migrate/schema"
)

// TypeSQL renders t as SQLite DDL spells it: integer → INTEGER, varchar(n) →
// VARCHAR(n), numeric(p,s) → NUMERIC(p, s), timestamp → TIMESTAMP, … (SQLite keeps
// the declared text; its type affinity rules decide storage). An enum becomes
// VARCHAR(length of the longest value), the CHECK that restricts its values being
// added by the column definition. "sqlite.X" renders as X verbatim. It returns an
// error for another dialect's type, an unknown portable type or an enum without
// values.
func (Dialect) TypeSQL(t schema.Type) (string, error) {
	if !t.IsPortable() {
		if t.DialectName() != "sqlite" {
			return "", fmt.Errorf("type %s belongs to dialect %q and cannot be used on SQLite: declare a portable type or sqlite.<TYPE>", t.Name, t.DialectName())
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
	case schema.TVarchar, schema.TChar:
		s := strings.ToUpper(t.Name)
		if t.Length > 0 {
			s += "(" + strconv.Itoa(t.Length) + ")"
		}
		return s, nil
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
		return "DOUBLE", nil
	case schema.TDate:
		return "DATE", nil
	case schema.TTime:
		return "TIME", nil
	case schema.TTimestamp:
		return "TIMESTAMP", nil
	case schema.TTimestampTZ:
		return "TIMESTAMPTZ", nil
	case schema.TInterval:
		return "INTERVAL", nil
	case schema.TBlob:
		return "BLOB", nil
	case schema.TJSON:
		return "JSON", nil
	case schema.TUUID:
		return "UUID", nil
	case schema.TEnum:
		if len(t.EnumValues) == 0 {
			return "", fmt.Errorf("enum %q has no values", t.EnumName)
		}
		n := 1
		for _, v := range t.EnumValues {
			n = max(n, utf8.RuneCountInString(v))
		}
		return fmt.Sprintf("VARCHAR(%d)", n), nil
	}
	return "", fmt.Errorf("unknown type %q", t.Name)
}

// TypeFromSQL maps a declared SQLite column type (as PRAGMA table_info reports
// it) back to the portable vocabulary, case-insensitively: what TypeSQL writes,
// and common foreign spellings (INT, INT4, MEDIUMINT → integer; INT8 → bigint;
// INT2, TINYINT → smallint; BOOL → boolean; NVARCHAR(n), CHARACTER VARYING(n) →
// varchar(n); NCHAR(n), CHARACTER(n) → char(n); CLOB → text; DECIMAL(p,s) →
// numeric(p,s); FLOAT, DOUBLE PRECISION → double; DATETIME → timestamp;
// TIMESTAMP WITH TIME ZONE → timestamptz). An empty declared type (no affinity)
// is blob, which stores the same way. Anything else is kept as
// "sqlite.<declared text>". EquivalentType compares through it, and the
// inspector (inspect/sqlite) maps every column with it.
func TypeFromSQL(declared string) schema.Type {
	text := strings.Join(strings.Fields(declared), " ")
	if text == "" {
		return schema.Blob()
	}
	base, args := strings.ToUpper(text), ""
	if i := strings.IndexByte(text, '('); i >= 0 && strings.HasSuffix(text, ")") {
		base, args = strings.ToUpper(strings.TrimSpace(text[:i])), text[i+1:len(text)-1]
	}
	nums, ok := parseArgs(args)
	if !ok {
		return schema.Type{Name: "sqlite." + text}
	}
	simple := map[string]schema.Type{
		"INTEGER": schema.Integer(), "INT": schema.Integer(), "INT4": schema.Integer(), "MEDIUMINT": schema.Integer(),
		"BIGINT": schema.BigInt(), "INT8": schema.BigInt(), "UNSIGNED BIG INT": schema.BigInt(),
		"SMALLINT": schema.SmallInt(), "INT2": schema.SmallInt(), "TINYINT": schema.SmallInt(),
		"BOOLEAN": schema.Boolean(), "BOOL": schema.Boolean(),
		"TEXT": schema.Text(), "CLOB": schema.Text(),
		"REAL": schema.Real(), "FLOAT4": schema.Real(),
		"DOUBLE": schema.Double(), "DOUBLE PRECISION": schema.Double(), "FLOAT": schema.Double(), "FLOAT8": schema.Double(),
		"DATE": schema.Date(), "TIME": schema.Time(),
		"TIMESTAMP": schema.Timestamp(), "DATETIME": schema.Timestamp(), "TIMESTAMP WITHOUT TIME ZONE": schema.Timestamp(),
		"TIMESTAMPTZ": schema.TimestampTZ(), "TIMESTAMP WITH TIME ZONE": schema.TimestampTZ(),
		"INTERVAL": schema.Interval(), "BLOB": schema.Blob(), "JSON": schema.JSON(), "UUID": schema.UUID(),
	}
	if t, ok := simple[base]; ok && len(nums) == 0 {
		return t
	}
	switch base {
	case "VARCHAR", "NVARCHAR", "CHARACTER VARYING", "VARYING CHARACTER", "NCHAR VARYING":
		switch len(nums) {
		case 0:
			return schema.Type{Name: schema.TVarchar}
		case 1:
			return schema.Varchar(nums[0])
		}
	case "CHAR", "NCHAR", "CHARACTER", "NATIVE CHARACTER":
		switch len(nums) {
		case 0:
			return schema.Type{Name: schema.TChar}
		case 1:
			return schema.Char(nums[0])
		}
	case "NUMERIC", "DECIMAL":
		switch len(nums) {
		case 0:
			return schema.Type{Name: schema.TNumeric}
		case 1:
			return schema.Numeric(nums[0], 0)
		case 2:
			return schema.Numeric(nums[0], nums[1])
		}
	}
	return schema.Type{Name: "sqlite." + text}
}

// DeclaredType returns the type a column declared with that text (as PRAGMA
// table_info reports it) is modelled as: the portable type TypeFromSQL maps it
// to when TypeSQL renders that type back to the same text, and
// "sqlite.<declared text>" verbatim otherwise (INT, DECIMAL(5,2), DATETIME,
// integer in lower case), so that a table rebuilt from the model declares every
// column as before. An empty declared type is blob. EquivalentType still
// compares such a type with the portable one it means, so a model may declare
// either.
func DeclaredType(declared string) schema.Type {
	text := strings.TrimSpace(declared)
	t := TypeFromSQL(text)
	if text == "" || !t.IsPortable() {
		return t
	}
	if s, err := (Dialect{}).TypeSQL(t); err == nil && s == text {
		return t
	}
	return schema.Type{Name: "sqlite." + text}
}

// parseArgs parses "" or "n" or "p, s" into non-negative integers.
func parseArgs(args string) ([]int, bool) {
	if strings.TrimSpace(args) == "" {
		return nil, true
	}
	var out []int
	for _, p := range strings.Split(args, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 0 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// EquivalentType reports whether a declared and an inspected type store the same
// way on SQLite, so autogenerate proposes no change between them. integer, bigint
// and smallint are equivalent (one INTEGER affinity; an autoincrementing key must
// be declared INTEGER to be a rowid alias, so a declared bigint key reads back as
// integer). Enums compare by their set of values only (SQLite has no enum names).
// Other types are equivalent when both render to the same SQL and read back the
// same, so sqlite.INTEGER and integer are equivalent.
func (d Dialect) EquivalentType(declared, inspected schema.Type) bool {
	if isIntFamily(declared) && isIntFamily(inspected) {
		return true
	}
	if declared.Name == schema.TEnum || inspected.Name == schema.TEnum {
		if declared.Name != inspected.Name || len(declared.EnumValues) != len(inspected.EnumValues) {
			return false
		}
		seen := map[string]bool{}
		for _, v := range declared.EnumValues {
			seen[v] = true
		}
		for _, v := range inspected.EnumValues {
			if !seen[v] {
				return false
			}
		}
		return true
	}
	a, err1 := d.TypeSQL(declared)
	b, err2 := d.TypeSQL(inspected)
	if err1 != nil || err2 != nil {
		return false
	}
	return TypeFromSQL(a).Equal(TypeFromSQL(b))
}

func isIntFamily(t schema.Type) bool {
	switch t.Name {
	case schema.TInteger, schema.TBigInt, schema.TSmallInt:
		return true
	}
	return false
}
