package e2e_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
)

// revisionShape is the documented --format json shape of a revision (README,
// "Commands").
type revisionShape struct {
	ID            string   `json:"id"`
	DownRevisions []string `json:"down_revisions"`
	BranchLabels  []string `json:"branch_labels"`
	DependsOn     []string `json:"depends_on"`
	Message       string   `json:"message"`
	Path          string   `json:"path"`
	IsHead        bool     `json:"is_head"`
	IsCurrent     bool     `json:"is_current"`
	IsBranchPoint bool     `json:"is_branch_point"`
	IsMergePoint  bool     `json:"is_merge_point"`
}

// decodeStrict decodes s into v, refusing fields the documented shape lacks.
func decodeStrict(t *testing.T, what, s string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: not the documented JSON shape: %v\n%s", what, err, s)
	}
}

func TestJSONShapes(t *testing.T) {
	db := testdb.SQLite(t)
	p := &project{t: t, Dir: scratch.Module(t, map[string]string{"models/models.go": scratch.DesignModels}), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	p.ok("revision", "--autogenerate", "-m", "init", "--rev-id", "r1")
	p.ok("upgrade", "head")

	var cur, heads, hist []revisionShape
	decodeStrict(t, "current", p.ok("current", "--format", "json").Stdout, &cur)
	decodeStrict(t, "heads", p.ok("heads", "--format", "json").Stdout, &heads)
	decodeStrict(t, "history", p.ok("history", "--format", "json").Stdout, &hist)
	if len(cur) != 1 || cur[0].ID != "r1" || !cur[0].IsHead || cur[0].DownRevisions == nil || cur[0].Message != "init" {
		t.Fatalf("current: %+v", cur)
	}
	if len(heads) != 1 || heads[0].ID != "r1" || !strings.HasSuffix(heads[0].Path, ".yaml") {
		t.Fatalf("heads: %+v", heads)
	}
	if len(hist) != 1 || hist[0].BranchLabels == nil || hist[0].DependsOn == nil {
		t.Fatalf("history: %+v (lists must be [] rather than null)", hist)
	}

	type checkShape struct {
		Changes    bool              `json:"changes"`
		Findings   []string          `json:"findings"`
		UpgradeOps []string          `json:"upgrade_ops"`
		Ops        []json.RawMessage `json:"ops"`
		// Destructive lists the ops that lose data: {index, op, reason}.
		Destructive []struct {
			Index  int    `json:"index"`
			Op     string `json:"op"`
			Reason string `json:"reason"`
		} `json:"destructive"`
		Lint []json.RawMessage `json:"lint"`
	}
	var clean checkShape
	decodeStrict(t, "check", p.ok("check", "--format", "json").Stdout, &clean)
	if clean.Changes || clean.Findings == nil || len(clean.UpgradeOps) != 0 || clean.Destructive == nil || len(clean.Destructive) != 0 || clean.Lint == nil {
		t.Fatalf("check in sync: %+v", clean)
	}
	p.write("models/models.go", strings.Replace(scratch.DesignModels, "\tschema.Col(\"price\"", isbnColumn+"\tschema.Col(\"price\"", 1))
	r := p.run("check", "--format", "json")
	if r.Code != 1 {
		t.Fatalf("check with a change: exit %d", r.Code)
	}
	var dirty checkShape
	decodeStrict(t, "check", r.Stdout, &dirty)
	if !dirty.Changes || len(dirty.UpgradeOps) != 1 || dirty.UpgradeOps[0] != "add_column" || !strings.Contains(dirty.Findings[0], "books.isbn") || len(dirty.Destructive) != 0 || dirty.Lint == nil {
		t.Fatalf("check with a change: %+v", dirty)
	}
}
