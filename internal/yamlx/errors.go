package yamlx

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrEmpty is wrapped by Parse's error when the text holds no document at all
// (nothing, or only comments and blank lines).
var ErrEmpty = errors.New("empty YAML document")

// ErrBinary is wrapped by Parse's error when the input is not UTF-8 text (NUL
// bytes, invalid UTF-8, control characters).
var ErrBinary = errors.New("not YAML text")

// Error is a problem at a position of a YAML text: a syntax error from Parse, or
// a node of the wrong shape found by an accessor. Line and Col are 1-based (0
// when the position is unknown). Error() reads "line:col: msg". Err, when set, is
// a sentinel (ErrEmpty, ErrBinary) or underlying cause that Unwrap returns.
type Error struct {
	Line int
	Col  int
	Msg  string
	Err  error
}

// Error returns "line:col: msg".
func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error at n's position (0:0 for a nil node) with the formatted
// message.
func Errorf(n *Node, format string, args ...any) *Error {
	e := &Error{Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Col
	}
	return e
}

func quoteForMessage(s string) string { return strconv.Quote(s) }
