package autogen

import (
	"errors"
	"fmt"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// comparer holds one Compare run.
type comparer struct {
	declared, live *schema.MetaData
	d              dialect.Dialect
	caps           dialect.Capabilities
	opts           Options
	sc             *scope
	p              plan

	declTables []*schema.Table            // declared tables in scope, declared order
	declIn     map[tableKey]*schema.Table // declared tables in scope
	liveIn     map[tableKey]*schema.Table // live tables in scope

	// refused holds the differences no op expresses (a table's engine, say),
	// each naming the table, the property and what to do; Compare returns them
	// as its error.
	refused []string
	// suggestions are the rename suggestions among the findings.
	suggestions []string
}

// Compare proposes the migration from the live schema to the declared one, as
// Alembic's autogenerate.compare_metadata does, using d to judge types and
// server defaults and to learn whether the database has named enums and
// comments. See the package documentation for what is and is not detected.
//
// Tables match by (schema, name). Tables named in opts.ExcludeTables, the
// version table, tables of non-default schemas (unless opts.IncludeSchemas) and
// live views are never touched. Compare does not modify declared or live; the ops
// hold copies.
//
// It returns an error when an argument is nil, when declared fails
// schema.MetaData.Validate, when either side has a table twice, or when the
// upgrade cannot be reversed (which would be a bug here).
func Compare(declared, live *schema.MetaData, d dialect.Dialect, opts Options) (*Result, error) {
	switch {
	case declared == nil:
		return nil, errors.New("autogen: compare: the declared metadata is nil")
	case live == nil:
		return nil, errors.New("autogen: compare: the live metadata is nil")
	case d == nil:
		return nil, errors.New("autogen: compare: the dialect is nil")
	}
	for _, side := range []struct {
		name string
		m    *schema.MetaData
	}{{"declared", declared}, {"live", live}} {
		for i, t := range side.m.Tables {
			if t == nil {
				return nil, fmt.Errorf("autogen: compare: table %d of the %s metadata is nil", i+1, side.name)
			}
		}
	}
	if err := declared.Validate(); err != nil {
		return nil, fmt.Errorf("autogen: compare: the declared metadata is invalid: %w", err)
	}
	caps := d.Capabilities()
	if caps.UniqueIndexesAreConstraints {
		live = foldUniqueIndexes(declared, live)
	}
	c := &comparer{declared: declared, live: live, d: d, caps: caps, opts: opts, sc: newScope(opts, live)}
	var err error
	if c.declTables, c.declIn, err = c.index("declared", declared); err != nil {
		return nil, err
	}
	liveTables, liveIn, err := c.index("live", live)
	if err != nil {
		return nil, err
	}
	if renamed := c.applyRenames(live, liveIn); renamed != live {
		c.live, c.sc = renamed, newScope(opts, renamed)
		if liveTables, liveIn, err = c.index("live", renamed); err != nil {
			return nil, err
		}
	}
	c.liveIn = liveIn
	c.suggestRenames(liveTables)
	c.run(liveTables)
	if len(c.refused) > 0 {
		return nil, fmt.Errorf("autogen: compare: %s", strings.Join(c.refused, "; "))
	}

	upgrade, findings, warnings := c.p.flatten()
	var reversible []ops.Op
	for _, o := range upgrade {
		if _, ok := o.(*ops.AddEnumValue); !ok {
			reversible = append(reversible, o)
		}
	}
	downgrade, err := ops.ReverseAll(reversible)
	if err != nil {
		return nil, fmt.Errorf("autogen: compare: reversing the upgrade: %w", err)
	}
	if len(downgrade) == 0 {
		downgrade = nil
	}
	return &Result{Upgrade: upgrade, Downgrade: downgrade, Findings: findings, Warnings: warnings, RenameSuggestions: c.suggestions}, nil
}

// index returns m's tables in scope, in order and by key; a table listed twice is
// an error naming it.
func (c *comparer) index(side string, m *schema.MetaData) ([]*schema.Table, map[tableKey]*schema.Table, error) {
	list := c.sc.tables(m)
	byKey := make(map[tableKey]*schema.Table, len(list))
	for _, t := range list {
		if byKey[keyOf(t)] != nil {
			return nil, nil, fmt.Errorf("autogen: compare: the %s metadata has table '%s' twice", side, qualify(t.Schema, t.Name))
		}
		byKey[keyOf(t)] = t
	}
	return list, byKey, nil
}

// run fills the plan. Steps of one phase are added in declared table order, then
// live order for removed tables, except create_table (dependency order).
func (c *comparer) run(liveTables []*schema.Table) {
	if c.caps.NamedEnums {
		c.compareEnums()
	}
	var added, removed []*schema.Table
	for _, dt := range c.declTables {
		if c.liveIn[keyOf(dt)] == nil {
			added = append(added, dt)
		}
	}
	for _, lt := range liveTables {
		if c.declIn[keyOf(lt)] == nil {
			removed = append(removed, lt)
		}
	}
	if !c.caps.NamedEnums {
		c.portableEnums(added, removed)
	}
	deferred := c.addTables(added)
	for _, dt := range c.declTables {
		if lt := c.liveIn[keyOf(dt)]; lt != nil {
			c.compareTable(dt, lt)
		} else {
			c.addTableKeys(dt, deferred)
		}
	}
	c.dropTables(removed)
	if c.caps.NamedEnums {
		c.dropEnums()
	}
	c.compareObjects()
}
