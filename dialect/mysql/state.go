package mysql

import (
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// state is the schema as rendering proceeds: RenderEnv.Current at the start,
// updated by each op, so that alter_column and create_index can look up a column
// created or altered earlier in the same list. Tables are copied on first change;
// Current itself is never modified.
type state struct {
	tables map[tkey]*schema.Table
	cur    *schema.MetaData
	// offline is true when rendering for --sql, where no database completes
	// what the model lacks.
	offline bool
}

type tkey struct{ schema, name string }

func newState(cur *schema.MetaData) *state {
	return &state{tables: map[tkey]*schema.Table{}, cur: cur}
}

// table returns the known table, or nil.
func (s *state) table(schemaName, name string) *schema.Table {
	k := tkey{schemaName, name}
	if t, ok := s.tables[k]; ok {
		return t
	}
	if t := s.cur.FindTable(schemaName, name); t != nil {
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
	s.applyKeys(o)
	switch o := o.(type) {
	case *ops.CreateTable:
		if o.Table != nil {
			s.tables[tkey{o.Table.Schema, o.Table.Name}] = o.Table.Clone()
		}
	case *ops.DropTable:
		s.table(o.Schema, o.Name)
		s.tables[tkey{o.Schema, o.Name}] = nil
	case *ops.RenameTable:
		t := s.table(o.Schema, o.Name)
		s.tables[tkey{o.Schema, o.Name}] = nil
		if t != nil {
			t.Name = o.NewName
		}
		s.tables[tkey{o.Schema, o.NewName}] = t
	case *ops.AddColumn:
		if t := s.table(o.Schema, o.Table); t != nil && o.Column != nil {
			t.Columns = append(t.Columns, o.Column.Clone())
		}
	case *ops.DropColumn:
		if t := s.table(o.Schema, o.Table); t != nil {
			for i, c := range t.Columns {
				if c.Name == o.Column {
					t.Columns = append(t.Columns[:i], t.Columns[i+1:]...)
					break
				}
			}
		}
	case *ops.AlterColumn:
		c := s.column(o.Schema, o.Table, o.Column)
		if c == nil {
			return
		}
		if o.Type != nil {
			c.Type = o.Type.Clone()
		}
		if o.Nullable != nil {
			c.Nullable = *o.Nullable
		}
		if o.ServerDefault != nil {
			c.Default = copyStr(o.ServerDefault.Value)
		}
		if o.Comment != nil {
			c.Comment = ""
			if o.Comment.Value != nil {
				c.Comment = *o.Comment.Value
			}
		}
		if o.NewName != "" {
			c.Name = o.NewName
		}
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
	probe := &state{tables: map[tkey]*schema.Table{{schemaName, table}: t.Clone()}}
	probe.applyKeys(o)
	return fkIndexClauses(t, probe.tables[tkey{schemaName, table}])
}
