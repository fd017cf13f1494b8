package dialect

import (
	"fmt"
	"strconv"
	"strings"
)

// IntegerLiteral renders any Go integer type (int, int8 … int64, uint … uint64)
// as a decimal SQL literal and reports whether v was an integer. Dialects' Literal
// methods share it; a dialect with a narrower range checks it first.
func IntegerLiteral(v any) (string, bool) {
	switch x := v.(type) {
	case int:
		return strconv.FormatInt(int64(x), 10), true
	case int8:
		return strconv.FormatInt(int64(x), 10), true
	case int16:
		return strconv.FormatInt(int64(x), 10), true
	case int32:
		return strconv.FormatInt(int64(x), 10), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case uint:
		return strconv.FormatUint(uint64(x), 10), true
	case uint8:
		return strconv.FormatUint(uint64(x), 10), true
	case uint16:
		return strconv.FormatUint(uint64(x), 10), true
	case uint32:
		return strconv.FormatUint(uint64(x), 10), true
	case uint64:
		return strconv.FormatUint(x, 10), true
	}
	return "", false
}

// CheckScriptSQL refuses SQL text that no native client can read back from a
// script as written: a NUL byte ends a line for sqlite3, psql and mariadb
// alike, so what follows it would run as separate SQL (or the statement is
// cut short). Renderers call it on execute's SQL, so that the online run and
// the --sql script refuse the same op. The error gives the byte offset and
// how to write the value instead.
func CheckScriptSQL(sql string) error {
	if i := strings.IndexByte(sql, 0); i >= 0 {
		return fmt.Errorf("the SQL holds a NUL byte (at byte %d), which SQL scripts cannot carry; build the value with the database's own function (char(0), CHAR(0)) or use a bulk_insert value", i)
	}
	return nil
}
