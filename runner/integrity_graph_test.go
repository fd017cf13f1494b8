package runner_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
)

// TestRefuseModified: history rows written as a run writes them, then a
// revision file whose checksum differs and one that disappeared are refused,
// or only warned about with allow.
func TestRefuseModified(t *testing.T) {
	db := testdb.SQLite(t)
	d, err := dialect.Get("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE migrate_history (started_at VARCHAR(26) NOT NULL, revision VARCHAR(32) NOT NULL, direction VARCHAR(9) NOT NULL, checksum VARCHAR(64), finished_at VARCHAR(26) NOT NULL, tool_version VARCHAR(40), PRIMARY KEY (started_at, revision, direction))`,
		`INSERT INTO migrate_history VALUES ('2026-01-01 00:00:00.000001', 'a', 'upgrade', 'sum-a', '2026-01-01 00:00:00.000002', 't')`,
		`INSERT INTO migrate_history VALUES ('2026-01-01 00:00:00.000003', 'b', 'upgrade', 'sum-b', '2026-01-01 00:00:00.000004', 't')`,
		`INSERT INTO migrate_history VALUES ('2026-01-01 00:00:00.000005', 'gone', 'upgrade', 'sum-g', '2026-01-01 00:00:00.000006', 't')`,
	} {
		if _, err := db.SQL.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	g, err := revision.NewGraph([]*revision.Revision{
		{ID: "a", Checksum: "sum-a", Path: "a.yaml", Transactional: true},
		{ID: "b", DownRevisions: []string{"a"}, Checksum: "sum-b-edited", Path: "b.yaml", Transactional: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := &runner.Runner{DB: db.SQL, Dialect: d, VersionTable: dialect.VersionTable{Name: "migrate_version"}, HistoryTable: dialect.VersionTable{Name: "migrate_history"}}
	ctx := context.Background()
	issues, err := r.GraphIntegrity(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	if len(issues) != 2 || issues[0].Revision != "b" || issues[0].Path != "b.yaml" || issues[1].Revision != "gone" || !issues[1].Missing {
		t.Fatalf("issues = %+v, want b changed and gone missing", issues)
	}
	err = r.RefuseModified(ctx, g, false, func(runner.IntegrityIssue) { t.Fatal("warned without allow") })
	var me *runner.ModifiedRevisionsError
	if !errors.As(err, &me) || len(me.Issues) != 2 || !strings.Contains(err.Error(), "pass --allow-modified") {
		t.Fatalf("RefuseModified = %v", err)
	}
	var warned []string
	if err := r.RefuseModified(ctx, g, true, func(is runner.IntegrityIssue) { warned = append(warned, is.Revision) }); err != nil || len(warned) != 2 {
		t.Fatalf("allow: %v, warned %v", err, warned)
	}
}
