package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/lint"
	"github.com/retortdb/migrate/schema"
)

func TestLintFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdLint, "lint")
	if o.Format != "text" || o.FailOn != "warning" || o.Target != "" || o.Online || o.ServerVersion != "" {
		t.Fatalf("defaults: %+v", *o)
	}
	o, _ = mustParse(t, newCmdLint, "lint", "a:b", "--format", "json", "--fail-on", "error", "--server-version", "15.4", "--online")
	if o.Format != "json" || o.FailOn != "error" || o.Target != "a:b" || !o.Online || o.ServerVersion != "15.4" {
		t.Fatalf("options: %+v", *o)
	}
	for _, args := range [][]string{{"lint", "--fail-on", "loud"}, {"lint", "--format", "yaml"}, {"lint", "a", "b"}} {
		if code, _, stderr := runCLI(t, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2 (usage): %s", args, code, stderr)
		}
	}
}

const lintIndexRevision = `revision: b2c3d4e5f6a7
down_revision: abc123def456
message: index
upgrade:
  - create_index: {name: ix_books_id_title, table: books, columns: [id, title]%s}
downgrade:
  - drop_index: {name: ix_books_id_title, table: books}
`

// TestLintRun lints newTestProject's revisions offline for PostgreSQL: the
// table-creating revision alone has no finding (its tables are new), the
// index on the existing table is a warning that fails the default gate,
// and the concurrent form passes it.
func TestLintRun(t *testing.T) {
	cfg := newTestProject(t)
	pg := []string{"-c", cfg, "--url", "postgresql://lint@localhost/nowhere"}
	writeRevisionFile(t, cfg, "b2c3d4e5f6a7_index.yaml", strings.Replace(lintIndexRevision, "%s", "", 1))

	code, stdout, stderr := runCLI(t, append(pg, "lint", "abc123def456")...)
	if code != 0 || strings.TrimSpace(stdout) != "No findings." {
		t.Fatalf("lint of the revision creating the tables: exit %d %q %s", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, append(pg, "lint")...)
	if code != 1 || !strings.Contains(stdout, "warning pg-create-index") || !strings.Contains(stdout, "lock SHARE") ||
		!strings.Contains(stdout, "safer: create_index with concurrently: true") || !strings.Contains(stderr, "1 lint finding(s) at level warning") {
		t.Fatalf("lint: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, _ = runCLI(t, append(pg, "lint", "abc123def456:head", "--format", "json", "--fail-on", "error")...)
	var fs []lint.Finding
	if err := json.Unmarshal([]byte(stdout), &fs); code != 0 || err != nil || len(fs) != 1 ||
		fs[0].Rule != "pg-create-index" || fs[0].Lock != "SHARE" || !fs[0].Scan || fs[0].Revision != "b2c3d4e5f6a7" || fs[0].Op != 1 {
		t.Fatalf("lint --format json --fail-on error: exit %d %v %s", code, err, stdout)
	}

	writeRevisionFile(t, cfg, "b2c3d4e5f6a7_index.yaml", strings.Replace(lintIndexRevision, "%s", ", concurrently: true", 1))
	code, stdout, stderr = runCLI(t, append(pg, "lint", "head")...)
	if code != 0 || !strings.Contains(stdout, "info pg-create-index") || !strings.Contains(stdout, "CREATE INDEX CONCURRENTLY") {
		t.Fatalf("lint of the concurrent form: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, append(pg, "lint", "nosuchrev")...); code != exitCheckFailed || !strings.Contains(stderr, "nosuchrev") {
		t.Fatalf("lint of an unknown revision: exit %d %s", code, stderr)
	}
}

// booksWithIndex is booksMetadata with a second index on books.
func booksWithIndex() *schema.MetaData {
	m := schema.NewMetaData()
	m.Table("books",
		schema.Col("id", schema.Integer()).NotNull(),
		schema.Col("title", schema.Varchar(20)).NotNull(),
		schema.PrimaryKeyConstraint("id"),
		schema.Index("ix_books_title", "title"),
		schema.Index("ix_books_id_title", "id", "title"),
	)
	return m
}

// TestLintFromAutogenerate: on PostgreSQL, check --format json returns the
// lint findings of the upgrade autogenerate would write, revision
// --autogenerate warns with them, and with autogenerate.safe_forms the
// revision is written in the safe form (concurrently, transactional: false)
// and has no warning.
func TestLintFromAutogenerate(t *testing.T) {
	cfg := newTestProject(t)
	db := testdb.Postgres(t)
	body, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	body = []byte(strings.Replace(string(body), "url: sqlite:///app.db", "url: "+db.URL, 1))
	if err := os.WriteFile(cfg, body, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "-c", cfg, "upgrade", "head"); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr := runWith(t, booksWithIndex(), "-c", cfg, "check", "--format", "json")
	var got checkJSON
	if err := json.Unmarshal([]byte(stdout), &got); code != 1 || err != nil || len(got.Lint) != 1 || got.Lint[0].Rule != "pg-create-index" || got.Lint[0].Level != "warning" {
		t.Fatalf("check --format json: exit %d %v %s %s", code, err, stdout, stderr)
	}
	code, _, stderr = runWith(t, booksWithIndex(), "-c", cfg, "revision", "--autogenerate", "-m", "index", "--rev-id", "c1")
	if code != 0 || !strings.Contains(stderr, "WARN  lint pg-create-index: op 1 (create_index)") {
		t.Fatalf("revision --autogenerate: exit %d %s", code, stderr)
	}
	versions := filepath.Join(filepath.Dir(cfg), "migrations", "versions")
	matches, _ := filepath.Glob(filepath.Join(versions, "c1_*.yaml"))
	if len(matches) != 1 {
		t.Fatalf("revision c1: %v", matches)
	}
	if err := os.Remove(matches[0]); err != nil {
		t.Fatal(err)
	}

	body = append(body, []byte("autogenerate:\n  safe_forms: true\n")...)
	if err := os.WriteFile(cfg, body, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = runWith(t, booksWithIndex(), "-c", cfg, "check", "--format", "json")
	got = checkJSON{}
	if err := json.Unmarshal([]byte(stdout), &got); code != 1 || err != nil || len(got.Lint) != 1 || got.Lint[0].Level != "info" || !strings.Contains(got.Lint[0].SQL, "CONCURRENTLY") {
		t.Fatalf("check --format json with safe_forms: exit %d %v %s", code, err, stdout)
	}
	code, _, stderr = runWith(t, booksWithIndex(), "-c", cfg, "revision", "--autogenerate", "-m", "index", "--rev-id", "c2")
	if code != 0 || strings.Contains(stderr, "WARN  lint") {
		t.Fatalf("revision --autogenerate with safe_forms: exit %d %s", code, stderr)
	}
	matches, _ = filepath.Glob(filepath.Join(versions, "c2_*.yaml"))
	if len(matches) != 1 {
		t.Fatalf("revision c2: %v", matches)
	}
	rev, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rev), "concurrently: true") || !strings.Contains(string(rev), "transactional: false") {
		t.Fatalf("the safe revision:\n%s", rev)
	}
	if code, _, stderr := runCLI(t, "-c", cfg, "upgrade", "head"); code != 0 {
		t.Fatalf("upgrade with the concurrent index: %s", stderr)
	}
	var valid bool
	if err := db.SQL.QueryRow("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'ix_books_id_title'").Scan(&valid); err != nil || !valid {
		t.Fatalf("the index after upgrade: valid=%v %v", valid, err)
	}
}

const lintTablesRevision = `revision: r1
down_revision: null
message: tables
upgrade:
  - create_table:
      name: authors
      columns: [{name: id, type: bigint, nullable: false}]
      primary_key: {name: pk_authors, columns: [id]}
  - create_table:
      name: books
      columns:
        - {name: id, type: bigint, nullable: false}
        - {name: title, type: varchar(200)}
        - {name: author_id, type: bigint}
        - {name: n, type: integer}
        - {name: flag, type: boolean}
      primary_key: {name: pk_books, columns: [id]}
  - create_table:
      name: events
      columns: [{name: id, type: bigint, nullable: false}, {name: payload, type: text}]
  - create_index: {name: ix_books_title, table: books, columns: [title]}
downgrade: []
`

// lintRuleRevisions are, per dialect, a revision whose ops reach every rule
// of that dialect in docs/lint.md.
var lintRuleRevisions = map[string]string{
	"postgresql://lint@localhost/nowhere": `
  - create_index: {name: ix_books_n, table: books, columns: [n]}
  - drop_index: {name: ix_books_title, table: books}
  - add_column: {table: books, column: {name: c, type: integer, server_default: "7"}}
  - alter_column: {table: books, column: n, type: bigint, existing_type: integer}
  - alter_column: {table: books, column: title, nullable: false, existing_type: varchar(200)}
  - create_foreign_key: {name: fk_books_author, table: books, columns: [author_id], ref_table: authors, ref_columns: [id]}
  - create_check_constraint: {name: ck_n, table: books, condition: "n > 0", not_valid: true}
  - validate_constraint: {name: ck_n, table: books}
  - create_unique_constraint: {name: uq_books_c, table: books, columns: [c]}
  - create_primary_key: {name: pk_events, table: events, columns: [id]}
  - rename_table: {name: events, new_name: happenings}
  - drop_column: {table: books, column: flag, acknowledge_destructive: true}
  - execute: "SELECT 1"
`,
	"mysql://lint@localhost/nowhere": `
  - create_index: {name: ix_books_n, table: books, columns: [n]}
  - drop_index: {name: ix_books_title, table: books}
  - add_column: {table: books, column: {name: c, type: integer, server_default: "7"}}
  - alter_column: {table: books, column: n, type: bigint, existing_type: integer, existing_nullable: true}
  - create_foreign_key: {name: fk_books_author, table: books, columns: [author_id], ref_table: authors, ref_columns: [id]}
  - create_check_constraint: {name: ck_n, table: books, condition: "n > 0"}
  - create_unique_constraint: {name: uq_books_c, table: books, columns: [c]}
  - create_primary_key: {table: events, columns: [id]}
  - drop_constraint: {name: ck_n, table: books, type: check}
  - create_table_comment: {table: books, comment: the books}
  - rename_table: {name: events, new_name: happenings}
  - drop_column: {table: books, column: flag, acknowledge_destructive: true}
`,
	"sqlite:///nowhere.db": `
  - create_index: {name: ix_events_id, table: events, columns: [id]}
  - alter_column: {table: books, column: title, nullable: false, existing_type: varchar(200), existing_nullable: true}
`,
}

// TestLintEveryRule lints, for each dialect, a revision set that reaches
// every rule docs/lint.md lists for it, and checks that each rule is printed
// with its lock and its rewrite and scan facts.
func TestLintEveryRule(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "lint.md"))
	if err != nil {
		t.Fatal(err)
	}
	var rules []string
	for _, line := range strings.Split(string(doc), "\n") {
		if strings.HasPrefix(line, "| `") {
			for _, part := range strings.Split(strings.SplitN(line, "|", 3)[1], ",") {
				r := strings.Trim(strings.TrimSpace(part), "`")
				if strings.HasPrefix(r, "pg-") || strings.HasPrefix(r, "my-") || strings.HasPrefix(r, "sqlite-") {
					rules = append(rules, r)
				}
			}
		}
	}
	if len(rules) < 20 {
		t.Fatalf("found only %d rules in docs/lint.md: %v", len(rules), rules)
	}
	printed := map[string]bool{}
	for url, ops := range lintRuleRevisions {
		cfg := newTestProject(t)
		if err := os.Remove(filepath.Join(filepath.Dir(cfg), "migrations", "versions", "abc123def456_books.yaml")); err != nil {
			t.Fatal(err)
		}
		writeRevisionFile(t, cfg, "r1_tables.yaml", lintTablesRevision)
		writeRevisionFile(t, cfg, "r2_rules.yaml", "revision: r2\ndown_revision: r1\nmessage: rules\nupgrade:"+ops+"downgrade: []\n")
		code, stdout, stderr := runCLI(t, "-c", cfg, "--url", url, "lint", "--fail-on", "error")
		if code != 0 {
			t.Fatalf("%s: lint exit %d\n%s\n%s", url, code, stdout, stderr)
		}
		for _, block := range strings.Split(stdout, "\nr2 ")[0:] {
			if !strings.Contains(block, "  lock ") {
				t.Errorf("%s: a finding without its lock line:\n%s", url, block)
			}
		}
		for _, r := range rules {
			if strings.Contains(stdout, " "+r+"\n") {
				printed[r] = true
			}
		}
	}
	for _, r := range rules {
		if !printed[r] {
			t.Errorf("rule %s of docs/lint.md is not reached by the rule revisions", r)
		}
	}
}
