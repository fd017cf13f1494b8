package runner_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
)

const traceRevA = `revision: ta
down_revision: null
message: one
upgrade:
  - create_table: {name: traced, columns: [{name: id, type: integer, nullable: false}]}
  - add_column: {table: traced, column: {name: note, type: text}}
downgrade:
  - drop_table: {name: traced}
`

// Trace reports each statement of the plan, in order, then the version and
// history statements of its step, and nothing else the run does (lock, reads,
// the bookkeeping tables' creation); the history row carries Tag. On every
// dialect.
func TestTraceReportsExactlyThePlan(t *testing.T) {
	for _, od := range onlineDBs {
		t.Run(od.name, func(t *testing.T) {
			tdb := od.open(t)
			d, err := dialect.Get(od.name)
			if err != nil {
				t.Fatal(err)
			}
			db := openURL(t, d, tdb.URL)
			g := writeGraph(t, map[string]string{"ta.yaml": traceRevA})
			r := newRunner(t, d, db)
			r.HistoryTable = dialect.VersionTable{Name: "migrate_history"}
			r.Tag = "release-7"
			var traced []string
			r.Trace = func(sql string, took time.Duration, err error) {
				if err != nil || took < 0 {
					t.Errorf("trace of %q: took %s, err %v", sql, took, err)
				}
				traced = append(traced, sql)
			}
			ctx := context.Background()
			planner, replay := upgradeTo(g, "head")
			p, err := r.Plan(ctx, planner, replay)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, st := range p.Steps {
				for _, s := range st.Statements {
					want = append(want, s.SQL)
				}
				want = append(want, st.Version...)
			}
			if _, err := r.Apply(ctx, p); err != nil {
				t.Fatal(err)
			}
			// The run's extra statements: a progress record per statement on a
			// dialect without transactional DDL, and the history row.
			var got []string
			for _, s := range traced {
				switch {
				case strings.HasPrefix(s, "INSERT INTO "+d.QuoteIdent("migrate_history")) || strings.HasPrefix(s, "INSERT INTO migrate_history"):
					if !strings.Contains(s, "'release-7'") {
						t.Errorf("history row without the tag: %s", s)
					}
				case strings.Contains(s, r.ProgressTable().Name):
				default:
					got = append(got, s)
				}
			}
			if strings.Join(got, "\n;\n") != strings.Join(want, "\n;\n") {
				t.Fatalf("traced statements:\n%s\nwant the plan's:\n%s", strings.Join(got, "\n;\n"), strings.Join(want, "\n;\n"))
			}
			hist, err := r.History(ctx)
			if err != nil || len(hist) != 1 || hist[0].Tag != "release-7" {
				t.Fatalf("history = %+v, %v; want one row tagged release-7", hist, err)
			}
		})
	}
}

// A history table written by an earlier version (no tag column) is read as it
// is, and the next run adds the column (checked in the server's catalog
// through a SELECT naming it) and fills it.
func TestHistoryTableGainsTagColumn(t *testing.T) {
	for _, od := range onlineDBs {
		t.Run(od.name, func(t *testing.T) {
			tdb := od.open(t)
			d, err := dialect.Get(od.name)
			if err != nil {
				t.Fatal(err)
			}
			db := openURL(t, d, tdb.URL)
			ctx := context.Background()
			if _, err := db.ExecContext(ctx, `CREATE TABLE migrate_history (started_at VARCHAR(26) NOT NULL, revision VARCHAR(32) NOT NULL, direction VARCHAR(9) NOT NULL, checksum VARCHAR(64), finished_at VARCHAR(26) NOT NULL, tool_version VARCHAR(40), PRIMARY KEY (started_at, revision, direction))`); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO migrate_history VALUES ('2020-01-01 00:00:00.000000', 'old', 'upgrade', NULL, '2020-01-01 00:00:01.000000', '0.0.1')`); err != nil {
				t.Fatal(err)
			}
			r := newRunner(t, d, db)
			r.HistoryTable = dialect.VersionTable{Name: "migrate_history"}
			hist, err := r.History(ctx)
			if err != nil || len(hist) != 1 || hist[0].Revision != "old" || hist[0].Tag != "" {
				t.Fatalf("old history = %+v, %v", hist, err)
			}
			if _, err := db.ExecContext(ctx, "SELECT tag FROM migrate_history"); err == nil {
				t.Fatal("the old table already has a tag column: the test proves nothing")
			}
			r.Tag = "v2"
			g := writeGraph(t, map[string]string{"ta.yaml": traceRevA})
			planner, replay := upgradeTo(g, "head")
			if _, err := r.Run(ctx, planner, replay); err != nil {
				t.Fatal(err)
			}
			var tags []string
			rs, err := db.QueryContext(ctx, "SELECT coalesce(tag, '-') FROM migrate_history ORDER BY started_at")
			if err != nil {
				t.Fatalf("the run did not add the tag column: %v", err)
			}
			defer rs.Close()
			for rs.Next() {
				var s string
				if err := rs.Scan(&s); err != nil {
					t.Fatal(err)
				}
				tags = append(tags, s)
			}
			if strings.Join(tags, ",") != "-,v2" {
				t.Fatalf("tags = %v, want [- v2]", tags)
			}
		})
	}
}
