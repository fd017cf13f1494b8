package mysql

import (
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// state is the schema as rendering proceeds: RenderEnv.Current at the start,
// updated by each op, so that alter_column and create_index can look up a column
// created or altered earlier in the same list. Tables are copied on first change;
// Current itself is never modified. Each op changes the state as ops.Apply
// would change the schema (through ops.ApplyTable and ops.FollowRefs), with
// MySQL's own key behaviour added (see applyTable). Unlike ops.Apply, the state
// is lenient: an op on a table or column it does not know (made by raw SQL in
// an execute op, say) leaves it as it was, and rendering goes on.
type state struct {
	tables map[tkey]*schema.Table
	env    *dialect.RenderEnv
	// offline is true when rendering for --sql, where no database completes
	// what the model lacks.
	offline bool
}

type tkey struct{ schema, name string }

func newState(env *dialect.RenderEnv) *state {
	return &state{tables: map[tkey]*schema.Table{}, env: env, offline: env != nil && env.Offline}
}

// table returns the known table, or nil.
func (s *state) table(schemaName, name string) *schema.Table {
	k := tkey{schemaName, name}
	if t, ok := s.tables[k]; ok {
		return t
	}
	if t := s.env.Table(schemaName, name); t != nil {
		c := t.Clone()
		s.tables[k] = c
		return c
	}
	return nil
}

// column returns the known column, or nil.
func (s *state) column(schemaName, table, column string) *schema.Column {
	if t := s.table(schemaName, table); t != nil {
		return t.FindColumn(column)
	}
	return nil
}

// apply records the effect of o.
func (s *state) apply(o ops.Op) {
	switch o := o.(type) {
	case *ops.CreateTable:
		if o.Table != nil {
			t := o.Table.Clone()
			t.Indexes = nil // as ops.Apply: create_index ops make them
			s.tables[tkey{o.Table.Schema, o.Table.Name}] = t
		}
	case *ops.DropTable:
		s.tables[tkey{o.Schema, o.Name}] = nil
	case *ops.RenameTable:
		t := s.table(o.Schema, o.Name)
		s.tables[tkey{o.Schema, o.Name}] = nil
		if t != nil {
			_ = ops.ApplyTable(t, o) // cannot fail on a rename_table
		}
		s.tables[tkey{o.Schema, o.NewName}] = t
		s.followRefs(t, o)
	default:
		sch, name, ok := ops.AlteredTable(o)
		if !ok {
			return
		}
		t := s.table(sch, name)
		if t == nil || applyTable(t, o) != nil {
			return
		}
		s.followRefs(t, o)
	}
}

// followRefs applies ops.FollowRefs for o to every known table but t that o
// concerns (a rename of a table or column that their foreign keys name),
// copying tables of Current first.
func (s *state) followRefs(t *schema.Table, o ops.Op) {
	switch o := o.(type) {
	case *ops.RenameTable:
	case *ops.AlterColumn:
		if o.NewName == "" || o.NewName == o.Column {
			return
		}
	default:
		return
	}
	for _, x := range s.tables {
		if x != nil && x != t {
			ops.FollowRefs(x, o)
		}
	}
	if s.env == nil || s.env.Current == nil {
		return
	}
	for _, x := range s.env.Current.Tables {
		k := tkey{x.Schema, x.Name}
		if _, seen := s.tables[k]; seen || !ops.Refers(x, o) {
			continue
		}
		c := x.Clone()
		ops.FollowRefs(c, o)
		s.tables[k] = c
	}
}

func copyStr(p *string) *string {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// fkIndexClauses returns the clauses that keep the foreign keys of the table
// indexed across o, which drops an index or a constraint of it (see
// fkIndexClauses in fkindex.go); nil when the table is unknown.
func (s *state) fkIndexClauses(o ops.Op, schemaName, table string) []string {
	t := s.table(schemaName, table)
	if t == nil {
		return nil
	}
	after := t.Clone()
	if applyTable(after, o) != nil {
		after = t
	}
	return fkIndexClauses(t, after)
}
