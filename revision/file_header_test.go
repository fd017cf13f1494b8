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
