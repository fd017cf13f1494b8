package cmd

import (
	"bytes"
	"context"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/gostep"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/revision"
)

func appendConfig(t *testing.T, cfg, text string) {
	t.Helper()
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

// revision --go writes the go op (upgrade and downgrade) and a stub file that
// parses, in the package's own name; it refuses without go_steps, with
// --autogenerate and over an existing file, writing nothing.
func TestRevisionGo(t *testing.T) {
	cfg := newTestProject(t)
	dir := filepath.Dir(cfg)
	versions := func() int {
		e, _ := os.ReadDir(filepath.Join(dir, "migrations", "versions"))
		return len(e)
	}
	code, _, stderr := runCLI(t, "-c", cfg, "revision", "--go", "fill_x", "-m", "fill")
	if code != 1 || !strings.Contains(stderr, "has no go_steps.package") || versions() != 1 {
		t.Fatalf("without go_steps: exit %d %s", code, stderr)
	}
	appendConfig(t, cfg, "go_steps: {package: ./steps}\n")
	if err := os.MkdirAll(filepath.Join(dir, "steps"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "steps", "doc.go"), []byte("// Package mysteps holds Go steps.\npackage mysteps\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI(t, "-c", cfg, "revision", "--go", "fill_x", "--autogenerate", "-m", "fill")
	if code != 2 || !strings.Contains(stderr, "--go and --autogenerate") {
		t.Fatalf("with --autogenerate: exit %d %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "-c", cfg, "revision", "--go", "fill_x", "-m", "fill", "--rev-id", "g1")
	revPath := filepath.Join(dir, "migrations", "versions", "g1_fill.yaml")
	stubPath := filepath.Join(dir, "steps", "fill_x.go")
	if code != 0 || stdout != revPath+"\n"+stubPath+"\n" {
		t.Fatalf("revision --go: exit %d %q %s", code, stdout, stderr)
	}
	rev, err := revision.ParseFile(revPath, mustRead(t, revPath))
	if err != nil {
		t.Fatal(err)
	}
	if len(rev.Upgrade) != 1 || len(rev.Downgrade) != 1 ||
		*rev.Upgrade[0].(*ops.GoStep) != (ops.GoStep{Func: "fill_x", Reverse: "fill_x_downgrade"}) ||
		*rev.Downgrade[0].(*ops.GoStep) != (ops.GoStep{Func: "fill_x_downgrade", Reverse: "fill_x"}) {
		t.Fatalf("revision ops: %+v %+v", rev.Upgrade, rev.Downgrade)
	}
	f, err := parser.ParseFile(token.NewFileSet(), stubPath, nil, 0)
	if err != nil {
		t.Fatalf("the stub does not parse: %v", err)
	}
	src := string(mustRead(t, stubPath))
	if f.Name.Name != "mysteps" || !strings.Contains(src, `gostep.Register("fill_x", fillX)`) || !strings.Contains(src, `gostep.Register("fill_x_downgrade", fillXDowngrade)`) {
		t.Fatalf("stub:\n%s", src)
	}
	code, _, stderr = runCLI(t, "-c", cfg, "revision", "--go", "fill_x", "-m", "again")
	if code != 1 || !strings.Contains(stderr, "fill_x.go already exists") || versions() != 2 {
		t.Fatalf("existing stub: exit %d %s", code, stderr)
	}
}

const goRevision = `revision: g2
down_revision: abc123def456
message: go step
upgrade:
  - go: {func: add_book, reverse: remove_book}
downgrade:
  - go: {func: remove_book, reverse: add_book}
`

// A binary with WithGoSteps runs the steps in process (with the -x values);
// without them, and without go_steps in migrate.yaml, a plan naming one is
// refused before anything runs; --sql refuses Go unless it has offline SQL,
// and starts with session_setup.
func TestWithGoSteps(t *testing.T) {
	cfg, db := sqliteProject(t)
	writeRevisionFile(t, cfg, "g2_go.yaml", goRevision)
	appendConfig(t, cfg, "session_setup:\n  sqlite: [\"PRAGMA cache_size = -2000\"]\n")
	reg := gostep.Registry{}
	reg.Add("add_book", func(ctx context.Context, s *gostep.Session) error {
		_, err := s.DB.ExecContext(ctx, "INSERT INTO books (id, title) VALUES (1, ?)", s.X["title"])
		return err
	}, gostep.WithOfflineSQL(func(d string, x map[string]string) ([]string, error) {
		return []string{"INSERT INTO books (id, title) VALUES (1, '" + x["title"] + "')"}, nil
	}))
	reg.Add("remove_book", func(ctx context.Context, s *gostep.Session) error {
		_, err := s.DB.ExecContext(ctx, "DELETE FROM books WHERE id = 1")
		return err
	})
	run := func(opts []Option, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Run(context.Background(), args, strings.NewReader(""), &out, &errb, opts...)
		return code, out.String(), errb.String()
	}
	code, _, stderr := run(nil, "-c", cfg, "upgrade", "head")
	if code != 1 || !strings.Contains(stderr, "upgrade of g2") || !strings.Contains(stderr, "add_book") || len(versionRows(t, db)) != 0 {
		t.Fatalf("without steps: exit %d %s (version %v)", code, stderr, versionRows(t, db))
	}
	with := []Option{WithGoSteps(reg)}
	code, _, stderr = run(with, "-c", cfg, "-x", "title=Dune", "upgrade", "head")
	if code != 0 {
		t.Fatalf("with steps: exit %d %s", code, stderr)
	}
	if got := sortedStrings(t, db, "SELECT title FROM books"); len(got) != 1 || got[0] != "Dune" {
		t.Fatalf("books after the Go step: %v", got)
	}
	if code, _, stderr = run(with, "-c", cfg, "downgrade", "-1"); code != 0 || len(sortedStrings(t, db, "SELECT title FROM books")) != 0 {
		t.Fatalf("downgrade: exit %d %s", code, stderr)
	}
	code, out, stderr := run(with, "-c", cfg, "-x", "title=Dune", "upgrade", "head", "--sql")
	if code != 0 || !strings.Contains(out, "PRAGMA cache_size = -2000;\n") || !strings.Contains(out, "INSERT INTO books (id, title) VALUES (1, 'Dune');") {
		t.Fatalf("--sql with offline SQL: exit %d %s\n%s", code, stderr, out)
	}
	code, out, stderr = run(with, "-c", cfg, "downgrade", "g2:abc123def456", "--sql")
	if code != 1 || out != "" || !strings.Contains(stderr, "the downgrade of revision g2") || !strings.Contains(stderr, "runs Go step remove_book, and an SQL script cannot run Go") {
		t.Fatalf("--sql without offline SQL: exit %d %q %s", code, out, stderr)
	}
}
