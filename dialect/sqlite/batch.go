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
		if c.Generated != nil {
			return c.Generated.Stored // ADD COLUMN refuses a STORED generated column
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
		*ops.CreatePrimaryKey, *ops.DropConstraint, *ops.RenameConstraint:
		return true // constraint names live in the table's own SQL
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
//	SELECT … / CREATE TEMP TABLE … / INSERT … / DROP …  -- trigger guard (triggerGuard)
//	CREATE TABLE "_migrate_tmp_t" (a, b, …)           -- untyped scratch copy, no constraints
//	INSERT INTO "_migrate_tmp_t" (…) SELECT … FROM t  -- CAST / COALESCE applied here
//	CREATE TEMP TABLE … AS SELECT seq FROM sqlite_sequence …  -- AUTOINCREMENT only
//	DROP TABLE t
//	CREATE TABLE t (…new definition…)
//	INSERT INTO t (…) SELECT … FROM "_migrate_tmp_t"
//	DROP TABLE "_migrate_tmp_t"
//	DELETE FROM / INSERT INTO sqlite_sequence …       -- AUTOINCREMENT only: the old counter
//	CREATE INDEX …                                    -- t's indexes, re-created
//	CREATE TRIGGER …                                  -- t's known triggers, re-created
//	CREATE TABLE / ALTER TABLE … RENAME / DROP TABLE  -- schema check (schemaCheck)
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
// none when the keys hold; the runner treats any row as failure. DROP TABLE
// drops the table's triggers: those the schema knows (read from the live
// database online) are re-created, and the trigger guard stops the rebuild,
// online and in an offline script, when the table has any other. The schema
// check fails, naming it, when a view or trigger no longer compiles. A table
// with properties the model cannot hold (Table.SQLiteUnmodelled) is refused.
//
// origin maps each column of new to its name in old (absent: added column).
func (d Dialect) moveAndCopy(old, new *schema.Table, origin map[string]string, m *model) ([]string, error) {
	if len(old.SQLiteUnmodelled) > 0 {
		return nil, fmt.Errorf("table %q must be rebuilt (move and copy), which would drop what migrate does not model: %s; write this change as execute ops that rebuild the table with its full definition, or make it without a rebuild", old.Name, strings.Join(old.SQLiteUnmodelled, ", "))
	}
	origin = copiedColumns(new, origin)
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
	stmts := []string{"PRAGMA defer_foreign_keys = ON"}
	triggers := m.knownTriggers(old)
	stmts = append(stmts, d.triggerGuard(old.Schema, old.Name, triggers)...)
	stmts = append(stmts,
		fmt.Sprintf("CREATE TABLE %s (%s)", tmp, cols),
		fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", tmp, cols, strings.Join(sel, ", "), target),
	)
	keepSeq := hasSQLiteAutoincrement(old) && hasSQLiteAutoincrement(new)
	seqTemp, seq := "temp."+d.QuoteIdent(seqTable), "sqlite_sequence"
	if old.Schema != "" {
		seq = d.QuoteIdent(old.Schema) + ".sqlite_sequence"
	}
	if keepSeq {
		stmts = append(stmts, fmt.Sprintf("CREATE TEMP TABLE %s AS SELECT seq FROM %s WHERE name = %s", d.QuoteIdent(seqTable), seq, strLit(old.Name)))
	}
	stmts = append(stmts,
		"DROP TABLE "+target,
		create,
		// An explicit column list keeps SQLite from its transfer optimisation,
		// which would skip the foreign-key bookkeeping described above.
		fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", target, strings.Join(into, ", "), cols, tmp),
		"DROP TABLE "+tmp,
	)
	if keepSeq {
		// The INSERT set the counter to the highest id copied; the old table's
		// counter may be higher (rows deleted since), and is what AUTOINCREMENT
		// promises never to hand out again.
		stmts = append(stmts,
			fmt.Sprintf("DELETE FROM %s WHERE name = %s", seq, strLit(old.Name)),
			fmt.Sprintf("INSERT INTO %s (name, seq) SELECT %s, seq FROM %s", seq, strLit(new.Name), seqTemp),
			"DROP TABLE "+seqTemp,
		)
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
	for _, tr := range triggers {
		stmts = append(stmts, tr.SQL)
	}
	stmts = append(stmts, d.schemaCheck(old.Schema)...)
	stmts = append(stmts, d.fkCheck(new.Schema, new.Name))
	for _, ref := range m.referrers(new.Schema, new.Name) {
		stmts = append(stmts, d.fkCheck(ref.Schema, ref.Name))
	}
	return stmts, nil
}

// guardPrefix starts the query of every trigger guard, so Render can mark it
// ExpectNoRows.
const guardPrefix = "SELECT name AS trigger_name, "

// guardTable is the TEMP table whose CHECK makes a trigger guard fail.
const guardTable = TempPrefix + "_guard"

// triggerGuard returns the statements that stop a rebuild of table when the
// database holds a trigger on it other than known (those the rebuild
// re-creates). Offline, and for tables the schema model only knows from
// revision files, no trigger is known, so any trigger stops the rebuild instead
// of being lost. Three statements do it, so that the script stops by itself
// where no one reads its output (sqlite3 -bail):
//
//	SELECT name AS trigger_name, '<what to do>' AS what_to_do FROM sqlite_schema WHERE …
//	CREATE TEMP TABLE "_migrate_tmp__guard" (triggers INTEGER CONSTRAINT "<what to do>" CHECK (triggers = 0))
//	INSERT INTO temp."_migrate_tmp__guard" SELECT count(*) FROM sqlite_schema WHERE …
//	DROP TABLE temp."_migrate_tmp__guard"
//
// The SELECT lists the triggers (the runner fails on its first row online; a
// script prints them); the INSERT then fails with "CHECK constraint failed:"
// and the constraint's name, which says what to do; the transaction the
// statement is in is rolled back by whoever runs it (the runner, or sqlite3
// when -bail ends the session with the transaction open).
func (d Dialect) triggerGuard(schemaName, table string, known []*schema.TriggerDef) []string {
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
	where := fmt.Sprintf("FROM %s WHERE type = 'trigger' AND tbl_name = %s COLLATE NOCASE%s", cat, strLit(table), skip)
	stop := fmt.Sprintf("table %q must be rebuilt (move and copy), which would drop the triggers on it that migrate does not know (listed by the query before): drop each with an execute op before the change and re-create it with one after, in the same revision", table)
	guard := "temp." + d.QuoteIdent(guardTable)
	return []string{
		fmt.Sprintf("%s%s AS what_to_do %s", guardPrefix, strLit(advice), where),
		fmt.Sprintf("CREATE TEMP TABLE %s (triggers INTEGER CONSTRAINT %s CHECK (triggers = 0))", d.QuoteIdent(guardTable), d.QuoteIdent(stop)),
		fmt.Sprintf("INSERT INTO %s SELECT count(*) %s", guard, where),
		"DROP TABLE " + guard,
	}
}

// checkTable is the scratch table schemaCheck renames.
const checkTable = TempPrefix + "_schema_check"

// schemaCheck returns the statements that make SQLite re-read every view and
// trigger of the database after a rebuild, and fail naming the first one that no
// longer compiles ("error in view v: no such column: c"), as SQLite's own ALTER
// TABLE DROP COLUMN does: a table rename checks the whole schema before it
// changes anything. The scratch table is referred to by nothing, so no stored
// SQL is rewritten.
func (d Dialect) schemaCheck(schemaName string) []string {
	return []string{
		fmt.Sprintf("CREATE TABLE %s (x)", d.qname(schemaName, checkTable)),
		fmt.Sprintf("ALTER TABLE %s RENAME TO %s", d.qname(schemaName, checkTable), d.QuoteIdent(checkTable+"ed")),
		"DROP TABLE " + d.qname(schemaName, checkTable+"ed"),
	}
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

// seqTable is the TEMP table that keeps an AUTOINCREMENT table's sqlite_sequence
// counter through a move and copy.
const seqTable = TempPrefix + "_seq"

// hasSQLiteAutoincrement reports whether t has a column declared AUTOINCREMENT.
func hasSQLiteAutoincrement(t *schema.Table) bool {
	for _, c := range t.Columns {
		if c.SQLiteAutoincrement {
			return true
		}
	}
	return false
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
