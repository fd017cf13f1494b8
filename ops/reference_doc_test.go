package ops

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/yamlx"
)

// docSection is one "### `name`" section of docs/revision-files.md: the keys
// its table lists and its yaml examples.
type docSection struct {
	keys     []string
	examples []string
}

var (
	docHeading = regexp.MustCompile("^### `([a-z_]+)`$")
	docKeyRow  = regexp.MustCompile("^\\| `([a-z_]+)` \\|")
)

func readReference(t *testing.T) map[string]*docSection {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "docs", "revision-files.md"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*docSection{}
	var cur *docSection
	var example *strings.Builder
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case example != nil && line == "```":
			cur.examples = append(cur.examples, example.String())
			example = nil
		case example != nil:
			example.WriteString(line + "\n")
		case strings.HasPrefix(line, "## "):
			cur = nil
		case docHeading.MatchString(line):
			name := docHeading.FindStringSubmatch(line)[1]
			if out[name] != nil {
				t.Errorf("docs/revision-files.md has two sections %q", name)
			}
			cur = &docSection{}
			out[name] = cur
		case cur != nil && line == "```yaml":
			example = &strings.Builder{}
		case cur != nil && docKeyRow.MatchString(line):
			cur.keys = append(cur.keys, docKeyRow.FindStringSubmatch(line)[1])
		}
	}
	return out
}

// TestReferenceDocumentsEveryOpAndKey checks docs/revision-files.md against the
// op definitions: a section per op listing exactly its keys in the order
// EncodeList writes them, a section per nested map with exactly its keys, no
// section for anything else, and each op's examples decode to that op.
func TestReferenceDocumentsEveryOpAndKey(t *testing.T) {
	doc := readReference(t)
	nested := map[string][]string{
		"column": yamlColumnKeys, "primary_key": yamlPKKeys, "foreign_key": yamlFKKeys, "unique_constraint": yamlUniqueKeys,
		"check_constraint": yamlCheckKeys, "index": yamlIndexKeys, "enum": yamlEnumKeys, "dialects": yamlDialectKeys,
	}
	for _, op := range yamlOpOrder {
		s := doc[op]
		if s == nil {
			t.Errorf("docs/revision-files.md has no section for op %s", op)
			continue
		}
		if !slices.Equal(s.keys, yamlOpKeys[op]) {
			t.Errorf("docs/revision-files.md, %s: keys %v; the op has %v", op, s.keys, yamlOpKeys[op])
		}
		if len(s.examples) == 0 {
			t.Errorf("docs/revision-files.md, %s: no yaml example", op)
		}
		for _, ex := range s.examples {
			n, err := yamlx.Parse([]byte(ex))
			if err != nil {
				t.Errorf("%s example does not parse: %v\n%s", op, err, ex)
				continue
			}
			list, err := DecodeList(n)
			if err != nil {
				t.Errorf("%s example is refused: %v\n%s", op, err, ex)
				continue
			}
			for _, o := range list {
				if Name(o) != op {
					t.Errorf("%s example holds a %s", op, Name(o))
				}
			}
		}
	}
	for name, keys := range nested {
		s := doc[name]
		if s == nil {
			t.Errorf("docs/revision-files.md has no section for the nested map %s", name)
			continue
		}
		if !slices.Equal(s.keys, keys) {
			t.Errorf("docs/revision-files.md, %s: keys %v; the format has %v", name, s.keys, keys)
		}
	}
	for name := range doc {
		if _, ok := yamlOpKeys[name]; !ok && nested[name] == nil {
			t.Errorf("docs/revision-files.md documents %q, which the format does not have", name)
		}
	}
}
