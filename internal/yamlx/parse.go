package yamlx

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// ErrParserPanic is wrapped by Parse's error when the underlying YAML library
// panicked on the input (a bug there); the input is treated as malformed.
var ErrParserPanic = errors.New("YAML parser failure")

// Parse reads one YAML document into a Node tree with positions. It is the
// one entry point for every YAML read: input in the fast subset (see
// ParseFast: what Encode writes and most hand-written files) is read by the
// fast reader, anything else by ParseFull; both give the same tree and
// positions, and every error comes from ParseFull.
func Parse(data []byte) (*Node, error) {
	data = trimBOM(data)
	if n, ok := ParseFast(data); ok {
		return n, nil
	}
	return ParseFull(data)
}

// trimBOM drops a leading UTF-8 byte order mark.
func trimBOM(data []byte) []byte { return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) }

// ParseFull reads one YAML document with the full YAML library, without
// trying the fast reader first (Parse is the entry point; ParseFull serves
// the differential tests and benchmarks).
//
// Errors are *Error values with a 1-based line and column: syntax errors (one
// line, never the library's multi-line rendering), duplicate map keys, keys that
// are not scalars, anchors and aliases (not supported), unknown tags, a second
// document, input that is not UTF-8 text (wraps ErrBinary), nesting deeper than
// 200 flow or block levels, and an empty document (wraps ErrEmpty). Parse never panics.
func ParseFull(data []byte) (n *Node, err error) {
	data = trimBOM(data)
	if err := checkText(data); err != nil {
		return nil, err
	}
	if err := checkDepth(data); err != nil {
		return nil, err
	}
	if err := checkBlockDepth(data); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			n, err = nil, &Error{Line: 1, Col: 1, Msg: fmt.Sprintf("the YAML parser failed on this input (%v); check the file's syntax", r), Err: ErrParserPanic}
		}
	}()
	f, perr := parser.ParseBytes(data, 0)
	if perr != nil {
		return nil, fromLibError(perr)
	}
	var body ast.Node
	for _, d := range f.Docs {
		if d == nil || d.Body == nil {
			continue
		}
		if _, isComment := d.Body.(*ast.CommentGroupNode); isComment {
			continue
		}
		if body != nil {
			l, c := startPos(d.Body)
			return nil, &Error{Line: l, Col: c, Msg: "a second YAML document starts here; a file holds exactly one"}
		}
		body = d.Body
	}
	if body == nil {
		return nil, &Error{Line: 1, Col: 1, Msg: "the file holds no YAML document (it is empty or only comments)", Err: ErrEmpty}
	}
	return convert(body, 0)
}

// fromLibError turns the YAML library's error into a one-line *Error.
func fromLibError(err error) error {
	var te interface {
		GetToken() *token.Token
		GetMessage() string
	}
	if errors.As(err, &te) {
		e := &Error{Line: 1, Col: 1, Msg: te.GetMessage()}
		if tk := te.GetToken(); tk != nil && tk.Position != nil {
			e.Line, e.Col = tk.Position.Line, tk.Position.Column
		}
		if e.Msg == "" {
			e.Msg = "YAML syntax error"
		}
		return e
	}
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return &Error{Line: 1, Col: 1, Msg: msg}
}

func pos(n ast.Node) (int, int) {
	if n == nil {
		return 0, 0
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return 0, 0
	}
	return tk.Position.Line, tk.Position.Column
}

// startPos is the position of a node's first character: for a block map, its
// first key rather than the first ':'.
func startPos(n ast.Node) (int, int) {
	switch x := n.(type) {
	case *ast.MappingNode:
		if len(x.Values) > 0 && !x.IsFlowStyle {
			return pos(x.Values[0].Key)
		}
	case *ast.MappingValueNode:
		return pos(x.Key)
	}
	return pos(n)
}

func convert(an ast.Node, depth int) (*Node, error) {
	l, c := pos(an)
	at := func(format string, args ...any) error {
		return &Error{Line: l, Col: c, Msg: fmt.Sprintf(format, args...)}
	}
	if depth > maxDepth {
		return nil, at("the document is nested more than %d deep", maxDepth)
	}
	scalar := func(tag, v string) (*Node, error) {
		return &Node{Kind: Scalar, Tag: tag, Value: v, Line: l, Col: c}, nil
	}
	switch x := an.(type) {
	case nil:
		return &Node{Kind: Null, Tag: TagNull}, nil
	case *ast.NullNode:
		return &Node{Kind: Null, Tag: TagNull, Line: l, Col: c}, nil
	case *ast.StringNode:
		return scalar(TagStr, x.Value)
	case *ast.LiteralNode:
		if x.Value == nil {
			return scalar(TagStr, "")
		}
		return scalar(TagStr, x.Value.Value)
	case *ast.IntegerNode:
		return scalar(TagInt, fmt.Sprint(x.Value))
	case *ast.FloatNode:
		return scalar(TagFloat, x.Token.Value)
	case *ast.InfinityNode:
		if x.Value < 0 {
			return scalar(TagFloat, "-.inf")
		}
		return scalar(TagFloat, ".inf")
	case *ast.NanNode:
		return scalar(TagFloat, ".nan")
	case *ast.BoolNode:
		return scalar(TagBool, strconv.FormatBool(x.Value))
	case *ast.MappingNode:
		n := &Node{Kind: Map, Flow: x.IsFlowStyle}
		n.Line, n.Col = startPos(x)
		for _, mv := range x.Values {
			if err := addPair(n, mv, depth); err != nil {
				return nil, err
			}
		}
		return n, nil
	case *ast.MappingValueNode:
		n := &Node{Kind: Map}
		n.Line, n.Col = pos(x.Key)
		if err := addPair(n, x, depth); err != nil {
			return nil, err
		}
		return n, nil
	case *ast.SequenceNode:
		n := &Node{Kind: Seq, Line: l, Col: c, Flow: x.IsFlowStyle}
		for _, v := range x.Values {
			item, err := convert(v, depth+1)
			if err != nil {
				return nil, err
			}
			if item.Line == 0 {
				item.Line, item.Col = l, c
			}
			n.Values = append(n.Values, item)
		}
		return n, nil
	case *ast.TagNode:
		return convertTagged(x, depth, l, c)
	case *ast.AnchorNode, *ast.AliasNode:
		return nil, at("anchors and aliases (&name, *name) are not supported; write the value out in full")
	case *ast.MergeKeyNode:
		return nil, at("merge keys (<<) are not supported; write the keys out in full")
	case *ast.CommentGroupNode:
		return &Node{Kind: Null, Tag: TagNull, Line: l, Col: c}, nil
	}
	return nil, at("unsupported YAML construct (%s)", an.Type())
}

func addPair(n *Node, mv *ast.MappingValueNode, depth int) error {
	var keyAST ast.Node = mv.Key
	if mk, ok := keyAST.(*ast.MappingKeyNode); ok {
		keyAST = mk.Value
	}
	k, err := convert(keyAST, depth+1)
	if err != nil {
		return err
	}
	if k.Kind != Scalar {
		return &Error{Line: k.Line, Col: k.Col, Msg: fmt.Sprintf("a map key must be a plain value, not %s", k.Describe())}
	}
	for _, prev := range n.Keys {
		if prev.Value == k.Value {
			return &Error{Line: k.Line, Col: k.Col, Msg: fmt.Sprintf("key %q appears twice in this map (first at line %d); remove one", k.Value, prev.Line)}
		}
	}
	v, err := convert(mv.Value, depth+1)
	if err != nil {
		return err
	}
	if v.Line == 0 {
		v.Line, v.Col = k.Line, k.Col
	}
	n.Keys = append(n.Keys, k)
	n.Values = append(n.Values, v)
	return nil
}

// convertTagged applies one of the standard tags (!!str, !!int, !!float,
// !!bool, !!null, !!binary, !!map, !!seq) to its value; other tags are refused.
func convertTagged(x *ast.TagNode, depth, l, c int) (*Node, error) {
	tag := x.Start.Value
	inner, err := convert(x.Value, depth+1)
	if err != nil {
		return nil, err
	}
	inner.Line, inner.Col = l, c
	text := ""
	if inner.Kind == Scalar {
		text = inner.Value
		if sn, ok := x.Value.(ast.ScalarNode); ok && inner.Tag != TagStr {
			if tk := sn.GetToken(); tk != nil {
				text = tk.Value
			}
		}
	}
	bad := func(want string) (*Node, error) {
		return nil, &Error{Line: l, Col: c, Msg: fmt.Sprintf("tag %s needs %s, got %s", tag, want, inner.Describe())}
	}
	switch tag {
	case "!!str":
		if inner.Kind == Null {
			return &Node{Kind: Scalar, Tag: TagStr, Line: l, Col: c}, nil
		}
		if inner.Kind != Scalar {
			return bad("a scalar")
		}
		return &Node{Kind: Scalar, Tag: TagStr, Value: text, Line: l, Col: c}, nil
	case "!!binary":
		if inner.Kind != Scalar || inner.Tag != TagStr {
			return bad("base64 text")
		}
		clean := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
				return -1
			}
			return r
		}, inner.Value)
		if _, err := base64.StdEncoding.DecodeString(clean); err != nil {
			return nil, &Error{Line: l, Col: c, Msg: "!!binary value is not valid base64", Err: err}
		}
		return &Node{Kind: Scalar, Tag: TagBinary, Value: clean, Line: l, Col: c}, nil
	case "!!int", "!!float", "!!bool":
		want := strings.TrimPrefix(tag, "!!")
		if inner.Kind == Scalar && inner.Tag == want {
			return inner, nil
		}
		if inner.Kind == Scalar && want == TagFloat && inner.Tag == TagInt {
			inner.Tag = TagFloat
			return inner, nil
		}
		return bad("a value of that type")
	case "!!null":
		if inner.Kind == Null {
			return inner, nil
		}
		return bad("null")
	case "!!map":
		if inner.Kind == Map {
			return inner, nil
		}
		return bad("a map")
	case "!!seq":
		if inner.Kind == Seq {
			return inner, nil
		}
		return bad("a list")
	}
	return nil, &Error{Line: l, Col: c, Msg: fmt.Sprintf("unsupported tag %s (only the standard !!str, !!int, !!float, !!bool, !!null, !!binary, !!map and !!seq are allowed)", tag)}
}
