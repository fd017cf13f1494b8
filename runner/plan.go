// Package runner turns revision steps into a plan of SQL and applies it, as
// Terraform plans and then applies: a Plan lists steps (revision, direction, SQL
// statements, version-table statements). Offline (--sql) runs print the plan; online
// runs execute the same plan under the dialect's lock, in transactions where the
// dialect has transactional DDL.
package runner

import (
	"errors"
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
	// Transactional is false for a revision marked transactional: false, and
	// for one with a statement the server refuses inside a transaction block
	// (dialect.Statement.NoTransaction: CREATE INDEX CONCURRENTLY): such a
	// revision runs outside any transaction, each statement committing on its
	// own, as Alembic's autocommit_block, online and in --sql scripts alike.
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
	// SessionSetup are the statements an offline script starts with, after
	// the dialect's own prelude (migrate.yaml's session_setup).
	SessionSetup []string
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
// first step (nil: unknown); it is carried forward op by op with
// dialect.ApplyModel (ops.Apply's semantics plus the dialect's own, such as
// MySQL keeping a key that loses one of several columns) so that dialects which
// must restate a table (SQLite's move and copy) know its definition.
//
// The model is the truth where it can see: an op that cannot apply to it (it
// names a column, key or index of a table the model has, a table or enum the
// model had and lost, or creates one it has) is a *PlanError naming the
// revision, the op and the object. The model is blind, and such an op leaves it
// as it was, in two places: after an execute op, whose raw SQL can change
// anything; and for a table or enum the model never had, which predates the
// revision files (an onboarded database) or lies outside what the run reads.
// A dialect that needs a definition the model lacks still says so when
// rendering. Build takes before as exact; BuildFrom says when it is not.
// It returns a *PlanError naming the revision when an op cannot be rendered.
func Build(d dialect.Dialect, vt dialect.VersionTable, steps []revision.Step, before *schema.MetaData, offline bool) (*Plan, error) {
	return BuildFrom(d, vt, steps, Start{Schema: before}, offline)
}

// Start is the schema a plan starts from.
type Start struct {
	// Schema is the schema before the first step; nil when unknown (no model is
	// carried, and nothing is checked against one).
	Schema *schema.MetaData
	// Blind is true when Schema may differ from the database in ways the
	// revision files do not show: the revisions replayed to make it ran raw SQL
	// (execute), or an online read found what they do not describe. An op that
	// cannot apply to a blind model is then not an error (see Build).
	Blind bool
}

// BuildFrom is Build from a start that may be blind (see Start).
func BuildFrom(d dialect.Dialect, vt dialect.VersionTable, steps []revision.Step, start Start, offline bool) (*Plan, error) {
	p := &Plan{Dialect: d, VersionTable: vt}
	if len(steps) > 0 {
		p.Steps = make([]Step, 0, len(steps))
	}
	// One copy of the caller's model, advanced in place: Render reads env.Current
	// only while rendering, so no step keeps a reference to it.
	cur := start.Schema.Clone()
	var model *ops.Model
	var check *modelCheck
	if cur != nil {
		// The model's index makes each op's table lookup constant time, for
		// the model here and for dialects through env.Model.
		model = ops.NewModel(cur)
		check = newModelCheck(d, model, start.Blind)
	}
	for _, st := range steps {
		list := st.Revision.Upgrade
		if st.Direction == revision.Down {
			list = st.Revision.Downgrade
		}
		stmts, err := d.Render(list, &dialect.RenderEnv{Current: cur, Model: model, Offline: offline})
		if err != nil {
			return nil, &PlanError{Revision: st.Revision, Direction: st.Direction, Err: nameInFile(d, st.Revision, err)}
		}
		if model != nil {
			for i, o := range list {
				if err := check.apply(o); err != nil {
					return nil, &PlanError{Revision: st.Revision, Direction: st.Direction, Err: &ModelError{Op: i, Err: err}}
				}
			}
		}
		p.Steps = append(p.Steps, Step{
			Revision:      st.Revision,
			Direction:     st.Direction,
			Ops:           list,
			Statements:    stmts,
			Version:       versionSQL(d, vt, st.Version),
			Transactional: st.Revision.Transactional && !anyNoTransaction(stmts),
			Changes:       st.Version,
		})
		last := &p.Steps[len(p.Steps)-1]
		last.desc = last.describe()
	}
	return p, nil
}

// anyNoTransaction reports whether a statement of stmts must run outside a
// transaction block.
func anyNoTransaction(stmts []dialect.Statement) bool {
	for _, s := range stmts {
		if s.NoTransaction {
			return true
		}
	}
	return false
}

// ModelError says that op number Op (0-based) of a revision's list cannot
// apply to the schema model the revision files describe at that point: Err
// (ops.Apply's) names the op and the missing (ops.ErrNotFound) or duplicate
// (ops.ErrExists) object. It comes wrapped in a *PlanError naming the revision.
type ModelError struct {
	Op  int
	Err error
}

func (e *ModelError) Error() string {
	return fmt.Sprintf("op %d: %v, in the schema the revision files describe up to here; fix the op, or, if the database really has this (made by hand or by raw SQL outside these files), write that change as an op of an earlier revision (an execute op makes later ops unchecked)", e.Op+1, e.Err)
}

func (e *ModelError) Unwrap() error { return e.Err }

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

// ReplayerFor returns the Replayer of g with d's model semantics (ReplayFor),
// what an online run of d's database should plan with.
func ReplayerFor(g *revision.Graph, d dialect.Dialect) Replayer {
	return func(rows []string) (*schema.MetaData, error) {
		st, err := ReplayFor(g, d, rows)
		return st.Schema, err
	}
}

// Replay returns the schema that applying the upgrade ops of every revision in the
// applied set (the ancestors of heads, through down_revision and depends_on)
// produces on an empty database, in graph order, with ops.Apply's semantics. It
// is how offline runs know the schema at a revision without a connection; see
// ReplayFor for a dialect's own semantics and the rule on errors.
func Replay(g *revision.Graph, heads []string) (*schema.MetaData, error) {
	st, err := ReplayFor(g, nil, heads)
	return st.Schema, err
}

// ReplayFor is Replay with d's model semantics (dialect.ApplyModel; ops.Apply's
// when d is nil). An op that cannot apply to the model is an error (a
// *PlanError naming the revision, wrapping a *ModelError naming the op and
// object) by Build's rule: not for a table or enum the model never had, and
// not after the first execute op, from where the model is blind and the
// returned Start says Blind.
func ReplayFor(g *revision.Graph, d dialect.Dialect, heads []string) (Start, error) {
	m := ops.NewModel(nil)
	check := newModelCheck(d, m, false)
	var rows []string
	for _, h := range heads {
		steps, err := g.UpgradePlan(rows, h)
		if err != nil {
			return Start{}, err
		}
		for _, st := range steps {
			for i, o := range st.Revision.Upgrade {
				if err := check.apply(o); err != nil {
					return Start{}, &PlanError{Revision: st.Revision, Direction: revision.Up, Err: &ModelError{Op: i, Err: err}}
				}
			}
			rows = FoldRows(rows, st.Version)
		}
	}
	return Start{Schema: m.MetaData(), Blind: check.blind}, nil
}

// modelCheck applies ops to a model and decides which failures are errors:
// none once the model is blind (an execute op ran, or the start says so), and
// no "not found" of a table or enum the model never had — one that predates
// the revision files (an onboarded database) or lies outside what the run
// reads; the model knows nothing of it, so the op is taken as written.
type modelCheck struct {
	d     dialect.Dialect
	m     *ops.Model
	blind bool
	// known holds every table and enum the model has had (opTarget's keys).
	known map[string]bool
}

func newModelCheck(d dialect.Dialect, m *ops.Model, blind bool) *modelCheck {
	c := &modelCheck{d: d, m: m, blind: blind, known: map[string]bool{}}
	for _, t := range m.MetaData().Tables {
		c.known["t:"+t.Schema+"."+t.Name] = true
	}
	for _, e := range m.MetaData().Enums {
		c.known["e:"+e.Schema+"."+e.Name] = true
	}
	return c
}

// apply applies o to the model (dialect.ApplyModel; ops.Apply's semantics when
// the dialect is nil) and returns the failure that is an error (see
// modelCheck).
func (c *modelCheck) apply(o ops.Op) error {
	switch o.(type) {
	case *ops.Execute, *ops.GoStep:
		// Raw SQL and Go code can change anything.
		c.blind = true
	}
	var err error
	if c.d != nil {
		err = dialect.ApplyModel(c.d, c.m, o)
	} else {
		err = c.m.Apply(o)
	}
	switch o := o.(type) {
	case *ops.CreateTable:
		if o.Table != nil {
			c.known["t:"+o.Table.Schema+"."+o.Table.Name] = true
		}
	case *ops.RenameTable:
		c.known["t:"+o.Schema+"."+o.NewName] = true
	case *ops.CreateEnum:
		c.known["e:"+o.Schema+"."+o.Name] = true
	}
	if err == nil || c.blind {
		return nil
	}
	if errors.Is(err, ops.ErrNotFound) && !c.known[opTarget(o)] {
		return nil
	}
	return err
}

// opTarget returns the key of the table or enum o works on ("t:schema.name"
// or "e:schema.name"), or "" when o names none (a drop_index without its
// table).
func opTarget(o ops.Op) string {
	switch o := o.(type) {
	case *ops.CreateTable:
		if o.Table != nil {
			return "t:" + o.Table.Schema + "." + o.Table.Name
		}
	case *ops.DropTable:
		return "t:" + o.Schema + "." + o.Name
	case *ops.RenameTable:
		return "t:" + o.Schema + "." + o.Name
	case *ops.CreateEnum:
		return "e:" + o.Schema + "." + o.Name
	case *ops.DropEnum:
		return "e:" + o.Schema + "." + o.Name
	case *ops.AddEnumValue:
		return "e:" + o.Schema + "." + o.Name
	}
	if sch, t, ok := ops.AlteredTable(o); ok && t != "" {
		return "t:" + sch + "." + t
	}
	return ""
}
