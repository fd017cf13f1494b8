package postgres

import (
	"errors"
	"fmt"
	"strings"

	"github.com/retortdb/migrate/ops"
)

// createIndex renders CREATE [UNIQUE] INDEX name ON table (columns) [WHERE …].
// An entry of Index.Columns that contains "(" is an SQL expression and is
// rendered in parentheses as written; any other entry is a column name and is
// quoted as needed.
func (d Dialect) createIndex(o *ops.CreateIndex) ([]string, error) {
	ix := o.Index
	if ix == nil {
		return nil, errors.New("create_index has no index")
	}
	if ix.Name == "" || o.Table == "" {
		return nil, fmt.Errorf("create_index needs name and table (name the index or set a naming convention): %w", errNoName)
	}
	if len(ix.Columns) == 0 {
		return nil, fmt.Errorf("index %q names no column", ix.Name)
	}
	cols := make([]string, len(ix.Columns))
	for i, c := range ix.Columns {
		cols[i] = d.indexElem(c)
	}
	s := "CREATE "
	if ix.Unique {
		s += "UNIQUE "
	}
	s += "INDEX " + d.QuoteIdent(ix.Name) + " ON " + qualify(o.Schema, o.Table) + " (" + strings.Join(cols, ", ") + ")"
	if strings.TrimSpace(ix.Where) != "" {
		s += " WHERE " + ix.Where
	}
	return []string{s}, nil
}

// IsIndexExpression reports whether an IndexDef column entry is an SQL expression
// (it contains a parenthesis, as every expression PostgreSQL prints for an index
// does: lower(email), (a + b)) rather than a column name.
func IsIndexExpression(col string) bool { return strings.ContainsAny(col, "()") }

func (d Dialect) indexElem(c string) string {
	if IsIndexExpression(c) {
		return "(" + c + ")"
	}
	return d.QuoteIdent(c)
}

// dropIndex renders DROP INDEX; an index lives in its table's schema.
func (d Dialect) dropIndex(o *ops.DropIndex) ([]string, error) {
	if o.Name == "" {
		return nil, fmt.Errorf("index %w", errNoName)
	}
	return []string{"DROP INDEX " + qualify(o.Schema, o.Name)}, nil
}

func (d Dialect) addConstraint(schemaName, table, name, body string) ([]string, error) {
	if table == "" {
		return nil, fmt.Errorf("table %w", errNoName)
	}
	if name == "" {
		return nil, fmt.Errorf("constraint %w: name it, or declare a naming convention", errNoName)
	}
	return []string{"ALTER TABLE " + qualify(schemaName, table) + " ADD " + constraintPrefix(name) + body}, nil
}

func (d Dialect) createUnique(o *ops.CreateUniqueConstraint) ([]string, error) {
	if o.Unique == nil || len(o.Unique.Columns) == 0 {
		return nil, errors.New("create_unique_constraint names no column")
	}
	return d.addConstraint(o.Schema, o.Table, o.Unique.Name, "UNIQUE ("+d.identList(o.Unique.Columns)+")")
}

func (d Dialect) createForeignKey(o *ops.CreateForeignKey) ([]string, error) {
	if o.ForeignKey == nil {
		return nil, errors.New("create_foreign_key has no foreign key")
	}
	fk := *o.ForeignKey
	name := fk.Name
	fk.Name = ""
	body, err := d.foreignKeySQL(&fk)
	if err != nil {
		return nil, err
	}
	return d.addConstraint(o.Schema, o.Table, name, body)
}

func (d Dialect) createCheck(o *ops.CreateCheckConstraint) ([]string, error) {
	if o.Check == nil || strings.TrimSpace(o.Check.Expr) == "" {
		return nil, errors.New("create_check_constraint has no condition")
	}
	return d.addConstraint(o.Schema, o.Table, o.Check.Name, "CHECK ("+o.Check.Expr+")")
}

func (d Dialect) createPrimaryKey(o *ops.CreatePrimaryKey) ([]string, error) {
	if o.PrimaryKey == nil || len(o.PrimaryKey.Columns) == 0 {
		return nil, errors.New("create_primary_key names no column")
	}
	return d.addConstraint(o.Schema, o.Table, o.PrimaryKey.Name, "PRIMARY KEY ("+d.identList(o.PrimaryKey.Columns)+")")
}

func (d Dialect) dropConstraint(o *ops.DropConstraint) ([]string, error) {
	if o.Table == "" || o.Name == "" {
		return nil, fmt.Errorf("drop_constraint needs name and table: %w", errNoName)
	}
	switch o.Type {
	case "", ops.ConstraintForeignKey, ops.ConstraintUnique, ops.ConstraintCheck, ops.ConstraintPrimary:
	default:
		return nil, fmt.Errorf("constraint %q has unknown type %q (want foreignkey, unique, check or primary)", o.Name, o.Type)
	}
	return []string{"ALTER TABLE " + qualify(o.Schema, o.Table) + " DROP CONSTRAINT " + d.QuoteIdent(o.Name)}, nil
}
