// Package scratch makes throwaway Go modules for tests: a user's module that
// requires github.com/retortdb/migrate with a replace directive pointing at this
// checkout, as a real user's project would during development.
package scratch

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// RepoRoot returns the root of this checkout.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Module writes a module named example.com/shop into a new temporary directory
// with the given files (path → content) and returns its directory. Its go.sum is
// this repository's, so builds need no network.
func Module(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	root := RepoRoot()
	gomod := "module example.com/shop\n\ngo 1.26.0\n\nrequire github.com/retortdb/migrate v0.0.0\n\nreplace github.com/retortdb/migrate => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(rel, content string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", gomod)
	write("go.sum", string(sum))
	for k, v := range files {
		write(k, v)
	}
	return dir
}

// DesignModels is DESIGN.md's "Declared metadata" example file, verbatim: the
// content of schema/internal/example/models.go, the copy the schema package's own
// tests compile.
var DesignModels = mustRead(filepath.Join(RepoRoot(), "schema", "internal", "example", "models.go"))

func mustRead(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		panic("internal/scratch: reading " + path + ": " + err.Error())
	}
	return string(b)
}
