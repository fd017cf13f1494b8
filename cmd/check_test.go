package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/retortdb/migrate/schema"
)

func TestCheckFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdCheck, "check", "--format", "json")
	if o.Format != "json" {
		t.Fatalf("options = %+v", *o)
	}
	o, _ = mustParse(t, newCmdCheck, "check")
	if o.Format != "text" {
		t.Fatalf("defaults: %+v", *o)
	}
	if _, _, err := parseCmd(t, newCmdCheck, "check", "x"); err == nil {
		t.Fatal("check x parsed")
	}
}

// booksMetadata declares newTestProject's books table, plus authors when
// withAuthors is set.
func booksMetadata(withAuthors bool) *schema.MetaData {
	m := schema.NewMetaData()
	m.Table("books",
		schema.Col("id", schema.Integer()).NotNull(),
		schema.Col("title", schema.Varchar(20)).NotNull(),
		schema.PrimaryKeyConstraint("id"),
		schema.Index("ix_books_title", "title"),
	)
	if withAuthors {
		m.Table("authors", schema.Col("id", schema.Integer()).PrimaryKey())
	}
	return m
}

// runWith is runCLI with the metadata handed in as WithMetadata does.
func runWith(t *testing.T, m *schema.MetaData, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(""), &out, &errb, WithMetadata(m))
	return code, out.String(), errb.String()
}

func TestCheckRun(t *testing.T) {
	cfg, _ := sqliteProject(t)
	code, _, stderr := runWith(t, booksMetadata(false), "-c", cfg, "check")
	if code != exitCheckFailed || !strings.Contains(stderr, "target database is not up to date") {
		t.Fatalf("check at base: exit %d %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "-c", cfg, "upgrade", "head"); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr := runWith(t, booksMetadata(false), "-c", cfg, "check")
	if code != 0 || stdout != "" || !strings.Contains(stderr, "No new upgrade operations detected.") {
		t.Fatalf("check in step: exit %d %q %s", code, stdout, stderr)
	}
	code, _, stderr = runWith(t, booksMetadata(true), "-c", cfg, "check")
	if code != 1 || !strings.Contains(stderr, "ERROR: 1 change(s) detected") || !strings.Contains(stderr, "authors") {
		t.Fatalf("check with a new table: exit %d %s", code, stderr)
	}
	code, stdout, _ = runWith(t, booksMetadata(true), "-c", cfg, "check", "--format", "json")
	var got checkJSON
	if err := json.Unmarshal([]byte(stdout), &got); code != 1 || err != nil || !got.Changes || len(got.UpgradeOps) != 1 || got.UpgradeOps[0] != "create_table" || len(got.Ops) != 1 {
		t.Fatalf("check --format json: exit %d %v %q", code, err, stdout)
	}
	var op map[string]struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(got.Ops[0], &op); err != nil || op["create_table"].Name != "authors" {
		t.Fatalf("check --format json: op %s: %v", got.Ops[0], err)
	}
}
