package runner_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/runner"
)

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "release.sql")
	if err := runner.WriteFileAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, "SELECT 1;\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "SELECT 1;\n" {
		t.Fatalf("file = %q, %v", b, err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
		t.Fatalf("mode = %v, %v; want 0644", st.Mode(), err)
	}

	// A failing writer leaves the old file as it was and no temporary file.
	boom := errors.New("boom")
	err := runner.WriteFileAtomic(path, func(w io.Writer) error {
		_, _ = io.WriteString(w, strings.Repeat("half a script ", 10000))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "SELECT 1;\n" {
		t.Fatalf("a failed write changed the file: %q", b[:min(len(b), 40)])
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("files left in %s: %v", dir, entries)
	}

	err = runner.WriteFileAtomic(filepath.Join(dir, "missing", "x.sql"), func(io.Writer) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "check that the directory exists") {
		t.Fatalf("err = %v, want one that names the missing directory", err)
	}
}
