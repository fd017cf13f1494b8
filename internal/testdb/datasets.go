package testdb

import (
	"os"
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
