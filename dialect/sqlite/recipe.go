package sqlite

import (
	"errors"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// cascadeRebuildError is Render's refusal to rebuild a table that another table
// refers to with an ON DELETE action while foreign keys are on.
type cascadeRebuildError struct{ msg string }

func (e *cascadeRebuildError) Error() string { return e.msg }

// ShapeRevision implements dialect.RevisionShaper: when Render refuses up
// (against live) or down (against the schema after up) because a table another
// table refers to with an ON DELETE action must be rebuilt, both lists are put
// in the documented recipe — execute PRAGMA foreign_keys = OFF, BEGIN
// IMMEDIATE, the ops, COMMIT, PRAGMA foreign_keys = ON — and the revision is not
// transactional (the pragma takes effect only outside a transaction; each
// direction still runs in its own transaction). Otherwise up and down come back
// unchanged with true. Any other render error is returned as is.
func (d Dialect) ShapeRevision(up, down []ops.Op, live *schema.MetaData) ([]ops.Op, []ops.Op, bool, error) {
	needs := false
	check := func(list []ops.Op, before *schema.MetaData) error {
		if len(list) == 0 {
			return nil
		}
		_, err := d.Render(list, &dialect.RenderEnv{Current: before})
		var ce *cascadeRebuildError
		if errors.As(err, &ce) {
			needs = true
			return nil
		}
		return err
	}
	if err := check(up, live); err != nil {
		return nil, nil, false, err
	}
	after := live.Clone()
	applied := true
	for _, o := range up {
		if ops.Apply(after, o) != nil {
			applied = false
			break
		}
	}
	if applied {
		if err := check(down, after); err != nil {
			return nil, nil, false, err
		}
	}
	if !needs {
		return up, down, true, nil
	}
	return fkOffRecipe(up), fkOffRecipe(down), false, nil
}

// fkOffRecipe wraps list in the foreign-keys-off recipe (nothing for no ops).
func fkOffRecipe(list []ops.Op) []ops.Op {
	if len(list) == 0 {
		return list
	}
	out := []ops.Op{&ops.Execute{SQL: "PRAGMA foreign_keys = OFF"}, &ops.Execute{SQL: "BEGIN IMMEDIATE"}}
	out = append(out, list...)
	return append(out, &ops.Execute{SQL: "COMMIT"}, &ops.Execute{SQL: "PRAGMA foreign_keys = ON"})
}
