package migrator_test

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/retortdb/migrate/dialect/postgres"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/migrator"
)

var tempDirs []string

func tempDir() (string, error) {
	d, err := os.MkdirTemp("", "migrator-example-")
	if err == nil {
		tempDirs = append(tempDirs, d)
	}
	return d, err
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range tempDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

func TestUpgradeDowngradePostgres(t *testing.T) {
	db := testdb.Postgres(t)
	ctx := context.Background()
	m, err := migrator.New(db.SQL, "postgresql", revisionsFS, migrator.WithVersionTable("svc_version", ""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.SQL.QueryRow(`SELECT count(*) FROM information_schema.columns WHERE table_name = 'books'`).Scan(&n); err != nil || n != 3 {
		t.Fatalf("books has %d columns (%v), want 3", n, err)
	}
	if cur, err := m.Current(ctx); err != nil || len(cur) != 1 || cur[0] != "b2" {
		t.Fatalf("current = %v, %v", cur, err)
	}
	res, err := m.Downgrade(ctx, "base")
	if err != nil || len(res.Steps) != 2 || len(res.Current) != 0 {
		t.Fatalf("downgrade base: %+v, %v", res, err)
	}
	if got := m.Heads(); len(got) != 1 || got[0] != "b2" {
		t.Fatalf("heads = %v", got)
	}
}

func TestTypedErrors(t *testing.T) {
	ctx := context.Background()
	db := testdb.SQLite(t)

	// Two heads: "head" is ambiguous.
	branched := fstest.MapFS{}
	for k, v := range revisionsFS {
		branched[k] = v
	}
	branched["c3.yaml"] = &fstest.MapFile{Data: []byte("revision: c3\ndown_revision: a1\nmessage: other branch\n")}
	m, err := migrator.New(db.SQL, "sqlite", branched)
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Upgrade(ctx, "head")
	var mh *migrator.MultipleHeadsError
	if !errors.As(err, &mh) || len(mh.Heads) != 2 {
		t.Fatalf("want MultipleHeadsError with 2 heads, got %v", err)
	}

	// A failing statement: the whole run rolls back.
	bad := fstest.MapFS{
		"a.yaml": {Data: []byte("revision: a\nupgrade:\n  - execute: CREATE TABLE ok_table (x integer)\n")},
		"b.yaml": {Data: []byte("revision: b\ndown_revision: a\nupgrade:\n  - execute: CREATE TABLE t (x integer)\n  - execute: INSERT INTO missing_table VALUES (1)\n")},
	}
	m, err = migrator.New(db.SQL, "sqlite", bad)
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Upgrade(ctx, "head")
	var se *migrator.StatementError
	if !errors.As(err, &se) || se.Revision.ID != "b" || se.Index != 2 || !se.RolledBack {
		t.Fatalf("want StatementError for b statement 2, rolled back; got %v", err)
	}
	if cur, _ := m.Current(ctx); len(cur) != 0 {
		t.Fatalf("after a rolled-back run current = %v, want none", cur)
	}
	var tables int
	_ = db.SQL.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name IN ('ok_table', 't')`).Scan(&tables)
	if tables != 0 {
		t.Fatalf("a rolled-back run left %d tables", tables)
	}

	// A broken revision file is an error naming it.
	_, err = migrator.New(db.SQL, "sqlite", fstest.MapFS{"x.yaml": {Data: []byte("revision: x\nupgrade: [\n")}})
	if err == nil || !strings.Contains(err.Error(), "x.yaml:2:") {
		t.Fatalf("broken file: %v", err)
	}
}

func TestLockTimeoutPostgres(t *testing.T) {
	db := testdb.Postgres(t)
	ctx := context.Background()
	m, err := migrator.New(db.SQL, "postgresql", revisionsFS, migrator.WithLockTimeout(300*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	// Another connection holds the migration lock (the runner's key for the
	// default version table).
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, postgres.LockKey("migrate:.migrate_version")).Scan(&got); err != nil || !got {
		t.Fatalf("taking the lock: %v %v", got, err)
	}
	_, err = m.Upgrade(ctx, "head")
	var lt *migrator.LockTimeoutError
	if !errors.As(err, &lt) {
		t.Fatalf("want LockTimeoutError, got %v", err)
	}
}

// The library never writes to the process's stdout or stderr.
func TestNoOutput(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	oldOut, oldErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = w, w
	db := testdb.SQLite(t)
	m, err := migrator.New(db.SQL, "sqlite", revisionsFS)
	if err == nil {
		_, err = m.Upgrade(context.Background(), "head")
	}
	if err == nil {
		_, err = m.Downgrade(context.Background(), "base")
	}
	os.Stdout, os.Stderr = oldOut, oldErr
	w.Close()
	out, _ := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 0 {
		t.Fatalf("the library wrote to stdout/stderr: %q", out)
	}
}

func TestStamp(t *testing.T) {
	ctx := context.Background()
	db := testdb.SQLite(t)
	m, err := migrator.New(db.SQL, "sqlite", revisionsFS)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := m.Stamp(ctx, false, "head")
	if err != nil || len(rows) != 1 || rows[0] != "b2" {
		t.Fatalf("stamp head: %v, %v", rows, err)
	}
	var n int
	_ = db.SQL.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'books'`).Scan(&n)
	if n != 0 {
		t.Fatal("stamp ran a revision")
	}
	if rows, err = m.Stamp(ctx, true, "a1"); err != nil || len(rows) != 1 || rows[0] != "a1" {
		t.Fatalf("stamp --purge a1: %v, %v", rows, err)
	}
	if cur, _ := m.Current(ctx); len(cur) != 1 || cur[0] != "a1" {
		t.Fatalf("current = %v", cur)
	}
}

// A :memory: SQLite database has one connection, which the run holds: planning
// must not wait for a second one to read the live schema.
func TestMemoryDatabase(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	m, err := migrator.Open(ctx, "sqlite://:memory:", revisionsFS)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatalf("upgrade on :memory: %v", err)
	}
	if cur, err := m.Current(ctx); err != nil || len(cur) != 1 || cur[0] != "b2" {
		t.Fatalf("current = %v, %v", cur, err)
	}
}
