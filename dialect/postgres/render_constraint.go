package postgres

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/retortdb/migrate/ops"
)

// createIndex renders CREATE [UNIQUE] INDEX name ON table [USING method]
// (key [opclass] [order], …) [INCLUDE (columns)] [WHERE …]. An entry of
// Index.Columns that contains "(" is an SQL expression and is rendered in
// parentheses as written; any other entry is a column name and is quoted as
// needed. Using "" and "btree" render no USING clause.
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
	if len(ix.Opclass) > len(ix.Columns) || len(ix.Order) > len(ix.Columns) || len(ix.Collation) > len(ix.Columns) {
		return nil, fmt.Errorf("index %q has %d columns but %d opclass, %d order and %d collation entries; give at most one per column", ix.Name, len(ix.Columns), len(ix.Opclass), len(ix.Order), len(ix.Collation))
	}
	if ix.NullsNotDistinct && !ix.Unique {
		return nil, fmt.Errorf("index %q: NULLS NOT DISTINCT applies only to a unique index; make it unique or drop nulls_not_distinct", ix.Name)
	}
	cols := make([]string, len(ix.Columns))
	for i, c := range ix.Columns {
		elem := d.indexElem(c)
		if i < len(ix.Collation) && strings.TrimSpace(ix.Collation[i]) != "" {
			elem += " COLLATE " + collationName(ix.Collation[i])
		}
		if i < len(ix.Opclass) && strings.TrimSpace(ix.Opclass[i]) != "" {
			oc := strings.TrimSpace(ix.Opclass[i])
			if !reOpclass.MatchString(oc) {
				return nil, fmt.Errorf("index %q: operator class %q is not a (schema-qualified) name", ix.Name, oc)
			}
			elem += " " + oc
		}
		if i < len(ix.Order) && strings.TrimSpace(ix.Order[i]) != "" {
			ord := strings.ToUpper(strings.Join(strings.Fields(ix.Order[i]), " "))
			if !reKeyOrder.MatchString(ord) {
				return nil, fmt.Errorf("index %q: column %q: order %q is not ASC/DESC [NULLS FIRST/LAST]", ix.Name, c, ix.Order[i])
			}
			elem += " " + ord
		}
		cols[i] = elem
	}
	s := "CREATE "
	if ix.Unique {
		s += "UNIQUE "
	}
	s += "INDEX "
	if o.Concurrently {
		s += "CONCURRENTLY "
	}
	s += d.QuoteIdent(ix.Name) + " ON " + qualify(o.Schema, o.Table)
	if m := strings.ToLower(strings.TrimSpace(ix.Using)); m != "" && m != "btree" {
		if !reMethod.MatchString(m) {
			return nil, fmt.Errorf("index %q: method %q is not an access method name (btree, hash, gin, gist, brin, spgist)", ix.Name, ix.Using)
		}
		s += " USING " + m
	}
	s += " (" + strings.Join(cols, ", ") + ")"
	if len(ix.Include) > 0 {
		s += " INCLUDE (" + d.identList(ix.Include) + ")"
	}
	if ix.NullsNotDistinct {
		s += " NULLS NOT DISTINCT"
	}
	if strings.TrimSpace(ix.Where) != "" {
		s += " WHERE " + ix.Where
	}
	return []string{s}, nil
}

var (
	reOpclass  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$`)
	reKeyOrder = regexp.MustCompile(`^(ASC|DESC)?( ?NULLS (FIRST|LAST))?$`)
	reMethod   = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)
)

// collationName renders an index key's collation: a name without double
// quotes is one identifier and is quoted whole ("C", "en_US.utf8"); a name
// with double quotes is SQL already (a schema-qualified myschema."x") and is
// kept as written.
func collationName(name string) string {
	name = strings.TrimSpace(name)
	if strings.Contains(name, `"`) {
		return name
	}
	return `"` + name + `"`
}

// isIndexExpression reports whether an IndexDef column entry is an SQL expression
// (it contains a parenthesis, as every expression PostgreSQL prints for an index
// does: lower(email), (a + b)) rather than a column name.
func isIndexExpression(col string) bool { return strings.ContainsAny(col, "()") }

func (d Dialect) indexElem(c string) string {
	if isIndexExpression(c) {
		return "(" + c + ")"
	}
	return d.QuoteIdent(c)
}

// dropIndex renders DROP INDEX; an index lives in its table's schema.
func (d Dialect) dropIndex(o *ops.DropIndex) ([]string, error) {
	if o.Name == "" {
		return nil, fmt.Errorf("index %w", errNoName)
	}
	if o.Concurrently {
		return []string{"DROP INDEX CONCURRENTLY " + qualify(o.Schema, o.Name)}, nil
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
	return d.addConstraint(o.Schema, o.Table, o.Unique.Name, d.uniqueSQL(o.Unique))
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
	return d.addConstraint(o.Schema, o.Table, o.Check.Name, checkSQL(o.Check))
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
