package sqlite

import (
	"strings"

	"github.com/retortdb/migrate/schema"
)

// NormalizeDefault returns a server-default expression in the form the SQLite
// inspector (inspect/sqlite, which applies it to every default it reads) reads
// back: surrounding whitespace and the outer parentheses SQLite
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
