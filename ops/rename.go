package ops

import (
	"fmt"
	"slices"

	"github.com/retortdb/migrate/schema"
)

// RenameIndex renames index Name of Table to NewName, keeping its definition
// (PostgreSQL's ALTER INDEX … RENAME TO, MySQL's ALTER TABLE … RENAME INDEX;
// SQLite, which cannot rename an index, drops it and creates it again under the
// new name from the schema before the op). Its reverse renames it back.
type RenameIndex struct {
	Schema  string
	Table   string
	Name    string
	NewName string
}

// RenameConstraint renames constraint Name of Table to NewName, keeping its
// definition; Type is one of the Constraint* kinds. PostgreSQL renames it in
// place (ALTER TABLE … RENAME CONSTRAINT); MySQL renames a unique constraint's
// index in place and drops and adds a foreign key or CHECK under the new name
// in one ALTER TABLE; SQLite rebuilds the table (move and copy). Its reverse
// renames it back.
type RenameConstraint struct {
	Schema  string
	Table   string
	Name    string
	NewName string
	Type    string
}

func (*RenameIndex) op()      {}
func (*RenameConstraint) op() {}

// applyRenameIndex renames index o.Name of t. Errors: the index is missing
// (wraps ErrNotFound), or t already has an index called o.NewName (wraps
// ErrExists); t is unchanged then.
func applyRenameIndex(t *schema.Table, o *RenameIndex) error {
	if o.Name == "" || o.NewName == "" {
		return fmt.Errorf("rename_index needs name and new_name")
	}
	i := findIndex(t, o.Name)
	if i < 0 {
		return fmt.Errorf("index %q on table %s: %w", o.Name, applyQual(t.Schema, t.Name), ErrNotFound)
	}
	if o.NewName != o.Name && findIndex(t, o.NewName) >= 0 {
		return fmt.Errorf("cannot rename index %q on table %s to %q: %w", o.Name, applyQual(t.Schema, t.Name), o.NewName, ErrExists)
	}
	t.Indexes[i].Name = o.NewName
	return nil
}

// applyRenameConstraint renames the constraint of kind o.Type called o.Name of
// t. Errors: an unknown kind, the constraint is missing (wraps ErrNotFound),
// or t already has a constraint called o.NewName (wraps ErrExists); t is
// unchanged then.
func applyRenameConstraint(t *schema.Table, o *RenameConstraint) error {
	if o.Name == "" || o.NewName == "" {
		return fmt.Errorf("rename_constraint needs name and new_name")
	}
	if o.NewName != o.Name && applyConstraintExists(t, o.NewName) {
		return fmt.Errorf("cannot rename %s constraint %q on table %s to %q: %w", o.Type, o.Name, applyQual(t.Schema, t.Name), o.NewName, ErrExists)
	}
	var name *string
	switch o.Type {
	case ConstraintForeignKey:
		if i := slices.IndexFunc(t.ForeignKeys, func(f *schema.ForeignKeyDef) bool { return f.Name == o.Name }); i >= 0 {
			name = &t.ForeignKeys[i].Name
		}
	case ConstraintUnique:
		if i := slices.IndexFunc(t.Uniques, func(u *schema.UniqueDef) bool { return u.Name == o.Name }); i >= 0 {
			name = &t.Uniques[i].Name
		}
	case ConstraintCheck:
		if i := slices.IndexFunc(t.Checks, func(c *schema.CheckDef) bool { return c.Name == o.Name }); i >= 0 {
			name = &t.Checks[i].Name
		}
	case ConstraintPrimary:
		if t.PrimaryKey != nil && (t.PrimaryKey.Name == o.Name || t.PrimaryKey.Name == "") {
			name = &t.PrimaryKey.Name
		}
	default:
		return fmt.Errorf("unknown constraint type %q (want foreignkey, unique, check or primary)", o.Type)
	}
	if name == nil {
		return fmt.Errorf("%s constraint %q on table %s: %w", o.Type, o.Name, applyQual(t.Schema, t.Name), ErrNotFound)
	}
	*name = o.NewName
	return nil
}
