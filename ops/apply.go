package ops

import (
	"errors"
	"fmt"

	"github.com/retortdb/migrate/schema"
)

// ErrNotFound is wrapped by Apply's error when an op names a table, column,
// index, constraint or enum that the model does not have.
var ErrNotFound = errors.New("not found")

// ErrExists is wrapped by Apply's error when an op creates something that the
// model already has.
var ErrExists = errors.New("already exists")

// Apply changes the schema model m as running o against a database would, so
// that offline rendering knows the schema at every revision. It is the one
// definition of what an op does to a schema; the dialects' renderers use the
// same semantics through ApplyTable and FollowRefs. m is changed in place and
// shares nothing with o afterwards. Apply scans m.Tables to find a table; to
// carry one model through many ops in constant time per lookup, use a Model.
//
// The semantics, which are what PostgreSQL, SQLite and MariaDB/MySQL do:
//
//   - create_table adds the table without indexes (create_index ops make them);
//     drop_table removes it; rename_table renames it and follows into every
//     foreign key that refers to it (its own included), and forgets the table's
//     triggers (the database rewrites their SQL, the model cannot).
//   - add_column appends the column. drop_column removes it and everything of
//     its table that uses it: the primary key, foreign keys, unique constraints
//     and indexes that list it (key or INCLUDE column), and the CHECK
//     constraints and expression or partial indexes whose SQL mentions it.
//   - alter_column changes type, nullability, server default and comment as
//     given; a rename (new_column_name) follows into the table's primary key,
//     foreign keys, unique constraints, indexes (columns, expressions, INCLUDE
//     and WHERE), CHECK expressions, and into the foreign keys of every table
//     that refers to the column.
//   - create_index, create_unique_constraint, create_foreign_key,
//     create_check_constraint and create_primary_key add the object (a primary
//     key makes its columns NOT NULL); drop_index and drop_constraint remove it.
//   - create_table_comment and drop_table_comment set the table's comment;
//     create_enum, drop_enum and add_enum_value change m.Enums, and a new enum
//     value reaches every column of that enum type.
//   - create_object adds an object to m.Objects, drop_object removes it and
//     replace_object sets its definition and comment; drop_table also drops
//     the table's triggers, policies and indexes, and rename_table moves them
//     to the new name, as the server does.
//   - execute and bulk_insert change nothing.
//
// SQL text (CHECK expressions, index expressions and WHERE clauses) is read
// token by token: an identifier, bare or quoted ("x", `x`, [x]), compares
// with a column's name without regard to case, never inside a string literal
// or a comment, and never as the name of a function called there. A renamed
// identifier keeps its quotes; a bare one that now needs quoting is written in
// double quotes (backticks when the text already uses them).
//
// A dialect whose server does something else adds that as a step of its own
// around ApplyTable (MySQL shrinks a key that loses one of several columns
// rather than dropping it; see that dialect's documentation).
//
// The error names the op and the missing (wraps ErrNotFound) or duplicate
// (wraps ErrExists) object; m is left unchanged when Apply fails.
func Apply(m *schema.MetaData, o Op) error {
	if m == nil {
		return fmt.Errorf("%s: no schema model to apply it to", Name(o))
	}
	return (&Model{md: m}).Apply(o)
}

// Apply changes the model as Apply (the function) does, finding tables through
// the model's index. The error names the op and wraps ErrNotFound or ErrExists
// as Apply's does; the model is left unchanged when Apply fails.
func (m *Model) Apply(o Op) error {
	if m == nil || m.md == nil {
		return fmt.Errorf("%s: no schema model to apply it to", Name(o))
	}
	if err := m.applyOp(o); err != nil {
		return fmt.Errorf("%s: %w", Name(o), err)
	}
	return nil
}

func applyQual(schemaName, name string) string {
	if schemaName != "" {
		return fmt.Sprintf("%q.%q", schemaName, name)
	}
	return fmt.Sprintf("%q", name)
}

func (m *Model) mustTable(schemaName, name string) (*schema.Table, error) {
	t := m.Table(schemaName, name)
	if t == nil {
		return nil, fmt.Errorf("table %s: %w", applyQual(schemaName, name), ErrNotFound)
	}
	return t, nil
}

func applyColumn(t *schema.Table, name string) (*schema.Column, error) {
	c := t.FindColumn(name)
	if c == nil {
		return nil, fmt.Errorf("column %q of table %s: %w", name, applyQual(t.Schema, t.Name), ErrNotFound)
	}
	return c, nil
}

func (m *Model) applyOp(o Op) error {
	switch o := o.(type) {
	case *CreateTable:
		if o.Table == nil {
			return fmt.Errorf("no table given")
		}
		if m.Table(o.Table.Schema, o.Table.Name) != nil {
			return fmt.Errorf("table %s: %w", applyQual(o.Table.Schema, o.Table.Name), ErrExists)
		}
		t := o.Table.Clone()
		t.Indexes = nil // create_table makes no indexes; create_index ops do
		m.add(t)
		return nil
	case *DropTable:
		if _, err := m.mustTable(o.Schema, o.Name); err != nil {
			return err
		}
		m.remove(o.Schema, o.Name)
		objectsFollowTable(m.md, o)
		return nil
	case *RenameTable:
		t, err := m.mustTable(o.Schema, o.Name)
		if err != nil {
			return err
		}
		if m.Table(o.Schema, o.NewName) != nil {
			return fmt.Errorf("cannot rename table %s to %q: %w", applyQual(o.Schema, o.Name), o.NewName, ErrExists)
		}
		if err := ApplyTable(t, o); err != nil {
			return err
		}
		m.renamed(t, o.Name)
		m.followRefs(t, o)
		objectsFollowTable(m.md, o)
		return nil
	case *DropIndex:
		if o.Table == "" {
			// drop_index may omit the table: the index is looked up in every
			// table of the schema.
			for _, t := range m.md.Tables {
				if t.Schema == o.Schema && findIndex(t, o.Name) >= 0 {
					return ApplyTable(t, o)
				}
			}
			return fmt.Errorf("index %q: %w", o.Name, ErrNotFound)
		}
	case *CreateEnum, *DropEnum, *AddEnumValue, *DropEnumValue:
		return applyEnumOp(m.md, o)
	case *CreateObject, *DropObject, *ReplaceObject:
		return applyObjectOp(m.md, o)
	case *Execute, *BulkInsert, *GoStep:
		return nil
	case nil:
		return errors.New("nil operation")
	}
	sch, table, ok := AlteredTable(o)
	if !ok {
		return fmt.Errorf("unknown operation %T", o)
	}
	t, err := m.mustTable(sch, table)
	if err != nil {
		return err
	}
	if err := ApplyTable(t, o); err != nil {
		return err
	}
	m.followRefs(t, o)
	return nil
}

// followRefs applies FollowRefs to every table of the model but t.
func (m *Model) followRefs(t *schema.Table, o Op) {
	if !followsRefs(o) {
		return
	}
	for _, other := range m.md.Tables {
		if other != t {
			FollowRefs(other, o)
		}
	}
}

// applyRemove returns list without the items for which drop is true, in a new
// slice (list itself is left as it was).
func applyRemove[T any](list []T, drop func(T) bool) []T {
	out := list[:0:0]
	for _, x := range list {
		if !drop(x) {
			out = append(out, x)
		}
	}
	return out
}

func applyContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func applyRenameIn(list []string, from, to string) {
	for i, x := range list {
		if x == from {
			list[i] = to
		}
	}
}
