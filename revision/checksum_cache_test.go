package revision

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestContentChecksumCache: the content checksum of a revision read header
// only is the one its full parse gives; the second time it comes from the
// user's cache (the file can be gone by then); a damaged cache entry is
// ignored and the checksum computed again; a changed file gets its own.
func TestContentChecksumCache(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	dir := t.TempDir()
	path := filepath.Join(dir, "a1_x.yaml")
	src := "revision: a1\ndown_revision: null\nmessage: x\nupgrade:\n  - create_table: {name: t, columns: [{name: id, type: integer}]}\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	full, err := ParseFile(path, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := full.ContentChecksum()
	head, err := ParseFileHeader(path, []byte(src))
	if err != nil || !head.HeaderOnly {
		t.Fatalf("ParseFileHeader: %v, header only %v", err, head != nil && head.HeaderOnly)
	}
	if got := head.ContentChecksum(); got != want {
		t.Fatalf("header-only content checksum %q, want %q", got, want)
	}
	cache := checksumCacheDir()
	entries, _ := os.ReadDir(cache)
	if len(entries) != 1 {
		t.Fatalf("cache %s holds %d entries, want 1", cache, len(entries))
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if got := head.ContentChecksum(); got != want {
		t.Errorf("with the file gone, the cached checksum is %q, want %q", got, want)
	}
	entry := filepath.Join(cache, entries[0].Name())
	if err := os.WriteFile(entry, []byte("v2:not a checksum"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := head.ContentChecksum(); got != "" {
		t.Errorf("with a damaged entry and the file gone: %q, want \"\" (computed again, and the file is missing)", got)
	}
	changed := strings.Replace(src, "name: t,", "name: u,", 1)
	if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	head2, err := ParseFileHeader(path, []byte(changed))
	if err != nil {
		t.Fatal(err)
	}
	full2, err := ParseFile(path, []byte(changed))
	if err != nil {
		t.Fatal(err)
	}
	if got, want2 := head2.ContentChecksum(), full2.ContentChecksum(); got != want2 || got == want {
		t.Errorf("changed file: %q, want %q (and not the old %q)", got, want2, want)
	}
}
