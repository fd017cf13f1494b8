package mysql

import (
	"strings"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// applyTable applies o to t as ops.ApplyTable does, plus what MySQL and
// MariaDB do their own way:
//
//   - drop_column first removes the column from every primary key, unique
//     constraint and index that lists it (as a column or a prefix part such as
//     body(20)) and drops only those left with no column; PostgreSQL, and
//     ops.ApplyTable, drop such a key whole.
//   - a unique constraint is an index, so drop_constraint of type unique also
//     drops the index of that name, and succeeds when only the index exists.
//   - the primary key is always called PRIMARY, so drop_constraint of type
//     primary drops it whatever name the op gives.
//   - a rename of a column follows into prefix parts (body(20)) of indexes.
//   - a unique index and a unique constraint are one object, so rename_index
//     renames a unique constraint of that name and rename_constraint of type
//     unique an index of that name, when the table has only the other.
//
// The error is ops.ApplyTable's; t is left unchanged when applyTable fails.
func applyTable(t *schema.Table, o ops.Op) error {
	switch o := o.(type) {
	case *ops.DropColumn:
		if t.FindColumn(o.Column) != nil {
			shrinkKeys(t, o.Column)
		}
	case *ops.DropConstraint:
		switch o.Type {
		case ops.ConstraintPrimary:
			if t.PrimaryKey != nil {
				t.PrimaryKey = nil
				return nil
			}
		case ops.ConstraintUnique:
			n := len(t.Indexes)
			t.Indexes = removeIndex(t.Indexes, o.Name)
			hasUnique := false
			for _, u := range t.Uniques {
				hasUnique = hasUnique || u.Name == o.Name
			}
			if !hasUnique && len(t.Indexes) < n {
				return nil
			}
		}
	case *ops.RenameIndex, *ops.RenameConstraint:
		return renameKey(t, o)
	case *ops.AlterColumn:
		if err := ops.ApplyTable(t, o); err != nil {
			return err
		}
		if o.NewName != "" && o.NewName != o.Column {
			for _, ix := range t.Indexes {
				for i, p := range ix.Columns {
					if col, n, ok := prefixPart(p); ok && col == o.Column {
						ix.Columns[i] = o.NewName + n
					}
				}
			}
		}
		return nil
	}
	return ops.ApplyTable(t, o)
}

// prefixPart splits an index key part "col(20)" into "col" and "(20)".
func prefixPart(p string) (col, n string, ok bool) {
	i := strings.IndexByte(p, '(')
	if i <= 0 || !strings.HasSuffix(p, ")") {
		return "", "", false
	}
	for _, c := range p[i+1 : len(p)-1] {
		if c < '0' || c > '9' {
			return "", "", false
		}
	}
	return p[:i], p[i:], len(p) > i+2
}

func removeIndex(list []*schema.IndexDef, name string) []*schema.IndexDef {
	out := list[:0:0]
	for _, ix := range list {
		if ix.Name != name {
			out = append(out, ix)
		}
	}
	return out
}

// shrinkKeys removes col from t's primary key, unique constraints and
// indexes as MySQL does, dropping those left with no column.
func shrinkKeys(t *schema.Table, col string) {
	if t.PrimaryKey != nil {
		if t.PrimaryKey.Columns = without(t.PrimaryKey.Columns, col); len(t.PrimaryKey.Columns) == 0 {
			t.PrimaryKey = nil
		}
	}
	us := t.Uniques[:0:0]
	for _, u := range t.Uniques {
		if u.Columns = without(u.Columns, col); len(u.Columns) > 0 {
			us = append(us, u)
		}
	}
	t.Uniques = us
	ixs := t.Indexes[:0:0]
	for _, ix := range t.Indexes {
		if ix.Columns = without(ix.Columns, col); len(ix.Columns) > 0 {
			ixs = append(ixs, ix)
		}
	}
	t.Indexes = ixs
}

// without returns list without col and its prefix parts (col(20)).
func without(list []string, col string) []string {
	out := list[:0:0]
	for _, x := range list {
		if p, _, ok := prefixPart(x); x != col && !(ok && p == col) {
			out = append(out, x)
		}
	}
	return out
}

// foreignKeysUsing returns the names of t's foreign keys that use column col.
func foreignKeysUsing(t *schema.Table, col string) []string {
	var out []string
	for _, fk := range t.ForeignKeys {
		for _, c := range fk.Columns {
			if c == col {
				out = append(out, fk.Name)
				break
			}
		}
	}
	return out
}
