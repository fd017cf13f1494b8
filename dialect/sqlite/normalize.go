package sqlite

import (
	"slices"
	"strings"

	"github.com/retortdb/migrate/dialect"

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

// SameDefinition reports whether a declared and a live view query or CREATE
// TRIGGER statement are the same to SQLite, which stores them as written
// (https://sqlite.org/schematab.html): both are split into SQLite tokens (Lex)
// and compared token by token, so that spacing, line breaks, comments and final
// semicolons do not count, keywords (https://sqlite.org/lang_keywords.html)
// compare in any letter case, and a blob literal's hex digits in any case.
// Everything else compares exactly: other bare words (table, column and
// function names) letter for letter, strings and numbers as written. A name in
// `backquotes` or [brackets] is the same as the bare word when that word is no
// keyword; a "double-quoted" name only equals the same double-quoted name,
// because SQLite reads one that matches no column as a string literal
// (https://sqlite.org/quirks.html#dblquote). Text that does not lex compares
// as text with surrounding space and a final semicolon removed.
func (Dialect) SameDefinition(kind, declared, live string) bool {
	a, errA := definitionTokens(declared)
	b, errB := definitionTokens(live)
	if errA != nil || errB != nil {
		return dialect.TrimDefinition(declared) == dialect.TrimDefinition(live)
	}
	return slices.Equal(a, b)
}

// definitionTokens returns src's tokens in the form SameDefinition compares,
// final semicolons left out.
func definitionTokens(src string) ([]string, error) {
	toks, err := Lex(src)
	if err != nil {
		return nil, err
	}
	for len(toks) > 0 && toks[len(toks)-1].IsPunct(";") {
		toks = toks[:len(toks)-1]
	}
	out := make([]string, len(toks))
	for i, t := range toks {
		switch t.Kind {
		case TIdent:
			if isKeyword(t.Value) {
				out[i] = "k" + strings.ToUpper(t.Value)
			} else {
				out[i] = "i" + t.Value
			}
		case TQuoted:
			switch {
			case src[t.Pos] == '"':
				out[i] = "q" + t.Value
			case bareWord(t.Value) && !isKeyword(t.Value):
				out[i] = "i" + t.Value // `x` and [x] are the bare word x
			default:
				out[i] = "b" + t.Value // `x` and [x] name the same thing
			}
		case TString:
			out[i] = "s" + t.Value
		case TBlob:
			out[i] = "x" + strings.ToUpper(t.Value)
		default:
			out[i] = "p" + t.Value
		}
	}
	return out, nil
}

// bareWord reports whether s could be written without quotes (ASCII letters,
// digits, _ and $, not starting with a digit or $).
func bareWord(s string) bool {
	if s == "" || !isIdentStart(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isIdentPart(s[i]) {
			return false
		}
	}
	return true
}
