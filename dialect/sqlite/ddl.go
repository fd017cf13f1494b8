package sqlite

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/schema"
)

// isRowidKey reports whether c is t's only primary-key column, of an integer
// type (portable, or a verbatim sqlite.<text> that means one).
func isRowidKey(t *schema.Table, c *schema.Column) bool {
	return t.PrimaryKey != nil && len(t.PrimaryKey.Columns) == 1 && t.PrimaryKey.Columns[0] == c.Name &&
		(isIntFamily(c.Type) || (c.Type.DialectName() == "sqlite" && isIntFamily(TypeFromSQL(c.Type.DialectSQL()))))
}

// columnSQL renders a column definition of table t. A single-column integer
// primary key that autoincrements is declared INTEGER (a rowid alias); one that
// does not is declared INT, which has the same affinity but is not a rowid alias.
// An enum column carries its CHECK as a named column constraint. NOT NULL is
// written when the column is not nullable, primary-key columns included (SQLite
// lets a primary key hold NULL otherwise). createTableSQL adds PRIMARY KEY
// AUTOINCREMENT after a column with SQLiteAutoincrement. A generated column
// ends with GENERATED ALWAYS AS (expr) VIRTUAL or STORED; in a STRICT table the
// type must be one STRICT allows (strictType).
func (d Dialect) columnSQL(t *schema.Table, c *schema.Column) (string, error) {
	var typ string
	switch {
	case isRowidKey(t, c) && c.Autoincrement && c.Type.DialectName() == "sqlite" && strings.EqualFold(c.Type.DialectSQL(), "INTEGER"):
		typ = c.Type.DialectSQL() // "integer" as declared
	case isRowidKey(t, c) && c.Autoincrement:
		typ = "INTEGER"
	case isRowidKey(t, c) && c.Type.Name == schema.TInteger:
		typ = "INT"
	case c.Autoincrement:
		return "", fmt.Errorf("column %q: SQLite generates values only for a single-column integer primary key (INTEGER PRIMARY KEY); drop autoincrement or make it the primary key", c.Name)
	default:
		s, err := d.TypeSQL(c.Type)
		if err != nil {
			return "", fmt.Errorf("column %q: %w", c.Name, err)
		}
		typ = s
	}
	if err := strictType(t, c, typ); err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(d.QuoteIdent(c.Name))
	b.WriteByte(' ')
	b.WriteString(typ)
	if !c.Nullable {
		b.WriteString(" NOT NULL")
	}
	if c.Default != nil {
		b.WriteString(" DEFAULT " + defaultSQL(*c.Default))
	}
	gen, err := generatedClause(c)
	if err != nil {
		return "", err
	}
	b.WriteString(gen)
	if c.Type.Name == schema.TEnum {
		b.WriteString(" " + d.enumCheck(c))
	}
	return b.String(), nil
}

// enumCheck renders an enum column's constraint:
// CONSTRAINT <enum name> CHECK ("col" IN ('a', 'b')).
func (d Dialect) enumCheck(c *schema.Column) string {
	vals := make([]string, len(c.Type.EnumValues))
	for i, v := range c.Type.EnumValues {
		vals[i] = strLit(v)
	}
	col := `"` + strings.ReplaceAll(c.Name, `"`, `""`) + `"`
	return fmt.Sprintf("CONSTRAINT %s CHECK (%s IN (%s))", d.QuoteIdent(c.Type.EnumName), col, strings.Join(vals, ", "))
}

func (d Dialect) identList(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = d.QuoteIdent(c)
	}
	return strings.Join(q, ", ")
}

func (d Dialect) constraintPrefix(name string) string {
	if name == "" {
		return ""
	}
	return "CONSTRAINT " + d.QuoteIdent(name) + " "
}

// fkSQL renders a FOREIGN KEY table constraint.
func (d Dialect) fkSQL(fk *schema.ForeignKeyDef) string {
	s := fmt.Sprintf("%sFOREIGN KEY (%s) REFERENCES %s (%s)", d.constraintPrefix(fk.Name), d.identList(fk.Columns), d.QuoteIdent(fk.RefTable), d.identList(fk.RefColumns))
	if a := strings.ToUpper(strings.TrimSpace(fk.OnDelete)); a != "" && a != "NO ACTION" {
		s += " ON DELETE " + a
	}
	if a := strings.ToUpper(strings.TrimSpace(fk.OnUpdate)); a != "" && a != "NO ACTION" {
		s += " ON UPDATE " + a
	}
	return s
}

// createTableSQL renders CREATE TABLE for t under the name name (t.Name unless
// rebuilding), with columns, primary key, foreign keys, unique and check
// constraints, one per line, then its table options (STRICT, WITHOUT ROWID).
// Indexes are not included.
func (d Dialect) createTableSQL(t *schema.Table, name string) (string, error) {
	if len(t.Columns) == 0 {
		return "", fmt.Errorf("table %q has no columns", t.Name)
	}
	items := make([]string, 0, len(t.Columns)+1+len(t.ForeignKeys)+len(t.Uniques)+len(t.Checks))
	inlinePK := false
	for _, c := range t.Columns {
		s, err := d.columnSQL(t, c)
		if err != nil {
			return "", err
		}
		if c.SQLiteAutoincrement {
			// AUTOINCREMENT exists only as a column constraint.
			if !isRowidKey(t, c) {
				return "", fmt.Errorf("column %q is declared AUTOINCREMENT, which SQLite allows only on the table's only primary-key column, of type INTEGER: make it the primary key or drop SQLiteAutoincrement", c.Name)
			}
			s += " " + d.constraintPrefix(t.PrimaryKey.Name) + "PRIMARY KEY AUTOINCREMENT"
			inlinePK = true
		}
		items = append(items, s)
	}
	if pk := t.PrimaryKey; pk != nil && len(pk.Columns) > 0 && !inlinePK {
		items = append(items, d.constraintPrefix(pk.Name)+"PRIMARY KEY ("+d.identList(pk.Columns)+")")
	}
	for _, fk := range t.ForeignKeys {
		if fk.RefSchema != "" && fk.RefSchema != t.Schema {
			return "", fmt.Errorf("foreign key %q refers to %s.%s: an SQLite foreign key can only refer to a table of its own database; remove ref_schema (the referenced table must be in the same database file)", fk.Name, fk.RefSchema, fk.RefTable)
		}
		items = append(items, d.fkSQL(fk))
	}
	for _, u := range t.Uniques {
		items = append(items, fmt.Sprintf("%sUNIQUE (%s)", d.constraintPrefix(u.Name), d.identList(u.Columns)))
	}
	for _, ck := range t.Checks {
		items = append(items, fmt.Sprintf("%sCHECK (%s)", d.constraintPrefix(ck.Name), ck.Expr))
	}
	opts, err := tableOptions(t)
	if err != nil {
		return "", err
	}
	return "CREATE TABLE " + d.qname(t.Schema, name) + " (\n\t" + strings.Join(items, ",\n\t") + "\n)" + opts, nil
}

// createIndexSQL renders CREATE [UNIQUE] INDEX. t, when known, tells column
// names from expressions; otherwise an entry that looks like a bare identifier
// is taken as a column name and anything else as an SQL expression.
func (d Dialect) createIndexSQL(schemaName, table string, ix *schema.IndexDef, t *schema.Table) (string, error) {
	if ix.Name == "" {
		return "", fmt.Errorf("an index on %q has no name: SQLite needs one (name it, or use a naming convention)", table)
	}
	if len(ix.Columns) == 0 {
		return "", fmt.Errorf("index %q names no column", ix.Name)
	}
	if len(ix.Order) > len(ix.Columns) {
		return "", fmt.Errorf("index %q has %d columns but %d order entries; give at most one per column", ix.Name, len(ix.Columns), len(ix.Order))
	}
	cols := make([]string, len(ix.Columns))
	for i, c := range ix.Columns {
		cols[i] = d.indexEntry(c, t)
		if i < len(ix.Order) && strings.TrimSpace(ix.Order[i]) != "" {
			ord := strings.ToUpper(strings.Join(strings.Fields(ix.Order[i]), " "))
			if ord != "ASC" && ord != "DESC" {
				return "", fmt.Errorf("index %q: column %q: order %q: SQLite indexes take only ASC or DESC (NULLs always sort first ascending); drop the NULLS placement", ix.Name, c, ix.Order[i])
			}
			cols[i] += " " + ord
		}
	}
	s := "CREATE "
	if ix.Unique {
		s += "UNIQUE "
	}
	s += fmt.Sprintf("INDEX %s ON %s (%s)", d.qname(schemaName, ix.Name), d.QuoteIdent(table), strings.Join(cols, ", "))
	if w := strings.TrimSpace(ix.Where); w != "" {
		s += " WHERE " + w
	}
	return s, nil
}

func (d Dialect) indexEntry(c string, t *schema.Table) string {
	if t != nil && t.FindColumn(c) != nil {
		return d.QuoteIdent(c)
	}
	toks, err := Lex(c)
	if err == nil && len(toks) == 1 && toks[0].Kind == TIdent && toks[0].Value == c {
		return d.QuoteIdent(c)
	}
	return c
}

// isConstantDefault reports whether a default expression is one SQLite accepts
// without parentheses and ALTER TABLE ADD COLUMN accepts at all: a string, blob or
// (signed) number literal, NULL, TRUE or FALSE. CURRENT_TIMESTAMP and friends are
// written bare too but ADD COLUMN refuses them (see bareDefault).
func isConstantDefault(expr string) bool {
	toks, err := Lex(expr)
	if err != nil {
		return false
	}
	if len(toks) == 2 && (toks[0].IsPunct("-") || toks[0].IsPunct("+")) && toks[1].Kind == TNumber {
		return true
	}
	if len(toks) != 1 {
		return false
	}
	t := toks[0]
	return t.Kind == TString || t.Kind == TBlob || t.Kind == TNumber || t.Is("NULL") || t.Is("TRUE") || t.Is("FALSE")
}

// bareDefault reports whether expr may follow DEFAULT without parentheses.
func bareDefault(expr string) bool {
	if isConstantDefault(expr) {
		return true
	}
	switch strings.ToUpper(strings.TrimSpace(expr)) {
	case "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME":
		return true
	}
	return false
}

// defaultSQL renders a server default for DDL, parenthesising an expression.
func defaultSQL(expr string) string {
	e := strings.TrimSpace(expr)
	if bareDefault(e) || stripParens(e) != e {
		return e
	}
	return "(" + e + ")"
}
