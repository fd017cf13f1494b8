package postgres

import (
	"fmt"

	"github.com/retortdb/migrate/ops"
)

// renameIndex renders rename_index: ALTER INDEX [schema.]name RENAME TO
// new_name (an index lives in its table's schema).
func (d Dialect) renameIndex(o *ops.RenameIndex) ([]string, error) {
	if o.Name == "" || o.NewName == "" {
		return nil, fmt.Errorf("rename_index needs name and new_name: %w", errNoName)
	}
	return []string{"ALTER INDEX " + qualify(o.Schema, o.Name) + " RENAME TO " + d.QuoteIdent(o.NewName)}, nil
}

// renameConstraint renders rename_constraint: ALTER TABLE … RENAME CONSTRAINT,
// which also renames the index behind a unique or primary-key constraint.
func (d Dialect) renameConstraint(o *ops.RenameConstraint) ([]string, error) {
	if o.Name == "" || o.NewName == "" || o.Table == "" {
		return nil, fmt.Errorf("rename_constraint needs name, new_name and table: %w", errNoName)
	}
	return []string{"ALTER TABLE " + qualify(o.Schema, o.Table) + " RENAME CONSTRAINT " + d.QuoteIdent(o.Name) + " TO " + d.QuoteIdent(o.NewName)}, nil
}
