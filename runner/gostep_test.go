package runner_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/gostep"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
)

const goRevA = `revision: ga
down_revision: null
message: table
upgrade:
  - create_table: {name: gs, columns: [{name: id, type: integer, nullable: false}, {name: v, type: varchar(50)}]}
downgrade:
  - drop_table: {name: gs}
`

const goRevB = `revision: gb
down_revision: ga
message: go step
upgrade:
  - execute: "INSERT INTO gs (id, v) VALUES (1, 'sql')"
  - go: {func: step_b, reverse: undo_b}
downgrade:
  - go: {func: undo_b, reverse: step_b}
`

// goSetup is a per-dialect session set-up statement and the query that reads
// back what it set, on the same session.
var goSetup = map[string][2]string{
	"postgresql": {"SET application_name = 'gostep_setup'", "SELECT current_setting('application_name')"},
	"mysql":      {"SET @gostep_setup = 'gostep_setup'", "SELECT @gostep_setup"},
	"sqlite":     {"PRAGMA cache_size = -4321", "SELECT CASE WHEN cache_size = -4321 THEN 'gostep_setup' ELSE cache_size END FROM pragma_cache_size"},
}

// A Go step runs in its revision's session, after the ops before it (it sees
// their rows), with the session set-up applied, the dialect and -x values;
// its failure fails the revision (rolled back on PostgreSQL and SQLite, where
// the servers' tables show nothing of it); a panic is reported, not
// propagated; a plan naming an unregistered step is refused before anything
// runs; the statement timeout cancels its context. On every dialect.
func TestGoStepOnline(t *testing.T) {
	for _, od := range onlineDBs {
		t.Run(od.name, func(t *testing.T) {
			tdb := od.open(t)
			d, err := dialect.Get(od.name)
			if err != nil {
				t.Fatal(err)
			}
			db := openURL(t, d, tdb.URL)
			g := writeGraph(t, map[string]string{"ga.yaml": goRevA, "gb.yaml": goRevB})
			ctx := context.Background()
			count := func(q string) int {
				t.Helper()
				var n int
				if err := tdb.SQL.QueryRow(q).Scan(&n); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				return n
			}
			version := func() string {
				t.Helper()
				var v string
				_ = tdb.SQL.QueryRow("SELECT version_num FROM migrate_version").Scan(&v)
				return v
			}
			var mode string
			reg := gostep.Registry{}
			reg.Add("step_b", func(ctx context.Context, s *gostep.Session) error {
				var seen string
				if err := s.DB.QueryRowContext(ctx, goSetup[od.name][1]).Scan(&seen); err != nil {
					return err
				}
				if seen != "gostep_setup" {
					return fmt.Errorf("session set-up not applied: %s", seen)
				}
				var n int
				if err := s.DB.QueryRowContext(ctx, "SELECT count(*) FROM gs WHERE v = 'sql'").Scan(&n); err != nil || n != 1 {
					return fmt.Errorf("the execute before the step is not visible: %d, %v", n, err)
				}
				if _, err := s.DB.ExecContext(ctx, "INSERT INTO gs (id, v) VALUES (2, '"+s.Dialect+"/"+s.X["k"]+"')"); err != nil {
					return err
				}
				switch mode {
				case "fail":
					return errors.New("boom")
				case "panic":
					panic(fmt.Sprintf("deliberate panic in %s", s.Revision))
				case "block":
					<-ctx.Done()
					return ctx.Err()
				}
				s.Log.Info("step b ran", "rev", s.Revision)
				return nil
			})
			reg.Add("undo_b", func(ctx context.Context, s *gostep.Session) error {
				if !s.Downgrade {
					return errors.New("undo_b not called as a downgrade")
				}
				_, err := s.DB.ExecContext(ctx, "DELETE FROM gs WHERE id = 2")
				return err
			})
			newR := func() (*runner.Runner, *[]string) {
				r := newRunner(t, d, db)
				r.GoSteps = reg
				r.X = map[string]string{"k": "xv"}
				r.SessionSetup = []string{goSetup[od.name][0]}
				var log []string
				r.Log = func(s string) { log = append(log, s) }
				return r, &log
			}

			// Unregistered: refused at planning, nothing run.
			r, _ := newR()
			r.GoSteps = gostep.Registry{}
			planner, replay := upgradeTo(g, "head")
			_, err = r.Run(ctx, planner, replay)
			var miss *runner.MissingGoStepsError
			if !errors.As(err, &miss) || !strings.Contains(err.Error(), "upgrade of gb") || !strings.Contains(err.Error(), "step_b") {
				t.Fatalf("unregistered step: %v", err)
			}
			if version() != "" {
				t.Fatalf("a refused plan ran: version %q", version())
			}

			r, _ = newR()
			if _, err := r.Run(ctx, func(rows []string) ([]revision.Step, error) { return g.UpgradePlan(rows, "ga") }, replay); err != nil {
				t.Fatal(err)
			}
			for _, m := range []string{"fail", "panic", "block"} {
				mode = m
				r, _ = newR()
				if m == "block" {
					r.StatementTimeout = 300 * time.Millisecond
				}
				_, err := r.Run(ctx, planner, replay)
				var se *runner.StatementError
				var ge *runner.GoStepError
				if !errors.As(err, &se) || !errors.As(err, &ge) || se.Index != 2 || ge.Func != "step_b" {
					t.Fatalf("%s: error %v", m, err)
				}
				switch m {
				case "panic":
					if !ge.Panic || !strings.Contains(err.Error(), "deliberate panic in gb") || !strings.Contains(err.Error(), "gostep_test.go") {
						t.Fatalf("panic: %v", err)
					}
				case "block":
					if !strings.Contains(err.Error(), "statement timeout") {
						t.Fatalf("block: %v", err)
					}
				}
				if od.name == "mysql" {
					// Statement 1 committed and is recorded; the Go step's
					// own transaction rolled back.
					if count("SELECT count(*) FROM gs WHERE id = 2") != 0 || count("SELECT count(*) FROM gs WHERE id = 1") != 1 || version() != "ga" {
						t.Fatalf("%s on mysql: rows %d/%d, version %q", m, count("SELECT count(*) FROM gs WHERE id = 1"), count("SELECT count(*) FROM gs WHERE id = 2"), version())
					}
				} else if count("SELECT count(*) FROM gs") != 0 || version() != "ga" || !se.RolledBack {
					t.Fatalf("%s: not rolled back: %d rows, version %q", m, count("SELECT count(*) FROM gs"), version())
				}
			}
			mode = ""
			r, log := newR()
			if _, err := r.Run(ctx, planner, replay); err != nil {
				t.Fatal(err)
			}
			if count("SELECT count(*) FROM gs WHERE id = 2 AND v = '"+od.name+"/xv'") != 1 || count("SELECT count(*) FROM gs WHERE id = 1") != 1 || version() != "gb" {
				t.Fatalf("after the run: version %q", version())
			}
			if !strings.Contains(strings.Join(*log, "\n"), "step b ran revision=gb go=step_b rev=gb") {
				t.Fatalf("log: %q", *log)
			}
			if od.name == "mysql" && !strings.Contains(strings.Join(*log, "\n"), "Resuming upgrade of gb at statement 2 of 2") {
				t.Fatalf("mysql did not resume at the Go step: %q", *log)
			}
			r, _ = newR()
			if _, err := r.Run(ctx, func(rows []string) ([]revision.Step, error) { return g.DowngradePlan(rows, "ga") }, replay); err != nil {
				t.Fatal(err)
			}
			if count("SELECT count(*) FROM gs WHERE id = 2") != 0 || version() != "ga" {
				t.Fatalf("the reverse step did not run")
			}
		})
	}
}

// Offline, a Go step is replaced by its offline SQL, or the script is refused
// naming the revision and the function; session set-up comes first.
func TestGoStepOffline(t *testing.T) {
	g := writeGraph(t, map[string]string{"ga.yaml": goRevA, "gb.yaml": goRevB})
	d, err := dialect.Get("postgresql")
	if err != nil {
		t.Fatal(err)
	}
	plan := func() *runner.OfflineScript {
		s, err := runner.PlanOffline(g, d, dialect.VersionTable{Name: "migrate_version"}, revision.Up, "head")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := plan()
	var out bytes.Buffer
	err = s.Plan.WriteSQL(&out, false)
	var oe *runner.OfflineGoError
	if !errors.As(err, &oe) || !strings.Contains(err.Error(), "revision gb") || !strings.Contains(err.Error(), "step_b") || out.Len() != 0 {
		t.Fatalf("unresolved: %v, wrote %q", err, out.String())
	}
	reg := gostep.Registry{}
	reg.Add("step_b", func(context.Context, *gostep.Session) error { return nil })
	if err := s.Plan.ResolveGo(reg, nil); !errors.As(err, &oe) || !strings.Contains(err.Error(), "gostep.WithOfflineSQL") {
		t.Fatalf("no offline SQL: %v", err)
	}
	reg = gostep.Registry{}
	reg.Add("step_b", func(context.Context, *gostep.Session) error { return nil },
		gostep.WithOfflineSQL(func(dialect string, x map[string]string) ([]string, error) {
			return []string{"UPDATE gs SET v = '" + dialect + "/" + x["k"] + "'"}, nil
		}))
	if err := s.Plan.ResolveGo(reg, map[string]string{"k": "xv"}); err != nil {
		t.Fatal(err)
	}
	s.Plan.SessionSetup = []string{"SET ROLE migrator"}
	if err := s.Plan.WriteSQL(&out, false); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if !strings.HasPrefix(text, "SET ROLE migrator;\n") || !strings.Contains(text, "UPDATE gs SET v = 'postgresql/xv';") || strings.Contains(text, "go:") {
		t.Fatalf("script:\n%s", text)
	}
}
