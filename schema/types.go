package schema

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Portable type names. A Type whose Name is one of these is rendered by every
// dialect in its own way; any other Name has the form "dialect.type" (for example
// "postgresql.jsonb" or "mysql.mediumtext") and is rendered as written by that
// dialect only.
const (
	TInteger     = "integer"
	TBigInt      = "bigint"
	TSmallInt    = "smallint"
	TBoolean     = "boolean"
	TVarchar     = "varchar"
	TChar        = "char"
	TText        = "text"
	TNumeric     = "numeric"
	TReal        = "real"
	TDouble      = "double"
	TDate        = "date"
	TTime        = "time"
	TTimestamp   = "timestamp"
	TTimestampTZ = "timestamptz"
	TInterval    = "interval"
	TBlob        = "blob"
	TJSON        = "json"
	TUUID        = "uuid"
	TEnum        = "enum"
)

// Type is a column type in the portable vocabulary, or a dialect-only type.
//
// Length is the n of varchar(n)/char(n) (0: no length). Precision and Scale are the
// p and s of numeric(p,s) (0,0: unconstrained). EnumName and EnumValues describe an
// enum. For a dialect-only type, Name is "dialect.rest" where rest is the type's SQL
// text as the dialect writes it ("postgresql.jsonb", "postgresql.integer[]").
type Type struct {
	Name       string
	Length     int
	Precision  int
	Scale      int
	EnumName   string
	EnumValues []string
}

// Integer is the portable 32-bit integer type.
func Integer() Type { return Type{Name: TInteger} }

// BigInt is the portable 64-bit integer type.
func BigInt() Type { return Type{Name: TBigInt} }

// SmallInt is the portable 16-bit integer type.
func SmallInt() Type { return Type{Name: TSmallInt} }

// Boolean is the portable boolean type (tinyint(1) on MySQL, integer on SQLite).
func Boolean() Type { return Type{Name: TBoolean} }

// Varchar is a variable-length string of at most n characters.
func Varchar(n int) Type { return Type{Name: TVarchar, Length: n} }

// Char is a fixed-length string of n characters.
func Char(n int) Type { return Type{Name: TChar, Length: n} }

// Text is an unbounded string.
func Text() Type { return Type{Name: TText} }

// Numeric is an exact decimal with precision p and scale s.
func Numeric(p, s int) Type { return Type{Name: TNumeric, Precision: p, Scale: s} }

// Real is a single-precision float.
func Real() Type { return Type{Name: TReal} }

// Double is a double-precision float.
func Double() Type { return Type{Name: TDouble} }

// Date is a calendar date.
func Date() Type { return Type{Name: TDate} }

// Time is a time of day without time zone.
func Time() Type { return Type{Name: TTime} }

// Timestamp is a date and time without time zone.
func Timestamp() Type { return Type{Name: TTimestamp} }

// TimestampTZ is a date and time with time zone.
func TimestampTZ() Type { return Type{Name: TTimestampTZ} }

// Interval is a time span.
func Interval() Type { return Type{Name: TInterval} }

// Blob is a binary string.
func Blob() Type { return Type{Name: TBlob} }

// JSON is a JSON document.
func JSON() Type { return Type{Name: TJSON} }

// UUID is a 128-bit UUID.
func UUID() Type { return Type{Name: TUUID} }

// Enum is an enumerated type named name with the given values. PostgreSQL renders
// it as a named type (CREATE TYPE name AS ENUM), MySQL inline as ENUM(…), SQLite as
// text with a CHECK constraint.
func Enum(name string, values ...string) Type {
	return Type{Name: TEnum, EnumName: name, EnumValues: append([]string(nil), values...)}
}

// Dialect is a dialect-only type, written as that dialect writes it:
// Dialect("postgresql", "jsonb") is rendered only by PostgreSQL, as jsonb.
func Dialect(dialect, sqlType string) Type { return Type{Name: dialect + "." + sqlType} }

// IsPortable reports whether the type belongs to the portable vocabulary.
func (t Type) IsPortable() bool { return !strings.Contains(t.Name, ".") }

// DialectName returns the dialect of a dialect-only type ("" for a portable one).
func (t Type) DialectName() string {
	if i := strings.IndexByte(t.Name, '.'); i > 0 {
		return t.Name[:i]
	}
	return ""
}

// DialectSQL returns the SQL text of a dialect-only type ("jsonb" for
// "postgresql.jsonb"), or "" for a portable type.
func (t Type) DialectSQL() string {
	if i := strings.IndexByte(t.Name, '.'); i > 0 {
		return t.Name[i+1:]
	}
	return ""
}

// IsZero reports whether the type is unset.
func (t Type) IsZero() bool { return t.Name == "" }

// Clone returns a copy that shares no slices with t.
func (t Type) Clone() Type {
	t.EnumValues = append([]string(nil), t.EnumValues...)
	if len(t.EnumValues) == 0 {
		t.EnumValues = nil
	}
	return t
}

// Equal reports whether two types are the same, enum values included.
func (t Type) Equal(o Type) bool {
	if t.Name != o.Name || t.Length != o.Length || t.Precision != o.Precision || t.Scale != o.Scale || t.EnumName != o.EnumName {
		return false
	}
	if len(t.EnumValues) != len(o.EnumValues) {
		return false
	}
	for i := range t.EnumValues {
		if t.EnumValues[i] != o.EnumValues[i] {
			return false
		}
	}
	return true
}

// String returns the type's text form: "integer", "varchar(200)", "numeric(10,2)",
// "postgresql.jsonb", and "enum(book_status)" for an enum (its values are not
// part of the text form; the YAML and JSON forms carry them).
func (t Type) String() string {
	switch {
	case t.Name == TEnum:
		return "enum(" + t.EnumName + ")"
	case (t.Name == TVarchar || t.Name == TChar) && t.Length > 0:
		return fmt.Sprintf("%s(%d)", t.Name, t.Length)
	case t.Name == TNumeric && (t.Precision > 0 || t.Scale > 0):
		return fmt.Sprintf("numeric(%d,%d)", t.Precision, t.Scale)
	}
	return t.Name
}

// ParseType parses the text form of a non-enum type ("integer", "varchar(200)",
// "numeric(10,2)", "postgresql.jsonb"). Names are case-insensitive for portable
// types. It returns an error naming the text when the type is unknown or its
// arguments are malformed; an enum must use the structured form (EnumType).
func ParseType(s string) (Type, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Type{}, fmt.Errorf("empty type")
	}
	if i := strings.IndexByte(s, '.'); i > 0 && !strings.ContainsAny(s[:i], "( ") {
		d := strings.ToLower(s[:i])
		switch d {
		case "postgresql", "mysql", "sqlite":
		default:
			return Type{}, fmt.Errorf("type %q names unknown dialect %q (want postgresql, mysql or sqlite)", s, s[:i])
		}
		if strings.TrimSpace(s[i+1:]) == "" {
			return Type{}, fmt.Errorf("type %q has no type after the dialect", s)
		}
		return Type{Name: d + "." + strings.TrimSpace(s[i+1:])}, nil
	}
	name, args := strings.ToLower(s), ""
	if i := strings.IndexByte(s, '('); i >= 0 {
		if !strings.HasSuffix(s, ")") {
			return Type{}, fmt.Errorf("type %q: missing closing parenthesis", s)
		}
		name, args = strings.ToLower(strings.TrimSpace(s[:i])), s[i+1:len(s)-1]
	}
	ints := func(want int) ([]int, error) {
		parts := strings.Split(args, ",")
		if len(parts) != want {
			return nil, fmt.Errorf("type %q takes %d argument(s)", s, want)
		}
		out := make([]int, want)
		for i, p := range parts {
			n, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil || n < 0 {
				return nil, fmt.Errorf("type %q: argument %q is not a non-negative integer", s, strings.TrimSpace(p))
			}
			out[i] = n
		}
		return out, nil
	}
	switch name {
	case TVarchar, TChar:
		if args == "" {
			return Type{Name: name}, nil
		}
		n, err := ints(1)
		if err != nil {
			return Type{}, err
		}
		return Type{Name: name, Length: n[0]}, nil
	case TNumeric, "decimal":
		if args == "" {
			return Type{Name: TNumeric}, nil
		}
		if !strings.Contains(args, ",") {
			args += ",0"
		}
		n, err := ints(2)
		if err != nil {
			return Type{}, err
		}
		return Type{Name: TNumeric, Precision: n[0], Scale: n[1]}, nil
	case TEnum:
		return Type{}, fmt.Errorf("type %q: an enum is written as {enum: NAME, values: [A, B]}", s)
	case TInteger, TBigInt, TSmallInt, TBoolean, TText, TReal, TDouble, TDate, TTime,
		TTimestamp, TTimestampTZ, TInterval, TBlob, TJSON, TUUID:
		if args != "" {
			return Type{}, fmt.Errorf("type %q takes no arguments", s)
		}
		return Type{Name: name}, nil
	}
	return Type{}, fmt.Errorf("unknown type %q (portable types: integer, bigint, smallint, boolean, varchar(n), char(n), text, numeric(p,s), real, double, date, time, timestamp, timestamptz, interval, blob, json, uuid, enum; dialect-only types are written like postgresql.jsonb)", s)
}

type jsonEnum struct {
	Enum   string   `json:"enum"`
	Values []string `json:"values"`
}

// MarshalJSON writes the text form, or {"enum": name, "values": […]} for an enum.
func (t Type) MarshalJSON() ([]byte, error) {
	if t.Name == TEnum {
		return json.Marshal(jsonEnum{Enum: t.EnumName, Values: t.EnumValues})
	}
	return json.Marshal(t.String())
}

// UnmarshalJSON reads what MarshalJSON writes.
func (t *Type) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		pt, err := ParseType(s)
		if err != nil {
			return err
		}
		*t = pt
		return nil
	}
	var e jsonEnum
	if err := json.Unmarshal(b, &e); err != nil {
		return fmt.Errorf("type: want a string or {\"enum\":…,\"values\":[…]}: %w", err)
	}
	*t = Enum(e.Enum, e.Values...)
	return nil
}
