package sqlite

import (
	"strings"

	"github.com/retortdb/migrate/schema"
)

// NormalizeDefault returns a server-default expression in the form the SQLite
// inspector reads back: surrounding whitespace and the outer parentheses SQLite
// keeps for expression defaults are removed; CURRENT_TIMESTAMP, CURRENT_DATE and
// CURRENT_TIME and NULL are upper-cased; for a boolean column, true/TRUE/1 become
// "true" and false/FALSE/0 become "false"; numbers and strings stay as written.
func (Dialect) NormalizeDefault(expr string, t schema.Type) string {
	s := stripParens(strings.TrimSpace(expr))
	switch u := strings.ToUpper(s); u {
	case "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "NULL":
		return u
	case "TRUE", "1":
		if t.Name == schema.TBoolean {
			return "true"
		}
	case "FALSE", "0":
		if t.Name == schema.TBoolean {
			return "false"
		}
	}
	if t.Name != schema.TBoolean {
		switch strings.ToUpper(s) {
		case "TRUE":
			return "true"
		case "FALSE":
			return "false"
		}
	}
	return s
}

// stripParens removes parentheses that enclose the whole of s, repeatedly.
func stripParens(s string) string {
	for {
		toks, err := Lex(s)
		if err != nil || len(toks) < 2 || !toks[0].IsPunct("(") {
			return s
		}
		end, err := Group(toks, 0)
		if err != nil || end != len(toks) {
			return s
		}
		s = strings.TrimSpace(s[toks[0].End:toks[len(toks)-1].Pos])
	}
}

// isConstantDefault reports whether a default expression is one SQLite accepts
// without parentheses and ALTER TABLE ADD COLUMN accepts at all: a string, blob or
// (signed) number literal, NULL, TRUE or FALSE. CURRENT_TIMESTAMP and friends are
// written bare too but ADD COLUMN refuses them (see bareDefault).
func isConstantDefault(expr string) bool {
	toks, err := Lex(expr)
	if err != nil {
		return false
	}
	if len(toks) == 2 && (toks[0].IsPunct("-") || toks[0].IsPunct("+")) && toks[1].Kind == TNumber {
		return true
	}
	if len(toks) != 1 {
		return false
	}
	t := toks[0]
	return t.Kind == TString || t.Kind == TBlob || t.Kind == TNumber || t.Is("NULL") || t.Is("TRUE") || t.Is("FALSE")
}

// bareDefault reports whether expr may follow DEFAULT without parentheses.
func bareDefault(expr string) bool {
	if isConstantDefault(expr) {
		return true
	}
	switch strings.ToUpper(strings.TrimSpace(expr)) {
	case "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME":
		return true
	}
	return false
}

// defaultSQL renders a server default for DDL, parenthesising an expression.
func defaultSQL(expr string) string {
	e := strings.TrimSpace(expr)
	if bareDefault(e) || stripParens(e) != e {
		return e
	}
	return "(" + e + ")"
}
