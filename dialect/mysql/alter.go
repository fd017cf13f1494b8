package mysql

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// alterColumnSQL renders alter_column. MySQL has no way to change one attribute
// of a column except its default: MODIFY COLUMN (CHANGE COLUMN for a rename)
// restates the whole definition, and whatever it leaves out is lost. So the
// definition is built from the op's new values, then its existing_* facts, then
// cur (the column as the schema before the op knows it). A change of the server
// default alone, to a plain literal or to none, uses ALTER COLUMN … SET/DROP
// DEFAULT and needs no facts.
//
// Without cur, existing_type and existing_nullable are required (unless the op
// sets type and nullable), and existing_autoincrement for an integer column; an
// absent existing_server_default or existing_comment means the column has none,
// as autogenerate writes them.
//
// Offline (--sql), cur comes only from the revisions replayed; a column they never
// describe (created by raw SQL or before migrate) is refused with what to add.
// Online, the runner fills such gaps from the live database.
func alterColumnSQL(o *ops.AlterColumn, cur *schema.Column, offline bool) ([]string, error) {
	if o.ChangesIdentity() {
		return nil, fmt.Errorf("column %q.%q: identity_generated, identity_start and identity_increment are PostgreSQL's identity options, and MySQL/MariaDB have none (AUTO_INCREMENT takes no start or step per column): leave them out of the op (or put the change in an execute op for postgresql only)", o.Table, o.Column)
	}
	table := qualified(o.Schema, o.Table)
	if o.ServerDefault != nil && o.Type == nil && o.Nullable == nil && o.Comment == nil && o.Collation == nil && o.NewName == "" {
		v := o.ServerDefault.Value
		switch {
		case v == nil:
			return []string{"ALTER TABLE " + table + " ALTER COLUMN " + quoteIdent(o.Column) + " DROP DEFAULT"}, nil
		case isPlainLiteral(*v):
			t := knownType(o, cur)
			return []string{"ALTER TABLE " + table + " ALTER COLUMN " + quoteIdent(o.Column) + " SET DEFAULT " + defaultSQL(*v, t)}, nil
		}
	}
	if o.ServerDefault == nil && o.Type == nil && o.Nullable == nil && o.Comment == nil && o.Collation == nil && o.NewName == "" {
		return nil, nil
	}
	col, missing := restate(o, cur)
	if len(missing) > 0 && offline {
		return nil, fmt.Errorf("column %q.%q: MySQL restates the whole column in MODIFY COLUMN, and offline (--sql) its current %s is known only from the earlier revisions, "+
			"which do not describe this column: add %s to the op (and existing_server_default and existing_comment when the column has them), "+
			"or run the upgrade online, where the column is read from the database",
			o.Table, o.Column, strings.Join(missing, ", "), existingKeys(missing))
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("column %q.%q: MySQL restates the whole column in MODIFY COLUMN, and the column's current %s is known neither from the earlier revisions nor from the database: "+
			"check the table and column names, or add %s to the op (and existing_server_default and existing_comment when the column has them)",
			o.Table, o.Column, strings.Join(missing, ", "), existingKeys(missing))
	}
	def, err := columnDef(col)
	if err != nil {
		return nil, err
	}
	if o.NewName != "" {
		return []string{"ALTER TABLE " + table + " CHANGE COLUMN " + quoteIdent(o.Column) + " " + def}, nil
	}
	return []string{"ALTER TABLE " + table + " MODIFY COLUMN " + def}, nil
}

func existingKeys(missing []string) string {
	keys := make([]string, len(missing))
	for i, m := range missing {
		keys[i] = "existing_" + m
	}
	return strings.Join(keys, ", ")
}

// knownType is the column's type after the op, or the zero Type when unknown.
func knownType(o *ops.AlterColumn, cur *schema.Column) schema.Type {
	switch {
	case o.Type != nil:
		return *o.Type
	case o.ExistingType != nil:
		return *o.ExistingType
	case cur != nil:
		return cur.Type
	}
	return schema.Type{}
}

// restate builds the column as it will be after o; missing lists the facts
// (type, nullable, autoincrement) that neither o nor cur supplies.
func restate(o *ops.AlterColumn, cur *schema.Column) (*schema.Column, []string) {
	c := &schema.Column{Name: o.Column}
	if o.NewName != "" {
		c.Name = o.NewName
	}
	var missing []string
	switch {
	case o.Type != nil:
		c.Type = o.Type.Clone()
	case o.ExistingType != nil:
		c.Type = o.ExistingType.Clone()
	case cur != nil:
		c.Type = cur.Type.Clone()
	default:
		missing = append(missing, "type")
	}
	switch {
	case o.Nullable != nil:
		c.Nullable = *o.Nullable
	case o.ExistingNullable != nil:
		c.Nullable = *o.ExistingNullable
	case cur != nil:
		c.Nullable = cur.Nullable
	default:
		missing = append(missing, "nullable")
	}
	switch {
	case o.ServerDefault != nil:
		c.Default = copyStr(o.ServerDefault.Value)
	case o.ExistingServerDefault != nil:
		c.Default = copyStr(o.ExistingServerDefault)
	case cur != nil:
		c.Default = copyStr(cur.Default)
	}
	switch {
	case o.Comment != nil:
		if o.Comment.Value != nil {
			c.Comment = *o.Comment.Value
		}
	case o.ExistingComment != nil:
		c.Comment = *o.ExistingComment
	case cur != nil:
		c.Comment = cur.Comment
	}
	// The collation: a column restated without it would take the table's default
	// (utf8mb3_bin becoming utf8mb3_general_ci, and 'ABC' then equal to 'abc').
	switch {
	case o.Collation != nil:
		if o.Collation.Value != nil {
			c.Collation = *o.Collation.Value
		}
	case o.ExistingCollation != nil:
		c.Collation = *o.ExistingCollation
	case cur != nil:
		c.Collation = cur.Collation
	}
	switch {
	case o.ExistingAutoincrement != nil:
		c.Autoincrement = *o.ExistingAutoincrement
	case cur != nil:
		c.Autoincrement = cur.Autoincrement
	case c.Type.IsZero() || isIntegerType(c.Type):
		// An integer column may be AUTO_INCREMENT, and MODIFY would drop it.
		missing = append(missing, "autoincrement")
	}
	return c, missing
}
