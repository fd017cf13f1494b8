//go:build unix

package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLoadRefusesSpecialFiles: a config path that is not a regular file gives
// one ConfigError naming the path and what it is, and never reads or blocks
// (the FIFO has no writer: a blocking open would hang the test).
func TestLoadRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	zero := filepath.Join(dir, "zero.yaml")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "dir.yaml")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		zero: "is a character device, not a regular file",
		fifo: "is a named pipe (FIFO), not a regular file",
		sub:  "is a directory, not a regular file",
	} {
		_, err := Load(path)
		var ce *ConfigError
		if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%s) = %v, want a ConfigError naming the path and %q", path, err, want)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("Load(%s): error has several lines: %q", path, err)
		}
	}
}

// TestLoadRefusesLargeFile: a file over MaxSize is refused by its size, before
// parsing.
func TestLoadRefusesLargeFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "migrate.yaml")
	body := "script_location: m\n# " + strings.Repeat("x", MaxSize) + "\n"
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(p)
	if err == nil || !strings.Contains(err.Error(), "byte limit for a config file") {
		t.Fatalf("Load of a %d-byte file: %v", len(body), err)
	}
	// Just under the limit still loads.
	body = "script_location: m\n# " + strings.Repeat("x", MaxSize-40) + "\n"
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(p); err != nil {
		t.Fatalf("Load of a %d-byte file: %v", len(body), err)
	}
}

// TestLoadFollowsSymlinkToRegularFile: only the file type matters, so a
// symlink to a real config loads.
func TestLoadFollowsSymlinkToRegularFile(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.yaml")
	if err := os.WriteFile(real, []byte("script_location: m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "migrate.yaml")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	c, err := Load(link)
	if err != nil || c.ScriptLocation != "m" {
		t.Fatalf("Load through a symlink: %v %+v", err, c)
	}
}
