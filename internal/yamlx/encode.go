package yamlx

import (
	"bytes"
	"fmt"
	"strings"
)

// Encode writes n as YAML text ending in a newline: block style, except Map and
// Seq nodes marked Flow (and every collection inside them), empty collections
// ({} and []), and scalars. Strings are written plain unless a YAML reader could
// take them for something else (see needsQuotes), then single-quoted, or
// double-quoted with escapes when they hold line breaks or control characters.
// The output is deterministic and Parse reads it back to an equal tree (positions
// aside). A nil node is written as null.
func Encode(n *Node) []byte {
	var b bytes.Buffer
	switch {
	case n != nil && n.Kind == Map && !n.Flow && len(n.Keys) > 0:
		encodeBlockMap(&b, n, 0)
	case n != nil && n.Kind == Seq && !n.Flow && len(n.Values) > 0:
		encodeBlockSeq(&b, n, 0)
	default:
		encodeFlow(&b, n)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func isBlock(n *Node) bool {
	return n != nil && !n.Flow && ((n.Kind == Map && len(n.Keys) > 0) || (n.Kind == Seq && len(n.Values) > 0))
}

// encodeBlockMap writes the entries of n, the first one at the current position
// (the caller has written the indentation, or "- "), the others at indent.
func encodeBlockMap(b *bytes.Buffer, n *Node, indent int) {
	for i, k := range n.Keys {
		if i > 0 {
			b.WriteString(strings.Repeat(" ", indent))
		}
		encodeScalar(b, k)
		b.WriteByte(':')
		v := n.Values[i]
		if isBlock(v) {
			b.WriteByte('\n')
			b.WriteString(strings.Repeat(" ", indent+2))
			if v.Kind == Map {
				encodeBlockMap(b, v, indent+2)
			} else {
				encodeBlockSeq(b, v, indent+2)
			}
			continue
		}
		b.WriteByte(' ')
		encodeFlow(b, v)
		b.WriteByte('\n')
	}
}

// encodeBlockSeq writes the items of n as "- item" lines, the first at the
// current position, the others at indent.
func encodeBlockSeq(b *bytes.Buffer, n *Node, indent int) {
	for i, v := range n.Values {
		if i > 0 {
			b.WriteString(strings.Repeat(" ", indent))
		}
		if v != nil && v.Comment != "" {
			for _, line := range strings.Split(v.Comment, "\n") {
				b.WriteString(strings.TrimRight("# "+line, " \t") + "\n")
				b.WriteString(strings.Repeat(" ", indent))
			}
		}
		b.WriteString("- ")
		switch {
		case isBlock(v) && v.Kind == Map:
			encodeBlockMap(b, v, indent+2)
		case isBlock(v):
			encodeBlockSeq(b, v, indent+2)
		default:
			encodeFlow(b, v)
			b.WriteByte('\n')
		}
	}
}

// encodeFlow writes n on one line: {k: v, …}, [a, …] or a scalar.
func encodeFlow(b *bytes.Buffer, n *Node) {
	if n == nil {
		b.WriteString("null")
		return
	}
	switch n.Kind {
	case Map:
		b.WriteByte('{')
		for i, k := range n.Keys {
			if i > 0 {
				b.WriteString(", ")
			}
			encodeScalar(b, k)
			b.WriteString(": ")
			encodeFlow(b, n.Values[i])
		}
		b.WriteByte('}')
	case Seq:
		b.WriteByte('[')
		for i, v := range n.Values {
			if i > 0 {
				b.WriteString(", ")
			}
			encodeFlow(b, v)
		}
		b.WriteByte(']')
	case Scalar:
		encodeScalar(b, n)
	default:
		b.WriteString("null")
	}
}

// encodeScalar writes a scalar so that it reads back with the same tag and value.
func encodeScalar(b *bytes.Buffer, n *Node) {
	switch n.Tag {
	case TagStr, "":
		writeString(b, n.Value)
	case TagBinary:
		b.WriteString("!!binary ")
		writeString(b, n.Value)
	case TagNull:
		b.WriteString("null")
	case TagBool:
		if n.Value == "true" {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case TagInt, TagFloat:
		if Resolve(n.Value) == n.Tag {
			b.WriteString(n.Value)
		} else {
			// A value built in code that would not read back as its tag
			// ("1" as a float): say the tag explicitly.
			b.WriteString("!!" + n.Tag + " " + n.Value)
		}
	default:
		writeString(b, n.Value)
	}
}

func writeString(b *bytes.Buffer, s string) {
	switch {
	case needsDoubleQuotes(s):
		writeDoubleQuoted(b, s)
	case needsQuotes(s):
		b.WriteByte('\'')
		b.WriteString(strings.ReplaceAll(s, "'", "''"))
		b.WriteByte('\'')
	default:
		b.WriteString(s)
	}
}

func writeDoubleQuoted(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case 0:
			b.WriteString(`\0`)
		default:
			if isPrintable(r) {
				b.WriteRune(r)
			} else if r <= 0xFFFF {
				fmt.Fprintf(b, `\u%04X`, r)
			} else {
				fmt.Fprintf(b, `\U%08X`, r)
			}
		}
	}
	b.WriteByte('"')
}
