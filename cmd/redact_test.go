package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A connection string that reaches migrate.yaml through ${VAR} is hidden in the
// errors of whatever key it was expanded into, not only in url's.
func TestRedactExpandedValueInOtherKey(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "migrate.yaml")
	if err := os.WriteFile(cfg, []byte("script_location: ${LEAKY_DSN}\nurl: sqlite:///app.db\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LEAKY_DSN", "host=127.0.0.1 user=app password=Sekr3tPw9 dbname=db")
	code, stdout, stderr := runCLI(t, "-c", cfg, "current")
	if code == 0 {
		t.Fatalf("a connection string as script_location was accepted:\n%s", stderr)
	}
	if strings.Contains(stdout+stderr, "Sekr3tPw9") {
		t.Fatalf("the password expanded into script_location is printed:\n%s", stderr)
	}
	if !strings.Contains(stderr, "version directory") {
		t.Fatalf("the error does not say what failed:\n%s", stderr)
	}
}

// A one-letter password hides itself, not every letter like it in the line.
func TestRedactShortPasswordKeepsWords(t *testing.T) {
	cfg := newTestProject(t)
	code, _, stderr := runCLI(t, "-c", cfg, "--url", "postgres://app:o@127.0.0.1:1/db?connect_timeout=2", "current")
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, stderr)
	}
	if strings.Contains(stderr, "c***nn") || strings.Contains(stderr, "***ther") || !strings.Contains(stderr, "ERROR: ") {
		t.Fatalf("redaction mangled the words of the line:\n%s", stderr)
	}
	if strings.Contains(stderr, "app:o@") {
		t.Fatalf("the password is printed:\n%s", stderr)
	}
}
