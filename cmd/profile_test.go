package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStartCPUProfile(t *testing.T) {
	var w bytes.Buffer
	startCPUProfile("", &w)() // nothing to do
	path := filepath.Join(t.TempDir(), "cpu.out")
	stop := startCPUProfile(path, &w)
	for i := 0; i < 1e6; i++ {
		_ = strings.Repeat("x", i%7)
	}
	stop()
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Fatalf("profile %s not written: %v", path, err)
	}
	if w.Len() != 0 {
		t.Errorf("messages on a good path: %q", w.String())
	}
	startCPUProfile(filepath.Join(t.TempDir(), "missing", "cpu.out"), &w)()
	if !strings.Contains(w.String(), "MIGRATE_CPUPROFILE") {
		t.Errorf("an unwritable path said %q, want a line naming MIGRATE_CPUPROFILE", w.String())
	}
}
