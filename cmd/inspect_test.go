package cmd

import (
	"slices"
	"strings"
	"testing"
)

func TestInspectFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdInspect, "inspect", "--format", "yaml", "--tables", "a,b", "--tables", "c", "--package", "db")
	if o.Format != "yaml" || !slices.Equal(o.Tables, []string{"a", "b", "c"}) || o.Package != "db" {
		t.Fatalf("options = %+v", *o)
	}
	o, _ = mustParse(t, newCmdInspect, "inspect")
	if o.Format != "go" || o.Tables != nil || o.Package != "models" {
		t.Fatalf("defaults: %+v", *o)
	}
}

func TestInspectFormats(t *testing.T) {
	cfg, _ := sqliteProject(t)
	if code, _, stderr := runCLI(t, "-c", cfg, "-q", "upgrade", "head"); code != 0 {
		t.Fatalf("upgrade: %s", stderr)
	}
	code, goSrc, stderr := runCLI(t, "-c", cfg, "inspect")
	if code != 0 || !strings.Contains(goSrc, `var Books = booksTable()`) || !strings.Contains(goSrc, `return Metadata.Table("books",`) || !strings.Contains(goSrc, `schema.Index("ix_books_title", "title")`) || strings.Contains(goSrc, "migrate_version") {
		t.Fatalf("inspect --format go: exit %d %s\n%s", code, stderr, goSrc)
	}
	code, js, _ := runCLI(t, "-c", cfg, "inspect", "--format", "json")
	if code != 0 || !strings.Contains(js, `"name": "books"`) {
		t.Fatalf("inspect --format json:\n%s", js)
	}
	code, y, _ := runCLI(t, "-c", cfg, "inspect", "--format", "yaml")
	if code != 0 || !strings.Contains(y, "name: books") || !strings.Contains(y, "type: varchar(20)") {
		t.Fatalf("inspect --format yaml:\n%s", y)
	}
	if code, _, stderr := runCLI(t, "-c", cfg, "inspect", "--tables", "nope"); code != 1 || !strings.Contains(stderr, `--tables names "nope"`) {
		t.Fatalf("unknown table: exit %d %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "-c", cfg, "inspect", "--format", "xml"); code != 2 {
		t.Fatalf("bad format: exit %d, want 2", code)
	}
}
