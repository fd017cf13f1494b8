package runner_test

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
)

// offNative runs script on db with the dialect's own command-line client
// (sqlite3 with foreign keys on, psql -v ON_ERROR_STOP=1 -f, mariadb) and fails
// the test when the client reports an error.
func offNative(t *testing.T, db *testdb.DB, script string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "script.sql")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	var cmd *exec.Cmd
	switch {
	case strings.HasPrefix(db.URL, "sqlite"):
		cmd = exec.Command(testdb.Client(t, "sqlite3"), "-bail", "-cmd", "PRAGMA foreign_keys = ON", db.Name, ".read "+file)
	case strings.HasPrefix(db.URL, "postgres"):
		cmd = exec.Command(testdb.Client(t, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file, db.URL)
	case strings.HasPrefix(db.URL, "mysql"):
		u, err := url.Parse(db.URL)
		if err != nil {
			t.Fatal(err)
		}
		port := u.Port()
		if port == "" {
			port = "3306"
		}
		args := []string{"--default-character-set=utf8mb4", "-h", u.Hostname(), "-P", port, "-u", u.User.Username()}
		if pw, ok := u.User.Password(); ok && pw != "" {
			args = append(args, "-p"+pw)
		}
		args = append(args, "-e", "source "+file, db.Name)
		cmd = exec.Command(testdb.Client(t, "mariadb"), args...)
	default:
		t.Fatalf("no native client for %s", db.URL)
	}
	if _, err := exec.LookPath(cmd.Args[0]); err != nil {
		t.Fatalf("%s is not installed: .ci/run installs it", cmd.Args[0])
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s failed on the offline script: %v\n%s\nscript:\n%s", cmd.Args[0], err, out, script)
	}
}
