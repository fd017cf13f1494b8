package mysql

import (
	"context"
	"fmt"
	"strings"

	mysqldialect "github.com/retortdb/migrate/dialect/mysql"
	"github.com/retortdb/migrate/schema"
)

// readForeignKeys reads REFERENTIAL_CONSTRAINTS (the actions) and then
// KEY_COLUMN_USAGE (the columns, in key order) and joins them here: every
// foreign key of every table. MariaDB answers a join of two information_schema
// views several times slower than the two views read apart.
func (r *reader) readForeignKeys(ctx context.Context) error {
	in, args := r.inArgs()
	type fkName struct {
		db, table, name string
	}
	type rules struct{ onUpdate, onDelete string }
	actions := map[fkName]rules{}
	rows, err := r.q.query(ctx, "foreign key actions", `SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE
FROM information_schema.REFERENTIAL_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA IN (`+in+`)`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var k fkName
		var a rules
		if err := rows.Scan(&k.db, &k.table, &k.name, &a.onUpdate, &a.onDelete); err != nil {
			rows.Close()
			return fmt.Errorf("mysql inspect: reading foreign key actions: %w", err)
		}
		actions[k] = a
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("mysql inspect: reading foreign key actions: %w", err)
	}
	rows, err = r.q.query(ctx, "foreign keys", `SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME,
	REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA IN (`+in+`) AND REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	last := map[tkey]*schema.ForeignKeyDef{}
	for rows.Next() {
		var db, table, name, col, refDB, refTable, refCol string
		if err := rows.Scan(&db, &table, &name, &col, &refDB, &refTable, &refCol); err != nil {
			return fmt.Errorf("mysql inspect: reading foreign keys: %w", err)
		}
		t := r.table(db, table)
		if t == nil {
			continue
		}
		a, ok := actions[fkName{db, table, name}]
		if !ok {
			continue // not a foreign key after all
		}
		k := tkey{t.Schema, t.Name}
		fk := last[k]
		if fk == nil || fk.Name != name {
			fk = &schema.ForeignKeyDef{
				Name:      name,
				RefSchema: r.schemaOf(refDB),
				RefTable:  refTable,
				OnDelete:  r.flavor.fkAction(a.onDelete),
				OnUpdate:  r.flavor.fkAction(a.onUpdate),
			}
			t.ForeignKeys = append(t.ForeignKeys, fk)
			last[k] = fk
		}
		fk.Columns = append(fk.Columns, col)
		fk.RefColumns = append(fk.RefColumns, refCol)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("mysql inspect: reading foreign keys: %w", err)
	}
	return nil
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

// readChecks reads every CHECK constraint. MariaDB's CHECK_CONSTRAINTS names
// each check's table, so one query does; MySQL 8 names checks per database, so
// their tables come from TABLE_CONSTRAINTS, read apart and joined here (a join
// of information_schema views is several times slower). A server without
// CHECK_CONSTRAINTS (MySQL before 8.0.16, which parsed and ignored CHECK) has no
// checks to read, and no query is run.
func (r *reader) readChecks(ctx context.Context) error {
	if !r.flavor.hasCheckConstraints() {
		return nil
	}
	in, args := r.inArgs()
	type ckName struct{ db, name string }
	var tablesOf map[ckName][]string
	if !r.flavor.MariaDB {
		tablesOf = map[ckName][]string{}
		rows, err := r.q.query(ctx, "check constraint tables", `SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME
FROM information_schema.TABLE_CONSTRAINTS
WHERE CONSTRAINT_TYPE = 'CHECK' AND TABLE_SCHEMA IN (`+in+`)`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var db, table, name string
			if err := rows.Scan(&db, &table, &name); err != nil {
				rows.Close()
				return fmt.Errorf("mysql inspect: reading check constraint tables: %w", err)
			}
			tablesOf[ckName{db, name}] = append(tablesOf[ckName{db, name}], table)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("mysql inspect: reading check constraint tables: %w", err)
		}
	}
	tableCol := "TABLE_NAME"
	if !r.flavor.MariaDB {
		tableCol = "''"
	}
	rows, err := r.q.query(ctx, "check constraints", `SELECT CONSTRAINT_SCHEMA, `+tableCol+`, CONSTRAINT_NAME, CHECK_CLAUSE
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA IN (`+in+`)
ORDER BY CONSTRAINT_SCHEMA, CONSTRAINT_NAME`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var db, table, name, clause string
		if err := rows.Scan(&db, &table, &name, &clause); err != nil {
			return fmt.Errorf("mysql inspect: reading check constraints: %w", err)
		}
		tables := []string{table}
		if !r.flavor.MariaDB {
			clause = unescapeMySQL8(clause)
			tables = tablesOf[ckName{db, name}]
		}
		for _, table := range tables {
			r.addCheck(db, table, name, clause)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("mysql inspect: reading check constraints: %w", err)
	}
	return nil
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
