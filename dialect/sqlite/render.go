package sqlite

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// Render renders ops as SQLite statements (no trailing semicolons), each with
// the index of the op it came from.
//
// What ALTER TABLE can do is rendered natively: CREATE/DROP TABLE, RENAME TO,
// ADD COLUMN (a nullable column, or NOT NULL with a constant default), DROP
// COLUMN (SQLite ≥ 3.35, when the column is in no key, constraint or index),
// RENAME COLUMN, CREATE/DROP INDEX. Everything else on a table — alter_column
// changing type, nullability or default, create/drop of unique, foreign-key,
// check and primary-key constraints, and the drops and adds SQLite refuses — is
// rendered as a batch "move and copy" (see moveAndCopy) built from env.Current,
// the schema before the ops. Consecutive ops on the same table are grouped into
// one move and copy, whose statements all carry the index of the group's first
// op; a rename of a column that another table's foreign key refers to stays
// out of such a group and is rendered natively (RENAME COLUMN rewrites those
// keys, a move and copy cannot). A move and copy of a table that another table refers to with an ON DELETE
// action is refused unless an earlier op executes PRAGMA foreign_keys = OFF (see
// moveAndCopy). Without env.Current, or when it lacks the table, such an op is a
// *dialect.RenderError saying the table definition is needed.
//
// SQLite has no comments and no named enums: create_table_comment,
// drop_table_comment, comment changes in alter_column, create_enum, drop_enum and
// add_enum_value render no statement. (An enum column's allowed values live in its
// CHECK constraint; change them with alter_column's type.) Every error is a
// *dialect.RenderError naming the op, its index and its table.
func (d Dialect) Render(list []ops.Op, env *dialect.RenderEnv) ([]dialect.Statement, error) {
	if err := dialect.CheckOpProperties(d, list, refusals); err != nil {
		return nil, err
	}
	m := newModel(env)
	var out []dialect.Statement
	for i, o := range list {
		if a, ok := o.(*ops.AlterColumn); ok && a.ChangesIdentity() {
			return nil, d.renderErr(i, o, errIdentityOptions(a))
		}
	}
	for i := 0; i < len(list); {
		sch, table, scoped := ops.AlteredTable(list[i])
		if g, ok := list[i].(*ops.GoStep); ok {
			out = append(out, dialect.GoStatement(i, g))
			i++
			continue
		}
		if !scoped {
			stmts, err := d.renderOne(list[i], m)
			if err != nil {
				return nil, d.renderErr(i, list[i], err)
			}
			out = appendStmts(out, i, stmts)
			if i < len(list)-1 { // the model after the last op is of no use
				m.applyGlobal(list[i])
			}
			i++
			continue
		}
		j := i + 1
		for j < len(list) && !m.referredRename(list[i]) {
			s, t, ok := ops.AlteredTable(list[j])
			if !ok || s != sch || t != table || m.referredRename(list[j]) {
				break
			}
			j++
		}
		stmts, err := d.renderRun(list, i, j, m)
		if err != nil {
			return nil, err
		}
		out = append(out, stmts...)
		i = j
	}
	return out, nil
}

// appendStmts adds stmts as the statements of op. The PRAGMA foreign_key_check
// statements a move and copy ends with, its whole-database check and its
// trigger guard are marked
// ExpectNoRows: each row they return is a violation, and the runner fails the
// revision on the first one.
func appendStmts(out []dialect.Statement, op int, stmts []string) []dialect.Statement {
	for _, s := range stmts {
		out = append(out, dialect.Statement{SQL: s, Op: op, ExpectNoRows: isFKCheck(s) || strings.HasPrefix(s, guardPrefix) || strings.HasPrefix(s, pendingPrefix)})
	}
	return out
}

func isFKCheck(s string) bool {
	return strings.HasPrefix(s, "PRAGMA ") && strings.Contains(s, "foreign_key_check(")
}

func (d Dialect) renderErr(i int, o ops.Op, err error) error {
	_, table, _ := ops.AlteredTable(o)
	switch o := o.(type) {
	case *ops.CreateTable:
		if o.Table != nil {
			table = o.Table.Name
		}
	case *ops.DropTable:
		table = o.Name
	case *ops.RenameTable:
		table = o.Name
	case *ops.BulkInsert:
		table = o.Table
	}
	return &dialect.RenderError{Dialect: "sqlite", Op: i, OpName: ops.Name(o), Table: table, Err: err}
}

// renderRun renders list[i:j], consecutive ops on one table: natively one by one,
// or as one move and copy when any of them needs it.
func (d Dialect) renderRun(list []ops.Op, i, j int, m *model) ([]dialect.Statement, error) {
	sch, table, _ := ops.AlteredTable(list[i])
	known := m.find(sch, table)
	batch := -1
	if known != nil {
		sim := known.Clone()
		for k := i; k < j && batch < 0; k++ {
			if needsBatch(list[k], sim) {
				batch = k
			} else if err := applyToTable(sim, list[k], nil, nil); err != nil {
				return nil, d.renderErr(k, list[k], err)
			}
		}
	} else {
		for k := i; k < j && batch < 0; k++ {
			if needsBatch(list[k], nil) {
				batch = k
			}
		}
	}
	if batch < 0 {
		var out []dialect.Statement
		for k := i; k < j; k++ {
			stmts, err := d.renderOne(list[k], m)
			if err != nil {
				return nil, d.renderErr(k, list[k], err)
			}
			out = appendStmts(out, k, stmts)
			if t := m.mut(sch, table); t != nil {
				if err := applyToTable(t, list[k], nil, m); err != nil {
					return nil, d.renderErr(k, list[k], err)
				}
			}
		}
		return out, nil
	}
	if known == nil {
		return nil, d.renderErr(batch, list[batch], fmt.Errorf("SQLite's ALTER TABLE cannot do this, so table %q must be rebuilt (move and copy), which needs the table's definition: render with the current schema (online, or with earlier revisions replayed)", table))
	}
	newT := known.Clone()
	origin := map[string]string{}
	for _, c := range known.Columns {
		origin[c.Name] = c.Name
	}
	for k := i; k < j; k++ {
		if err := applyToTable(newT, list[k], origin, m); err != nil {
			return nil, d.renderErr(k, list[k], err)
		}
	}
	stmts, err := d.moveAndCopy(known, newT, origin, m)
	if err != nil {
		return nil, d.renderErr(i, list[i], err)
	}
	m.put(newT)
	return appendStmts(nil, i, stmts), nil
}

// renderOne renders one op natively (never as a move and copy). m is the model
// before the op.
func (d Dialect) renderOne(o ops.Op, m *model) ([]string, error) {
	switch o := o.(type) {
	case *ops.CreateTable:
		if o.Table == nil {
			return nil, fmt.Errorf("create_table has no table")
		}
		if o.Table.PartitionBy != "" {
			return nil, fmt.Errorf("table %q: partition_by %q is PostgreSQL's; SQLite has no partitioned tables: leave it out of the metadata or write the table with an execute op", o.Table.Name, o.Table.PartitionBy)
		}
		s, err := d.createTableSQL(o.Table, o.Table.Name)
		if err != nil {
			return nil, err
		}
		return []string{s}, nil
	case *ops.DropTable:
		return []string{"DROP TABLE " + d.qname(o.Schema, o.Name)}, nil
	case *ops.RenameTable:
		return []string{fmt.Sprintf("ALTER TABLE %s RENAME TO %s", d.qname(o.Schema, o.Name), d.QuoteIdent(o.NewName))}, nil
	case *ops.AddColumn:
		if o.Column == nil {
			return nil, fmt.Errorf("add_column has no column")
		}
		t := m.find(o.Schema, o.Table)
		if t == nil {
			t = &schema.Table{Name: o.Table}
		}
		s, err := d.columnSQL(t, o.Column)
		if err != nil {
			return nil, err
		}
		return []string{fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s", d.qname(o.Schema, o.Table), s)}, nil
	case *ops.DropColumn:
		return []string{fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", d.qname(o.Schema, o.Table), d.QuoteIdent(o.Column))}, nil
	case *ops.AlterColumn:
		if o.NewName == "" || o.NewName == o.Column {
			return nil, nil // only a comment change: SQLite has no comments
		}
		return []string{fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", d.qname(o.Schema, o.Table), d.QuoteIdent(o.Column), d.QuoteIdent(o.NewName))}, nil
	case *ops.CreateIndex:
		if o.Index == nil {
			return nil, fmt.Errorf("create_index has no index")
		}
		s, err := d.createIndexSQL(o.Schema, o.Table, o.Index, m.find(o.Schema, o.Table))
		if err != nil {
			return nil, err
		}
		return []string{s}, nil
	case *ops.DropIndex:
		return []string{"DROP INDEX " + d.qname(o.Schema, o.Name)}, nil
	case *ops.RenameIndex:
		return d.renameIndex(o, m)
	case *ops.CreateUniqueConstraint, *ops.CreateForeignKey, *ops.CreateCheckConstraint,
		*ops.CreatePrimaryKey, *ops.DropConstraint, *ops.RenameConstraint:
		return nil, fmt.Errorf("internal error: %s must be rendered as a move and copy", ops.Name(o))
	case *ops.CreateTableComment, *ops.DropTableComment:
		return nil, nil // SQLite stores no comments
	case *ops.CreateEnum, *ops.DropEnum, *ops.AddEnumValue, *ops.DropEnumValue:
		return nil, nil // SQLite has no enum types; enum columns carry a CHECK
	case *ops.CreateObject, *ops.DropObject, *ops.ReplaceObject:
		return d.renderObjectOp(o)
	case *ops.Execute:
		sql := o.SQL
		if s, ok := o.Dialects["sqlite"]; ok {
			sql = s
		}
		sql = strings.TrimSpace(sql)
		for strings.HasSuffix(sql, ";") {
			sql = strings.TrimSpace(strings.TrimSuffix(sql, ";"))
		}
		if sql == "" {
			return nil, fmt.Errorf("execute has no SQL for sqlite: give sql, or dialects: {sqlite: …}")
		}
		if err := dialect.CheckScriptSQL(sql); err != nil {
			return nil, err
		}
		return []string{sql}, nil
	case *ops.BulkInsert:
		return d.bulkInsert(o)
	}
	return nil, fmt.Errorf("unknown op %T: this version of the SQLite dialect cannot render it", o)
}

// bulkInsert renders one INSERT with every row, values as literals.
func (d Dialect) bulkInsert(o *ops.BulkInsert) ([]string, error) {
	if len(o.Rows) == 0 {
		return nil, nil
	}
	cols := o.ColumnList()
	rows := make([]string, len(o.Rows))
	for i, r := range o.Rows {
		vals := make([]string, len(cols))
		for j, c := range cols {
			v, err := d.Literal(r[c])
			if err != nil {
				return nil, fmt.Errorf("row %d, column %q: %w", i+1, c, err)
			}
			vals[j] = v
		}
		rows[i] = "(" + strings.Join(vals, ", ") + ")"
	}
	return []string{fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", d.qname(o.Schema, o.Table), d.identList(cols), strings.Join(rows, ", "))}, nil
}

// errIdentityOptions is the error for an alter_column that changes identity
// options, which SQLite does not have.
func errIdentityOptions(o *ops.AlterColumn) error {
	return fmt.Errorf("column %q.%q: identity_generated, identity_start and identity_increment are PostgreSQL's identity options, and SQLite has none: leave them out of the op (or put the change in an execute op for postgresql only)", o.Table, o.Column)
}
