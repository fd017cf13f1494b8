package testdb

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Dataset returns the absolute path of rel (such as "chinook/Chinook_Sqlite.sql")
// under the shared datasets directory: $MIGRATE_TEST_DATASETS, or shared/datasets
// beside the repository's root (../shared/datasets, where CI puts it). A missing
// file skips the test, saying so, or fails it when MIGRATE_TEST_REQUIRE_SERVERS=1.
func Dataset(t testing.TB, rel string) string {
	t.Helper()
	dir := os.Getenv("MIGRATE_TEST_DATASETS")
	if dir == "" {
		_, file, _, _ := runtime.Caller(0)
		dir = filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "datasets")
	}
	p, err := filepath.Abs(filepath.Join(dir, rel))
	if err == nil {
		_, err = os.Stat(p)
	}
	if err != nil {
		if requireServers() {
			t.Fatalf("dataset %s is missing (%v): put the shared datasets beside the repository or set MIGRATE_TEST_DATASETS", rel, err)
		}
		t.Skipf("dataset %s is not available (%v): skipping", rel, err)
	}
	return p
}

// Client returns the path of a database command-line client (sqlite3, psql,
// mariadb) that a test runs. A missing client skips the test, saying so, or
// fails it when MIGRATE_TEST_REQUIRE_SERVERS=1 (.ci/run installs the clients).
func Client(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if requireServers() {
			t.Fatalf("the %s client is not installed and MIGRATE_TEST_REQUIRE_SERVERS=1: install it (apt-get install %s) or run .ci/run", name, debianPackage(name))
		}
		t.Skipf("the %s client is not installed: skipping (apt-get install %s)", name, debianPackage(name))
	}
	return p
}

func debianPackage(client string) string {
	switch client {
	case "psql", "pg_dump":
		return "postgresql-client"
	case "mariadb", "mysql":
		return "mariadb-client"
	}
	return client
}
