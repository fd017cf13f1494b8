package yamlx

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse checks that Parse never panics, that every error it returns is an
// *Error, and that whatever it accepts survives Encode and Parse unchanged.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"a: 1\n", "- x\n- {a: [1, 2.5, true, null, '']}\n", "a: |\n  text\n", "k: !!binary aGk=\n",
		"a: &x 1\nb: *x\n", "[", "{a: 1, a: 2}", "\"\\u00e9\\n\"", "? x\n: y\n", "a:\n  b:\n    - c\n",
		"'it''s'", "--- \n...\n", "%YAML 1.2\n---\na: 1\n", "a: >-\n  folded\n  text\n",
	}
	for _, s := range nasty {
		seeds = append(seeds, string(Encode(NewMap().Set(s, Str(s)))))
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := Parse(data)
		if err != nil {
			var ye *Error
			if !errors.As(err, &ye) {
				t.Fatalf("Parse error is %T, not *yamlx.Error: %v", err, err)
			}
			return
		}
		text := Encode(n)
		back, err := Parse(text)
		if err != nil {
			t.Fatalf("Parse(Encode(n)) failed: %v\ninput: %q\nencoded: %q", err, data, text)
		}
		if d := cmp.Diff(normalize(n), normalize(back), ignorePos); d != "" {
			t.Fatalf("round trip differs (-first +second):\n%s\ninput: %q\nencoded: %q", d, data, text)
		}
	})
}

// normalize clears what Encode may legitimately change: the flow style of
// collections (empty ones are always written in flow style).
func normalize(n *Node) *Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Flow = false
	c.Keys = nil
	c.Values = nil
	for _, k := range n.Keys {
		c.Keys = append(c.Keys, normalize(k))
	}
	for _, v := range n.Values {
		c.Values = append(c.Values, normalize(v))
	}
	return &c
}
