package runner

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/retortdb/migrate/revision"

	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/schema"
)

// withLiveSchema returns a replay function that fills the gaps of the schema
// replayed from the revision files with what the live database holds: tables and
// columns that the revision files never described (created by raw SQL, or
// before migrate) are taken from the inspected schema, and everything the
// revisions describe is kept as they describe it. Rendering then knows the live
// definition of such a column, which MySQL needs to restate it in alter_column;
// offline (--sql) there is no database, and the same op is refused.
func (r *Runner) withLiveSchema(ctx context.Context, replay func([]string) (*schema.MetaData, error)) func([]string) (*schema.MetaData, error) {
	return func(rows []string) (*schema.MetaData, error) {
		m, err := replay(rows)
		if err != nil {
			return nil, err
		}
		// The inspector reads through the pool; when the run holds the pool's only
		// connection (SQLite :memory:), it would wait forever: plan from the
		// revision files alone.
		if st := r.DB.Stats(); st.MaxOpenConnections > 0 && st.InUse >= st.MaxOpenConnections {
			return m, nil
		}
		in, err := inspect.Get(r.Dialect.Name())
		if err != nil {
			return nil, err
		}
		opts := inspect.Options{ExcludeTables: []string{r.VersionTable.Name, r.ProgressTable().Name, r.HistoryTable.Name}}
		if r.VersionTable.Schema != "" {
			opts.Schemas = []string{r.VersionTable.Schema}
		}
		live, err := in.Inspect(ctx, r.DB, opts)
		if err != nil {
			return nil, fmt.Errorf("reading the live schema to complete the revisions' description of it: %w", err)
		}
		return fillGaps(m, live), nil
	}
}

// fillGaps returns a copy of m with the tables and columns of live that m lacks.
func fillGaps(m, live *schema.MetaData) *schema.MetaData {
	out := m.Clone()
	if out == nil {
		out = &schema.MetaData{}
	}
	for _, lt := range live.Tables {
		t := out.FindTable(lt.Schema, lt.Name)
		if t == nil {
			out.Tables = append(out.Tables, lt.Clone())
			continue
		}
		for _, lc := range lt.Columns {
			if t.FindColumn(lc.Name) == nil {
				t.Columns = append(t.Columns, lc.Clone())
			}
		}
		if len(t.Triggers) == 0 {
			for _, tr := range lt.Triggers {
				x := *tr
				t.Triggers = append(t.Triggers, &x)
			}
		}
	}
	return out
}

// planOnline builds the plan of an online run from the version rows. When a
// revision cannot be rendered from the revision files alone, it tries again with
// the gaps filled from the live schema (withLiveSchema); when that fails too and
// the revision is not the first of the run, it may need what the revisions
// before it create (a table made by raw SQL): it returns the plan of those
// revisions only, with more set, and the caller plans again once they ran.
func (r *Runner) planOnline(ctx context.Context, conn *sql.Conn, plan Planner, replay func([]string) (*schema.MetaData, error)) (rows []string, p *Plan, more bool, err error) {
	rows, p, err = r.buildFrom(ctx, conn, plan, replay)
	var pe *PlanError
	if !errors.As(err, &pe) || replay == nil {
		return rows, p, false, err
	}
	if rows2, p2, err2 := r.buildFrom(ctx, conn, plan, r.withLiveSchema(ctx, replay)); err2 == nil {
		r.log(fmt.Sprintf("The revision files do not describe all that the %s of %s changes: completed from the live schema", pe.Direction, pe.Revision.ID))
		return rows2, p2, false, nil
	}
	cut := false
	before := func(rs []string) ([]revision.Step, error) {
		steps, err := plan(rs)
		if err != nil {
			return nil, err
		}
		for i, st := range steps {
			if st.Revision.ID == pe.Revision.ID && st.Direction == pe.Direction {
				cut = i > 0
				return steps[:i], nil
			}
		}
		return steps, nil
	}
	rows3, p3, err3 := r.buildFrom(ctx, conn, before, replay)
	if err3 != nil || !cut {
		return rows, p, false, err
	}
	return rows3, p3, true, nil
}
