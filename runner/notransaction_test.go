package runner_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
	"github.com/retortdb/migrate/schema"
)

// TestNoTransactionStatementRunsOutsideTransaction: a revision holding a
// statement the server refuses in a transaction block (CREATE INDEX
// CONCURRENTLY) plans as transactional: false, and the --sql script commits
// the earlier revisions' transaction before it and opens none around it.
func TestNoTransactionStatementRunsOutsideTransaction(t *testing.T) {
	d := offDialect(t, "postgresql")
	books := &schema.Table{Name: "books", Columns: []*schema.Column{{Name: "id", Type: schema.BigInt()}, {Name: "n", Type: schema.Integer(), Nullable: true}}}
	r1 := &revision.Revision{ID: "r1", Message: "books", Transactional: true, Upgrade: []ops.Op{&ops.CreateTable{Table: books}}}
	r2 := &revision.Revision{ID: "r2", Message: "index", Transactional: true, DownRevisions: []string{"r1"},
		Upgrade: []ops.Op{&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_books_n", Columns: []string{"n"}}, Concurrently: true}}}
	steps := []revision.Step{
		{Revision: r1, Direction: revision.Up, Version: []revision.VersionChange{{Kind: revision.Insert, To: "r1"}}},
		{Revision: r2, Direction: revision.Up, Version: []revision.VersionChange{{Kind: revision.Update, From: "r1", To: "r2"}}},
	}
	p, err := runner.Build(d, dialect.VersionTable{Name: "migrate_version"}, steps, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Steps[0].Transactional || p.Steps[1].Transactional {
		t.Fatalf("transactional: r1 %v r2 %v; want true, false", p.Steps[0].Transactional, p.Steps[1].Transactional)
	}
	if s := p.Steps[1].Statements[0]; !s.NoTransaction || s.SQL != "CREATE INDEX CONCURRENTLY ix_books_n ON books (n)" {
		t.Fatalf("statement: %+v", s)
	}
	var b bytes.Buffer
	if err := p.WriteSQL(&b, false); err != nil {
		t.Fatal(err)
	}
	script := b.String()
	commit := strings.Index(script, "COMMIT;")
	cic := strings.Index(script, "CREATE INDEX CONCURRENTLY")
	if strings.Count(script, "BEGIN;") != 1 || commit < 0 || cic < commit {
		t.Fatalf("want r1 in BEGIN … COMMIT and the concurrent build after it, outside any block:\n%s", script)
	}
}
