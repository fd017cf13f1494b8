package yamlx

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// maxDepth bounds the nesting of flow collections and of compact "- - -"
// sequences that Parse accepts. The YAML library's run time and memory grow
// quickly with nesting, so a hostile input is refused before it reaches it.
const maxDepth = 200

// checkText refuses input that is not printable UTF-8 text: NUL bytes, invalid
// UTF-8, and control characters other than tab, LF and CR (YAML 1.2 §5.1). The
// error names the first offending byte's position and wraps ErrBinary.
func checkText(data []byte) error {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		bad := ""
		switch {
		case r == utf8.RuneError && size <= 1:
			bad = fmt.Sprintf("invalid UTF-8 byte 0x%02x", data[i])
		case r == 0:
			bad = "a NUL byte"
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0x7f, r >= 0x80 && r <= 0x9f && r != 0x85:
			bad = fmt.Sprintf("control character U+%04X", r)
		case r == 0xFFFE || r == 0xFFFF:
			bad = fmt.Sprintf("non-character U+%04X", r)
		}
		if bad != "" {
			return &Error{Line: line, Col: col, Msg: bad + ": this is not YAML text (a binary file?); save it as UTF-8 text", Err: ErrBinary}
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return nil
}

// checkDepth refuses input nested deeper than maxDepth, estimated with a small
// scanner that follows quotes, comments and flow brackets. It errs only on the
// side of counting too little, so valid documents of sane depth always pass.
func checkDepth(data []byte) error {
	var (
		line, col  = 1, 1
		flow       int
		quote      byte // 0, '\'' or '"'
		comment    bool
		lineStart  = true // only spaces and "- " seen on this line so far
		dashes     int
		prevSpace  = true // previous byte was whitespace or an indicator
		prevIsFlow bool
	)
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == '\n' {
			line, col = line+1, 1
			comment, lineStart, dashes, prevSpace = false, true, 0, true
			continue
		}
		col++
		switch {
		case comment:
			continue
		case quote == '"':
			if c == '\\' {
				i++
				col++
			} else if c == '"' {
				quote = 0
			}
			continue
		case quote == '\'':
			if c == '\'' {
				if i+1 < len(data) && data[i+1] == '\'' {
					i++
					col++
				} else {
					quote = 0
				}
			}
			continue
		}
		switch {
		case c == '#' && prevSpace:
			comment = true
		case (c == '"' || c == '\'') && (prevSpace || prevIsFlow):
			quote = c
		case (c == '[' || c == '{') && (prevSpace || flow > 0):
			flow++
			if flow > maxDepth {
				return &Error{Line: line, Col: col - 1, Msg: fmt.Sprintf("flow collections are nested more than %d deep", maxDepth)}
			}
		case (c == ']' || c == '}') && flow > 0:
			flow--
		case c == '-' && lineStart && i+1 < len(data) && (data[i+1] == ' ' || data[i+1] == '\t'):
			dashes++
			if dashes > maxDepth {
				return &Error{Line: line, Col: col - 1, Msg: fmt.Sprintf("sequences are nested more than %d deep on one line", maxDepth)}
			}
		case c == ' ' || c == '\t':
		default:
			lineStart = false
		}
		prevSpace = c == ' ' || c == '\t' || c == ':' || c == '-' || c == '?' || c == '!' || c == '&'
		prevIsFlow = c == '[' || c == '{' || c == ','
		if prevIsFlow {
			prevSpace = true
		}
	}
	return nil
}

// checkBlockDepth refuses block collections nested more than maxDepth levels
// by indentation: the YAML library's time grows faster than the square of
// that depth (8000 levels took 12 s). It keeps a stack of the indentations
// of the content lines, skipping comment lines and the lines of block
// scalars (| and >), so it errs only on the side of counting too little.
func checkBlockDepth(data []byte) error {
	var stack []int
	scalarIndent := -1 // inside a block scalar started on a line with this indentation
	line := 0
	for len(data) > 0 {
		line++
		l := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		ind := 0
		for ind < len(l) && l[ind] == ' ' {
			ind++
		}
		text := bytes.TrimRight(l[ind:], " \t\r")
		if len(text) == 0 || text[0] == '#' {
			continue
		}
		if scalarIndent >= 0 {
			if ind > scalarIndent {
				continue
			}
			scalarIndent = -1
		}
		for len(stack) > 0 && stack[len(stack)-1] >= ind {
			stack = stack[:len(stack)-1]
		}
		stack = append(stack, ind)
		if len(stack) > maxDepth {
			return &Error{Line: line, Col: ind + 1, Msg: fmt.Sprintf("the document is nested more than %d levels deep", maxDepth)}
		}
		if t := bytes.TrimRight(text, "+-0123456789"); len(t) > 0 && (t[len(t)-1] == '|' || t[len(t)-1] == '>') {
			scalarIndent = ind
		}
	}
	return nil
}
