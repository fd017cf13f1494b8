package autogen

import (
	"fmt"
	"slices"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// compareEnums compares named enum types, on dialects that have them
// (Capabilities.NamedEnums). Alembic itself does not compare enum types (its
// users add an extension for PostgreSQL enums); here a declared enum the
// database lacks is created; values
// added at the end or between existing values become add_enum_value, each after
// the value that precedes it in the declaration; values removed, reordered or
// inserted before the first value are reported as a finding to write by hand,
// with no op. Dropping enums no longer declared is dropEnums' job.
func (c *comparer) compareEnums() {
	for _, de := range c.declaredEnums() {
		le := c.liveEnum(de.Schema, de.Name)
		name := qualify(de.Schema, de.Name)
		if le == nil {
			c.p.add(phaseEnums, &ops.CreateEnum{Schema: de.Schema, Name: de.Name, Values: cloneStrings(de.Values)},
				fmt.Sprintf("Detected added enum '%s'", name))
			continue
		}
		adds, ok := enumAdditions(le.Values, de.Values)
		if !ok {
			c.p.warn(phaseEnums, fmt.Sprintf("Detected values of enum '%s' changed from %s to %s in a way add_enum_value cannot express (values removed, reordered or inserted before the first one); write this migration by hand",
				name, pyList(le.Values), pyList(de.Values)))
			continue
		}
		for _, a := range adds {
			c.p.add(phaseEnums, &ops.AddEnumValue{Schema: de.Schema, Name: de.Name, Value: a.value, After: a.after},
				fmt.Sprintf("Detected added value '%s' to enum '%s'", a.value, name),
				fmt.Sprintf("The downgrade leaves value '%s' in enum '%s': an enum value cannot be removed once added; write that by hand if needed", a.value, name))
		}
	}
}

// dropEnums proposes drop_enum (with its values, so it can be reversed) for each
// live enum that is no longer declared and that no remaining column uses: no
// column of a declared table in scope, nor of a live table out of scope.
func (c *comparer) dropEnums() {
	used := map[string]bool{}
	mark := func(tables []*schema.Table) {
		for _, t := range tables {
			for _, col := range t.Columns {
				if col.Type.Name == schema.TEnum {
					used[col.Type.EnumName] = true
				}
			}
		}
	}
	mark(c.declTables)
	for _, t := range c.live.Tables {
		if !c.sc.tableIn(t) {
			mark([]*schema.Table{t})
		}
	}
	declared := c.declaredEnums()
	for _, le := range c.live.Enums {
		if !c.sc.schemaIn(le.Schema) || used[le.Name] || slices.ContainsFunc(declared, func(de *schema.EnumDef) bool {
			return de.Schema == le.Schema && de.Name == le.Name
		}) {
			continue
		}
		c.p.add(phaseDropEnums, &ops.DropEnum{Schema: le.Schema, Name: le.Name, Values: cloneStrings(le.Values)},
			fmt.Sprintf("Detected removed enum '%s'", qualify(le.Schema, le.Name)))
	}
}

// declaredEnums returns the declared enums in scope: those of MetaData.Enums,
// then any enum type a compared column uses that MetaData.Enums does not list.
func (c *comparer) declaredEnums() []*schema.EnumDef {
	var out []*schema.EnumDef
	has := func(s, n string) bool {
		return slices.ContainsFunc(out, func(e *schema.EnumDef) bool { return e.Schema == s && e.Name == n })
	}
	listed := func(n string) bool {
		return slices.ContainsFunc(c.declared.Enums, func(e *schema.EnumDef) bool { return e.Name == n }) ||
			slices.ContainsFunc(out, func(e *schema.EnumDef) bool { return e.Name == n })
	}
	for _, e := range c.declared.Enums {
		if c.sc.schemaIn(e.Schema) && !has(e.Schema, e.Name) {
			out = append(out, e)
		}
	}
	for _, t := range c.declTables {
		for _, col := range t.Columns {
			if col.Type.Name == schema.TEnum && col.Type.EnumName != "" && !listed(col.Type.EnumName) {
				out = append(out, &schema.EnumDef{Name: col.Type.EnumName, Values: col.Type.EnumValues})
			}
		}
	}
	return out
}

func (c *comparer) liveEnum(s, name string) *schema.EnumDef {
	for _, e := range c.live.Enums {
		if e.Schema == s && e.Name == name {
			return e
		}
	}
	return nil
}

type enumAddition struct{ value, after string }

// enumAdditions returns the values to add to an enum holding live so that it
// holds declared, each after its predecessor in declared; ok is false when that
// cannot be done by adding values (a value removed or reordered, or a new value
// before the first one).
func enumAdditions(live, declared []string) (adds []enumAddition, ok bool) {
	i := 0
	for j, v := range declared {
		switch {
		case i < len(live) && live[i] == v:
			i++
		case slices.Contains(live, v) || j == 0:
			return nil, false
		default:
			adds = append(adds, enumAddition{value: v, after: declared[j-1]})
		}
	}
	return adds, i == len(live)
}
