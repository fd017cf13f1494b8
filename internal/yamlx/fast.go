package yamlx

import (
	"bytes"
	"strings"
	"sync"
	"sync/atomic"
)

// fastMaxDepth bounds the nesting the fast reader follows; deeper documents
// go to the library reader, which has its own limit and error.
const fastMaxDepth = 64

// ParseFast reads data with the fast reader alone: the plain subset of YAML
// that Encode writes (and that most hand-written revision and config files
// use), into the same tree, positions included, that ParseFull builds, about
// fifty times faster. It returns ok=false for anything outside that subset
// (Parse then uses ParseFull, which owns every error message: the fast reader
// never reports an error, it only declines). The subset is:
//
//   - printable ASCII text with LF line ends (the last line too), no tabs,
//     no BOM, no trailing blanks, no "---";
//   - whole-line comments and blank lines anywhere, no comment after a value;
//   - a block map at column 1 as the document; block maps and block
//     sequences ("- item", "- key: value") nested by indentation;
//   - keys that are identifiers ([A-Za-z_][A-Za-z0-9_]*) other than YAML's
//     null and boolean words, each at most once per map;
//   - one-line flow maps and sequences ({k: v, …}, […]);
//   - scalars: null, true, false, decimal integers without sign or leading
//     zero, plain strings that Encode would also write plain, and one-line
//     quoted strings ('…' with ” escapes, "…" without backslashes).
//
// A differential test (fast_test.go) checks, on fixtures and fuzzed input,
// that whatever ParseFast accepts ParseFull reads to an equal tree.
func ParseFast(data []byte) (*Node, bool) {
	sc := fastScratchPool.Get().(*fastScratch)
	defer sc.done()
	return sc.parse(data, nil, false)
}

// ParseScoped parses data like Parse and calls use with the tree, which is
// valid only until use returns: on the fast path its nodes come from a pooled
// arena that the next parse reuses, so use must keep no node (decoding the
// tree into values that hold only strings is fine). skipTop names top-level
// keys whose block values the fast reader may skip unread: they then read as
// null (the full reader, for input outside the fast subset, reads them as
// usual). ParseScoped returns Parse's error, or use's.
func ParseScoped(data []byte, skipTop []string, use func(*Node) error) error {
	data = trimBOM(data)
	sc := fastScratchPool.Get().(*fastScratch)
	defer sc.done() // after use: the tree is no longer needed
	if n, ok := sc.parse(data, skipTop, true); ok {
		return use(n)
	}
	n, err := ParseFull(data)
	if err != nil {
		return err
	}
	return use(n)
}

// parse is ParseFast with sc's scratch. With reuse, the nodes come from sc's
// pooled arena, so the tree is valid only until sc.done.
func (sc *fastScratch) parse(data []byte, skipTop []string, reuse bool) (*Node, bool) {
	p := fastParser{skipTop: skipTop, keys: internTable.Load()}
	if reuse {
		p.reuse = sc
	}
	if len(data) == 0 || data[len(data)-1] != '\n' {
		return nil, false
	}
	p.lines, p.stack = sc.lines[:0], sc.stack[:0]
	defer func() {
		clear(p.stack[:cap(p.stack)]) // keep no node alive from the pool
		sc.lines, sc.stack = p.lines[:0], p.stack[:0]
		// What of the pooled chunks the tree uses, for done to clear: all of
		// a chunk that a second one followed.
		if p.pooledNodes {
			sc.usedNodes = cap(sc.nodes)
			if p.nodeChunks == 1 {
				sc.usedNodes = len(p.arena)
			}
		}
		if p.pooledPtrs {
			sc.usedPtrs = cap(sc.ptrs)
			if p.ptrChunks == 1 {
				sc.usedPtrs = len(p.ptrs)
			}
		}
	}()
	if !p.split(data) || len(p.lines) == 0 || p.lines[0].indent != 0 {
		return nil, false
	}
	if fastIsSeqLine(p.lines[0].text) {
		return nil, false
	}
	n, ok := p.blockMap()
	if !ok || p.i != len(p.lines) {
		return nil, false
	}
	return n, true
}

// fastLine is one line with content: its 1-based number, its indentation in
// spaces and its text after the indentation.
type fastLine struct {
	no     int
	indent int
	text   []byte
}

// fastScratch is what one parse needs only while it runs: the content lines
// (the tree's strings are copies) and the stack of the keys and values of the
// collections being read; and, for a tree used only until done, the first
// chunks of its node and pointer arenas and how much of them it used.
type fastScratch struct {
	lines []fastLine
	stack []*Node
	nodes []Node
	ptrs  []*Node
	// usedNodes and usedPtrs are how much of nodes and ptrs the last tree
	// used, which done clears.
	usedNodes, usedPtrs int
}

// fastKeepNodes bounds the arena chunk a scratch keeps for reuse (a huge
// file's arena is left to the collector).
const fastKeepNodes = 4096

// fastScratchPool keeps the scratch of finished parses for the next ones.
var fastScratchPool = sync.Pool{New: func() any { return new(fastScratch) }}

// done ends the use of the last tree parsed with reuse (its nodes are
// cleared, so that the pool keeps no string alive) and returns sc to the
// pool.
func (sc *fastScratch) done() {
	clear(sc.nodes[:sc.usedNodes])
	clear(sc.ptrs[:sc.usedPtrs])
	sc.usedNodes, sc.usedPtrs = 0, 0
	fastScratchPool.Put(sc)
}

type fastParser struct {
	lines []fastLine
	i     int // the next line to read
	depth int
	arena []Node // nodes are carved from here: one allocation per chunk
	// want is split's estimate of the number of nodes the document makes, the
	// size of the first chunk of the arena (so that a typical file makes
	// one allocation of the right size).
	want int
	// stack holds the keys and values (or items) of the collections being
	// read, innermost last; a finished collection moves its part into
	// slices carved from ptrs, of the exact length, and pops it.
	stack []*Node
	ptrs  []*Node
	// skipTop lists the top-level keys whose block values are skipped.
	skipTop []string
	// keys is the intern table (see InternKeys), loaded once per parse.
	keys *map[string]string
	// reuse, when set, lends the first chunks of the arenas (see
	// fastScratch.parse); nodeChunks and ptrChunks count the chunks taken,
	// and pooledNodes and pooledPtrs say that the first is reuse's.
	reuse                   *fastScratch
	nodeChunks, ptrChunks   int
	pooledNodes, pooledPtrs bool
}

// node returns a new node from the arena, set to v.
func (p *fastParser) node(v Node) *Node {
	if len(p.arena) == cap(p.arena) {
		n := max(32, 2*len(p.lines))
		if p.nodeChunks == 0 {
			n = p.want
		}
		p.nodeChunks++
		switch r := p.reuse; {
		case r == nil || p.nodeChunks > 1:
			p.arena = make([]Node, 0, n)
		case cap(r.nodes) >= n:
			p.arena, p.pooledNodes = r.nodes[:0], true
		default:
			p.arena = make([]Node, 0, n)
			if n <= fastKeepNodes {
				r.nodes, p.pooledNodes = p.arena, true
			}
		}
	}
	p.arena = append(p.arena, v)
	return &p.arena[len(p.arena)-1]
}

// carve returns n pointer slots from the arena (nil for none), full-capped
// so that an append by a user of the tree copies instead of overwriting a
// neighbour.
func (p *fastParser) carve(n int) []*Node {
	if n == 0 {
		return nil
	}
	if len(p.ptrs)+n > cap(p.ptrs) {
		size := max(n, p.want, 32)
		p.ptrChunks++
		switch r := p.reuse; {
		case r == nil || p.ptrChunks > 1:
			p.ptrs = make([]*Node, 0, size)
		case cap(r.ptrs) >= size:
			p.ptrs, p.pooledPtrs = r.ptrs[:0], true
		default:
			p.ptrs = make([]*Node, 0, size)
			if size <= fastKeepNodes {
				r.ptrs, p.pooledPtrs = p.ptrs, true
			}
		}
	}
	k := len(p.ptrs)
	p.ptrs = p.ptrs[:k+n]
	return p.ptrs[k : k+n : k+n]
}

// popMap makes the key/value pairs on the stack from base the keys and values
// of m.
func (p *fastParser) popMap(m *Node, base int) {
	pairs := p.stack[base:]
	n := len(pairs) / 2
	m.Keys, m.Values = p.carve(n), p.carve(n)
	for i := 0; i < n; i++ {
		m.Keys[i], m.Values[i] = pairs[2*i], pairs[2*i+1]
	}
	p.stack = p.stack[:base]
}

// popSeq makes the items on the stack from base the values of s.
func (p *fastParser) popSeq(s *Node, base int) {
	s.Values = p.carve(len(p.stack) - base)
	copy(s.Values, p.stack[base:])
	p.stack = p.stack[:base]
}

// hasKey reports whether the map whose pairs start at base on the stack
// already has key.
func (p *fastParser) hasKey(base int, key string) bool {
	for i := base; i < len(p.stack); i += 2 {
		if p.stack[i].Value == key {
			return true
		}
	}
	return false
}

// internTable holds the map keys the fast reader returns without an
// allocation (the keys of revision files, ops and the config): a read-only
// map, replaced whole by InternKeys.
var internTable atomic.Pointer[map[string]string]

// InternKeys adds keys to the set of map keys that Parse's fast reader
// returns as shared strings instead of allocating a copy per occurrence. The
// packages that define YAML formats call it from init with their keys (ops
// with every op key, revision with its top-level keys), so the table is
// derived from the format definitions rather than kept by hand. Safe for
// concurrent use; keys already present are ignored.
func InternKeys(keys ...string) {
	for {
		old := internTable.Load()
		m := make(map[string]string, len(keys))
		if old != nil {
			for k, v := range *old {
				m[k] = v
			}
		}
		for _, k := range keys {
			m[k] = k
		}
		if internTable.CompareAndSwap(old, &m) {
			return
		}
	}
}

// Interned reports whether key is in the InternKeys set (for tests that
// check a format's keys are all registered).
func Interned(key string) bool {
	m := internTable.Load()
	if m == nil {
		return false
	}
	_, ok := (*m)[key]
	return ok
}

// str returns b as a string, shared when it is an interned key.
func (p *fastParser) str(b []byte) string {
	if p.keys != nil {
		if s, ok := (*p.keys)[string(b)]; ok {
			return s
		}
	}
	return string(b)
}

// split cuts data into content lines, refusing anything outside the subset's
// character set, and estimates the number of nodes: two per key (a colon),
// one per sequence item (a dash or a comma), one per flow collection, and
// none for the lines of the blocks that skipTop skips.
func (p *fastParser) split(data []byte) bool {
	no := 0
	want, inOps, skipping := 1, false, false
	for len(data) > 0 {
		no++
		line := data
		if k := bytes.IndexByte(data, '\n'); k >= 0 {
			line, data = data[:k], data[k+1:]
		} else {
			data = nil
		}
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		if inOps && (indent > 0 || fastIsSeqLine(line)) {
			// A line of a skipped block: nothing of it is parsed, so
			// past its first line (kept, for parse to see that the
			// key has a block) it is neither checked nor kept: a 10 MB
			// upgrade list costs a search for its line ends.
			if skipping {
				continue
			}
			skipping = true
		} else if len(line) > 0 && line[0] != '#' {
			skipping = false // a top-level key (blank and comment lines do not end a block)
		}
		marks := 0
		for _, c := range line {
			if c < 0x20 || c > 0x7e {
				return false
			}
			switch c {
			case ':':
				marks += 2
			case ',', '-', '[', '{':
				marks++
			}
		}
		text := line[indent:]
		if len(text) == 0 || text[0] == '#' {
			continue
		}
		if len(p.skipTop) > 0 && indent == 0 && !fastIsSeqLine(text) {
			inOps = p.skipped(text)
		}
		if !inOps {
			want += marks
		} else if indent == 0 && !fastIsSeqLine(text) {
			want += 2 // the key and the null that stands for the skipped block
		}
		if text[len(text)-1] == ' ' {
			return false // trailing blanks move the position of an empty value
		}
		if bytes.HasPrefix(text, []byte("---")) || bytes.HasPrefix(text, []byte("...")) {
			return false
		}
		p.lines = append(p.lines, fastLine{no: no, indent: indent, text: text})
	}
	p.want = max(want, 8)
	return true
}

// skipped reports whether a top-level line is "key:" for a key in skipTop.
func (p *fastParser) skipped(text []byte) bool {
	if len(text) < 2 || text[len(text)-1] != ':' {
		return false
	}
	return p.skippedKey(string(text[:len(text)-1]))
}

// skippedKey reports whether key is in skipTop.
func (p *fastParser) skippedKey(key string) bool {
	for _, k := range p.skipTop {
		if k == key {
			return true
		}
	}
	return false
}

func fastIsSeqLine(t []byte) bool { return len(t) > 0 && t[0] == '-' && (len(t) == 1 || t[1] == ' ') }

// blockMap reads the map whose first key is on line p.i at indentation
// lines[p.i].indent, up to the first line indented less.
func (p *fastParser) blockMap() (*Node, bool) {
	if p.depth++; p.depth > fastMaxDepth {
		return nil, false
	}
	defer func() { p.depth-- }()
	first := p.lines[p.i]
	indent := first.indent
	m := p.node(Node{Kind: Map, Line: first.no, Col: indent + 1})
	base := len(p.stack)
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < indent {
			break
		}
		if l.indent > indent || fastIsSeqLine(l.text) {
			return nil, false
		}
		klen := fastKeyLen(l.text)
		if klen == 0 {
			return nil, false
		}
		key := p.str(l.text[:klen])
		if p.hasKey(base, key) {
			return nil, false
		}
		kn := p.node(Node{Kind: Scalar, Tag: TagStr, Value: key, Line: l.no, Col: indent + 1})
		rest := l.text[klen+1:]
		p.i++
		var v *Node
		var ok bool
		switch {
		case len(rest) > 0:
			if rest[0] != ' ' {
				return nil, false
			}
			col := indent + klen + 2
			for len(rest) > 0 && rest[0] == ' ' {
				rest, col = rest[1:], col+1
			}
			if v, ok = p.inline(rest, l.no, col); !ok {
				return nil, false
			}
			if p.i < len(p.lines) && p.lines[p.i].indent > indent {
				return nil, false // a continuation line of a multi-line scalar
			}
		case p.depth == 1 && len(p.skipTop) > 0 && p.skippedKey(key) && p.i < len(p.lines) &&
			(p.lines[p.i].indent > 0 || fastIsSeqLine(p.lines[p.i].text)):
			for p.i < len(p.lines) && (p.lines[p.i].indent > 0 || fastIsSeqLine(p.lines[p.i].text)) {
				p.i++
			}
			v = p.node(Node{Kind: Null, Tag: TagNull, Line: l.no, Col: indent + klen + 2})
		case p.i < len(p.lines) && p.lines[p.i].indent > indent:
			if v, ok = p.block(); !ok {
				return nil, false
			}
		case p.i < len(p.lines) && p.lines[p.i].indent == indent && fastIsSeqLine(p.lines[p.i].text):
			if v, ok = p.blockSeq(); !ok {
				return nil, false
			}
		case p.i == len(p.lines):
			return nil, false // goccy places an empty last value one column further
		default:
			// "key:" with nothing after it: a null just after the colon.
			v = p.node(Node{Kind: Null, Tag: TagNull, Line: l.no, Col: indent + klen + 2})
		}
		p.stack = append(p.stack, kn, v)
	}
	p.popMap(m, base)
	return m, true
}

// block reads the block collection starting on line p.i.
func (p *fastParser) block() (*Node, bool) {
	if fastIsSeqLine(p.lines[p.i].text) {
		return p.blockSeq()
	}
	return p.blockMap()
}

// blockSeq reads "- item" lines at the indentation of line p.i.
func (p *fastParser) blockSeq() (*Node, bool) {
	if p.depth++; p.depth > fastMaxDepth {
		return nil, false
	}
	defer func() { p.depth-- }()
	first := p.lines[p.i]
	indent := first.indent
	s := p.node(Node{Kind: Seq, Line: first.no, Col: indent + 1})
	base := len(p.stack)
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < indent || (l.indent == indent && !fastIsSeqLine(l.text)) {
			break
		}
		if l.indent > indent || len(l.text) < 3 || l.text[2] == ' ' || fastIsSeqLine(l.text[2:]) {
			return nil, false
		}
		rest := l.text[2:]
		if klen := fastKeyLen(rest); klen > 0 {
			// "- key: …": a block map whose first line starts after "- ".
			p.lines[p.i] = fastLine{no: l.no, indent: indent + 2, text: rest}
			v, ok := p.blockMap()
			if !ok {
				return nil, false
			}
			p.stack = append(p.stack, v)
			continue
		}
		v, ok := p.inline(rest, l.no, indent+3)
		if !ok {
			return nil, false
		}
		p.i++
		if p.i < len(p.lines) && p.lines[p.i].indent > indent {
			return nil, false
		}
		p.stack = append(p.stack, v)
	}
	p.popSeq(s, base)
	return s, true
}

// fastKeyLen returns the length of the identifier key at the start of t when
// it is followed by ':' and then a space or the end of the line, else 0.
func fastKeyLen(t []byte) int {
	k := 0
	for k < len(t) && (t[k] == '_' || t[k] >= 'a' && t[k] <= 'z' || t[k] >= 'A' && t[k] <= 'Z' || k > 0 && t[k] >= '0' && t[k] <= '9') {
		k++
	}
	if k == 0 || k >= len(t) || t[k] != ':' || (k+1 < len(t) && t[k+1] != ' ') {
		return 0
	}
	if k <= 5 && Resolve(string(t[:k])) != TagStr {
		return 0 // null, true, yes, on, y, … (longer identifiers are never special)
	}
	return k
}

// inline reads a value that fills the rest of a line: a flow collection, a
// quoted string or a plain scalar (which runs to the end of the line).
func (p *fastParser) inline(t []byte, line, col int) (*Node, bool) {
	switch t[0] {
	case '{', '[', '\'', '"':
		f := fastFlow{p: p, t: t, line: line, col0: col}
		v, ok := f.value()
		if !ok {
			return nil, false
		}
		f.space()
		return v, f.k == len(t)
	}
	return p.plain(string(t), line, col)
}

// fastPlain resolves a plain scalar: null, a boolean, a decimal integer, or a
// string that Encode would write plain (so it reads back unchanged).
func (p *fastParser) plain(s string, line, col int) (*Node, bool) {
	n := Node{Kind: Scalar, Value: s, Line: line, Col: col}
	switch {
	case s == "null":
		return p.node(Node{Kind: Null, Tag: TagNull, Line: line, Col: col}), true
	case s == "true" || s == "false":
		n.Tag = TagBool
	case fastDecimal(s):
		n.Tag = TagInt
	case fastPlainString(s):
		n.Tag = TagStr
	default:
		return nil, false
	}
	return p.node(n), true
}

// fastDecimal matches 0 or [1-9][0-9]{0,17} (no overflow, no sign, no "_").
func fastDecimal(s string) bool {
	if s == "0" {
		return true
	}
	if len(s) == 0 || len(s) > 18 || s[0] < '1' || s[0] > '9' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// fastPlainString mirrors Encode's rule for writing a string plain,
// made stricter: printable ASCII, not a null, boolean or number, no leading
// indicator, nothing number- or date-like, none of the characters that end or
// alter a plain scalar, no doubled or edge spaces.
func fastPlainString(s string) bool {
	if s == "" {
		return false
	}
	// Resolve's special words are at most five letters long, and its numbers
	// start with a digit, a sign or a dot.
	if !(len(s) > 5 && fastLetter(s[0])) && Resolve(s) != TagStr {
		return false
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	if s[0] >= '0' && s[0] <= '9' && strings.Trim(s, "0123456789_.-+:eExXoObBtTzZ ") == "" {
		return false // number- or date-like: 1e3, 1_000, 2026-11-20
	}
	if fastPlainLeading[s[0]] {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if fastPlainRefused[c] {
			return false
		}
		if c == ' ' && s[i+1] == ' ' {
			return false
		}
		if c == '<' && i+1 < len(s) && s[i+1] == '<' {
			return false
		}
	}
	return true
}

func fastLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// fastPlainLeading and fastPlainRefused are fastPlainString's character
// classes: what may not start a plain string, and what may not appear in one
// (anything outside printable ASCII, and the characters that end or alter a
// plain scalar).
var fastPlainLeading, fastPlainRefused = func() (lead, refused [256]bool) {
	for _, c := range []byte("-?:,[]{}#&*!|>'\"%@`<=~.+") {
		lead[c] = true
	}
	for c := 0; c < 256; c++ {
		refused[c] = c < 0x20 || c > 0x7e
	}
	for _, c := range []byte(":#,[]{}&*!|>'\"%@`\\") {
		refused[c] = true
	}
	return lead, refused
}()

// fastFlow reads one-line flow values from t; col0 is the column of t[0].
type fastFlow struct {
	p     *fastParser
	t     []byte
	k     int
	line  int
	col0  int
	depth int
}

func (f *fastFlow) space() {
	for f.k < len(f.t) && f.t[f.k] == ' ' {
		f.k++
	}
}

func (f *fastFlow) col() int { return f.col0 + f.k }

// value reads a flow map, flow sequence, quoted string or flow plain scalar.
func (f *fastFlow) value() (*Node, bool) {
	if f.k >= len(f.t) {
		return nil, false
	}
	switch f.t[f.k] {
	case '{':
		return f.flowMap()
	case '[':
		return f.flowSeq()
	case '\'':
		return f.single()
	case '"':
		return f.double()
	}
	start := f.k
	for f.k < len(f.t) && f.t[f.k] != ',' && f.t[f.k] != ']' && f.t[f.k] != '}' {
		f.k++
	}
	s := string(bytes.TrimRight(f.t[start:f.k], " "))
	return f.p.plain(s, f.line, f.col0+start)
}

func (f *fastFlow) flowMap() (*Node, bool) {
	if f.depth++; f.depth > fastMaxDepth {
		return nil, false
	}
	m := f.p.node(Node{Kind: Map, Flow: true, Line: f.line, Col: f.col()})
	base := len(f.p.stack)
	f.k++
	if f.k < len(f.t) && f.t[f.k] == '}' {
		f.k++
		f.depth--
		return m, true
	}
	for {
		if f.k >= len(f.t) || f.t[f.k] == ' ' {
			return nil, false
		}
		klen := fastKeyLen(f.t[f.k:])
		if klen == 0 || f.k+klen+1 >= len(f.t) {
			return nil, false
		}
		key := f.p.str(f.t[f.k : f.k+klen])
		if f.p.hasKey(base, key) {
			return nil, false
		}
		kn := f.p.node(Node{Kind: Scalar, Tag: TagStr, Value: key, Line: f.line, Col: f.col()})
		f.k += klen + 2 // key, ':' and the space fastKeyLen checked
		if f.k >= len(f.t) || f.t[f.k] == ' ' {
			return nil, false
		}
		v, ok := f.value()
		if !ok {
			return nil, false
		}
		f.p.stack = append(f.p.stack, kn, v)
		if !f.sep('}') {
			return nil, false
		}
		if f.t[f.k-1] == '}' {
			f.depth--
			f.p.popMap(m, base)
			return m, true
		}
	}
}

func (f *fastFlow) flowSeq() (*Node, bool) {
	if f.depth++; f.depth > fastMaxDepth {
		return nil, false
	}
	s := f.p.node(Node{Kind: Seq, Flow: true, Line: f.line, Col: f.col()})
	base := len(f.p.stack)
	f.k++
	if f.k < len(f.t) && f.t[f.k] == ']' {
		f.k++
		f.depth--
		return s, true
	}
	for {
		if f.k >= len(f.t) || f.t[f.k] == ' ' {
			return nil, false
		}
		v, ok := f.value()
		if !ok {
			return nil, false
		}
		f.p.stack = append(f.p.stack, v)
		if !f.sep(']') {
			return nil, false
		}
		if f.t[f.k-1] == ']' {
			f.depth--
			f.p.popSeq(s, base)
			return s, true
		}
	}
}

// sep reads either the closing bracket or ", " followed by another item.
func (f *fastFlow) sep(closing byte) bool {
	if f.k >= len(f.t) {
		return false
	}
	if f.t[f.k] == closing {
		f.k++
		return true
	}
	if f.t[f.k] != ',' || f.k+1 >= len(f.t) || f.t[f.k+1] != ' ' {
		return false
	}
	f.k += 2
	return f.k < len(f.t) && f.t[f.k] != ' ' && f.t[f.k] != closing
}

// single reads '…' with ” standing for one quote.
func (f *fastFlow) single() (*Node, bool) {
	col := f.col()
	var b []byte
	for j := f.k + 1; j < len(f.t); j++ {
		if f.t[j] != '\'' {
			b = append(b, f.t[j])
			continue
		}
		if j+1 < len(f.t) && f.t[j+1] == '\'' {
			b = append(b, '\'')
			j++
			continue
		}
		f.k = j + 1
		return f.quoted(string(b), col)
	}
	return nil, false
}

// double reads "…" without escapes.
func (f *fastFlow) double() (*Node, bool) {
	col := f.col()
	for j := f.k + 1; j < len(f.t); j++ {
		switch f.t[j] {
		case '\\':
			return nil, false
		case '"':
			s := string(f.t[f.k+1 : j])
			f.k = j + 1
			return f.quoted(s, col)
		}
	}
	return nil, false
}

// quoted makes the string node of a quoted scalar; what follows it must end
// the value (the end of the line, or a flow separator).
func (f *fastFlow) quoted(s string, col int) (*Node, bool) {
	if f.k < len(f.t) && f.t[f.k] != ',' && f.t[f.k] != ']' && f.t[f.k] != '}' && f.t[f.k] != ' ' {
		return nil, false
	}
	return f.p.node(Node{Kind: Scalar, Tag: TagStr, Value: s, Line: f.line, Col: col}), true
}
