package mysql

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/retortdb/migrate/schema"
)

// TypeSQL renders t as MySQL DDL spells it:
//
//	integer → INTEGER        bigint → BIGINT         smallint → SMALLINT
//	boolean → BOOL (stored as tinyint(1))
//	varchar(n) → VARCHAR(n)  char(n) → CHAR(n)       text → TEXT
//	numeric(p,s) → NUMERIC(p, s)                      real → FLOAT   double → DOUBLE
//	date → DATE              time → TIME
//	timestamp → DATETIME     timestamptz → TIMESTAMP
//	blob → BLOB              json → JSON             uuid → CHAR(36)
//	enum → ENUM('a', 'b')    mysql.X → X verbatim
//
// timestamp (no time zone) is DATETIME because DATETIME stores the wall-clock value
// as given, whatever the session time zone; timestamptz is TIMESTAMP because MySQL's
// TIMESTAMP stores an instant (converted to UTC from the session time zone and back),
// which is the meaning of PostgreSQL's timestamptz. Note TIMESTAMP's range ends in
// 2038.
//
// Errors: a varchar without a length (MySQL needs one), interval (MySQL has no such
// type), an enum without values, another dialect's type, and an unknown name.
func (Dialect) TypeSQL(t schema.Type) (string, error) { return typeSQL(t) }

func typeSQL(t schema.Type) (string, error) {
	if !t.IsPortable() {
		if d := t.DialectName(); d != Name {
			return "", fmt.Errorf("type %s belongs to dialect %q and cannot be used on MySQL; use a portable type or mysql.<type>", t.Name, d)
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
		return "BOOL", nil
	case schema.TVarchar:
		if t.Length <= 0 {
			return "", fmt.Errorf("type varchar needs a length on MySQL: write varchar(n), or use text")
		}
		return fmt.Sprintf("VARCHAR(%d)", t.Length), nil
	case schema.TChar:
		if t.Length <= 0 {
			return "CHAR", nil
		}
		return fmt.Sprintf("CHAR(%d)", t.Length), nil
	case schema.TText:
		return "TEXT", nil
	case schema.TNumeric:
		if t.Precision == 0 && t.Scale == 0 {
			return "NUMERIC", nil
		}
		return fmt.Sprintf("NUMERIC(%d, %d)", t.Precision, t.Scale), nil
	case schema.TReal:
		return "FLOAT", nil
	case schema.TDouble:
		return "DOUBLE", nil
	case schema.TDate:
		return "DATE", nil
	case schema.TTime:
		return "TIME", nil
	case schema.TTimestamp:
		return "DATETIME", nil
	case schema.TTimestampTZ:
		return "TIMESTAMP", nil
	case schema.TInterval:
		return "", fmt.Errorf("type interval does not exist on MySQL: use a dialect type such as mysql.bigint (a count of microseconds) or mysql.time")
	case schema.TBlob:
		return "BLOB", nil
	case schema.TJSON:
		return "JSON", nil
	case schema.TUUID:
		return "CHAR(36)", nil
	case schema.TEnum:
		if len(t.EnumValues) == 0 {
			return "", fmt.Errorf("enum %q has no values", t.EnumName)
		}
		vals := make([]string, len(t.EnumValues))
		for i, v := range t.EnumValues {
			vals[i] = quoteString(v)
		}
		return "ENUM(" + strings.Join(vals, ", ") + ")", nil
	}
	return "", fmt.Errorf("unknown type %q", t.Name)
}

// EquivalentType reports whether declared and inspected store the same way on
// MySQL. Both are reduced to what the inspector would read back from the DDL
// TypeSQL writes (so numeric ≡ numeric(10,0), uuid ≡ char(36), mysql.int ≡
// integer, mysql.bool ≡ boolean, mysql.datetime ≡ timestamp), and enums compare by
// their values only: MySQL enums are inline and have no name. A type TypeSQL
// rejects is equivalent only to an equal type.
func (Dialect) EquivalentType(declared, inspected schema.Type) bool {
	a, aerr := canonicalType(declared)
	b, berr := canonicalType(inspected)
	if aerr != nil || berr != nil {
		return declared.Equal(inspected)
	}
	if a.Name == schema.TEnum && b.Name == schema.TEnum {
		a.EnumName, b.EnumName = "", ""
	}
	return a.Equal(b)
}

func canonicalType(t schema.Type) (schema.Type, error) {
	s, err := typeSQL(t)
	if err != nil {
		return schema.Type{}, err
	}
	return ParseColumnType(s), nil
}

// integer-family base names whose display width (int(11)) means nothing and is
// dropped, so MariaDB's and MySQL 8's COLUMN_TYPE read the same.
var intFamily = map[string]bool{"tinyint": true, "smallint": true, "mediumint": true, "int": true, "integer": true, "bigint": true}

// ParseColumnType maps MySQL type text — information_schema.COLUMNS.COLUMN_TYPE,
// or the DDL TypeSQL writes — to a schema.Type: the portable type where the mapping
// is exact (int → integer, tinyint(1) → boolean, decimal(p,s) → numeric(p,s),
// float → real, datetime → timestamp, timestamp → timestamptz, char(36) → uuid,
// enum('a','b') → enum with those values and no name, …) and "mysql.<text>"
// otherwise (unsigned integers, mediumtext, set(…), year, datetime(6), …), with
// integer display widths dropped ("int(10) unsigned" → "mysql.int unsigned")
// except with zerofill, where the width is the number of digits shown
// ("int(5) unsigned zerofill" stays as written).
//
// char(36) is read as uuid because that is how uuid is stored; EquivalentType
// treats the two as the same, so a declared char(36) is not reported as changed.
// MariaDB's JSON (longtext with a json_valid CHECK) needs the CHECK to be told
// apart from longtext: the inspector does that, not this function. The inspector
// (inspect/mysql) maps every column with it, and canonicalType here compares
// through it; it sits beside TypeSQL, whose inverse it is.
func ParseColumnType(text string) schema.Type {
	s := strings.TrimSpace(text)
	base, args, rest := splitType(s)
	lb := strings.ToLower(base)
	rest = strings.ToLower(strings.Join(strings.Fields(rest), " "))
	verbatim := func() schema.Type {
		if intFamily[lb] && rest != "" && !strings.Contains(rest, "zerofill") {
			return schema.Type{Name: Name + "." + lb + " " + rest}
		}
		out := lb
		if args != "" {
			out += "(" + args + ")"
		}
		if rest != "" {
			out += " " + rest
		}
		return schema.Type{Name: Name + "." + out}
	}
	ints := func() ([]int, bool) {
		if args == "" {
			return nil, true
		}
		var out []int
		for _, p := range strings.Split(args, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil {
				return nil, false
			}
			out = append(out, n)
		}
		return out, true
	}
	n, numeric := ints()
	switch lb {
	case "enum":
		vals, ok := parseValueList(args)
		if !ok || rest != "" {
			return verbatim()
		}
		return schema.Type{Name: schema.TEnum, EnumValues: vals}
	case "bool", "boolean":
		if args == "" && rest == "" {
			return schema.Boolean()
		}
	}
	if !numeric {
		return verbatim()
	}
	if rest != "" {
		// unsigned, zerofill, character set …
		return verbatim()
	}
	switch lb {
	case "int", "integer", "int4":
		return schema.Integer()
	case "bigint", "int8":
		return schema.BigInt()
	case "smallint", "int2":
		return schema.SmallInt()
	case "tinyint":
		if len(n) == 1 && n[0] == 1 {
			return schema.Boolean()
		}
		return schema.Type{Name: Name + ".tinyint"}
	case "mediumint":
		return schema.Type{Name: Name + ".mediumint"}
	case "varchar", "character varying":
		if len(n) == 1 {
			return schema.Varchar(n[0])
		}
	case "char", "character":
		switch {
		case len(n) == 0:
			return schema.Char(1)
		case n[0] == 36:
			return schema.UUID()
		case len(n) == 1:
			return schema.Char(n[0])
		}
	case "text":
		if len(n) == 0 {
			return schema.Text()
		}
	case "decimal", "numeric", "dec", "fixed":
		switch len(n) {
		case 0:
			return schema.Numeric(10, 0)
		case 1:
			return schema.Numeric(n[0], 0)
		case 2:
			return schema.Numeric(n[0], n[1])
		}
	case "float", "float4":
		if len(n) == 0 {
			return schema.Real()
		}
	case "double", "double precision", "real", "float8":
		if len(n) == 0 {
			return schema.Double()
		}
	case "date":
		return schema.Date()
	case "time":
		if len(n) == 0 {
			return schema.Time()
		}
	case "datetime":
		if len(n) == 0 {
			return schema.Timestamp()
		}
	case "timestamp":
		if len(n) == 0 {
			return schema.TimestampTZ()
		}
	case "blob":
		if len(n) == 0 {
			return schema.Blob()
		}
	case "json":
		return schema.JSON()
	}
	return verbatim()
}

// splitType splits "decimal(10,2) unsigned" into "decimal", "10,2", "unsigned";
// "double precision" into "double precision", "", "".
func splitType(s string) (base, args, rest string) {
	if i := strings.IndexByte(s, '('); i >= 0 {
		depth, inQ := 0, false
		for j := i; j < len(s); j++ {
			c := s[j]
			switch {
			case inQ:
				if c == '\\' {
					j++
				} else if c == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j++
					} else {
						inQ = false
					}
				}
			case c == '\'':
				inQ = true
			case c == '(':
				depth++
			case c == ')':
				depth--
				if depth == 0 {
					return strings.TrimSpace(s[:i]), s[i+1 : j], strings.TrimSpace(s[j+1:])
				}
			}
		}
		return strings.TrimSpace(s[:i]), s[i+1:], ""
	}
	f := strings.Fields(s)
	if len(f) >= 2 && strings.EqualFold(f[0], "double") && strings.EqualFold(f[1], "precision") {
		return "double precision", "", strings.Join(f[2:], " ")
	}
	if len(f) >= 2 && strings.EqualFold(f[0], "character") && strings.EqualFold(f[1], "varying") {
		return "character varying", "", strings.Join(f[2:], " ")
	}
	if len(f) == 0 {
		return "", "", ""
	}
	return f[0], "", strings.Join(f[1:], " ")
}

// parseValueList reads a quoted, comma-separated ENUM or SET value list into its values.
func parseValueList(s string) ([]string, bool) {
	var out []string
	s = strings.TrimSpace(s)
	for s != "" {
		v, n, ok := readStringLiteral(s)
		if !ok {
			return nil, false
		}
		out = append(out, v)
		s = strings.TrimSpace(s[n:])
		if s == "" {
			break
		}
		if s[0] != ',' {
			return nil, false
		}
		s = strings.TrimSpace(s[1:])
	}
	return out, len(out) > 0
}

// readStringLiteral reads one MySQL string literal ('…' or "…", with doubled
// quotes and backslash escapes) at the start of s, returning its value and the
// number of bytes it used.
func readStringLiteral(s string) (string, int, bool) {
	if s == "" || (s[0] != '\'' && s[0] != '"') {
		return "", 0, false
	}
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case '0':
				b.WriteByte(0)
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'b':
				b.WriteByte('\b')
			case 'Z':
				b.WriteByte(26)
			default:
				b.WriteByte(s[i])
			}
		case c == q:
			if i+1 < len(s) && s[i+1] == q {
				b.WriteByte(q)
				i++
				continue
			}
			return b.String(), i + 1, true
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, false
}
