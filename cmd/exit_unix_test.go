//go:build unix

package cmd

import (
	"os"
	"path/filepath"
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
