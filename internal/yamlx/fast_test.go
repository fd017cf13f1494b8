package yamlx_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/schema"
)

// fileFixtures holds the revision files of the revision package's tests.
const fileFixtures = "../../testdata/revisions"

// fastSameTree compares two trees exactly: kinds, tags, values, positions,
// flow style, keys and items (an empty list equals none).
func fastSameTree(a, b *yamlx.Node, at string) string {
	if a == nil || b == nil {
		if a != b {
			return at + ": one side is nil"
		}
		return ""
	}
	if a.Kind != b.Kind || a.Tag != b.Tag || a.Value != b.Value || a.Line != b.Line || a.Col != b.Col || a.Flow != b.Flow {
		return fmt.Sprintf("%s: fast %+v, yamlx %+v", at, *a, *b)
	}
	if len(a.Keys) != len(b.Keys) || len(a.Values) != len(b.Values) {
		return fmt.Sprintf("%s: fast has %d keys %d values, yamlx %d keys %d values", at, len(a.Keys), len(a.Values), len(b.Keys), len(b.Values))
	}
	for i := range a.Keys {
		if d := fastSameTree(a.Keys[i], b.Keys[i], fmt.Sprintf("%s.key[%d]", at, i)); d != "" {
			return d
		}
	}
	for i := range a.Values {
		if d := fastSameTree(a.Values[i], b.Values[i], fmt.Sprintf("%s[%d]", at, i)); d != "" {
			return d
		}
	}
	return ""
}

// fastCheck fails when ParseFast accepts data and ParseFull disagrees. It
// reports whether the fast path accepted.
func fastCheck(t *testing.T, name string, data []byte) bool {
	t.Helper()
	fast, ok := yamlx.ParseFast(data)
	if !ok {
		return false
	}
	slow, err := yamlx.ParseFull(data)
	if err != nil {
		t.Fatalf("%s: ParseFast accepted input that ParseFull rejects (%v):\n%s", name, err, data)
	}
	if d := fastSameTree(fast, slow, "root"); d != "" {
		t.Fatalf("%s: trees differ at %s\ninput:\n%s", name, d, data)
	}
	return true
}

// fastSamples are hand-picked inputs around the subset's edges; each says
// whether ParseFast is expected to take it (false: it must decline).
var fastSamples = []struct {
	src  string
	fast bool
}{
	{"a: b\n", true},
	{"a: 1\nb: true\nc: null\nd:\ne: [x, 'y z', \"w\"]\n", true},
	{"a:\n  - x\n  - {k: v, m: 2}\n  - b: c\n    d: [e]\n", true},
	{"a:\n- x\n- w\nb: z\n", true},
	{"# c\n\na: b # trailing\n", false},
	{"a: 'it''s'\n", true},
	{"a: {}\nb: []\n", true},
	{"a: b\n  c\n", false},              // multi-line plain scalar
	{"a: b\na: c\n", false},             // duplicate key
	{"a: yes\n", false},                 // YAML 1.1 boolean spelling
	{"a: 1e3\n", false},                 // number-like
	{"a: 007\n", false},                 // leading zero
	{"a: -1\n", false},                  // sign
	{"a: 'x\n", false},                  // unclosed quote
	{"a: \"x\\ny\"\n", false},           // escape
	{"a: |\n  x\n", false},              // block scalar
	{"a: &x b\n", false},                // anchor
	{"a:\tb\n", false},                  // tab
	{"a: b\r\n", false},                 // CR
	{"---\na: b\n", false},              // document marker
	{"- a\n", false},                    // a sequence as the document
	{"a: [x, y\n", false},               // unclosed flow
	{"a: [x,y]\n", false},               // no space after comma
	{"a: {x:y}\n", false},               // no space after colon
	{"a:\n    b: c\n  d: e\n", false},   // bad indentation
	{"a: café\n", false},                // non-ASCII
	{"1: b\n", false},                   // non-identifier key
	{"on: b\n", false},                  // boolean key
	{"a:\n  - - x\n", false},            // nested compact sequence
	{"a:\n  -\n    b\n", false},         // item on the next line
	{"a: b: c\n", false},                // colon in plain scalar
	{"a: [a b, c  d]\n", false},         // double space
	{"a: x\n  # comment\nb: w\n", true}, // indented comment line
	{"a: 'x' y\n", false},               // text after a quoted scalar
	{"a: {b: [c, {d: 'e,f'}]}\n", true}, // nesting
	{"a:\n  b:\n    c:\n      - 1\n", true},
}

func TestFastParseMatchesYamlx(t *testing.T) {
	for i, s := range fastSamples {
		got := fastCheck(t, fmt.Sprintf("sample %d", i), []byte(s.src))
		if got != s.fast {
			t.Errorf("sample %d %q: ParseFast accepted=%v, want %v", i, s.src, got, s.fast)
		}
	}
}

// TestFastParseTakesWrittenFiles checks that every file Marshal writes for
// the fixtures, the example project and generated revisions goes through the
// fast path (or the speed of loading is lost), with the same tree as yamlx.
func TestFastParseTakesWrittenFiles(t *testing.T) {
	var files []string
	for _, dir := range []string{filepath.Join(fileFixtures, "good"), "../../migrations_example/migrations/versions"} {
		m, _ := filepath.Glob(filepath.Join(dir, "*.y*ml"))
		files = append(files, m...)
	}
	if len(files) < 3 {
		t.Fatalf("found only %d fixture files", len(files))
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fastCheck(t, path, data)
		r, err := revision.ParseFile(path, data)
		if err != nil {
			t.Fatal(err)
		}
		out, err := revision.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if !fastCheck(t, path+" (marshaled)", out) && !strings.ContainsAny(r.Message, "\u00e9") {
			t.Errorf("%s: ParseFast declined Marshal's output:\n%s", path, out)
		}
	}
	r := &revision.Revision{ID: "abc123", DownRevisions: []string{"p1", "p2"}, BranchLabels: []string{"shoppingcart"},
		DependsOn: []string{"networking"}, Message: "add: a table, 'quoted' & more", Transactional: false,
		Upgrade: []ops.Op{&ops.CreateTable{Table: &schema.Table{Name: "t", Columns: []*schema.Column{
			{Name: "id", Type: schema.Integer(), Nullable: false},
			{Name: "n", Type: schema.Numeric(10, 2), Nullable: true, Default: fastStrPtr("0.5")}}}}},
		Downgrade: []ops.Op{&ops.DropTable{Name: "t"}}}
	out, err := revision.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !fastCheck(t, "generated", out) {
		t.Errorf("ParseFast declined Marshal's output:\n%s", out)
	}
}

// FuzzFastParse checks that whatever ParseFast accepts, ParseFull reads to
// the same tree.
func FuzzFastParse(f *testing.F) {
	for _, s := range fastSamples {
		f.Add([]byte(s.src))
	}
	for _, dir := range []string{filepath.Join(fileFixtures, "good"), filepath.Join(fileFixtures, "broken")} {
		m, _ := filepath.Glob(filepath.Join(dir, "*.y*ml"))
		for _, p := range m {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fastCheck(t, "fuzz", data)
	})
}
func fastStrPtr(s string) *string { return &s }
