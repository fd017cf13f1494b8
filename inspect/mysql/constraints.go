package mysql

import (
	"context"
	"database/sql"
	"strings"

	mysqldialect "github.com/retortdb/migrate/dialect/mysql"
	"github.com/retortdb/migrate/schema"
)

// fkName names one foreign key.
type fkName struct{ db, table, name string }

// fkRules are a foreign key's actions as REFERENTIAL_CONSTRAINTS says them.
type fkRules struct{ onUpdate, onDelete string }

// fkColumnRow is one column of a foreign key, as KEY_COLUMN_USAGE lists it.
type fkColumnRow struct {
	db, table, name, col, refDB, refTable, refCol string
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
