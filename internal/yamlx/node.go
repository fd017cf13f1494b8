// Package yamlx reads YAML into a small tree that keeps each node's line and
// column, and writes such a tree back as deterministic YAML text. It sits on
// github.com/goccy/go-yaml's parser and exists so that the rest of the project
// never handles that library's AST or its multi-line error text.
package yamlx

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"
)

// Kind is what a Node holds.
type Kind int

// The node kinds. The zero Kind is invalid, so that a zero Node is never taken
// for a real one.
const (
	// Map is a mapping: Keys[i] maps to Values[i], in document order.
	Map Kind = iota + 1
	// Seq is a sequence: its items are Values, in order.
	Seq
	// Scalar is a string, number, boolean or binary value; see Node.Tag.
	Scalar
	// Null is YAML's null (null, ~, or nothing at all after "key:").
	Null
)

// String returns the kind's name as used in error messages ("a map", …).
func (k Kind) String() string {
	switch k {
	case Map:
		return "a map"
	case Seq:
		return "a list"
	case Scalar:
		return "a scalar"
	case Null:
		return "null"
	}
	return "nothing"
}

// Scalar tags: the resolved type of a Scalar (or Null) node.
const (
	TagStr    = "str"
	TagInt    = "int"
	TagFloat  = "float"
	TagBool   = "bool"
	TagNull   = "null"
	TagBinary = "binary"
)

// Node is one node of a YAML document.
//
// For a Scalar, Tag says how Value reads: TagStr (Value is the string itself),
// TagInt (Value is the integer in decimal), TagFloat (Value is the float as
// written, ".inf", "-.inf" or ".nan"), TagBool ("true" or "false") or TagBinary
// (Value is standard base64 without line breaks). A Null node has Tag TagNull and
// an empty Value. A Map holds parallel Keys (always Scalar nodes) and Values; a
// Seq holds its items in Values. Line and Col are 1-based positions of the node's
// first character in the parsed text (0 for nodes built in code). Flow asks
// Encode to write a Map or Seq in flow style ({a: 1}, [x, y]).
type Node struct {
	Kind   Kind
	Tag    string
	Value  string
	Line   int
	Col    int
	Keys   []*Node
	Values []*Node
	Flow   bool
	// Comment, on an item of a block-style Seq, is written before the item as
	// "# " lines (one per line of Comment) by Encode; Parse does not read
	// comments back, so it never affects what a document means.
	Comment string
}

// Get returns the value of key in a Map node, or nil when n is not a Map or has
// no such key.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for i, k := range n.Keys {
		if k.Value == key {
			return n.Values[i]
		}
	}
	return nil
}

// KeyNode returns the key node for key in a Map node (for its position), or nil.
func (n *Node) KeyNode(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for _, k := range n.Keys {
		if k.Value == key {
			return k
		}
	}
	return nil
}

// IsNull reports whether n is nil or a Null node.
func (n *Node) IsNull() bool { return n == nil || n.Kind == Null }

// Describe names the node's kind and, for a scalar, its value, for error messages:
// `a map`, `a list`, `null`, `the string "yes please"`, `the integer 3`.
func (n *Node) Describe() string {
	if n == nil {
		return "nothing"
	}
	if n.Kind != Scalar {
		return n.Kind.String()
	}
	v := n.Value
	if len(v) > 60 {
		v = v[:57] + "..."
	}
	switch n.Tag {
	case TagStr:
		return "the string " + quoteForMessage(v)
	case TagInt:
		return "the integer " + v
	case TagFloat:
		return "the number " + v
	case TagBool:
		return "the boolean " + v
	case TagBinary:
		return "binary data"
	}
	return "the value " + quoteForMessage(v)
}

// NewMap returns an empty Map node; Set appends entries.
func NewMap() *Node { return &Node{Kind: Map} }

// NewFlowMap returns an empty Map node that Encode writes in flow style.
func NewFlowMap() *Node { return &Node{Kind: Map, Flow: true} }

// NewSeq returns a Seq node holding items.
func NewSeq(items ...*Node) *Node { return &Node{Kind: Seq, Values: items} }

// NewFlowSeq returns a Seq node holding items that Encode writes in flow style.
func NewFlowSeq(items ...*Node) *Node { return &Node{Kind: Seq, Values: items, Flow: true} }

// Set appends key: value to a Map node and returns n, so calls chain. It does not
// check for an existing key; callers build maps with distinct keys.
func (n *Node) Set(key string, value *Node) *Node {
	n.Keys = append(n.Keys, Str(key))
	n.Values = append(n.Values, value)
	return n
}

// Append adds items to a Seq node and returns n.
func (n *Node) Append(items ...*Node) *Node {
	n.Values = append(n.Values, items...)
	return n
}

// Str returns a string Scalar node.
func Str(s string) *Node { return &Node{Kind: Scalar, Tag: TagStr, Value: s} }

// StrSeq returns a flow Seq of string Scalars.
func StrSeq(list []string) *Node {
	n := NewFlowSeq()
	for _, s := range list {
		n.Values = append(n.Values, Str(s))
	}
	return n
}

// NullNode returns a Null node.
func NullNode() *Node { return &Node{Kind: Null, Tag: TagNull} }

// Int returns an integer Scalar node.
func Int(v int64) *Node { return &Node{Kind: Scalar, Tag: TagInt, Value: strconv.FormatInt(v, 10)} }

// Bool returns a boolean Scalar node.
func Bool(v bool) *Node { return &Node{Kind: Scalar, Tag: TagBool, Value: strconv.FormatBool(v)} }

// Float returns a float Scalar node whose text reads back as the same float64:
// shortest round-trip digits, always with a dot (1.0, 1.0e+21), or .inf, -.inf,
// .nan.
func Float(v float64) *Node {
	var s string
	switch {
	case math.IsInf(v, 1):
		s = ".inf"
	case math.IsInf(v, -1):
		s = "-.inf"
	case math.IsNaN(v):
		s = ".nan"
	default:
		s = strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.Contains(s, ".") {
			if i := strings.IndexByte(s, 'e'); i >= 0 {
				s = s[:i] + ".0" + s[i:]
			} else {
				s += ".0"
			}
		}
	}
	return &Node{Kind: Scalar, Tag: TagFloat, Value: s}
}

// Binary returns a !!binary Scalar node holding b.
func Binary(b []byte) *Node {
	return &Node{Kind: Scalar, Tag: TagBinary, Value: base64.StdEncoding.EncodeToString(b)}
}
