package postgres

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/retortdb/migrate/schema"
)

// NormalizeDefault returns a server-default expression in the form PostgreSQL's
// inspector reports it, so a declared default and the one read back from
// pg_get_expr compare equal. It repeatedly strips whitespace, parentheses around
// the whole expression and a cast applied to the whole expression when the
// operand is a single term ('x'::character varying → 'x', 'draft'::book_status →
// 'draft', '{}'::jsonb → '{}', ('0'::integer) → '0'); writes now(),
// current_timestamp and transaction_timestamp() as CURRENT_TIMESTAMP and the other
// SQL date/time and user keywords in upper case; writes true and false (and, for a
// boolean column, their quoted spellings 't', 'false', …) in lower case; writes
// NULL in upper case; and unquotes a quoted number when t is a numeric type
// ('-1' → -1). Anything else is returned as written. A nextval(…) default is kept
// (normalised the same way); whether it marks an autoincrement column depends on
// the sequence being owned by the column, which the inspector decides.
func (Dialect) NormalizeDefault(expr string, t schema.Type) string {
	s := strings.TrimSpace(expr)
	for {
		prev := s
		s = strings.TrimSpace(StripOuterParens(s))
		s = strings.TrimSpace(stripCast(s))
		if s == prev {
			break
		}
	}
	switch l := strings.ToLower(s); l {
	case "now()", "current_timestamp", "transaction_timestamp()":
		return "CURRENT_TIMESTAMP"
	case "current_date", "current_time", "localtime", "localtimestamp", "current_user",
		"session_user", "current_role", "current_catalog", "current_schema", "user":
		return strings.ToUpper(l)
	case "true", "false":
		return l
	case "null":
		return "NULL"
	}
	if isNumber(s) {
		return numericLiteral(s)
	}
	if lit, ok := unquoteLiteral(s); ok {
		switch family(t) {
		case famInt, famNumber:
			if isNumber(lit) {
				return lit
			}
		case famBool:
			switch strings.ToLower(strings.TrimSpace(lit)) {
			case "t", "true", "y", "yes", "on", "1":
				return "true"
			case "f", "false", "n", "no", "off", "0":
				return "false"
			}
		}
	}
	return s
}

var reNumber = regexp.MustCompile(`^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$`)

// numericLiteral writes an unquoted number as PostgreSQL's numeric input
// keeps it: exponent notation expanded (2.5e3 → 2500, 1.5e-2 → 0.015) with the
// scale numeric_in gives it, a leading + and leading zeros dropped; the scale
// of a plain decimal is kept (1.50 stays 1.50).
func numericLiteral(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "+-")
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
		if err != nil {
			return s
		}
		exp = e
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := intPart + frac
	point := len(intPart) + exp // position of the decimal point in digits
	scale := max(0, len(frac)-exp)
	for point <= 0 {
		digits = "0" + digits
		point++
	}
	for len(digits) < point+scale {
		digits += "0"
	}
	out := strings.TrimLeft(digits[:point], "0")
	if out == "" {
		out = "0"
	}
	if scale > 0 {
		out += "." + digits[point:point+scale]
	}
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return out
}

func isNumber(s string) bool {
	if !reNumber.MatchString(s) {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// StripOuterParens removes parentheses that enclose the whole of s, as many
// times as they do: "((a > 0))" → "a > 0", but "(a) + (b)" is unchanged. The
// inspector (inspect/postgres) uses it on CHECK conditions and partial-index
// predicates, and NormalizeDefault on defaults, so it lives here for both.
func StripOuterParens(s string) string {
	s = strings.TrimSpace(s)
	for len(s) >= 2 && s[0] == '(' && matchingParen(s, 0) == len(s)-1 {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// matchingParen returns the index of the ')' closing the '(' at s[open], skipping
// quoted strings and identifiers, or -1.
func matchingParen(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '\'', '"':
			j := skipQuoted(s, i)
			if j < 0 {
				return -1
			}
			i = j
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// skipQuoted returns the index of the quote closing the quoted text starting at
// s[i] (a doubled quote is part of the text), or -1.
func skipQuoted(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		if s[j] == q {
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j
		}
	}
	return -1
}

// reCastType matches the type after "::": a possibly qualified, possibly quoted
// name of one or more words, optional modifiers and array brackets.
var reCastType = regexp.MustCompile(`^(?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*)(?:\.(?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*))?(?: [a-z ]+)?(?:\(\s*\d+\s*(?:,\s*\d+\s*)?\))?(?: with(?:out)? time zone)?(?:\[\d*\])*$`)

// stripCast removes a cast applied to the whole of s when its operand is a single
// term (a quoted literal, a number, a parenthesised group, an identifier or a
// function call): "'x'::text" → "'x'"; "a || 'b'::text" is unchanged.
func stripCast(s string) string {
	at := lastTopLevelCast(s)
	if at <= 0 {
		return s
	}
	operand, typ := strings.TrimSpace(s[:at]), strings.TrimSpace(s[at+2:])
	if !reCastType.MatchString(typ) || !singleTerm(operand) {
		return s
	}
	inner := StripOuterParens(operand)
	if lastTopLevelCast(inner) > 0 {
		// A cast of a cast (('now'::text)::date) converts at run time what the
		// inner cast fixed: dropping it would turn an expression into a constant.
		return s
	}
	if lit, ok := unquoteLiteral(inner); ok && specialTimeWord(lit) {
		// 'now'::text is evaluated on every insert, a bare 'now' once, at CREATE.
		return s
	}
	return operand
}

// specialTimeWord reports whether a literal's text is one of PostgreSQL's
// special date/time input words, which a cast turns into the current moment
// when it runs: a literal of them must keep its cast to stay an expression.
func specialTimeWord(lit string) bool {
	switch strings.ToLower(strings.TrimSpace(lit)) {
	case "now", "today", "tomorrow", "yesterday":
		return true
	}
	return false
}

// DefaultSQL returns a server-default expression as it follows DEFAULT in DDL:
// a single term (a literal, a number, a keyword, a function call, each with
// optional casts) as written, and anything else in parentheses, so an
// operator expression (now() AT TIME ZONE 'utc', NOT false) stays one
// expression that the server reads back equal.
func DefaultSQL(expr string) string {
	s := strings.TrimSpace(expr)
	if simpleDefault(s) {
		return s
	}
	return "(" + StripOuterParens(s) + ")"
}

// simpleDefault reports whether s may follow DEFAULT without parentheses: one
// term, possibly cast, with no operator between terms.
func simpleDefault(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if at := lastTopLevelCast(s); at > 0 {
		return reCastType.MatchString(strings.TrimSpace(s[at+2:])) && simpleDefault(s[:at])
	}
	if strings.HasPrefix(s, "-") && isNumber(s) {
		return true
	}
	return singleTerm(s)
}

// lastTopLevelCast returns the index of the last "::" outside quotes and
// parentheses, or -1.
func lastTopLevelCast(s string) int {
	depth, last := 0, -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'' || c == '"':
			j := skipQuoted(s, i)
			if j < 0 {
				return -1
			}
			i = j
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
		case c == ':' && depth == 0 && i+1 < len(s) && s[i+1] == ':':
			last = i
			i++
		}
	}
	return last
}

var reIdentCall = regexp.MustCompile(`^(?:[A-Za-z_][A-Za-z0-9_$]*\.)?[A-Za-z_][A-Za-z0-9_$]*$`)

// singleTerm reports whether s is one operand a trailing cast binds to as a whole.
func singleTerm(s string) bool {
	if s == "" {
		return false
	}
	if _, ok := unquoteLiteral(s); ok {
		return true
	}
	if isNumber(s) || reIdentCall.MatchString(s) {
		return true
	}
	if s[0] == '(' {
		return matchingParen(s, 0) == len(s)-1
	}
	if i := strings.IndexByte(s, '('); i > 0 && reIdentCall.MatchString(s[:i]) {
		return matchingParen(s, i) == len(s)-1
	}
	return false
}

// unquoteLiteral returns the text of s when s is one single-quoted string
// literal (optionally E-prefixed), with doubled quotes undone.
func unquoteLiteral(s string) (string, bool) {
	body := s
	if len(body) > 0 && (body[0] == 'E' || body[0] == 'e') {
		body = body[1:]
	}
	if len(body) < 2 || body[0] != '\'' || skipQuoted(body, 0) != len(body)-1 {
		return "", false
	}
	return strings.ReplaceAll(body[1:len(body)-1], "''", "'"), true
}
