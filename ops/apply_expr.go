package ops

import (
	"strings"
	"unicode/utf8"
)

// exprToken is an identifier in SQL text: [pos, end) is its text, name its
// name (quotes removed), quote its opening quote (0 for a bare identifier)
// call whether a "(" follows it (a function name).
type exprToken struct {
	pos, end int
	name     string
	quote    byte
	call     bool
	// cast is set after "::" (a PostgreSQL type name).
	cast bool
}

// exprIdents returns the identifiers of the SQL text s, skipping string
// literals ('…'), comments (-- and /* */) and numbers. Quoted identifiers are
// "…", `…` and […]; a doubled closing quote inside stands for itself. ok is
// false when a quote or comment is left open.
func exprIdents(s string) (toks []exprToken, ok bool) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\'':
			j, closed := skipQuoted(s, i, '\'')
			if !closed {
				return toks, false
			}
			i = j
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return toks, true
			}
			i += j + 1
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			j := strings.Index(s[i+2:], "*/")
			if j < 0 {
				return toks, false
			}
			i += j + 4
		case c == '"' || c == '`' || c == '[':
			end := c
			if c == '[' {
				end = ']'
			}
			j, closed := skipQuoted(s, i, end)
			if !closed {
				return toks, false
			}
			name := s[i+1 : j-1]
			if c != '[' {
				name = strings.ReplaceAll(name, string([]byte{end, end}), string(end))
			}
			toks = append(toks, exprToken{pos: i, end: j, name: name, quote: c, call: followedByParen(s, j)})
			i = j
		case c >= '0' && c <= '9':
			for i < len(s) && (isIdentByte(s[i]) || s[i] == '.') {
				i++
			}
		case isIdentStart(c):
			j := i
			for j < len(s) && (isIdentByte(s[j]) || s[j] >= utf8.RuneSelf) {
				j++
			}
			toks = append(toks, exprToken{pos: i, end: j, name: s[i:j], call: followedByParen(s, j), cast: i >= 2 && s[i-2:i] == "::"})
			i = j
		default:
			i++
		}
	}
	return toks, true
}

// skipQuoted returns the position after the quoted text that starts at s[i]
// and ends with end (doubled, it stands for itself).
func skipQuoted(s string, i int, end byte) (int, bool) {
	for j := i + 1; j < len(s); j++ {
		if s[j] != end {
			continue
		}
		if end != ']' && j+1 < len(s) && s[j+1] == end {
			j++
			continue
		}
		return j + 1, true
	}
	return len(s), false
}

func followedByParen(s string, j int) bool {
	for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r') {
		j++
	}
	return j < len(s) && s[j] == '('
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
}

func isIdentByte(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '$'
}

// refersTo reports whether tk is a reference to column col.
func (tk exprToken) refersTo(col string) bool {
	return !tk.call && !tk.cast && strings.EqualFold(tk.name, col)
}

// Mentions reports whether the SQL expression expr refers to column col: an
// identifier of it, bare or quoted, equals col without regard to case, outside
// string literals and comments, and not as a function's name or a type after
// "::". Text that does
// not lex (an open quote) mentions col when it contains it at all, so that a
// drop errs on the side of the database.
func Mentions(expr, col string) bool {
	if expr == "" {
		return false
	}
	toks, ok := exprIdents(expr)
	if !ok {
		return strings.Contains(strings.ToLower(expr), strings.ToLower(col))
	}
	for _, tk := range toks {
		if tk.refersTo(col) {
			return true
		}
	}
	return false
}

// RenameIdent returns the SQL expression expr with every reference to column
// from (as Mentions finds them) replaced by to, keeping the rest of the text
// as written. A quoted reference keeps its quotes; a bare one stays bare when
// to is a plain lower-case identifier that is not an SQL keyword, and is
// quoted otherwise, with backticks when expr already quotes with them and
// double quotes when not. Text that does not lex is returned unchanged.
func RenameIdent(expr, from, to string) string {
	if expr == "" || from == to {
		return expr
	}
	toks, ok := exprIdents(expr)
	if !ok {
		return expr
	}
	var b strings.Builder
	last := 0
	quote := byte('"')
	for _, tk := range toks {
		if tk.quote == '`' {
			quote = '`'
		}
	}
	for _, tk := range toks {
		if !tk.refersTo(from) {
			continue
		}
		b.WriteString(expr[last:tk.pos])
		switch {
		case tk.quote == '[':
			b.WriteString("[" + to + "]")
		case tk.quote != 0:
			q := string(tk.quote)
			b.WriteString(q + strings.ReplaceAll(to, q, q+q) + q)
		case plainIdent(to):
			b.WriteString(to)
		default:
			q := string(quote)
			b.WriteString(q + strings.ReplaceAll(to, q, q+q) + q)
		}
		last = tk.end
	}
	if last == 0 {
		return expr
	}
	b.WriteString(expr[last:])
	return b.String()
}

// plainIdent reports whether name can stand bare in SQL on every dialect.
func plainIdent(name string) bool {
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return !sqlKeywords[name]
}

// sqlKeywords are words that are reserved (or keywords in expressions) in at
// least one of PostgreSQL, MySQL/MariaDB and SQLite.
var sqlKeywords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`all alter analyze and any array as asc between both by case cast check
		collate column constraint create cross current_date current_time current_timestamp
		current_user default deferrable delete desc distinct do drop else end escape except exists
		false fetch for foreign from full glob grant group having if ilike in index inner insert
		intersect into is isnull join key leading left like limit localtime localtimestamp match
		natural not notnull null offset on only or order outer over placing primary range
		references regexp right row rows select session_user set similar some symmetric table
		then to trailing true union unique update user using values when where window with`) {
		m[w] = true
	}
	return m
}()
