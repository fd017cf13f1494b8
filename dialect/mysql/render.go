package mysql

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// Render renders list into MySQL statements, in order, without trailing
// semicolons; each Statement.Op is the index of its op in list. env may be nil;
// env.Current (the schema before the ops) lets alter_column restate a column it
// does not fully describe. An op MySQL cannot do — a partial index, an interval
// column, an alter_column whose current definition is unknown, an execute without
// SQL for mysql — stops rendering with a *dialect.RenderError naming the op, its
// table and what to do.
//
// An op's mysql_algorithm and mysql_lock (ops.MySQLOnline) are appended to its
// statements as ALGORITHM= and LOCK= clauses (withOnlineClauses).
//
// create_enum, drop_enum and add_enum_value render nothing: MySQL enums are inline
// column types, changed with alter_column. drop_constraint of a check uses ALTER
// TABLE … DROP CONSTRAINT, which MariaDB 10.2+ and MySQL 8.0.19+ both accept.
func (d Dialect) Render(list []ops.Op, env *dialect.RenderEnv) ([]dialect.Statement, error) {
	if err := dialect.CheckOpIdentifiers(d, list); err != nil {
		return nil, err
	}
	if err := dialect.CheckOpProperties(d, list, refusals); err != nil {
		return nil, err
	}
	if env == nil {
		env = &dialect.RenderEnv{}
	}
	st := newState(env)
	var out []dialect.Statement
	for i, o := range list {
		if droppedLater(list, i) {
			st.apply(o)
			continue
		}
		if g, ok := o.(*ops.GoStep); ok {
			out = append(out, dialect.GoStatement(i, g))
			continue
		}
		sqls, table, err := renderOp(o, st)
		sqls = withOnlineClauses(sqls, ops.MySQLOnlineOf(o))
		if err != nil {
			return nil, &dialect.RenderError{Dialect: Name, Op: i, OpName: ops.Name(o), Table: table, Err: err}
		}
		for _, s := range sqls {
			out = append(out, dialect.Statement{SQL: s, Op: i})
		}
		st.apply(o)
	}
	return out, nil
}

var reDropIndexOn = regexp.MustCompile("^DROP INDEX (`[^`]+`|\\S+) ON (.+)$")

// withOnlineClauses appends an op's mysql_algorithm and mysql_lock to its
// statements: ", ALGORITHM=…, LOCK=…" to an ALTER TABLE, " ALGORITHM=…
// LOCK=…" to a CREATE INDEX; a DROP INDEX … ON t becomes ALTER TABLE t DROP
// INDEX … first, the form MariaDB 10.11 accepts them on. Other statements
// are left as they are.
func withOnlineClauses(sqls []string, m *ops.MySQLOnline) []string {
	if m == nil || (m.Algorithm == "" && m.Lock == "") {
		return sqls
	}
	var parts []string
	if m.Algorithm != "" {
		parts = append(parts, "ALGORITHM="+strings.ToUpper(m.Algorithm))
	}
	if m.Lock != "" {
		parts = append(parts, "LOCK="+strings.ToUpper(m.Lock))
	}
	out := make([]string, len(sqls))
	for i, s := range sqls {
		if g := reDropIndexOn.FindStringSubmatch(s); g != nil {
			s = "ALTER TABLE " + g[2] + " DROP INDEX " + g[1]
		}
		switch up := strings.ToUpper(s); {
		case strings.HasPrefix(up, "ALTER TABLE "):
			s += ", " + strings.Join(parts, ", ")
		case strings.HasPrefix(up, "CREATE ") && strings.Contains(up, " INDEX "):
			s += " " + strings.Join(parts, " ")
		}
		out[i] = s
	}
	return out
}

// renderOp renders one op; it returns the statements, the table it concerns (for
// errors) and an error.
func renderOp(o ops.Op, st *state) ([]string, string, error) {
	one := func(s string) []string { return []string{s} }
	switch o := o.(type) {
	case *ops.CreateTable:
		if o.Table == nil {
			return nil, "", errors.New("create_table has no table")
		}
		if o.Table.PartitionBy != "" {
			return nil, o.Table.Name, fmt.Errorf("table %q: partition_by %q is PostgreSQL's; MySQL/MariaDB partitioning is not modelled: leave it out of the metadata or write it with an execute op", o.Table.Name, o.Table.PartitionBy)
		}
		s, err := createTableSQL(o.Table)
		return one(s), o.Table.Name, err
	case *ops.DropTable:
		return one("DROP TABLE " + qualified(o.Schema, o.Name)), o.Name, nil
	case *ops.RenameTable:
		return one("RENAME TABLE " + qualified(o.Schema, o.Name) + " TO " + qualified(o.Schema, o.NewName)), o.Name, nil
	case *ops.RenameIndex:
		s, err := renameIndexSQL(o)
		return one(s), o.Table, err
	case *ops.RenameConstraint:
		s, err := renameConstraintSQL(o, st)
		return s, o.Table, err
	case *ops.AddColumn:
		if o.Column == nil {
			return nil, o.Table, errors.New("add_column has no column")
		}
		def, err := columnDef(o.Column)
		if err != nil {
			return nil, o.Table, err
		}
		return one("ALTER TABLE " + qualified(o.Schema, o.Table) + " ADD COLUMN " + def), o.Table, nil
	case *ops.DropColumn:
		if t := st.table(o.Schema, o.Table); t != nil {
			if fks := foreignKeysUsing(t, o.Column); len(fks) > 0 {
				return nil, o.Table, fmt.Errorf("column %q is used by foreign key %s, and MySQL refuses to drop a column a foreign key needs (error 1553/1828): "+
					"drop the key first (drop_constraint with type: foreignkey) earlier in the revision", o.Column, strings.Join(fks, ", "))
			}
		}
		return one("ALTER TABLE " + qualified(o.Schema, o.Table) + " DROP COLUMN " + quoteIdent(o.Column)), o.Table, nil
	case *ops.AlterColumn:
		s, err := alterColumnSQL(o, st.column(o.Schema, o.Table, o.Column), st.offline)
		return s, o.Table, err
	case *ops.CreateIndex:
		s, err := createIndexSQL(o, st)
		return one(s), o.Table, err
	case *ops.DropIndex:
		if extra := st.fkIndexClauses(o, o.Schema, o.Table); len(extra) > 0 {
			return one("ALTER TABLE " + qualified(o.Schema, o.Table) + " DROP INDEX " + quoteIdent(o.Name) + ", " + strings.Join(extra, ", ")), o.Table, nil
		}
		return one("DROP INDEX " + quoteIdent(o.Name) + " ON " + qualified(o.Schema, o.Table)), o.Table, nil
	case *ops.CreateUniqueConstraint:
		if o.Unique == nil || len(o.Unique.Columns) == 0 {
			return nil, o.Table, errors.New("create_unique_constraint names no column")
		}
		return one("ALTER TABLE " + qualified(o.Schema, o.Table) + " ADD " + uniqueSQL(o.Unique)), o.Table, nil
	case *ops.CreateForeignKey:
		if o.ForeignKey == nil || len(o.ForeignKey.Columns) == 0 {
			return nil, o.Table, errors.New("create_foreign_key names no column")
		}
		return one("ALTER TABLE " + qualified(o.Schema, o.Table) + " ADD " + foreignKeySQL(o.ForeignKey)), o.Table, nil
	case *ops.CreateCheckConstraint:
		if o.Check == nil || strings.TrimSpace(o.Check.Expr) == "" {
			return nil, o.Table, errors.New("create_check_constraint has no condition")
		}
		return one("ALTER TABLE " + qualified(o.Schema, o.Table) + " ADD " + checkSQL(o.Check)), o.Table, nil
	case *ops.CreatePrimaryKey:
		if o.PrimaryKey == nil || len(o.PrimaryKey.Columns) == 0 {
			return nil, o.Table, errors.New("create_primary_key names no column")
		}
		return one("ALTER TABLE " + qualified(o.Schema, o.Table) + " ADD " + primaryKeySQL(o.PrimaryKey)), o.Table, nil
	case *ops.DropConstraint:
		s, err := dropConstraintSQL(o)
		if extra := st.fkIndexClauses(o, o.Schema, o.Table); err == nil && len(extra) > 0 {
			s += ", " + strings.Join(extra, ", ")
		}
		return one(s), o.Table, err
	case *ops.CreateTableComment:
		return one("ALTER TABLE " + qualified(o.Schema, o.Table) + " COMMENT=" + quoteString(o.Comment)), o.Table, nil
	case *ops.DropTableComment:
		return one("ALTER TABLE " + qualified(o.Schema, o.Table) + " COMMENT=''"), o.Table, nil
	case *ops.CreateEnum, *ops.DropEnum, *ops.AddEnumValue, *ops.DropEnumValue:
		return nil, "", nil
	case *ops.CreateObject, *ops.DropObject, *ops.ReplaceObject:
		s, err := objectSQL(o)
		if x, ok := ops.ObjectOf(o); ok {
			return s, x.Table, err
		}
		return s, "", err
	case *ops.Execute:
		s, ok := o.Dialects[Name]
		if !ok {
			if s = o.SQL; strings.TrimSpace(s) == "" {
				return nil, "", errors.New("execute has no SQL for mysql: add sql, or dialects: {mysql: …}")
			}
		}
		if err := dialect.CheckScriptSQL(s); err != nil {
			return nil, "", err
		}
		return one(strings.TrimSpace(s)), "", nil
	case *ops.BulkInsert:
		s, err := bulkInsertSQL(o)
		if s == "" {
			return nil, o.Table, err
		}
		return one(s), o.Table, err
	}
	return nil, "", fmt.Errorf("unknown operation %T: this version of the mysql dialect cannot render it", o)
}

func createTableSQL(t *schema.Table) (string, error) {
	var parts []string
	for _, c := range t.Columns {
		def, err := columnDef(c)
		if err != nil {
			return "", err
		}
		parts = append(parts, def)
	}
	if len(parts) == 0 {
		return "", errors.New("a table needs at least one column")
	}
	if t.PrimaryKey != nil && len(t.PrimaryKey.Columns) > 0 {
		parts = append(parts, primaryKeySQL(t.PrimaryKey))
	}
	for _, u := range t.Uniques {
		parts = append(parts, uniqueSQL(u))
	}
	for _, fk := range t.ForeignKeys {
		parts = append(parts, foreignKeySQL(fk))
	}
	for _, c := range t.Checks {
		parts = append(parts, checkSQL(c))
	}
	s := "CREATE TABLE " + qualified(t.Schema, t.Name) + " (\n\t" + strings.Join(parts, ",\n\t") + "\n)"
	opts, err := tableOptionsSQL(t)
	if err != nil {
		return "", err
	}
	if opts != "" {
		s += " " + opts
	}
	return s, nil
}

func createIndexSQL(o *ops.CreateIndex, st *state) (string, error) {
	ix := o.Index
	if ix == nil || len(ix.Columns) == 0 {
		return "", errors.New("create_index names no column")
	}
	if strings.TrimSpace(ix.Where) != "" {
		return "", fmt.Errorf("index %q is partial (where: %s), and MySQL has no partial indexes: drop the where, or use execute with dialects: {mysql: …}", ix.Name, ix.Where)
	}
	if ix.Name == "" {
		return "", errors.New("create_index needs a name on MySQL")
	}
	t := st.table(o.Schema, o.Table)
	isCol := func(n string) bool { return t != nil && t.FindColumn(n) != nil }
	if len(ix.Order) > len(ix.Columns) {
		return "", fmt.Errorf("index %q has %d columns but %d order entries; give at most one per column", ix.Name, len(ix.Columns), len(ix.Order))
	}
	parts := make([]string, len(ix.Columns))
	for i, c := range ix.Columns {
		parts[i] = indexPart(c, isCol)
		if i < len(ix.Order) && strings.TrimSpace(ix.Order[i]) != "" {
			switch ord := strings.ToUpper(strings.Join(strings.Fields(ix.Order[i]), " ")); ord {
			case "ASC", "DESC":
				parts[i] += " " + ord
			default:
				return "", fmt.Errorf("index %q: column %q: order %q: MySQL indexes take only ASC or DESC (NULLs always sort first ascending); drop the NULLS placement", ix.Name, c, ix.Order[i])
			}
		}
	}
	kw := "CREATE INDEX "
	if ix.Unique {
		kw = "CREATE UNIQUE INDEX "
	}
	using := ""
	switch m := strings.ToLower(strings.TrimSpace(ix.Using)); m {
	case "":
	case "btree", "hash":
		using = " USING " + strings.ToUpper(m)
	case "fulltext", "spatial":
		if ix.Unique {
			return "", fmt.Errorf("index %q is unique and %s, and MySQL has no unique %s index: drop unique or using", ix.Name, m, m)
		}
		kw = "CREATE " + strings.ToUpper(m) + " INDEX "
	default:
		return "", fmt.Errorf("index %q uses %q, which MySQL does not have (it has btree, hash, fulltext and spatial): change using, or use execute with dialects: {mysql: …}", ix.Name, ix.Using)
	}
	return kw + quoteIdent(ix.Name) + " ON " + qualified(o.Schema, o.Table) + " (" + strings.Join(parts, ", ") + ")" + using, nil
}

func dropConstraintSQL(o *ops.DropConstraint) (string, error) {
	head := "ALTER TABLE " + qualified(o.Schema, o.Table)
	switch o.Type {
	case ops.ConstraintForeignKey:
		return head + " DROP FOREIGN KEY " + quoteIdent(o.Name), nil
	case ops.ConstraintUnique:
		return head + " DROP INDEX " + quoteIdent(o.Name), nil
	case ops.ConstraintCheck:
		return head + " DROP CONSTRAINT " + quoteIdent(o.Name), nil
	case ops.ConstraintPrimary:
		return head + " DROP PRIMARY KEY", nil
	}
	return "", fmt.Errorf("drop_constraint %q has type %q; MySQL needs the type to drop it: write type: foreignkey, unique, check or primary", o.Name, o.Type)
}

func bulkInsertSQL(o *ops.BulkInsert) (string, error) {
	if len(o.Rows) == 0 {
		return "", nil
	}
	cols := o.ColumnList()
	rows := make([]string, len(o.Rows))
	for i, r := range o.Rows {
		vals := make([]string, len(cols))
		for j, c := range cols {
			lit, err := literal(r[c])
			if err != nil {
				return "", fmt.Errorf("row %d, column %q: %w", i+1, c, err)
			}
			vals[j] = lit
		}
		rows[i] = "(" + strings.Join(vals, ", ") + ")"
	}
	return "INSERT INTO " + qualified(o.Schema, o.Table) + " (" + quoteList(cols) + ") VALUES " + strings.Join(rows, ", "), nil
}

// MaxIdentifierBytes returns 64, MySQL's and MariaDB's limit for table,
// column, index and constraint names (dialect.IdentifierLimiter).
func (Dialect) MaxIdentifierBytes() int { return 64 }
