package yamlx

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// nasty holds strings that a careless YAML writer gets wrong.
var nasty = []string{
	"", " ", "  lead", "trail ", "true", "False", "yes", "No", "on", "OFF", "y", "n", "null", "Null", "~",
	"0", "-1", "+1", "1.5", "1e3", "1_000", "0x1F", "0o17", "0b101", ".inf", "-.inf", ".nan", ".5", "012",
	"2026-11-20", "a: b", "a:b", "key:", ":x", "# not a comment", "a #b", "a#b", "'quoted'", `"dq"`, "it's",
	"{a: 1}", "[1, 2]", "a, b", "a]", "a}", "&anchor", "*alias", "!tag", "|", ">", "%YAML", "@at", "`tick`",
	"-", "- x", "-x", "--", "---", "...", "?", "? x", "<<", "=", "line1\nline2", "tab\there", "cr\rhere",
	"bell\a", "nul\x00byte", "\u00a0nbsp", "ls\u2028ps\u2029", "bom\ufeff", "nel\u0085", "é ü 日本",
	"emoji 😀", "back\\slash", `C:\path`, "'draft'", "CURRENT_TIMESTAMP", "price >= 0", "now()::text",
	"SELECT 1;\nSELECT 2;\n", "\n", "\n\n", " \n ", "x\n ", "a\"b'c", "{{.Rev}}_{{.Slug}}", "@", "%",
	"\x7f", "\u200b", "ordinary", "snake_case_name", "3a4b5c6d9e0f", "123456789012", "1a", "1.2.3", "12:30", "2026-11-20T10:00:00Z", ".hidden", "+x", "varchar(200)", "postgresql.jsonb",
}

func TestEncodeStringsRoundTrip(t *testing.T) {
	for _, s := range nasty {
		root := NewMap().Set(s, Str(s)).Set("list", StrSeq([]string{s, s})).Set("flow", NewFlowMap().Set("k", Str(s)))
		root.Set("seq", NewSeq(Str(s), NewMap().Set(s, Str(s))))
		text := Encode(root)
		got, err := Parse(text)
		if err != nil {
			t.Errorf("%q: Parse(Encode) failed: %v\n%s", s, err, text)
			continue
		}
		if d := cmp.Diff(root, got, ignorePos); d != "" {
			t.Errorf("%q: round trip differs (-want +got):\n%s\ntext:\n%s", s, d, text)
		}
	}
}

var ignorePos = cmp.Options{
	cmpopts.IgnoreFields(Node{}, "Line", "Col"),
	cmpopts.EquateEmpty(),
}

func TestEncodeLayout(t *testing.T) {
	cols := NewSeq(
		NewFlowMap().Set("name", Str("id")).Set("type", Str("integer")).Set("nullable", &Node{Kind: Scalar, Tag: TagBool, Value: "false"}),
	)
	op := NewMap().Set("create_table", NewMap().Set("name", Str("books")).Set("columns", cols))
	root := NewMap().
		Set("revision", Str("3a4b5c6d9e0f")).
		Set("down_revision", NullNode()).
		Set("branch_labels", NewFlowSeq()).
		Set("upgrade", NewSeq(op, NewMap().Set("create_index", NewFlowMap().Set("name", Str("ix")).Set("columns", StrSeq([]string{"a", "b"}))))).
		Set("downgrade", NewSeq()).
		Set("num", &Node{Kind: Scalar, Tag: TagInt, Value: "12"}).
		Set("f", &Node{Kind: Scalar, Tag: TagFloat, Value: "1"}).
		Set("bin", &Node{Kind: Scalar, Tag: TagBinary, Value: "aGVsbG8="})
	want := `revision: 3a4b5c6d9e0f
down_revision: null
branch_labels: []
upgrade:
  - create_table:
      name: books
      columns:
        - {name: id, type: integer, nullable: false}
  - create_index: {name: ix, columns: [a, b]}
downgrade: []
num: 12
f: !!float 1
bin: !!binary aGVsbG8=
`
	got := string(Encode(root))
	if got != want {
		t.Errorf("Encode:\n%s\nwant:\n%s", got, want)
	}
	back, err := Parse([]byte(got))
	if err != nil {
		t.Fatal(err)
	}
	// Empty collections come back in flow style, as written.
	root.Get("downgrade").Flow = true
	if d := cmp.Diff(root, back, ignorePos); d != "" {
		t.Errorf("round trip differs:\n%s", d)
	}
}

func TestEncodeScalarsAndNil(t *testing.T) {
	if got := string(Encode(nil)); got != "null\n" {
		t.Errorf("Encode(nil) = %q", got)
	}
	if got := string(Encode(Str("true"))); got != "'true'\n" {
		t.Errorf("Encode(str true) = %q", got)
	}
	if got := string(Encode(Str("a\nb"))); got != "\"a\\nb\"\n" {
		t.Errorf("Encode(str a\\nb) = %q", got)
	}
	if got := string(Encode(NewSeq(NewSeq(Str("a"), Str("b")), Str("c")))); got != "- - a\n  - b\n- c\n" {
		t.Errorf("nested seq = %q", got)
	}
}

func TestNumberConstructorsRoundTrip(t *testing.T) {
	floats := []float64{0, 1, -1, 1.5, 1e6, 1e21, 1.5e-300, -2.25e100, 123456789.125}
	for _, f := range floats {
		n := NewSeq(Float(f))
		back, err := Parse(Encode(n))
		if err != nil {
			t.Fatalf("%v: %v", f, err)
		}
		got, err := back.Values[0].AsFloat()
		if err != nil || got != f {
			t.Errorf("Float(%v) read back as %v, %v (text %q)", f, got, err, Encode(n))
		}
	}
	for _, i := range []int64{0, -1, 42, -9223372036854775808, 9223372036854775807} {
		back, err := Parse(Encode(NewSeq(Int(i))))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := back.Values[0].AsInt(); err != nil || got != i {
			t.Errorf("Int(%d) read back as %d, %v", i, got, err)
		}
	}
	back, err := Parse(Encode(NewSeq(Binary([]byte{0, 1, 255}), Bool(true))))
	if err != nil {
		t.Fatal(err)
	}
	if b, err := back.Values[0].AsBytes(); err != nil || string(b) != "\x00\x01\xff" {
		t.Errorf("Binary read back as %q, %v", b, err)
	}
	if v, err := back.Values[1].AsBool(); err != nil || !v {
		t.Errorf("Bool read back as %v, %v", v, err)
	}
}
