package postgres

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

var errNoName = errors.New("name is empty")

// createTable renders CREATE TABLE with column definitions and named table
// constraints, then COMMENT ON statements.
func (d Dialect) createTable(o *ops.CreateTable) ([]string, error) {
	t := o.Table
	if t == nil {
		return nil, errors.New("create_table has no table")
	}
	if t.Name == "" {
		return nil, fmt.Errorf("table %w", errNoName)
	}
	if len(t.Columns) == 0 {
		return nil, fmt.Errorf("table %q has no columns; declare at least one", t.Name)
	}
	var parts []string
	for _, c := range t.Columns {
		def, err := d.columnDef(c)
		if err != nil {
			return nil, err
		}
		parts = append(parts, def)
	}
	if pk := t.PrimaryKey; pk != nil {
		if len(pk.Columns) == 0 {
			return nil, errors.New("primary key names no column")
		}
		parts = append(parts, constraintPrefix(pk.Name)+"PRIMARY KEY ("+d.identList(pk.Columns)+")")
	}
	// CREATE TABLE validates every constraint it creates whatever it says, so
	// a NOT VALID one is added after it, by ALTER TABLE, which keeps the mark.
	var later []string
	name := qualify(t.Schema, t.Name)
	for _, fk := range t.ForeignKeys {
		s, err := d.foreignKeySQL(fk)
		if err != nil {
			return nil, err
		}
		if fk.NotValid {
			later = append(later, "ALTER TABLE "+name+" ADD "+s)
			continue
		}
		parts = append(parts, s)
	}
	// CREATE TABLE silently leaves out a UNIQUE constraint whose columns the
	// primary key or an earlier UNIQUE of the same statement already cover;
	// ALTER TABLE … ADD keeps it. A named repeat is therefore added after the
	// table, so the server holds every constraint the model has.
	var laterUniques []*schema.UniqueDef
	seen := [][]string{}
	if t.PrimaryKey != nil {
		seen = append(seen, t.PrimaryKey.Columns)
	}
	for _, u := range t.Uniques {
		if len(u.Columns) == 0 {
			return nil, fmt.Errorf("unique constraint %q names no column", u.Name)
		}
		if u.Name != "" && slices.ContainsFunc(seen, func(c []string) bool { return slices.Equal(c, u.Columns) }) {
			laterUniques = append(laterUniques, u)
			continue
		}
		seen = append(seen, u.Columns)
		parts = append(parts, constraintPrefix(u.Name)+d.uniqueSQL(u))
	}
	for _, ck := range t.Checks {
		if strings.TrimSpace(ck.Expr) == "" {
			return nil, fmt.Errorf("check constraint %q has an empty condition", ck.Name)
		}
		if ck.NotValid {
			later = append(later, "ALTER TABLE "+name+" ADD "+constraintPrefix(ck.Name)+checkSQL(ck))
			continue
		}
		parts = append(parts, constraintPrefix(ck.Name)+checkSQL(ck))
	}
	create := "CREATE TABLE " + name + " (\n    " + strings.Join(parts, ",\n    ") + "\n)"
	if t.PartitionBy != "" {
		create += " PARTITION BY " + t.PartitionBy
	}
	out := []string{create}
	for _, u := range laterUniques {
		s, err := d.createUnique(&ops.CreateUniqueConstraint{Schema: t.Schema, Table: t.Name, Unique: u})
		if err != nil {
			return nil, err
		}
		out = append(out, s...)
	}
	out = append(out, later...)
	if t.Comment != "" {
		out = append(out, "COMMENT ON TABLE "+name+" IS "+quoteString(t.Comment))
	}
	for _, c := range t.Columns {
		if c.Comment != "" {
			out = append(out, d.columnComment(t.Schema, t.Name, c.Name, &c.Comment))
		}
	}
	return out, nil
}

// uniqueSQL renders a UNIQUE constraint's body after its name:
// UNIQUE [NULLS NOT DISTINCT] (columns) [DEFERRABLE [INITIALLY DEFERRED]].
func (d Dialect) uniqueSQL(u *schema.UniqueDef) string {
	s := "UNIQUE "
	if u.NullsNotDistinct {
		s += "NULLS NOT DISTINCT "
	}
	return s + "(" + d.identList(u.Columns) + ")" + deferral(u.Deferrable, u.InitiallyDeferred)
}

// checkSQL renders a CHECK constraint's body after its name, with NOT VALID
// when it is marked so.
func checkSQL(ck *schema.CheckDef) string {
	s := "CHECK (" + ck.Expr + ")"
	if ck.NotValid {
		s += " NOT VALID"
	}
	return s
}

// deferral renders DEFERRABLE [INITIALLY DEFERRED] with a leading space, or "".
func deferral(deferrable, initiallyDeferred bool) string {
	switch {
	case initiallyDeferred:
		return " DEFERRABLE INITIALLY DEFERRED"
	case deferrable:
		return " DEFERRABLE"
	}
	return ""
}

// constraintPrefix returns "CONSTRAINT name " for a named constraint, "" otherwise.
func constraintPrefix(name string) string {
	if name == "" {
		return ""
	}
	return "CONSTRAINT " + Dialect{}.QuoteIdent(name) + " "
}

// columnDef renders one column definition: name, type, identity (with its
// options), generation, default, NOT NULL.
func (d Dialect) columnDef(c *schema.Column) (string, error) {
	if c == nil || c.Name == "" {
		return "", fmt.Errorf("column %w", errNoName)
	}
	typ, err := d.TypeSQL(c.Type)
	if err != nil {
		return "", fmt.Errorf("column %q: %w", c.Name, err)
	}
	var b strings.Builder
	b.WriteString(d.QuoteIdent(c.Name) + " " + typ)
	if c.Autoincrement {
		switch c.Type.Name {
		case schema.TInteger, schema.TBigInt, schema.TSmallInt:
		default:
			return "", fmt.Errorf("column %q: autoincrement needs an integer, bigint or smallint column, not %s", c.Name, c.Type)
		}
		if c.Default != nil {
			return "", fmt.Errorf("column %q: an autoincrement (identity) column cannot also have a server default; remove one of them", c.Name)
		}
		switch c.AutoincrementKind {
		case "":
			b.WriteString(" GENERATED BY DEFAULT AS IDENTITY" + identityOptions(c))
		case schema.AutoincrementAlways:
			b.WriteString(" GENERATED ALWAYS AS IDENTITY" + identityOptions(c))
		case schema.AutoincrementSerial:
			if c.IdentityStart != 0 || c.IdentityIncrement != 0 {
				return "", fmt.Errorf("column %q: identity_start and identity_increment apply to identity columns, not serial ones; drop autoincrement_kind serial or the options", c.Name)
			}
			serial := map[string]string{schema.TInteger: "SERIAL", schema.TBigInt: "BIGSERIAL", schema.TSmallInt: "SMALLSERIAL"}[c.Type.Name]
			b.Reset()
			b.WriteString(d.QuoteIdent(c.Name) + " " + serial)
		default:
			return "", fmt.Errorf("column %q: autoincrement_kind %q is not serial or always", c.Name, c.AutoincrementKind)
		}
	}
	gen, err := generatedClause(c)
	if err != nil {
		return "", err
	}
	b.WriteString(gen)
	if c.Default != nil {
		if strings.TrimSpace(*c.Default) == "" {
			return "", fmt.Errorf("column %q: server default is empty; remove it or write an SQL expression", c.Name)
		}
		b.WriteString(" DEFAULT " + DefaultSQL(*c.Default))
	}
	if !c.Nullable {
		b.WriteString(" NOT NULL")
	}
	return b.String(), nil
}

// columnComment renders COMMENT ON COLUMN, with IS NULL when text is nil.
func (d Dialect) columnComment(schemaName, table, column string, text *string) string {
	v := "NULL"
	if text != nil {
		v = quoteString(*text)
	}
	return "COMMENT ON COLUMN " + qualify(schemaName, table) + "." + d.QuoteIdent(column) + " IS " + v
}

// identList quotes and joins column names.
func (d Dialect) identList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = d.QuoteIdent(n)
	}
	return strings.Join(q, ", ")
}

// foreignKeySQL renders a FOREIGN KEY table constraint.
func (d Dialect) foreignKeySQL(fk *schema.ForeignKeyDef) (string, error) {
	if fk == nil {
		return "", errors.New("foreign key is nil")
	}
	if len(fk.Columns) == 0 || fk.RefTable == "" || len(fk.RefColumns) == 0 {
		return "", fmt.Errorf("foreign key %q needs columns, ref_table and ref_columns", fk.Name)
	}
	if len(fk.Columns) != len(fk.RefColumns) {
		return "", fmt.Errorf("foreign key %q has %d columns but %d ref_columns", fk.Name, len(fk.Columns), len(fk.RefColumns))
	}
	s := constraintPrefix(fk.Name) + "FOREIGN KEY (" + d.identList(fk.Columns) + ") REFERENCES " +
		qualify(fk.RefSchema, fk.RefTable) + " (" + d.identList(fk.RefColumns) + ")"
	switch m := strings.ToUpper(strings.TrimSpace(fk.Match)); m {
	case "", "SIMPLE":
	case "FULL":
		s += " MATCH FULL"
	default:
		return "", fmt.Errorf("foreign key %q: match %q is not FULL or SIMPLE (PostgreSQL does not implement MATCH PARTIAL)", fk.Name, fk.Match)
	}
	for _, a := range []struct{ kw, v string }{{"ON DELETE", fk.OnDelete}, {"ON UPDATE", fk.OnUpdate}} {
		act, err := fkAction(a.v)
		if err != nil {
			return "", fmt.Errorf("foreign key %q: %s: %w", fk.Name, a.kw, err)
		}
		if act != "" {
			s += " " + a.kw + " " + act
		}
	}
	s += deferral(fk.Deferrable, fk.InitiallyDeferred)
	if fk.NotValid {
		s += " NOT VALID"
	}
	return s, nil
}

// fkAction validates a referential action; "" and NO ACTION render nothing.
func fkAction(a string) (string, error) {
	a = strings.ToUpper(strings.Join(strings.Fields(a), " "))
	switch a {
	case "", "NO ACTION":
		return "", nil
	case "CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT":
		return a, nil
	}
	return "", fmt.Errorf("unknown action %q (want CASCADE, RESTRICT, SET NULL, SET DEFAULT or NO ACTION)", a)
}

func (d Dialect) dropTable(o *ops.DropTable) ([]string, error) {
	if o.Name == "" {
		return nil, fmt.Errorf("table %w", errNoName)
	}
	return []string{"DROP TABLE " + qualify(o.Schema, o.Name)}, nil
}

func (d Dialect) renameTable(o *ops.RenameTable) ([]string, error) {
	if o.Name == "" || o.NewName == "" {
		return nil, fmt.Errorf("rename_table needs name and new_name: %w", errNoName)
	}
	return []string{"ALTER TABLE " + qualify(o.Schema, o.Name) + " RENAME TO " + d.QuoteIdent(o.NewName)}, nil
}

func (d Dialect) addColumn(o *ops.AddColumn) ([]string, error) {
	if o.Table == "" {
		return nil, fmt.Errorf("table %w", errNoName)
	}
	if o.Column == nil {
		return nil, errors.New("add_column has no column")
	}
	def, err := d.columnDef(o.Column)
	if err != nil {
		return nil, err
	}
	out := []string{"ALTER TABLE " + qualify(o.Schema, o.Table) + " ADD COLUMN " + def}
	if o.Column.Comment != "" {
		out = append(out, d.columnComment(o.Schema, o.Table, o.Column.Name, &o.Column.Comment))
	}
	return out, nil
}

func (d Dialect) dropColumn(o *ops.DropColumn) ([]string, error) {
	if o.Table == "" || o.Column == "" {
		return nil, fmt.Errorf("drop_column needs table and column: %w", errNoName)
	}
	return []string{"ALTER TABLE " + qualify(o.Schema, o.Table) + " DROP COLUMN " + d.QuoteIdent(o.Column)}, nil
}

// tableComment renders COMMENT ON TABLE, with IS NULL when text is nil.
func (d Dialect) tableComment(schemaName, table string, text *string) ([]string, error) {
	if table == "" {
		return nil, fmt.Errorf("table %w", errNoName)
	}
	v := "NULL"
	if text != nil {
		v = quoteString(*text)
	}
	return []string{"COMMENT ON TABLE " + qualify(schemaName, table) + " IS " + v}, nil
}
