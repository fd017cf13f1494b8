package lint_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/lint"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/runner"
	"github.com/retortdb/migrate/schema"
)

// TestLintSourcesAndOutput: findings of extra sources follow the dialect's,
// a source's error stops Lint, raw SQL is reported, and the text and JSON
// forms of no findings say so.
func TestLintSourcesAndOutput(t *testing.T) {
	d, err := dialect.Get("postgresql")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := planFor(t, d, proofBase(), []ops.Op{&ops.Execute{SQL: "UPDATE books SET n = 1"}}, true, "15.4")
	extra := lint.Finding{Revision: "proof", Rule: "destructive", Level: dialect.LintError, Message: "extra"}
	fs, err := lint.Lint(p, lint.Options{Start: proofBase(), Sources: []lint.Source{func(*runner.Plan) ([]lint.Finding, error) {
		return []lint.Finding{extra}, nil
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || fs[0].Rule != "raw-sql" || fs[0].Statement != 1 || fs[0].OpName != "execute" || fs[1] != extra {
		t.Fatalf("findings: %+v", fs)
	}
	if got := lint.AtLeast(fs, dialect.LintWarning); len(got) != 1 || got[0].Rule != "destructive" {
		t.Fatalf("AtLeast warning: %+v", got)
	}
	boom := errors.New("boom")
	if _, err := lint.Lint(p, lint.Options{Sources: []lint.Source{func(*runner.Plan) ([]lint.Finding, error) { return nil, boom }}}); !errors.Is(err, boom) {
		t.Fatalf("a source's error: %v", err)
	}
	var text, js bytes.Buffer
	if err := lint.WriteText(&text, nil); err != nil || text.String() != "No findings.\n" {
		t.Fatalf("text of none: %q %v", text.String(), err)
	}
	if err := lint.WriteJSON(&js, nil); err != nil || strings.TrimSpace(js.String()) != "[]" {
		t.Fatalf("JSON of none: %q %v", js.String(), err)
	}
}

// TestDestructiveSource: an unacknowledged drop is an error naming the
// column and pointing at its statement; the acknowledged one is info; an
// op that loses nothing gives no finding.
func TestDestructiveSource(t *testing.T) {
	d, err := dialect.Get("postgresql")
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	list := []ops.Op{
		&ops.AddColumn{Table: "books", Column: col("isbn", schema.Text(), true)},
		&ops.DropColumn{Table: "books", Column: "flag"},
		&ops.DropColumn{Table: "books", Column: "n", AcknowledgeDestructive: &yes},
	}
	p, _ := planFor(t, d, proofBase(), list, true, "15.4")
	fs, err := lint.Destructive(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 {
		t.Fatalf("findings: %+v", fs)
	}
	if f := fs[0]; f.Rule != "destructive" || f.Level != dialect.LintError || f.Op != 2 || f.OpName != "drop_column" ||
		f.Statement != 2 || !strings.Contains(f.SQL, "DROP COLUMN flag") || !strings.Contains(f.Message, "books.flag") {
		t.Fatalf("unacknowledged: %+v", f)
	}
	if f := fs[1]; f.Level != dialect.LintInfo || f.Op != 3 || !strings.Contains(f.Message, "acknowledged") {
		t.Fatalf("acknowledged: %+v", f)
	}
}
