package lint_test

import (
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/lint"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
	"github.com/retortdb/migrate/schema"

	_ "github.com/retortdb/migrate/dialect/mysql"
	_ "github.com/retortdb/migrate/dialect/postgres"
	_ "github.com/retortdb/migrate/dialect/sqlite"
)

func ptr[T any](v T) *T { return &v }

func col(name string, t schema.Type, nullable bool) *schema.Column {
	return &schema.Column{Name: name, Type: t, Nullable: nullable}
}

// proofBase is the schema every proof starts from: authors and books (with a
// key), events (without one).
func proofBase() *schema.MetaData {
	return &schema.MetaData{Tables: []*schema.Table{
		{Name: "authors", Columns: []*schema.Column{col("id", schema.BigInt(), false)},
			PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_authors", Columns: []string{"id"}}},
		{Name: "books", Columns: []*schema.Column{
			col("id", schema.BigInt(), false), col("title", schema.Varchar(200), true),
			col("author_id", schema.BigInt(), true), col("n", schema.Integer(), true), col("flag", schema.Boolean(), true),
		}, PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_books", Columns: []string{"id"}},
			Indexes: []*schema.IndexDef{{Name: "ix_books_title", Columns: []string{"title"}}}},
		{Name: "events", Columns: []*schema.Column{col("id", schema.BigInt(), false), col("payload", schema.Text(), true)}},
	}}
}

// baseOps creates base's tables and indexes.
func baseOps(base *schema.MetaData) []ops.Op {
	var out []ops.Op
	for _, t := range base.Tables {
		out = append(out, &ops.CreateTable{Table: t})
		for _, ix := range t.Indexes {
			out = append(out, &ops.CreateIndex{Schema: t.Schema, Table: t.Name, Index: ix})
		}
	}
	return out
}

// planFor plans list as one revision (transactional unless tx is false) on
// d from base, and lints it for server version.
func planFor(t *testing.T, d dialect.Dialect, base *schema.MetaData, list []ops.Op, tx bool, version string) (*runner.Plan, []lint.Finding) {
	t.Helper()
	rev := &revision.Revision{ID: "proof", Upgrade: list, Transactional: tx, Message: "proof"}
	p, err := runner.BuildFrom(d, dialect.VersionTable{Name: "migrate_version"}, []revision.Step{{Revision: rev, Direction: revision.Up}},
		runner.Start{Schema: base}, false)
	if err != nil {
		t.Fatalf("planning: %v", err)
	}
	fs, err := lint.Lint(p, lint.Options{Version: version, Start: base})
	if err != nil {
		t.Fatal(err)
	}
	return p, fs
}

// findingFor returns the one finding of statement k (1-based) with rule, or
// fails.
func findingFor(t *testing.T, fs []lint.Finding, k int, rule string) lint.Finding {
	t.Helper()
	var got []lint.Finding
	for _, f := range fs {
		if f.Statement == k && f.Rule == rule {
			got = append(got, f)
		}
	}
	if len(got) != 1 {
		t.Fatalf("want one %s finding for statement %d, got %d in %+v", rule, k, len(got), fs)
	}
	return got[0]
}
