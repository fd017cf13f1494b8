package mysql

import (
	"context"
	"database/sql"
	"sort"
	"strings"

	mysqldialect "github.com/retortdb/migrate/dialect/mysql"
	"github.com/retortdb/migrate/schema"
	"golang.org/x/sync/errgroup"
)

// fkName names one foreign key.
type fkName struct{ db, table, name string }

// fkRules are a foreign key's actions as REFERENTIAL_CONSTRAINTS says them.
type fkRules struct{ onUpdate, onDelete string }

// fkColumnRow is one column of a foreign key, as KEY_COLUMN_USAGE lists it.
type fkColumnRow struct {
	db, table, name, col, refDB, refTable, refCol string
}

// fetchForeignKeys reads every foreign key: its actions and its columns in
// key order. On MariaDB it reads InnoDB's dictionary
// (fetchInnoDBForeignKeys) when it can; otherwise, and on MySQL 8, whose
// information_schema is a view of its data dictionary, REFERENTIAL_CONSTRAINTS
// and KEY_COLUMN_USAGE, at the same time.
func (r *reader) fetchForeignKeys(ctx context.Context) (map[fkName]fkRules, []fkColumnRow, error) {
	if actions, cols, ok := r.fetchInnoDBForeignKeys(ctx); ok {
		return actions, cols, nil
	}
	var actions map[fkName]fkRules
	var cols []fkColumnRow
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { actions, err = r.fetchForeignKeyActions(gctx); return err })
	g.Go(func() (err error) { cols, err = r.fetchForeignKeyColumns(gctx); return err })
	err := g.Wait()
	return actions, cols, err
}

// InnoDB's foreign key TYPE bits (INNODB_SYS_FOREIGN.TYPE); none set is
// RESTRICT, the default. InnoDB has no SET DEFAULT.
const (
	innoDeleteCascade  = 1
	innoDeleteSetNull  = 2
	innoUpdateCascade  = 4
	innoUpdateSetNull  = 8
	innoDeleteNoAction = 16
	innoUpdateNoAction = 32
)

// innoRule turns TYPE bits into the rule REFERENTIAL_CONSTRAINTS would say.
func innoRule(typ int64, cascade, setNull, noAction int64) string {
	switch {
	case typ&cascade != 0:
		return "CASCADE"
	case typ&setNull != 0:
		return "SET NULL"
	case typ&noAction != 0:
		return "NO ACTION"
	}
	return "RESTRICT"
}

// plainName reports whether InnoDB stores name as written: its file-name
// encoding leaves letters, digits and "_" alone and writes anything else as
// "@…".
func plainName(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return name != ""
}

// fetchInnoDBForeignKeys reads the foreign keys of the databases read from
// MariaDB's INNODB_SYS_FOREIGN and INNODB_SYS_FOREIGN_COLS (apart, and
// joined here), the same rows REFERENTIAL_CONSTRAINTS and KEY_COLUMN_USAGE
// show, which MariaDB builds by opening every table: at 5,000 tables the two
// views take about a second, the dictionary tables a few milliseconds. InnoDB
// is the only engine with foreign keys. ok is false, and the caller reads
// information_schema instead, where these rows cannot be used as they are: on
// MySQL, on a server that stores names in another case
// (lower_case_table_names), without the PROCESS privilege the tables require,
// and when a database or table name read is not InnoDB's file name as it is
// (anything but letters, digits and "_" is encoded).
func (r *reader) fetchInnoDBForeignKeys(ctx context.Context) (map[fkName]fkRules, []fkColumnRow, bool) {
	if !r.flavor.MariaDB || r.lowerCaseNames != 0 {
		return nil, nil, false
	}
	ours := map[string]bool{}
	for _, s := range r.schemas {
		if !plainName(s) {
			return nil, nil, false
		}
		ours[s] = true
	}
	type key struct {
		id    string // "db/name"
		table fkName
		ref   [2]string
		typ   int64
	}
	var keys []key
	plain := true
	err := r.q.collect(ctx, "foreign keys (InnoDB)", `SELECT ID, FOR_NAME, REF_NAME, TYPE FROM information_schema.INNODB_SYS_FOREIGN`, nil, func(rows *sql.Rows) error {
		var id, forName, refName string
		var typ int64
		if err := rows.Scan(&id, &forName, &refName, &typ); err != nil {
			return err
		}
		db, table, ok := strings.Cut(forName, "/")
		if !ok || !ours[db] {
			return nil
		}
		refDB, refTable, ok := strings.Cut(refName, "/")
		_, name, ok2 := strings.Cut(id, "/")
		if !ok || !ok2 || !plainName(table) || !plainName(refDB) || !plainName(refTable) {
			plain = false
			return nil
		}
		keys = append(keys, key{id: id, table: fkName{db, table, name}, ref: [2]string{refDB, refTable}, typ: typ})
		return nil
	})
	if err != nil || !plain {
		return nil, nil, false
	}
	type colPair struct {
		pos      int
		col, ref string
	}
	colsOf := map[string][]colPair{}
	for _, k := range keys {
		colsOf[k.id] = nil
	}
	err = r.q.collect(ctx, "foreign key columns (InnoDB)", `SELECT ID, FOR_COL_NAME, REF_COL_NAME, POS FROM information_schema.INNODB_SYS_FOREIGN_COLS`, nil, func(rows *sql.Rows) error {
		var id string
		var c colPair
		if err := rows.Scan(&id, &c.col, &c.ref, &c.pos); err != nil {
			return err
		}
		if list, ok := colsOf[id]; ok {
			colsOf[id] = append(list, c)
		}
		return nil
	})
	if err != nil {
		return nil, nil, false
	}
	// KEY_COLUMN_USAGE's order: by database, table, name, then position.
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i].table, keys[j].table
		if a.db != b.db {
			return a.db < b.db
		}
		if a.table != b.table {
			return a.table < b.table
		}
		return a.name < b.name
	})
	actions := map[fkName]fkRules{}
	var out []fkColumnRow
	for _, k := range keys {
		actions[k.table] = fkRules{
			onUpdate: innoRule(k.typ, innoUpdateCascade, innoUpdateSetNull, innoUpdateNoAction),
			onDelete: innoRule(k.typ, innoDeleteCascade, innoDeleteSetNull, innoDeleteNoAction),
		}
		cols := colsOf[k.id]
		sort.Slice(cols, func(i, j int) bool { return cols[i].pos < cols[j].pos })
		for _, c := range cols {
			out = append(out, fkColumnRow{db: k.table.db, table: k.table.table, name: k.table.name, col: c.col,
				refDB: k.ref[0], refTable: k.ref[1], refCol: c.ref})
		}
	}
	return actions, out, true
}

// fetchForeignKeyActions reads REFERENTIAL_CONSTRAINTS: the actions of every
// foreign key.
func (r *reader) fetchForeignKeyActions(ctx context.Context) (map[fkName]fkRules, error) {
	in, args := r.inArgs()
	actions := map[fkName]fkRules{}
	err := r.q.collect(ctx, "foreign key actions", `SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE
FROM information_schema.REFERENTIAL_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA IN (`+in+`)`, args, func(rows *sql.Rows) error {
		var k fkName
		var a fkRules
		if err := rows.Scan(&k.db, &k.table, &k.name, &a.onUpdate, &a.onDelete); err != nil {
			return err
		}
		actions[k] = a
		return nil
	})
	return actions, err
}

// fetchForeignKeyColumns reads KEY_COLUMN_USAGE: the columns of every foreign
// key, in key order.
func (r *reader) fetchForeignKeyColumns(ctx context.Context) ([]fkColumnRow, error) {
	in, args := r.inArgs()
	var out []fkColumnRow
	err := r.q.collect(ctx, "foreign keys", `SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME,
	REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA IN (`+in+`) AND REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`, args, func(rows *sql.Rows) error {
		var c fkColumnRow
		if err := rows.Scan(&c.db, &c.table, &c.name, &c.col, &c.refDB, &c.refTable, &c.refCol); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// readForeignKeys joins the rows of fetchForeignKeyActions and
// fetchForeignKeyColumns into every table's foreign keys. MariaDB answers a
// join of the two information_schema views several times slower than the two
// views read apart.
func (r *reader) readForeignKeys(actions map[fkName]fkRules, cols []fkColumnRow) {
	last := map[tkey]*schema.ForeignKeyDef{}
	for _, c := range cols {
		t := r.table(c.db, c.table)
		if t == nil {
			continue
		}
		a, ok := actions[fkName{c.db, c.table, c.name}]
		if !ok {
			continue // not a foreign key after all
		}
		k := tkey{t.Schema, t.Name}
		fk := last[k]
		if fk == nil || fk.Name != c.name {
			fk = &schema.ForeignKeyDef{
				Name:      c.name,
				RefSchema: r.schemaOf(c.refDB),
				RefTable:  c.refTable,
				OnDelete:  r.flavor.fkAction(a.onDelete),
				OnUpdate:  r.flavor.fkAction(a.onUpdate),
			}
			t.ForeignKeys = append(t.ForeignKeys, fk)
			last[k] = fk
		}
		fk.Columns = append(fk.Columns, c.col)
		fk.RefColumns = append(fk.RefColumns, c.refCol)
	}
}

// fkAction maps the server's rule to the model's. The default action becomes
// "": MariaDB reports an action left out as RESTRICT, and a NO ACTION written
// out as NO ACTION, which SHOW CREATE TABLE writes back, so it is kept as
// written. MySQL 8 reports both RESTRICT and NO ACTION (the same thing on
// InnoDB) for its default, and both become "".
func (f flavor) fkAction(rule string) string {
	switch a := strings.ToUpper(strings.TrimSpace(rule)); a {
	case "RESTRICT":
		return ""
	case "NO ACTION":
		if f.MariaDB {
			return a
		}
		return ""
	default:
		return a
	}
}

// ckName names one CHECK constraint of a database (MySQL 8 names them per
// database).
type ckName struct{ db, name string }

// checkRow is one row of CHECK_CONSTRAINTS; table is "" on MySQL 8.
type checkRow struct{ db, table, name, clause string }

// fetchCheckTables reads, on MySQL 8, the table of each CHECK constraint
// from TABLE_CONSTRAINTS (CHECK_CONSTRAINTS does not say it there); nil on
// MariaDB, whose CHECK_CONSTRAINTS names each check's table, and on a server
// without CHECK_CONSTRAINTS. A join of information_schema views is several
// times slower than the views read apart and joined here.
func (r *reader) fetchCheckTables(ctx context.Context) (map[ckName][]string, error) {
	if !r.flavor.hasCheckConstraints() || r.flavor.MariaDB {
		return nil, nil
	}
	in, args := r.inArgs()
	tablesOf := map[ckName][]string{}
	err := r.q.collect(ctx, "check constraint tables", `SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME
FROM information_schema.TABLE_CONSTRAINTS
WHERE CONSTRAINT_TYPE = 'CHECK' AND TABLE_SCHEMA IN (`+in+`)`, args, func(rows *sql.Rows) error {
		var db, table, name string
		if err := rows.Scan(&db, &table, &name); err != nil {
			return err
		}
		tablesOf[ckName{db, name}] = append(tablesOf[ckName{db, name}], table)
		return nil
	})
	return tablesOf, err
}

// fetchChecks reads CHECK_CONSTRAINTS: every CHECK constraint. A server
// without it (MySQL before 8.0.16, which parsed and ignored CHECK) has no
// checks to read, and no query is run.
func (r *reader) fetchChecks(ctx context.Context) ([]checkRow, error) {
	if !r.flavor.hasCheckConstraints() {
		return nil, nil
	}
	in, args := r.inArgs()
	tableCol := "TABLE_NAME"
	if !r.flavor.MariaDB {
		tableCol = "''"
	}
	var out []checkRow
	err := r.q.collect(ctx, "check constraints", `SELECT CONSTRAINT_SCHEMA, `+tableCol+`, CONSTRAINT_NAME, CHECK_CLAUSE
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA IN (`+in+`)
ORDER BY CONSTRAINT_SCHEMA, CONSTRAINT_NAME`, args, func(rows *sql.Rows) error {
		var c checkRow
		if err := rows.Scan(&c.db, &c.table, &c.name, &c.clause); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// readChecks puts every CHECK constraint into its tables (on MySQL 8 those
// tablesOf names).
func (r *reader) readChecks(checks []checkRow, tablesOf map[ckName][]string) {
	for _, c := range checks {
		clause := c.clause
		tables := []string{c.table}
		if !r.flavor.MariaDB {
			clause = unescapeMySQL8(clause)
			tables = tablesOf[ckName{c.db, c.name}]
		}
		for _, table := range tables {
			r.addCheck(c.db, table, c.name, clause)
		}
	}
}

// addCheck puts one check into its table, or reads MariaDB's JSON check as the
// column's type.
func (r *reader) addCheck(db, table, name, clause string) {
	t := r.table(db, table)
	if t == nil {
		return
	}
	if c := t.FindColumn(name); c != nil && r.flavor.MariaDB &&
		r.dataTypes[ckey{tkey{t.Schema, t.Name}, name}] == "longtext" && isJSONCheck(name, clause, name) {
		// MariaDB's JSON: LONGTEXT plus this check, in the collation JSON implies.
		c.Type = schema.JSON()
		if c.Collation == "utf8mb4_bin" {
			c.Collation = ""
		}
		return
	}
	t.Checks = append(t.Checks, &schema.CheckDef{Name: name, Expr: mysqldialect.NormalizeCheck(clause)})
}
