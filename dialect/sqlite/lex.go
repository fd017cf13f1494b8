package sqlite

import (
	"fmt"
	"strings"
)

// This file is the SQLite SQL lexer. Rendering uses it (defaults, CHECK
// expressions, stored CREATE statements restated by a move and copy), and the
// inspector (inspect/sqlite) parses sqlite_master's CREATE TABLE text with it,
// so it is exported for both.

// TokenKind says what a Token is.
type TokenKind int

// Token kinds produced by Lex.
const (
	// TIdent is a bare word: an identifier or a keyword (Value is the word as written).
	TIdent TokenKind = iota + 1
	// TQuoted is a quoted identifier, "x", `x` or [x] (Value is the unquoted name).
	TQuoted
	// TString is a string literal 'x' (Value is the text with '' undoubled).
	TString
	// TBlob is a blob literal X'0A' (Value is the hex digits).
	TBlob
	// TNumber is a numeric literal as written.
	TNumber
	// TPunct is an operator or punctuation: ( ) , ; . and operators such as <= or ||.
	TPunct
)

// Token is one lexical token of SQLite SQL. Pos and End are byte offsets into the
// source, so src[Pos:End] is the token exactly as written.
type Token struct {
	Kind  TokenKind
	Value string
	Pos   int
	End   int
}

// Is reports whether the token is the bare keyword kw (case-insensitive).
func (t Token) Is(kw string) bool { return t.Kind == TIdent && strings.EqualFold(t.Value, kw) }

// IsPunct reports whether the token is the punctuation p.
func (t Token) IsPunct(p string) bool { return t.Kind == TPunct && t.Value == p }

// IsName reports whether the token can name something: a bare word or a quoted
// identifier. (SQLite also accepts a string literal as a name in some places, so
// TString counts too.)
func (t Token) IsName() bool { return t.Kind == TIdent || t.Kind == TQuoted || t.Kind == TString }

// Lex splits SQLite SQL into tokens, skipping whitespace and comments (-- to end
// of line, /* … */). It understands quoted identifiers ("x" with "" doubling, `x`,
// [x]), strings with ” doubling and blob literals. It returns an error naming the
// byte offset of an unterminated string, identifier or comment.
func Lex(src string) ([]Token, error) {
	var out []Token
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '-' && i+1 < len(src) && src[i+1] == '-':
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				i = len(src)
			} else {
				i += j + 1
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := strings.Index(src[i+2:], "*/")
			if j < 0 {
				return nil, fmt.Errorf("unterminated comment at byte %d", i)
			}
			i += j + 4
		case c == '\'' || c == '"' || c == '`':
			val, end, err := lexQuoted(src, i, c)
			if err != nil {
				return nil, err
			}
			kind := TQuoted
			if c == '\'' {
				kind = TString
			}
			out = append(out, Token{Kind: kind, Value: val, Pos: i, End: end})
			i = end
		case c == '[':
			j := strings.IndexByte(src[i:], ']')
			if j < 0 {
				return nil, fmt.Errorf("unterminated [identifier] at byte %d", i)
			}
			out = append(out, Token{Kind: TQuoted, Value: src[i+1 : i+j], Pos: i, End: i + j + 1})
			i += j + 1
		case (c == 'x' || c == 'X') && i+1 < len(src) && src[i+1] == '\'':
			val, end, err := lexQuoted(src, i+1, '\'')
			if err != nil {
				return nil, err
			}
			out = append(out, Token{Kind: TBlob, Value: val, Pos: i, End: end})
			i = end
		case isDigit(c) || (c == '.' && i+1 < len(src) && isDigit(src[i+1])):
			j := lexNumber(src, i)
			out = append(out, Token{Kind: TNumber, Value: src[i:j], Pos: i, End: j})
			i = j
		case isIdentStart(c):
			j := i + 1
			for j < len(src) && isIdentPart(src[j]) {
				j++
			}
			out = append(out, Token{Kind: TIdent, Value: src[i:j], Pos: i, End: j})
			i = j
		default:
			n := 1
			if i+1 < len(src) {
				switch src[i : i+2] {
				case "<=", ">=", "<>", "!=", "==", "||", "<<", ">>", "->":
					n = 2
					if src[i:i+2] == "->" && i+2 < len(src) && src[i+2] == '>' {
						n = 3
					}
				}
			}
			out = append(out, Token{Kind: TPunct, Value: src[i : i+n], Pos: i, End: i + n})
			i += n
		}
	}
	return out, nil
}

// lexQuoted reads a token quoted by q starting at src[start] (the opening quote),
// where a doubled q stands for one. It returns the unquoted text and the offset
// just past the closing quote.
func lexQuoted(src string, start int, q byte) (string, int, error) {
	var b strings.Builder
	i := start + 1
	for i < len(src) {
		if src[i] == q {
			if i+1 < len(src) && src[i+1] == q {
				b.WriteByte(q)
				i += 2
				continue
			}
			return b.String(), i + 1, nil
		}
		b.WriteByte(src[i])
		i++
	}
	return "", 0, fmt.Errorf("unterminated %c-quoted token at byte %d", q, start)
}

func lexNumber(src string, i int) int {
	if src[i] == '0' && i+1 < len(src) && (src[i+1] == 'x' || src[i+1] == 'X') {
		j := i + 2
		for j < len(src) && isHex(src[j]) {
			j++
		}
		return j
	}
	j := i
	for j < len(src) && (isDigit(src[j]) || src[j] == '.' || src[j] == '_') {
		j++
	}
	if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
		k := j + 1
		if k < len(src) && (src[k] == '+' || src[k] == '-') {
			k++
		}
		if k < len(src) && isDigit(src[k]) {
			j = k
			for j < len(src) && isDigit(src[j]) {
				j++
			}
		}
	}
	return j
}

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isHex(c byte) bool        { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') }
func isIdentStart(c byte) bool { return c == '_' || c >= 0x80 || (c|0x20 >= 'a' && c|0x20 <= 'z') }
func isIdentPart(c byte) bool  { return isIdentStart(c) || isDigit(c) || c == '$' }

// Group returns the index just past the parenthesised group whose "(" is
// toks[open], or an error if it is not closed.
func Group(toks []Token, open int) (int, error) {
	depth := 0
	for i := open; i < len(toks); i++ {
		switch {
		case toks[i].IsPunct("("):
			depth++
		case toks[i].IsPunct(")"):
			depth--
			if depth == 0 {
				return i + 1, nil
			}
		}
	}
	return 0, fmt.Errorf("unbalanced parentheses")
}
