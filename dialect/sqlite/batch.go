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

// moveAndCopy renders the "move and copy" that turns table old into table new
// (same name) in place, inside the runner's transaction, copying the rows once.
// It is the order of SQLite's documented procedure for other kinds of table
// schema changes (https://www.sqlite.org/lang_altertable.html#otheralter:
// create the new table under a scratch name, copy, drop the old one, rename),
// made to work while foreign keys are on:
//
//	CREATE TEMP TABLE "_migrate_tmp__pending" AS SELECT …  -- were FK violations possibly pending?
//	PRAGMA defer_foreign_keys = ON
//	SELECT … / CREATE TEMP TABLE … / INSERT … / DROP …  -- trigger guard (triggerGuard)
//	CREATE TABLE "_migrate_tmp_t" (…new definition…)
//	INSERT INTO "_migrate_tmp_t" (…) SELECT … FROM t  -- the one copy; CAST / COALESCE applied here
//	DELETE FROM / UPDATE sqlite_sequence …            -- AUTOINCREMENT only: keep the old counter
//	DROP TABLE t
//	PRAGMA legacy_alter_table = ON
//	ALTER TABLE "_migrate_tmp_t" RENAME TO t
//	PRAGMA legacy_alter_table = OFF
//	PRAGMA defer_foreign_keys = OFF                   -- forgets the counts the DROP made
//	CREATE TEMP TABLE … / INSERT … / DROP …           -- self-reference guard (when written against the scratch name)
//	CREATE INDEX …                                    -- t's indexes, re-created
//	CREATE TRIGGER …                                  -- t's known triggers, re-created
//	CREATE TABLE / ALTER TABLE … RENAME / DROP TABLE  -- schema check (schemaCheck)
//	PRAGMA foreign_key_check(t)                       -- and for each table referring to t
//	SELECT … FROM pragma_foreign_key_check WHERE …    -- whole database, only if violations were possibly pending
//	DROP TABLE temp."_migrate_tmp__pending"
//
// PRAGMA foreign_keys cannot change inside a transaction, so the rebuild keeps
// foreign keys on and defers them. Dropping t then counts every row of another
// table that refers to t as a pending violation, and the rename does not take
// the count back down (only rows inserted into a table named t would, which is
// a second copy). SQLite forgets pending counts when defer_foreign_keys is
// turned off (pragma.c), so the rebuild turns it off after the rename and then
// proves the keys with PRAGMA foreign_key_check on t and on every table that
// refers to t, which reads the rows and does not depend on any count. Counts
// pending from before the rebuild (defer_foreign_keys already on, or a
// DEFERRABLE INITIALLY DEFERRED key in the database) would be forgotten too, so
// in that case, recorded in the _pending table before anything changes, the
// whole database is checked instead, and any violating row stops the run. The
// revision continues with defer_foreign_keys off, SQLite's default.
//
// legacy_alter_table keeps the RENAME from re-reading views and triggers that
// name t while no table t exists (they are checked by schemaCheck after). With
// foreign keys on, SQLite re-points foreign keys that name the renamed table,
// so a self-reference of the new table that has an ON DELETE action (which
// dropping the old t would fire on the copied rows) is written against the
// scratch name and re-pointed at t by the rename; as the rename does so only
// while foreign keys are on, a guard then stops the run (online, and a script
// under sqlite3 -bail) if the key still names the scratch table.
//
// A rebuild is refused when another table refers to t with ON DELETE CASCADE,
// SET NULL, SET DEFAULT or RESTRICT: the DROP would fire it. The refusal is
// lifted when an earlier op of the same Render call is an execute of PRAGMA
// foreign_keys = OFF, which takes effect only outside a transaction, so in a
// revision with transactional: false.
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
			if a, fires := deleteAction(fk); fires {
				return nil, &cascadeRebuildError{fmt.Sprintf("table %q must be rebuilt (move and copy), but table %q refers to it with ON DELETE %s (foreign key %s), which dropping the old table would fire while foreign keys are on; "+
					"put this change in a revision with transactional: false whose ops first execute PRAGMA foreign_keys = OFF (and = ON after), or drop that foreign key before and re-create it after", old.Name, ref.Name, a, fkLabel(fk))}
			}
		}
	}
	tmpName := TempPrefix + old.Name
	tmp := d.qname(old.Schema, tmpName)
	target := d.qname(old.Schema, old.Name)
	var into, sel []string
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
		into = append(into, d.QuoteIdent(c.Name))
		sel = append(sel, expr)
	}
	if len(into) == 0 {
		// Every old column is dropped and the table has only new ones (added
		// in the same revision): the rows are kept through their rowids, and
		// the new columns take their defaults, as ADD COLUMN would give them.
		into, sel = []string{"rowid"}, []string{"rowid"}
	}
	scratch := new
	if !m.fkOff {
		scratch = selfRefsTo(new, tmpName)
	}
	create, err := d.createTableSQL(scratch, tmpName)
	if err != nil {
		return nil, err
	}
	cat := "sqlite_schema"
	fkAll := "pragma_foreign_key_check"
	if old.Schema != "" {
		cat = d.QuoteIdent(old.Schema) + ".sqlite_schema"
		fkAll = fmt.Sprintf("pragma_foreign_key_check(NULL, %s)", strLit(old.Schema))
	}
	pending := "temp." + d.QuoteIdent(pendingTable)
	stmts := []string{
		fmt.Sprintf("CREATE TEMP TABLE %s AS SELECT ((SELECT defer_foreign_keys FROM pragma_defer_foreign_keys) OR EXISTS (SELECT 1 FROM %s WHERE type = 'table' AND sql LIKE '%%DEFERRED%%')) AS pending", d.QuoteIdent(pendingTable), cat),
		"PRAGMA defer_foreign_keys = ON",
	}
	triggers := m.knownTriggers(old)
	stmts = append(stmts, d.triggerGuard(old.Schema, old.Name, triggers)...)
	stmts = append(stmts,
		create,
		// An explicit column list keeps SQLite from its transfer optimisation,
		// which would copy the values without the CASTs and NOT NULL checks.
		fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", tmp, strings.Join(into, ", "), strings.Join(sel, ", "), target),
	)
	if hasSQLiteAutoincrement(old) && hasSQLiteAutoincrement(new) {
		// The copy set the scratch table's counter to the highest id copied;
		// the old table's counter may be higher (rows deleted since), and is
		// what AUTOINCREMENT promises never to hand out again. It is handed
		// to the scratch table, whose name the RENAME changes in
		// sqlite_sequence too.
		seq := "sqlite_sequence"
		if old.Schema != "" {
			seq = d.QuoteIdent(old.Schema) + ".sqlite_sequence"
		}
		stmts = append(stmts,
			fmt.Sprintf("DELETE FROM %s WHERE name = %s", seq, strLit(tmpName)),
			fmt.Sprintf("UPDATE %s SET name = %s WHERE name = %s", seq, strLit(tmpName), strLit(old.Name)),
		)
	}
	stmts = append(stmts,
		"DROP TABLE "+target,
		"PRAGMA legacy_alter_table = ON",
		fmt.Sprintf("ALTER TABLE %s RENAME TO %s", tmp, d.QuoteIdent(new.Name)),
		"PRAGMA legacy_alter_table = OFF",
		"PRAGMA defer_foreign_keys = OFF",
	)
	if scratch != new {
		// The rename re-points the self-reference only while foreign keys
		// are on (an offline script run by a sqlite3 shell without
		// -cmd "PRAGMA foreign_keys = ON", a URL that turns them off): stop
		// there, by a CHECK that fails under sqlite3 -bail too, rather than
		// leave a key to a table that no longer exists.
		stop := fmt.Sprintf("table %q was rebuilt (move and copy) while foreign keys were off, so its foreign key to itself still names the scratch table: run this with foreign keys on (sqlite3 -cmd \"PRAGMA foreign_keys = ON\"); nothing was committed", new.Name)
		guard := "temp." + d.QuoteIdent(selfRefTable)
		stmts = append(stmts,
			fmt.Sprintf("CREATE TEMP TABLE %s (n INTEGER CONSTRAINT %s CHECK (n = 0))", d.QuoteIdent(selfRefTable), d.QuoteIdent(stop)),
			fmt.Sprintf("INSERT INTO %s SELECT count(*) FROM %s WHERE type = 'table' AND name = %s AND instr(sql, %s) > 0", guard, cat, strLit(new.Name), strLit(tmpName)),
			"DROP TABLE "+guard,
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
	stmts = append(stmts,
		fmt.Sprintf("%s%s AS what_to_do FROM %s WHERE (SELECT pending FROM %s)", pendingPrefix,
			strLit(fmt.Sprintf("table %q was rebuilt (move and copy) while foreign key violations could be pending (PRAGMA defer_foreign_keys on, or a DEFERRABLE INITIALLY DEFERRED key), and this row violates a key; fix the rows before the change or make the change in its own revision", old.Name)),
			fkAll, pending),
		"DROP TABLE "+pending,
	)
	return stmts, nil
}

// selfRefTable is the TEMP table whose CHECK stops a rebuild whose rename did
// not re-point the table's foreign keys to itself (foreign keys off).
const selfRefTable = TempPrefix + "_selfref"

// pendingTable is the TEMP table in which a rebuild records, before it
// changes anything, whether foreign key violations could be pending.
const pendingTable = TempPrefix + "_pending"

// pendingPrefix starts the whole-database foreign key check of a rebuild, so
// Render can mark it ExpectNoRows.
const pendingPrefix = `SELECT "table", rowid, parent, fkid, `

// deleteAction returns fk's ON DELETE action in upper case and whether deleting
// a parent row fires it (CASCADE, SET NULL, SET DEFAULT, RESTRICT).
func deleteAction(fk *schema.ForeignKeyDef) (string, bool) {
	a := strings.ToUpper(strings.TrimSpace(fk.OnDelete))
	switch a {
	case "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT":
		return a, true
	}
	return a, false
}

// selfRefsTo returns t, or a copy of t whose foreign keys that refer to t
// itself with an ON DELETE action refer to name instead.
func selfRefsTo(t *schema.Table, name string) *schema.Table {
	var out *schema.Table
	for i, fk := range t.ForeignKeys {
		if _, fires := deleteAction(fk); !fires || fk.RefTable != t.Name || (fk.RefSchema != "" && fk.RefSchema != t.Schema) {
			continue
		}
		if out == nil {
			out = t.Clone()
		}
		out.ForeignKeys[i].RefTable = name
	}
	if out == nil {
		return t
	}
	return out
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
