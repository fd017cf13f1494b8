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
