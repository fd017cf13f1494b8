package testdb

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// RunScript runs an SQL script on db with the database's own command-line client,
// as a DBA would run an offline script: sqlite3 -bail with foreign keys on (as
// migrate's own connections have them), psql -v ON_ERROR_STOP=1 -f, or mariadb.
// It fails the test with the client's output when the client reports an error, and
// skips it (fails under MIGRATE_TEST_REQUIRE_SERVERS=1) when the client is missing.
func RunScript(t testing.TB, db *DB, script string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "script.sql")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	var cmd *exec.Cmd
	switch {
	case strings.HasPrefix(db.URL, "sqlite"):
		cmd = exec.Command(Client(t, "sqlite3"), "-bail", "-cmd", "PRAGMA foreign_keys = ON", db.Name, ".read "+file)
	case strings.HasPrefix(db.URL, "postgres"):
		cmd = exec.Command(Client(t, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file, db.URL)
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
		cmd = exec.Command(Client(t, "mariadb"), args...)
	default:
		t.Fatalf("no command-line client for %s", db.URL)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s failed on the script: %v\n%s\nscript:\n%s", filepath.Base(cmd.Path), err, out, script)
	}
}
