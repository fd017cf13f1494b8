package cmd

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal pair (Linux's /dev/ptmx): the terminal side
// a program writes to, and the side that reads what it wrote.
func openPTY(t *testing.T) (term, reader *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlocking the pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("naming the pseudo-terminal: %v", err)
	}
	slave, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("opening the pseudo-terminal: %v", err)
	}
	return slave, master
}

// TestFleetProgressOnTerminal runs a fleet with stdout and stderr on a
// terminal: the progress line is drawn (and cleared), then the table follows.
func TestFleetProgressOnTerminal(t *testing.T) {
	term, reader := openPTY(t)
	dir := t.TempDir()
	for i := range 3 {
		sqliteFile(t, filepath.Join(dir, fmt.Sprintf("p%d.db", i)))
	}
	cfg := fleetProject(t, "  - glob: '"+filepath.Join(dir, "*.db")+"'\n")
	var got bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = io.Copy(&got, reader)
	}()
	code := Run(context.Background(), []string{"-c", cfg, "upgrade", "head", "--all"}, strings.NewReader(""), term, term)
	term.Close()
	// Closing the terminal side ends the reader's copy (EIO on Linux).
	<-done
	out := got.String()
	if code != 0 || !strings.Contains(out, "\r\x1b[K0/3 done, 0 failed, 0 running, 3 waiting") || !strings.Contains(out, "3 targets: 3 applied") {
		t.Fatalf("exit %d, terminal output:\n%q", code, out)
	}
	if strings.Index(out, "\x1b[K0/3 done") > strings.Index(out, "TARGET") {
		t.Errorf("the progress line came after the table:\n%q", out)
	}
}
