package sqlite

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// TempPrefix starts the name of the scratch table a move and copy uses
// ("_migrate_tmp_<table>"); the inspector (inspect/sqlite) skips tables with
// this prefix.
const TempPrefix = "_migrate_tmp_"

// needsBatch reports whether op, applied to t (the table as it is just before
// op; nil when unknown), is beyond SQLite's ALTER TABLE.
func needsBatch(o ops.Op, t *schema.Table) bool {
	switch o := o.(type) {
	case *ops.AddColumn:
		c := o.Column
		if c == nil {
			return false
		}
		if !c.Nullable && c.Default == nil {
			return true // ADD COLUMN refuses NOT NULL without a default
		}
		return c.Default != nil && !isConstantDefault(*c.Default) // and non-constant defaults
	case *ops.DropColumn:
		return t != nil && columnConstrained(t, o.Column)
	case *ops.AlterColumn:
		return o.Nullable != nil || o.Type != nil || o.ServerDefault != nil
	case *ops.CreateUniqueConstraint, *ops.CreateForeignKey, *ops.CreateCheckConstraint,
		*ops.CreatePrimaryKey, *ops.DropConstraint:
		return true
	}
	return false
}

// columnConstrained reports whether SQLite's native DROP COLUMN would refuse
// the column: it is in the primary key, a unique constraint, an index, a foreign
// key or a table CHECK.
func columnConstrained(t *schema.Table, col string) bool {
	if t.PrimaryKey != nil && contains(t.PrimaryKey.Columns, col) {
		return true
	}
	for _, u := range t.Uniques {
		if contains(u.Columns, col) {
			return true
		}
	}
	for _, fk := range t.ForeignKeys {
		if contains(fk.Columns, col) {
			return true
		}
	}
	for _, ck := range t.Checks {
		if ops.Mentions(ck.Expr, col) {
			return true
		}
	}
	for _, ix := range t.Indexes {
		if ops.IndexUses(ix, col) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// moveAndCopy renders Alembic's batch "move and copy" that turns table old into
// table new (same name) in place, inside the runner's transaction:
//
//	PRAGMA defer_foreign_keys = ON
//	SELECT … FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 't'  -- guard
//	CREATE TABLE "_migrate_tmp_t" (a, b, …)           -- untyped scratch copy, no constraints
//	INSERT INTO "_migrate_tmp_t" (…) SELECT … FROM t  -- CAST / COALESCE applied here
//	DROP TABLE t
//	CREATE TABLE t (…new definition…)
//	INSERT INTO t (…) SELECT … FROM "_migrate_tmp_t"
//	DROP TABLE "_migrate_tmp_t"
//	CREATE INDEX …                                    -- t's indexes, re-created
//	PRAGMA foreign_key_check(t)                       -- and for each table referring to t
//
// PRAGMA foreign_keys cannot change inside a transaction, so the rebuild keeps
// foreign keys on and defers them. Alembic's order (build the new table under the
// scratch name, then RENAME it) does not work then: dropping t counts every row
// of another table that refers to t as a deferred violation, and only rows
// inserted into a table named t take that count back down, so COMMIT would fail.
// Hence the rows go through the scratch table and land in a table created as t.
// For the same reason a rebuild is refused when another table refers to t with
// ON DELETE CASCADE, SET NULL, SET DEFAULT or RESTRICT: the DROP would fire it.
// The refusal is lifted when an earlier op of the same Render call is an
// execute of PRAGMA foreign_keys = OFF, which takes effect only outside a
// transaction, so in a revision with transactional: false.
//
// The PRAGMA foreign_key_check statements return one row per violating row and
// none when the keys hold; the runner treats any row as failure. So does the
// trigger guard: DROP TABLE drops the table's triggers, and the model has no
// triggers to re-create them from, so a rebuild of a table that has any fails
// (and rolls back) instead of losing them silently. The way out is to drop the
// trigger with an execute before the change and re-create it with one after.
//
// origin maps each column of new to its name in old (absent: added column).
func (d Dialect) moveAndCopy(old, new *schema.Table, origin map[string]string, m *model) ([]string, error) {
	for _, ref := range m.referrers(old.Schema, old.Name) {
		for _, fk := range ref.ForeignKeys {
			if fk.RefTable != old.Name || m.fkOff {
				continue
			}
			switch a := strings.ToUpper(fk.OnDelete); a {
			case "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT":
				return nil, &cascadeRebuildError{fmt.Sprintf("table %q must be rebuilt (move and copy), but table %q refers to it with ON DELETE %s (foreign key %s), which dropping the old table would fire while foreign keys are on; "+
					"put this change in a revision with transactional: false whose ops first execute PRAGMA foreign_keys = OFF (and = ON after), or drop that foreign key before and re-create it after", old.Name, ref.Name, a, fkLabel(fk))}
			}
		}
	}
	tmp := d.qname(old.Schema, TempPrefix+old.Name)
	target := d.qname(old.Schema, old.Name)
	var kept, sel []string
	for _, c := range new.Columns {
		src, ok := origin[c.Name]
		if !ok {
			continue
		}
		oc := old.FindColumn(src)
		if oc == nil {
			return nil, fmt.Errorf("column %q of table %q: its source column %q is not in the table as known", c.Name, old.Name, src)
		}
		expr := d.QuoteIdent(src)
		if !d.sameStorage(old, oc, new, c) {
			typ, err := d.TypeSQL(c.Type)
			if err != nil {
				return nil, fmt.Errorf("column %q: %w", c.Name, err)
			}
			expr = fmt.Sprintf("CAST(%s AS %s)", expr, typ)
		}
		if !c.Nullable && oc.Nullable && c.Default != nil {
			expr = fmt.Sprintf("COALESCE(%s, %s)", expr, stripParensDefault(*c.Default))
		}
		kept = append(kept, d.QuoteIdent(c.Name))
		sel = append(sel, expr)
	}
	into := kept
	if len(kept) == 0 {
		// Every old column is dropped and the table has only new ones (added
		// in the same revision): the rows are kept through their rowids, and
		// the new columns take their defaults, as ADD COLUMN would give them.
		kept, sel, into = []string{rowidCopy}, []string{"rowid"}, []string{"rowid"}
	}
	create, err := d.createTableSQL(new, new.Name)
	if err != nil {
		return nil, err
	}
	cols := strings.Join(kept, ", ")
	stmts := []string{
		"PRAGMA defer_foreign_keys = ON",
		d.triggerGuard(old.Schema, old.Name, old.Triggers),
		fmt.Sprintf("CREATE TABLE %s (%s)", tmp, cols),
		fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", tmp, cols, strings.Join(sel, ", "), target),
		"DROP TABLE " + target,
		create,
		// An explicit column list keeps SQLite from its transfer optimisation,
		// which would skip the foreign-key bookkeeping described above.
		fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", target, strings.Join(into, ", "), cols, tmp),
		"DROP TABLE " + tmp,
	}
	for _, ix := range new.Indexes {
		s, err := d.createIndexSQL(new.Schema, new.Name, ix, new)
		if err != nil {
			return nil, err
		}
		stmts = append(stmts, s)
	}
	// DROP TABLE dropped the table's triggers: re-create those the schema knows
	// (read from the live database on online runs); the guard above refused the
	// rebuild if the table had any other.
	for _, tr := range old.Triggers {
		stmts = append(stmts, tr.SQL)
	}
	stmts = append(stmts, d.fkCheck(new.Schema, new.Name))
	for _, ref := range m.referrers(new.Schema, new.Name) {
		stmts = append(stmts, d.fkCheck(ref.Schema, ref.Name))
	}
	return stmts, nil
}

// guardPrefix starts every trigger guard, so Render can mark it ExpectNoRows.
const guardPrefix = "SELECT name AS trigger_name, "

// triggerGuard returns a query that lists the triggers of table other than known
// (those the rebuild re-creates), each with what to do; it returns no row when
// there is none. Offline, and for tables the schema model only knows from revision
// files, no trigger is known, so any trigger stops the rebuild instead of being
// lost.
func (d Dialect) triggerGuard(schemaName, table string, known []*schema.TriggerDef) string {
	cat := "sqlite_schema"
	if schemaName != "" {
		cat = d.QuoteIdent(schemaName) + ".sqlite_schema"
	}
	advice := fmt.Sprintf("table %q must be rebuilt (move and copy), which would drop this trigger: drop it with an execute op before the change and re-create it with one after, in the same revision", table)
	skip := ""
	if len(known) > 0 {
		names := make([]string, len(known))
		for i, tr := range known {
			names[i] = strLit(tr.Name)
		}
		skip = " AND name NOT IN (" + strings.Join(names, ", ") + ")"
	}
	return fmt.Sprintf("%s%s AS what_to_do FROM %s WHERE type = 'trigger' AND tbl_name = %s COLLATE NOCASE%s", guardPrefix, strLit(advice), cat, strLit(table), skip)
}

func (d Dialect) fkCheck(schemaName, table string) string {
	if schemaName != "" {
		return fmt.Sprintf("PRAGMA %s.foreign_key_check(%s)", d.QuoteIdent(schemaName), d.QuoteIdent(table))
	}
	return fmt.Sprintf("PRAGMA foreign_key_check(%s)", d.QuoteIdent(table))
}

// sameStorage reports whether the column's declared type text is unchanged.
func (d Dialect) sameStorage(ot *schema.Table, oc *schema.Column, nt *schema.Table, nc *schema.Column) bool {
	a, err1 := d.columnSQL(ot, &schema.Column{Name: oc.Name, Type: oc.Type, Nullable: true, Autoincrement: oc.Autoincrement})
	b, err2 := d.columnSQL(nt, &schema.Column{Name: oc.Name, Type: nc.Type, Nullable: true, Autoincrement: nc.Autoincrement})
	return err1 == nil && err2 == nil && a == b
}

// stripParensDefault returns a default as an expression usable in a SELECT.
func stripParensDefault(expr string) string {
	e := strings.TrimSpace(expr)
	if bareDefault(e) {
		return e
	}
	return "(" + stripParens(e) + ")"
}

func fkLabel(fk *schema.ForeignKeyDef) string {
	if fk.Name != "" {
		return fmt.Sprintf("%q", fk.Name)
	}
	return "(" + strings.Join(fk.Columns, ", ") + ")"
}

// rowidCopy is the column of the move-and-copy table that carries the rows'
// rowids when no column of the old table is kept.
const rowidCopy = "_migrate_rowid"
