package mysql

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// renameIndexSQL renders rename_index: ALTER TABLE … RENAME INDEX (MySQL
// 5.7+, MariaDB 10.5.2+).
func renameIndexSQL(o *ops.RenameIndex) (string, error) {
	if o.Name == "" || o.NewName == "" || o.Table == "" {
		return "", errors.New("rename_index needs name, new_name and table")
	}
	return "ALTER TABLE " + qualified(o.Schema, o.Table) + " RENAME INDEX " + quoteIdent(o.Name) + " TO " + quoteIdent(o.NewName), nil
}

// renameConstraintSQL renders rename_constraint. A unique constraint is an
// index: RENAME INDEX. MySQL cannot rename a foreign key or a CHECK, so it is
// dropped and added again under the new name in the same ALTER TABLE, from
// the table as the state knows it (a foreign key's own index, which the
// server names after the key, is dropped with it and made again by the
// server under the new name). A
// primary key is always named PRIMARY on MySQL: nothing to do. Errors: the
// table or the constraint is unknown (no schema before the op), so its
// definition cannot be restated.
func renameConstraintSQL(o *ops.RenameConstraint, st *state) ([]string, error) {
	if o.Name == "" || o.NewName == "" || o.Table == "" {
		return nil, errors.New("rename_constraint needs name, new_name and table")
	}
	head := "ALTER TABLE " + qualified(o.Schema, o.Table)
	switch o.Type {
	case ops.ConstraintUnique:
		return []string{head + " RENAME INDEX " + quoteIdent(o.Name) + " TO " + quoteIdent(o.NewName)}, nil
	case ops.ConstraintPrimary:
		return nil, nil
	case ops.ConstraintForeignKey, ops.ConstraintCheck:
	default:
		return nil, fmt.Errorf("rename_constraint %q has type %q: want foreignkey, unique, check or primary", o.Name, o.Type)
	}
	t := st.table(o.Schema, o.Table)
	unknown := fmt.Errorf("MySQL cannot rename %s constraint %q in place and the table's definition before this op is unknown, so it cannot be dropped and added again; run it online, or write drop_constraint and create_%s instead",
		o.Type, o.Name, map[string]string{ops.ConstraintForeignKey: "foreign_key", ops.ConstraintCheck: "check_constraint"}[o.Type])
	if t == nil {
		return nil, unknown
	}
	if o.Type == ops.ConstraintCheck {
		i := slices.IndexFunc(t.Checks, func(c *schema.CheckDef) bool { return c.Name == o.Name })
		if i < 0 {
			return nil, unknown
		}
		c := *t.Checks[i]
		c.Name = o.NewName
		return []string{head + " DROP CONSTRAINT " + quoteIdent(o.Name) + ", ADD " + checkSQL(&c)}, nil
	}
	i := slices.IndexFunc(t.ForeignKeys, func(f *schema.ForeignKeyDef) bool { return f.Name == o.Name })
	if i < 0 {
		return nil, unknown
	}
	fk := *t.ForeignKeys[i]
	fk.Name = o.NewName
	// The server's own index of the old key (named after it) is dropped with
	// it; adding the key under its new name makes the server create its own
	// index again, named after the new key, which it drops by itself once a
	// declared index serves the key (an index added here by name would stay).
	s := head + " DROP FOREIGN KEY " + quoteIdent(o.Name)
	for _, c := range st.fkIndexClauses(o, o.Schema, o.Table) {
		if strings.HasPrefix(c, "DROP INDEX ") {
			s += ", " + c
		}
	}
	return []string{s + ", ADD " + foreignKeySQL(&fk)}, nil
}

// renameKey applies rename_index to a unique constraint and rename_constraint
// of type unique to an index, the one object MySQL has for both; any other
// case is ops.ApplyTable's (the error says so, and t is unchanged).
func renameKey(t *schema.Table, o ops.Op) error {
	switch o := o.(type) {
	case *ops.RenameIndex:
		hasIx := slices.ContainsFunc(t.Indexes, func(ix *schema.IndexDef) bool { return ix.Name == o.Name })
		if i := slices.IndexFunc(t.Uniques, func(u *schema.UniqueDef) bool { return u.Name == o.Name }); !hasIx && i >= 0 {
			t.Uniques[i].Name = o.NewName
			return nil
		}
	case *ops.RenameConstraint:
		hasU := slices.ContainsFunc(t.Uniques, func(u *schema.UniqueDef) bool { return u.Name == o.Name })
		if i := slices.IndexFunc(t.Indexes, func(ix *schema.IndexDef) bool { return ix.Name == o.Name }); o.Type == ops.ConstraintUnique && !hasU && i >= 0 {
			t.Indexes[i].Name = o.NewName
			return nil
		}
	}
	return ops.ApplyTable(t, o)
}
