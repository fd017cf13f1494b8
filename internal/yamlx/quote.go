package yamlx

import (
	"strings"
	"unicode"
)

// isPrintable reports whether r may appear as itself inside a quoted YAML
// scalar; anything else is written as an escape.
func isPrintable(r rune) bool {
	switch {
	case r == 0x85, r == 0xA0, r == 0x2028, r == 0x2029, r == 0xFEFF, r == 0xFFFD:
		return false
	case r >= 0xFFFE && r <= 0xFFFF:
		return false
	}
	return r >= 0x20 && unicode.IsPrint(r)
}

// needsDoubleQuotes reports whether s holds a character that only a
// double-quoted scalar can carry (line breaks, tabs, control characters and
// other non-printing runes).
func needsDoubleQuotes(s string) bool {
	for _, r := range s {
		if r == ' ' {
			continue
		}
		if !isPrintable(r) {
			return true
		}
	}
	return false
}

// Resolve returns the tag that a plain (unquoted) scalar with text s would get
// from a YAML reader, YAML 1.1 spellings included so that the output reads the
// same in other tools: "null" for null/~/empty, "bool" for true/false/yes/no/
// on/off (any case), "int", "float", or "str".
func Resolve(s string) string {
	switch strings.ToLower(s) {
	case "", "~", "null":
		return TagNull
	case "true", "false", "yes", "no", "on", "off", "y", "n":
		return TagBool
	case ".inf", "+.inf", "-.inf", ".nan":
		return TagFloat
	}
	t := strings.TrimLeft(s, "+-")
	if len(t) == len(s)-1 || len(t) == len(s) {
		if isDecimalInt(t) || isPrefixedInt(t) {
			return TagInt
		}
		if isFloatText(t) {
			return TagFloat
		}
	}
	return TagStr
}

func isDecimalInt(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '_' {
			return false
		}
	}
	return s[0] != '_'
}

func isPrefixedInt(s string) bool {
	if len(s) < 3 || s[0] != '0' {
		return false
	}
	var ok func(byte) bool
	switch s[1] {
	case 'x', 'X':
		ok = func(c byte) bool { return strings.IndexByte("0123456789abcdefABCDEF_", c) >= 0 }
	case 'o', 'O':
		ok = func(c byte) bool { return c >= '0' && c <= '7' || c == '_' }
	case 'b', 'B':
		ok = func(c byte) bool { return c == '0' || c == '1' || c == '_' }
	default:
		return false
	}
	for i := 2; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

// isFloatText matches [0-9]*\.[0-9]*([eE][-+]?[0-9]+)? with at least one
// digit: the YAML library reads 1e3, without a dot, as a string.
func isFloatText(s string) bool {
	i, digits := 0, 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '_') {
		i, digits = i+1, digits+1
	}
	dot := false
	if i < len(s) && s[i] == '.' {
		dot = true
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k == j {
			return false
		}
		i = k
	}
	return i == len(s) && dot
}

// needsQuotes reports whether the plain form of s would read back as something
// else: a non-string (null, a boolean, a number), a string with different text
// (leading or trailing blanks, a comment), or a YAML indicator (a collection,
// an anchor, a tag, a block scalar, a document marker).
func needsQuotes(s string) bool {
	if Resolve(s) != TagStr {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return true
	}
	// A plain scalar that starts with an indicator is quoted, and so is one
	// that a looser reader could take for a number or a date (1e3, 1_000,
	// 2026-11-20, 0.5.1): one that starts like a number and holds only
	// characters that numbers and dates are made of.
	if strings.IndexByte("-?:,[]{}#&*!|>'\"%@`<=~.", s[0]) >= 0 {
		return true
	}
	if strings.IndexByte("+.0123456789", s[0]) >= 0 && strings.Trim(s, "0123456789_.-+:eExXoObBtTzZ ") == "" {
		return true
	}
	// Characters that end or alter a plain scalar somewhere inside it, in block
	// or in flow context.
	// goccy reads "<<" anywhere in a plain key as a merge key.
	return strings.ContainsAny(s, ":#,[]{}&*!|>'\"%@`") || strings.Contains(s, "<<")
}
