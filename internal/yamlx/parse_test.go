package yamlx

import (
	"errors"
	"strings"
	"testing"
)

func TestParsePositions(t *testing.T) {
	src := "name: books\ncolumns:\n  - {name: id, type: integer}\n  - name: title\n    nullable: false\n"
	n, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if n.Kind != Map || n.Line != 1 || n.Col != 1 {
		t.Fatalf("root = %v at %d:%d, want a map at 1:1", n.Kind, n.Line, n.Col)
	}
	cols := n.Get("columns")
	if cols == nil || cols.Kind != Seq || len(cols.Values) != 2 {
		t.Fatalf("columns = %+v", cols)
	}
	first := cols.Values[0]
	if !first.Flow || first.Kind != Map {
		t.Errorf("first column: want a flow map, got %+v", first)
	}
	typ := first.Get("type")
	if typ.Value != "integer" || typ.Line != 3 || typ.Col != 22 {
		t.Errorf("type = %q at %d:%d, want integer at 3:22", typ.Value, typ.Line, typ.Col)
	}
	nb := cols.Values[1].Get("nullable")
	if nb.Tag != TagBool || nb.Value != "false" || nb.Line != 5 || nb.Col != 15 {
		t.Errorf("nullable = %+v, want bool false at 5:15", nb)
	}
	if k := cols.Values[1].KeyNode("nullable"); k == nil || k.Line != 5 || k.Col != 5 {
		t.Errorf("nullable key at %+v, want 5:5", k)
	}
}

func TestParseScalarTags(t *testing.T) {
	src := "a: 1\nb: -7\nc: 2.5\nd: true\ne: null\nf: ~\ng: text\nh: '1'\ni: !!binary aGVsbG8=\nj: 0x10\nk: .inf\nl: !!str 0012\nm:\nn: |\n  x\n  y\n"
	n, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		"a": {TagInt, "1"}, "b": {TagInt, "-7"}, "c": {TagFloat, "2.5"}, "d": {TagBool, "true"},
		"e": {TagNull, ""}, "f": {TagNull, ""}, "g": {TagStr, "text"}, "h": {TagStr, "1"},
		"i": {TagBinary, "aGVsbG8="}, "j": {TagInt, "16"}, "k": {TagFloat, ".inf"}, "l": {TagStr, "0012"},
		"m": {TagNull, ""}, "n": {TagStr, "x\ny\n"},
	}
	for k, w := range want {
		v := n.Get(k)
		if v == nil {
			t.Errorf("%s: missing", k)
			continue
		}
		if v.Tag != w[0] || v.Value != w[1] {
			t.Errorf("%s = (%s, %q), want (%s, %q)", k, v.Tag, v.Value, w[0], w[1])
		}
	}
	b, err := n.Get("i").AsBytes()
	if err != nil || string(b) != "hello" {
		t.Errorf("AsBytes = %q, %v", b, err)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
		is              error
	}{
		{"syntax", "a: [1, 2\nb: 3\n", "2:1: ',' or ']' must be specified", nil},
		{"duplicate key", "a: 1\nb: 2\na: 3\n", "3:1: mapping key \"a\" already defined at [1:1]", nil},
		{"anchor", "a: &x 1\nb: *x\n", "1:4: anchors and aliases (&name, *name) are not supported; write the value out in full", nil},
		{"unknown tag", "a: !foo x\n", "1:4: unsupported tag !foo (only the standard !!str, !!int, !!float, !!bool, !!null, !!binary, !!map and !!seq are allowed)", nil},
		{"bad binary", "a: !!binary '@@@'\n", "1:4: !!binary value is not valid base64", nil},
		{"two docs", "a: 1\n---\nb: 2\n", "3:1: a second YAML document starts here; a file holds exactly one", nil},
		{"empty", "", "1:1: the file holds no YAML document (it is empty or only comments)", ErrEmpty},
		{"comments only", "# hello\n\n# world\n", "1:1: the file holds no YAML document (it is empty or only comments)", ErrEmpty},
		{"nul", "a: 1\nb: x\x00y\n", "2:5: a NUL byte: this is not YAML text (a binary file?); save it as UTF-8 text", ErrBinary},
		{"bad utf8", "a: \xff\n", "1:4: invalid UTF-8 byte 0xff: this is not YAML text (a binary file?); save it as UTF-8 text", ErrBinary},
		{"control", "a: \x01\n", "1:4: control character U+0001: this is not YAML text (a binary file?); save it as UTF-8 text", ErrBinary},
		{"deep flow", strings.Repeat("[", 300), "1:201: flow collections are nested more than 200 deep", nil},
		{"deep dashes", strings.Repeat("- ", 300) + "x", "1:401: sequences are nested more than 200 deep on one line", nil},
		{"map key", "? [a]\n: 1\n", "2:1: found an invalid key for this map", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.src))
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			var ye *Error
			if !errors.As(err, &ye) {
				t.Fatalf("error %T %v is not *yamlx.Error", err, err)
			}
			if err.Error() != c.want {
				t.Errorf("error\n got %q\nwant %q", err.Error(), c.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error has several lines: %q", err.Error())
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("error %v does not wrap %v", err, c.is)
			}
		})
	}
}

func TestAccessors(t *testing.T) {
	n, err := Parse([]byte("s: x\ni: 3\nb: yes please\nl: [a, 1]\nf: 1.5\nm: {a: 1, zz: 2}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.Get("i").AsString(); err == nil || err.Error() != "2:4: want a string, got the integer 3 (put it in quotes to make it a string)" {
		t.Errorf("AsString on int: %v", err)
	}
	if _, err := n.Get("b").AsBool(); err == nil || err.Error() != `3:4: want true or false, got the string "yes please"` {
		t.Errorf("AsBool on string: %v", err)
	}
	if _, err := n.Get("l").AsStrings(); err == nil || err.Error() != "4:8: want a string, got the integer 1 (put it in quotes to make it a string)" {
		t.Errorf("AsStrings: %v", err)
	}
	if v, err := n.Get("i").AsInt(); err != nil || v != 3 {
		t.Errorf("AsInt = %d, %v", v, err)
	}
	if v, err := n.Get("f").AsFloat(); err != nil || v != 1.5 {
		t.Errorf("AsFloat = %v, %v", v, err)
	}
	if err := n.Get("m").CheckKeys("a", "b"); err == nil || err.Error() != `6:11: unknown key "zz" (want one of: a, b)` {
		t.Errorf("CheckKeys: %v", err)
	}
	if err := n.Get("s").Expect(Map); err == nil || err.Error() != `1:4: want a map, got the string "x"` {
		t.Errorf("Expect: %v", err)
	}
	if s, err := n.Get("s").AsString(); err != nil || s != "x" {
		t.Errorf("AsString = %q, %v", s, err)
	}
}

// TestParseBlockDepth checks that deep block nesting is refused before the
// YAML library sees it (its time grows faster than the square of the depth)
// and that sane nesting and block scalars with deep indentation still parse.
func TestParseBlockDepth(t *testing.T) {
	nest := func(n int, item string) []byte {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(strings.Repeat(" ", 2*i) + item + "\n")
		}
		return []byte(b.String())
	}
	for _, item := range []string{"a:", "-"} {
		_, err := Parse(nest(5000, item))
		var ye *Error
		if !errors.As(err, &ye) || !strings.Contains(ye.Msg, "nested more than") || ye.Line != 201 {
			t.Errorf("%q x5000: error = %v", item, err)
		}
		if _, err := Parse(append(nest(150, "a:"), []byte(strings.Repeat(" ", 300)+"b: c\n")...)); err != nil {
			t.Errorf("150 levels: %v", err)
		}
	}
	var art strings.Builder
	art.WriteString("sql: |\n")
	for i := 1; i <= 400; i++ {
		art.WriteString(strings.Repeat(" ", i) + "x\n")
	}
	if _, err := Parse([]byte(art.String())); err != nil {
		t.Errorf("block scalar with growing indentation: %v", err)
	}
}
