// Package testdb gives tests a fresh, empty database of each dialect and drops it
// when the test ends. PostgreSQL and MySQL need MIGRATE_TEST_POSTGRES_URL and
// MIGRATE_TEST_MYSQL_URL (a server URL whose database the helper does not touch:
// it creates its own beside it); without them the test is skipped, saying so,
// unless MIGRATE_TEST_REQUIRE_SERVERS=1, which turns the skip into a failure.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql" // MySQL driver for the helper's own admin connection
	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver for the helper's own admin connection
	_ "modernc.org/sqlite"             // SQLite driver
)

// DB is a fresh database for one test.
type DB struct {
	// URL is the migrate URL of the database (postgresql://…, mysql://…, sqlite:///…).
	URL string
	// Name is the database name (the file path for SQLite).
	Name string
	// SQL is an open connection pool to it, closed at cleanup.
	SQL *sql.DB
}

func requireServers() bool { return os.Getenv("MIGRATE_TEST_REQUIRE_SERVERS") == "1" }

func skipOrFail(t testing.TB, env string) {
	t.Helper()
	if requireServers() {
		t.Fatalf("%s is not set and MIGRATE_TEST_REQUIRE_SERVERS=1: point it at a server (see README, Tests)", env)
	}
	t.Skipf("%s is not set: skipping (set it to run this test against a real server)", env)
}

func uniqueName(prefix string) string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return prefix + "_" + hex.EncodeToString(b)
}

// SQLite returns a fresh SQLite database file in t.TempDir().
func SQLite(t testing.TB) *DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &DB{URL: "sqlite:///" + path, Name: path, SQL: db}
}

// Postgres returns a fresh PostgreSQL database created beside the one
// MIGRATE_TEST_POSTGRES_URL names, dropped (WITH FORCE) at cleanup.
func Postgres(t testing.TB) *DB {
	t.Helper()
	base := os.Getenv("MIGRATE_TEST_POSTGRES_URL")
	if base == "" {
		skipOrFail(t, "MIGRATE_TEST_POSTGRES_URL")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("opening MIGRATE_TEST_POSTGRES_URL: %v", err)
	}
	defer admin.Close()
	name := uniqueName("migrate_test")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("creating test database %s: %v", name, err)
	}
	u := withDatabase(t, base, name)
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	return &DB{URL: u, Name: name, SQL: db}
}

// MySQL returns a fresh MySQL/MariaDB database created on the server
// MIGRATE_TEST_MYSQL_URL names, dropped at cleanup.
func MySQL(t testing.TB) *DB {
	t.Helper()
	base := os.Getenv("MIGRATE_TEST_MYSQL_URL")
	if base == "" {
		skipOrFail(t, "MIGRATE_TEST_MYSQL_URL")
	}
	dsn, err := MySQLDSN(base, "")
	if err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatalf("opening MIGRATE_TEST_MYSQL_URL: %v", err)
	}
	defer admin.Close()
	name := uniqueName("migrate_test")
	if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatalf("creating test database %s: %v", name, err)
	}
	u := withDatabase(t, base, name)
	dsn2, err := MySQLDSN(base, name)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("mysql", dsn2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		a, err := sql.Open("mysql", dsn)
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.Exec("DROP DATABASE IF EXISTS " + name)
	})
	return &DB{URL: u, Name: name, SQL: db}
}

func withDatabase(t testing.TB, base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("test server URL is malformed: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// MySQLDSN turns a mysql:// URL into a go-sql-driver DSN for database db ("" keeps
// the URL's database). It is for tests' own admin connections.
func MySQLDSN(raw, db string) (string, error) {
	u, err := url.Parse(strings.Replace(raw, "mysql+pymysql://", "mysql://", 1))
	if err != nil {
		return "", fmt.Errorf("MySQL URL is malformed: %w", err)
	}
	user := u.User.Username()
	pass, _ := u.User.Password()
	host := u.Host
	if u.Port() == "" {
		host += ":3306"
	}
	if db == "" {
		db = strings.TrimPrefix(u.Path, "/")
	}
	auth := user
	if pass != "" {
		auth += ":" + pass
	}
	return fmt.Sprintf("%s@tcp(%s)/%s?parseTime=true&multiStatements=false", auth, host, db), nil
}
