package mysql

import (
	"regexp"
	"strings"

	"github.com/retortdb/migrate/schema"
)

var (
	tsFuncRe = regexp.MustCompile(`(?i)^(current_timestamp|now|localtimestamp|localtime)(?:\(\s*(\d*)\s*\))?$`)
	numberRe = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)$`)
	introRe  = regexp.MustCompile(`^(?i:_[a-z0-9]+|n)'`)
	// onUpdateRe finds the ON UPDATE part of a default; compiled once, as
	// every default of every column goes through normalizeDefault.
	onUpdateRe = regexp.MustCompile(`(?i)\s+on\s+update\s+`)
)

// NormalizeDefault returns expr in the form the inspector reads back, so that a
// declared default and an inspected one compare equal as strings; "" means no
// default. t is the column's type. Rules:
//
//   - surrounding parentheses are dropped ("(uuid())" → "uuid()");
//   - NULL is no default ("");
//   - current_timestamp, current_timestamp(), now(), localtime… → CURRENT_TIMESTAMP
//     (a fractional precision is kept: CURRENT_TIMESTAMP(6)), also after ON UPDATE;
//   - string literals are re-quoted the way Literal writes them (a quote doubled), with
//     MariaDB's quoting and charset introducers (_utf8mb4'x') undone;
//   - numbers lose redundant zeros ("1.50" → "1.5", "007" → "7"), and a quoted number
//     on a numeric column is unquoted;
//   - on a boolean (tinyint(1)) column 1/0, '1'/'0' and TRUE/FALSE → true/false;
//   - anything else is returned trimmed, as written.
//
// The inspector (inspect/mysql) applies it to every default it reads.
func (Dialect) NormalizeDefault(expr string, t schema.Type) string { return normalizeDefault(expr, t) }

func normalizeDefault(expr string, t schema.Type) string {
	s := strings.TrimSpace(expr)
	for isWrapped(s) {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "" || strings.EqualFold(s, "NULL") {
		return ""
	}
	// ON UPDATE part.
	main, onUpdate := s, ""
	if loc := onUpdateRe.FindStringIndex(s); loc != nil {
		if fn, ok := normTimestampFunc(strings.TrimSpace(s[loc[1]:])); ok {
			main, onUpdate = strings.TrimSpace(s[:loc[0]]), " ON UPDATE "+fn
		}
	}
	if onUpdate != "" {
		if strings.EqualFold(main, "NULL") {
			return "NULL" + onUpdate
		}
		return normalizeDefault(main, t) + onUpdate
	}
	if fn, ok := normTimestampFunc(s); ok {
		return fn
	}
	if introRe.MatchString(s) {
		s = s[strings.IndexByte(s, '\''):]
	}
	isBool := t.Name == schema.TBoolean
	if v, n, ok := readStringLiteral(s); ok && n == len(s) {
		switch {
		case isBool && (v == "1" || strings.EqualFold(v, "true")):
			return "true"
		case isBool && (v == "0" || strings.EqualFold(v, "false")):
			return "false"
		case isNumericType(t) && numberRe.MatchString(v):
			return normalizeNumber(v)
		}
		return quoteString(v)
	}
	switch strings.ToLower(s) {
	case "true":
		return "true"
	case "false":
		return "false"
	}
	if numberRe.MatchString(s) {
		n := normalizeNumber(s)
		if isBool && (n == "1" || n == "0") {
			return map[string]string{"1": "true", "0": "false"}[n]
		}
		return n
	}
	return s
}

func normTimestampFunc(s string) (string, bool) {
	m := tsFuncRe.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	if m[2] == "" || m[2] == "0" {
		return "CURRENT_TIMESTAMP", true
	}
	return "CURRENT_TIMESTAMP(" + m[2] + ")", true
}

func isNumericType(t schema.Type) bool {
	switch t.Name {
	case schema.TInteger, schema.TBigInt, schema.TSmallInt, schema.TNumeric, schema.TReal, schema.TDouble:
		return true
	}
	if t.DialectName() == Name {
		base := strings.Fields(strings.ToLower(t.DialectSQL()))
		if len(base) > 0 {
			b := base[0]
			if i := strings.IndexByte(b, '('); i >= 0 {
				b = b[:i]
			}
			return intFamily[b] || b == "decimal" || b == "float" || b == "double" || b == "numeric" || b == "year"
		}
	}
	return false
}

// normalizeNumber strips a plus sign, leading zeros and trailing fractional zeros.
func normalizeNumber(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "+-")
	ip, fp, _ := strings.Cut(s, ".")
	ip = strings.TrimLeft(ip, "0")
	fp = strings.TrimRight(fp, "0")
	if ip == "" {
		ip = "0"
	}
	out := ip
	if fp != "" {
		out += "." + fp
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out
}

// isWrapped reports whether s is one parenthesised expression "( … )" whose
// opening parenthesis closes at the very end.
func isWrapped(s string) bool {
	if len(s) < 2 || s[0] != '(' || s[len(s)-1] != ')' {
		return false
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\'', '"', '`':
			j := skipQuoted(s, i)
			if j < 0 {
				return false
			}
			i = j
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 && i != len(s)-1 {
				return false
			}
		}
	}
	return depth == 0
}

// skipQuoted returns the index of the quote closing the quoted run that starts
// at s[i], or -1.
func skipQuoted(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch {
		case s[j] == '\\' && q != '`':
			j++
		case s[j] == q:
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j
		}
	}
	return -1
}

// NormalizeCheck returns a CHECK condition as the inspector (inspect/mysql)
// reports it, which is its only caller; it stays here because it shares this
// file's quoting-aware scanner (isWrapped, skipQuoted) with NormalizeDefault. It: outer
// parentheses dropped, charset introducers (_utf8mb4'x') removed, and backtick
// quotes removed from identifiers that QuoteIdent would leave bare, so
// "(`price` >= 0)" reads "price >= 0". String literals are kept as written,
// except that a double-quoted one (a string literal without ANSI_QUOTES) is
// written single-quoted, as the server stores it. The
// server may still rewrite keywords and spacing (MariaDB lower-cases AND/OR), so
// declared conditions written the server's way compare equal.
func NormalizeCheck(expr string) string {
	s := strings.TrimSpace(expr)
	for isWrapped(s) {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '`':
			j := skipQuoted(s, i)
			if j < 0 {
				b.WriteString(s[i:])
				return b.String()
			}
			b.WriteString(quoteIdent(strings.ReplaceAll(s[i+1:j], "``", "`")))
			i = j
		case c == '\'' || c == '"':
			j := skipQuoted(s, i)
			if j < 0 {
				b.WriteString(s[i:])
				return b.String()
			}
			if c == '"' {
				// Without ANSI_QUOTES a double-quoted text is a string
				// literal, which the server stores single-quoted.
				inner := strings.ReplaceAll(s[i+1:j], `""`, `"`)
				b.WriteString("'" + strings.ReplaceAll(inner, "'", "''") + "'")
			} else {
				b.WriteString(s[i : j+1])
			}
			i = j
		case c == '_' && (i == 0 || !isIdentByte(s[i-1])):
			j := i + 1
			for j < len(s) && isIdentByte(s[j]) {
				j++
			}
			if j < len(s) && s[j] == '\'' && j > i+1 {
				i = j - 1 // drop the introducer; the literal follows
				continue
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}
