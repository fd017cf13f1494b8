package runner_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
)

// missingIndexRevisions drop an index no revision creates.
var missingIndexRevisions = map[string]string{
	"m1.yaml": `revision: m1
message: table
upgrade:
  - create_table: {name: t, columns: [{name: id, type: integer}, {name: a, type: integer}]}
downgrade:
  - drop_table: {name: t}
`,
	"m2.yaml": `revision: m2
down_revision: m1
message: drop an index nobody made
upgrade:
  - add_column: {table: t, column: {name: b, type: integer}}
  - drop_index: {name: ix_nowhere, table: t}
downgrade:
  - drop_column: {table: t, column: b}
`,
	"m3.yaml": `revision: m3
down_revision: m2
message: later
upgrade:
  - add_column: {table: t, column: {name: c, type: integer}}
downgrade:
  - drop_column: {table: t, column: c}
`,
}

// blindRevisions make the index with raw SQL, which the model cannot see, and
// then drop it with an op.
var blindRevisions = map[string]string{
	"b1.yaml": `revision: b1
message: table and raw index
upgrade:
  - create_table: {name: t, columns: [{name: id, type: integer}, {name: a, type: integer}]}
  - execute: "CREATE INDEX ix_raw ON t (a)"
downgrade:
  - drop_table: {name: t}
`,
	"b2.yaml": `revision: b2
down_revision: b1
message: drop the raw index
upgrade:
  - drop_index: {name: ix_raw, table: t}
downgrade:
  - create_index: {name: ix_raw, table: t, columns: [a]}
`,
}

// TestModelErrors: an op that cannot apply to the schema model the revision
// files describe is a plan error naming the revision, the op and the missing
// object — while planning a run that holds it (offline and online) and while
// replaying it as history — except where the model is blind: on a table the
// files never created (it predates them), and after an execute op.
func TestModelErrors(t *testing.T) {
	vt := dialect.VersionTable{Name: "migrate_version"}
	d := offDialect(t, "postgresql")
	wantModelError := func(t *testing.T, err error) {
		t.Helper()
		var pe *runner.PlanError
		var me *runner.ModelError
		if !errors.As(err, &pe) || !errors.As(err, &me) || !errors.Is(err, ops.ErrNotFound) {
			t.Fatalf("got %v (%T), want a *PlanError wrapping a *ModelError and ops.ErrNotFound", err, err)
		}
		for _, want := range []string{"revision m2", "op 2", "drop_index", `"ix_nowhere"`, "not found"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error does not name %q:\n%v", want, err)
			}
		}
		if pe.Revision.ID != "m2" {
			t.Errorf("PlanError names revision %s, want m2", pe.Revision.ID)
		}
	}

	g := writeGraph(t, missingIndexRevisions)
	t.Run("offline plan", func(t *testing.T) {
		_, err := runner.PlanOffline(g, d, vt, revision.Up, "head")
		wantModelError(t, err)
	})
	t.Run("replayed history", func(t *testing.T) {
		_, err := runner.PlanOffline(g, d, vt, revision.Up, "m2:head")
		wantModelError(t, err)
		_, err = runner.Replay(g, []string{"m3"})
		wantModelError(t, err)
	})
	t.Run("online plan", func(t *testing.T) {
		db := onlineDBs[1].open(t)
		r := newRunner(t, d, openURL(t, d, db.URL))
		plan, _ := upgradeTo(g, "head")
		_, err := r.Run(context.Background(), plan, runner.ReplayerFor(g, d))
		wantModelError(t, err)
		if rows, err := r.Current(context.Background()); err != nil || len(rows) != 0 {
			t.Fatalf("after the refused plan the version table holds %v (%v), want nothing", rows, err)
		}
		var n int
		if err := db.SQL.QueryRow("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 't'").Scan(&n); err != nil || n != 0 {
			t.Fatalf("table t exists after a refused plan (%d, %v)", n, err)
		}
	})

	t.Run("table older than the files", func(t *testing.T) {
		// An onboarded database: the files never created "legacy", so the
		// model knows nothing of it and drops of it are taken as written.
		og := writeGraph(t, map[string]string{"o1.yaml": `revision: o1
message: clean up what predates migrate
upgrade:
  - drop_index: {name: ix_legacy, table: legacy}
  - drop_table: {name: legacy}
downgrade:
  - execute: "CREATE TABLE legacy (id integer)"
`, "o2.yaml": `revision: o2
down_revision: o1
message: later
upgrade:
  - create_table: {name: t2, columns: [{name: id, type: integer}]}
downgrade:
  - drop_table: {name: t2}
`})
		for _, target := range []string{"head", "o1:head"} {
			if _, err := runner.PlanOffline(og, d, vt, revision.Up, target); err != nil {
				t.Errorf("%s: %v", target, err)
			}
		}
	})

	bg := writeGraph(t, blindRevisions)
	t.Run("blind after execute", func(t *testing.T) {
		for _, target := range []string{"head", "b1:head"} {
			s, err := runner.PlanOffline(bg, d, vt, revision.Up, target)
			if err != nil {
				t.Fatalf("%s: the model is blind after execute, yet planning failed: %v", target, err)
			}
			last := s.Plan.Steps[len(s.Plan.Steps)-1]
			if len(last.Statements) != 1 || !strings.Contains(last.Statements[0].SQL, "DROP INDEX") {
				t.Errorf("%s: b2 renders %v, want one DROP INDEX", target, last.Statements)
			}
		}
		db := onlineDBs[1].open(t)
		r := newRunner(t, d, openURL(t, d, db.URL))
		plan, _ := upgradeTo(bg, "head")
		if _, err := r.Run(context.Background(), plan, runner.ReplayerFor(bg, d)); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.SQL.QueryRow("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_raw'").Scan(&n); err != nil || n != 0 {
			t.Fatalf("ix_raw still exists (%d, %v)", n, err)
		}
	})
}

// shrinkRevisions drop one column of a two-column index, then the index.
var shrinkRevisions = map[string]string{
	"s1.yaml": `revision: s1
message: table and a two-column index
upgrade:
  - create_table: {name: t, columns: [{name: id, type: integer}, {name: a, type: integer}, {name: b, type: integer}]}
  - create_index: {name: ix_ab, table: t, columns: [a, b]}
downgrade:
  - drop_table: {name: t}
`,
	"s2.yaml": `revision: s2
down_revision: s1
message: drop b
upgrade:
  - drop_column: {table: t, column: b}
downgrade:
  - add_column: {table: t, column: {name: b, type: integer}}
`,
	"s3.yaml": `revision: s3
down_revision: s2
message: drop the index MySQL kept on a
upgrade:
  - drop_index: {name: ix_ab, table: t}
downgrade:
  - create_index: {name: ix_ab, table: t, columns: [a]}
`,
}

// TestModelFollowsTheDialect: MySQL and MariaDB keep a two-column index on the
// remaining column when one is dropped, PostgreSQL drops it. The runner's model
// follows each dialect across revisions (dialect.ApplyModel): on MySQL a later
// drop_index of that index plans and runs, offline and online, from the start
// and from the middle; on PostgreSQL it is refused as a model error, naming
// the revision and the index the server dropped with the column.
func TestModelFollowsTheDialect(t *testing.T) {
	vt := dialect.VersionTable{Name: "migrate_version"}
	g := writeGraph(t, shrinkRevisions)
	my := offDialect(t, "mysql")
	for _, target := range []string{"head", "s2:head"} {
		if _, err := runner.PlanOffline(g, my, vt, revision.Up, target); err != nil {
			t.Errorf("mysql offline %s: %v", target, err)
		}
	}
	db := onlineDBs[2].open(t)
	r := newRunner(t, my, openURL(t, my, db.URL))
	plan, _ := upgradeTo(g, "s2")
	if _, err := r.Run(context.Background(), plan, runner.ReplayerFor(g, my)); err != nil {
		t.Fatal(err)
	}
	var cols string
	if err := db.SQL.QueryRow("SELECT GROUP_CONCAT(COLUMN_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' AND INDEX_NAME = 'ix_ab'").Scan(&cols); err != nil || cols != "a" {
		t.Fatalf("after dropping b, MariaDB's ix_ab has columns %q (%v), want a", cols, err)
	}
	plan, _ = upgradeTo(g, "head")
	if _, err := r.Run(context.Background(), plan, runner.ReplayerFor(g, my)); err != nil {
		t.Fatalf("online s2:head on MariaDB: %v", err)
	}

	pg := offDialect(t, "postgresql")
	_, err := runner.PlanOffline(g, pg, vt, revision.Up, "head")
	if err == nil || !strings.Contains(err.Error(), "revision s3") || !strings.Contains(err.Error(), `"ix_ab"`) || !errors.Is(err, ops.ErrNotFound) {
		t.Fatalf("postgresql offline head: got %v, want a model error naming s3 and ix_ab", err)
	}
}
