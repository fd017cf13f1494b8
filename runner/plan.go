// Package runner turns revision steps into a plan of SQL and applies it, as
// Terraform plans and then applies: a Plan lists steps (revision, direction, SQL
// statements, version-table statements). Offline (--sql) runs print the plan; online
// runs execute the same plan under the dialect's lock, in transactions where the
// dialect has transactional DDL.
package runner

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/schema"
)

// Step is one revision applied in one direction, rendered.
type Step struct {
	Revision  *revision.Revision
	Direction revision.Direction
	// Ops are the ops run (Upgrade or Downgrade of the revision).
	Ops []ops.Op
	// Statements are the rendered ops, in order.
	Statements []dialect.Statement
	// Version are the version-table statements that follow the ops.
	Version []string
	// Transactional is false for a revision marked transactional: false.
	Transactional bool
	// Changes are the version-table row changes Version renders.
	Changes []revision.VersionChange
	// desc is Describe's line, made once by Build (runs print it twice).
	desc string
}

// Plan is the list of steps of one run, every statement rendered: what an online
// run executes (Runner.Apply) and an offline run prints (WriteSQL), the same
// value either way.
type Plan struct {
	Dialect      dialect.Dialect
	VersionTable dialect.VersionTable
	Steps        []Step
	// From are the version-table rows the plan starts from.
	From []string
	// online holds the session of a plan made by Runner.Plan (nil offline).
	online *online
}

// Describe returns the step's progress line in Alembic's shape:
// "Running upgrade 1f2e3d4c5b6a -> 3a4b5c6d9e0f, add books table".
func (s *Step) Describe() string {
	if s.desc != "" {
		return s.desc
	}
	return s.describe()
}

func (s *Step) describe() string {
	parents := strings.Join(s.Revision.DownRevisions, ", ")
	if s.Direction == revision.Down {
		return "Running downgrade " + s.Revision.ID + " -> " + parents + ", " + s.Revision.Message
	}
	return "Running upgrade " + parents + " -> " + s.Revision.ID + ", " + s.Revision.Message
}

// Build renders steps for dialect d. before is the schema as it stands before the
// first step (nil: unknown); it is carried forward op by op with ops.Apply so that
// dialects which must restate a table (SQLite's move and copy) know its definition.
// It returns a *PlanError naming the revision when an op cannot be rendered.
func Build(d dialect.Dialect, vt dialect.VersionTable, steps []revision.Step, before *schema.MetaData, offline bool) (*Plan, error) {
	p := &Plan{Dialect: d, VersionTable: vt}
	if len(steps) > 0 {
		p.Steps = make([]Step, 0, len(steps))
	}
	// One copy of the caller's model, advanced in place: Render reads env.Current
	// only while rendering, so no step keeps a reference to it.
	cur := before.Clone()
	var model *ops.Model
	if cur != nil {
		// The model's index makes each op's table lookup constant time, for
		// ops.Apply here and for dialects through env.Model.
		model = ops.NewModel(cur)
	}
	for _, st := range steps {
		list := st.Revision.Upgrade
		if st.Direction == revision.Down {
			list = st.Revision.Downgrade
		}
		stmts, err := d.Render(list, &dialect.RenderEnv{Current: cur, Model: model, Offline: offline})
		if err != nil {
			return nil, &PlanError{Revision: st.Revision, Direction: st.Direction, Err: err}
		}
		if model != nil {
			for _, o := range list {
				// The model is a best effort: raw SQL (execute) can change what it
				// does not see, so an op the model cannot apply (a table created
				// by execute) leaves it as it was; a dialect that needs a table it
				// lacks says so when rendering.
				_ = model.Apply(o)
			}
		}
		p.Steps = append(p.Steps, Step{
			Revision:      st.Revision,
			Direction:     st.Direction,
			Ops:           list,
			Statements:    stmts,
			Version:       versionSQL(d, vt, st.Version),
			Transactional: st.Revision.Transactional,
			Changes:       st.Version,
		})
		last := &p.Steps[len(p.Steps)-1]
		last.desc = last.describe()
	}
	return p, nil
}

func versionSQL(d dialect.Dialect, vt dialect.VersionTable, changes []revision.VersionChange) []string {
	if len(changes) == 0 {
		return nil
	}
	out := make([]string, 0, len(changes))
	for _, c := range changes {
		switch c.Kind {
		case revision.Insert:
			out = append(out, d.InsertVersion(vt, c.To))
		case revision.Update:
			out = append(out, d.UpdateVersion(vt, c.From, c.To))
		case revision.Delete:
			out = append(out, d.DeleteVersion(vt, c.From))
		}
	}
	return out
}

// PlanError says which revision could not be planned.
type PlanError struct {
	Revision  *revision.Revision
	Direction revision.Direction
	Err       error
}

func (e *PlanError) Error() string {
	where := e.Revision.ID
	if e.Revision.Path != "" {
		where += " (" + e.Revision.Path + ")"
	}
	return fmt.Sprintf("cannot render the %s of revision %s: %v", e.Direction, where, e.Err)
}

func (e *PlanError) Unwrap() error { return e.Err }

// Replay returns the schema that applying the upgrade ops of every revision in the
// applied set (the ancestors of heads, through down_revision and depends_on)
// produces on an empty database, in graph order. It is how offline runs know the
// schema at a revision without a connection. Ops that cannot be applied to the model
// (a table created by raw SQL) are skipped.
func Replay(g *revision.Graph, heads []string) (*schema.MetaData, error) {
	m := ops.NewModel(nil)
	var rows []string
	for _, h := range heads {
		steps, err := g.UpgradePlan(rows, h)
		if err != nil {
			return nil, err
		}
		for _, st := range steps {
			for _, o := range st.Revision.Upgrade {
				_ = m.Apply(o) // see Build: the model is a best effort
			}
			rows = FoldRows(rows, st.Version)
		}
	}
	return m.MetaData(), nil
}
