package revision

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/internal/yamlx"
)

// fastOK reports whether yamlx's fast reader takes data.
func fastOK(data []byte) bool {
	_, ok := yamlx.ParseFast(data)
	return ok
}

// TestParseFileHeader checks that the header-only reader gives the same
// revision as ParseFile without ops, on the fast path and on the slow one.
func TestParseFileHeader(t *testing.T) {
	m, _ := filepath.Glob(filepath.Join(fileFixtures, "good", "*.y*ml"))
	m2, _ := filepath.Glob("../migrations_example/migrations/versions/*.yaml")
	for _, path := range append(m, m2...) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, variant := range [][]byte{data, append(append([]byte(nil), data...), "# trailing\n"...)} {
			full, err := ParseFile(path, variant)
			if err != nil {
				t.Fatal(err)
			}
			head, err := ParseFileHeader(path, variant)
			if err != nil {
				t.Fatal(err)
			}
			if len(full.Upgrade) == 0 {
				t.Fatalf("%s: fixture has no upgrade ops, so the test proves nothing", path)
			}
			if head.Upgrade != nil && fastOK(variant) {
				t.Errorf("%s: header-only read decoded the ops", path)
			}
			full.Upgrade, full.Downgrade, head.Upgrade, head.Downgrade = nil, nil, nil, nil
			head.HeaderOnly = false
			if d := cmp.Diff(full, head); d != "" {
				t.Errorf("%s: header differs (-full +header):\n%s", path, d)
			}
		}
	}
}

// The header-only reader does not look into the lines of the op lists past the
// first: whatever they hold (text outside the fast subset, blank and comment
// lines, either list last), the header equals ParseFile's.
func TestParseFileHeaderSkipsOpLines(t *testing.T) {
	head := "revision: abc123\ndown_revision: null\nmessage: m\n"
	up := "upgrade:\n- drop_table: {name: t}\n\n  # a comment\n- execute: \"SELECT 'é'\"\n- execute: \"SELECT 1 -- ß\"\n"
	down := "downgrade:\n  - execute: \"SELECT 2\"\n\n  - execute: \"SELECT ü\"\n"
	for name, body := range map[string]string{
		"upgrade last":          head + down + up,
		"downgrade last":        head + up + down,
		"header between":        up + head + down,
		"transactional after":   head + up + down + "transactional: false\n",
		"trailing comment line": head + up + down + "# end\n",
	} {
		full, err := ParseFile("x.yaml", []byte(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(full.Upgrade) != 3 || len(full.Downgrade) != 2 {
			t.Fatalf("%s: fixture has %d and %d ops, want 3 and 2", name, len(full.Upgrade), len(full.Downgrade))
		}
		hdr, err := ParseFileHeader("x.yaml", []byte(body))
		if err != nil {
			t.Fatalf("%s: header-only read: %v", name, err)
		}
		if hdr.Upgrade != nil || hdr.Downgrade != nil {
			t.Errorf("%s: the header-only read decoded the ops (it did not skip their lines)", name)
		}
		full.Upgrade, full.Downgrade, hdr.Upgrade, hdr.Downgrade = nil, nil, nil, nil
		hdr.HeaderOnly = false
		if d := cmp.Diff(full, hdr); d != "" {
			t.Errorf("%s: header differs (-full +header):\n%s", name, d)
		}
	}
}
