//go:build unix

package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// specialFiles makes a FIFO (no writer), a directory and a symlink to
// /dev/zero, each named like a config file.
func specialFiles(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	fifo, sub, zero := filepath.Join(dir, "fifo.yaml"), filepath.Join(dir, "dir.yaml"), filepath.Join(dir, "zero.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	return []string{fifo, sub, zero}
}

// TestConfigSpecialFilesCLI: a config path that is a FIFO, a directory or a
// symlink to /dev/zero gives one ERROR line naming it, exit 1, at once.
func TestConfigSpecialFilesCLI(t *testing.T) {
	for _, path := range specialFiles(t) {
		code, stdout, stderr := runCLI(t, "-c", path, "heads")
		if code != 1 || stdout != "" || !strings.HasPrefix(stderr, "ERROR: "+path+": is ") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("-c %s: exit %d %q %q", path, code, stdout, stderr)
		}
	}
}
