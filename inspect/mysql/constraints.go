package mysql

import (
	"context"
	"fmt"
	"strings"

	mysqldialect "github.com/retortdb/migrate/dialect/mysql"
	"github.com/retortdb/migrate/schema"
)

// readForeignKeys reads KEY_COLUMN_USAGE joined with REFERENTIAL_CONSTRAINTS:
// every foreign key of every table, columns in key order.
func (r *reader) readForeignKeys(ctx context.Context) error {
	in, args := r.inArgs()
	rows, err := r.q.query(ctx, "foreign keys", `SELECT k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME,
	k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, rc.UPDATE_RULE, rc.DELETE_RULE
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS rc
	ON rc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND rc.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND rc.TABLE_NAME = k.TABLE_NAME
WHERE k.TABLE_SCHEMA IN (`+in+`) AND k.REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	last := map[tkey]*schema.ForeignKeyDef{}
	for rows.Next() {
		var db, table, name, col, refDB, refTable, refCol, onUpdate, onDelete string
		if err := rows.Scan(&db, &table, &name, &col, &refDB, &refTable, &refCol, &onUpdate, &onDelete); err != nil {
			return fmt.Errorf("mysql inspect: reading foreign keys: %w", err)
		}
		t := r.table(db, table)
		if t == nil {
			continue
		}
		k := tkey{t.Schema, t.Name}
		fk := last[k]
		if fk == nil || fk.Name != name {
			fk = &schema.ForeignKeyDef{
				Name:      name,
				RefSchema: r.schemaOf(refDB),
				RefTable:  refTable,
				OnDelete:  fkAction(onDelete),
				OnUpdate:  fkAction(onUpdate),
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

// fkAction maps MySQL's rule to the model's: RESTRICT and NO ACTION (the same
// thing on InnoDB, and the default) become "".
func fkAction(rule string) string {
	switch a := strings.ToUpper(strings.TrimSpace(rule)); a {
	case "RESTRICT", "NO ACTION":
		return ""
	default:
		return a
	}
}

// readChecks reads TABLE_CONSTRAINTS joined with CHECK_CONSTRAINTS. MariaDB names
// a check per table (CHECK_CONSTRAINTS has TABLE_NAME); MySQL 8 per database (it
// has not), hence two spellings of the join. A server without CHECK_CONSTRAINTS
// (MySQL before 8.0.16, which parsed and ignored CHECK) has no checks to read, and
// the query is not run.
func (r *reader) readChecks(ctx context.Context) error {
	if !r.flavor.HasCheckConstraints() {
		return nil
	}
	join := "cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
	if r.flavor.MariaDB {
		join += " AND cc.TABLE_NAME = tc.TABLE_NAME"
	}
	in, args := r.inArgs()
	rows, err := r.q.query(ctx, "check constraints", `SELECT tc.TABLE_SCHEMA, tc.TABLE_NAME, tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE
FROM information_schema.TABLE_CONSTRAINTS tc
JOIN information_schema.CHECK_CONSTRAINTS cc ON `+join+`
WHERE tc.CONSTRAINT_TYPE = 'CHECK' AND tc.TABLE_SCHEMA IN (`+in+`)
ORDER BY tc.TABLE_SCHEMA, tc.TABLE_NAME, tc.CONSTRAINT_NAME`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var db, table, name, clause string
		if err := rows.Scan(&db, &table, &name, &clause); err != nil {
			return fmt.Errorf("mysql inspect: reading check constraints: %w", err)
		}
		t := r.table(db, table)
		if t == nil {
			continue
		}
		if !r.flavor.MariaDB {
			clause = mysqldialect.UnescapeMySQL8(clause)
		}
		if c := t.FindColumn(name); c != nil && r.flavor.MariaDB &&
			r.dataTypes[ckey{tkey{t.Schema, t.Name}, name}] == "longtext" && mysqldialect.IsJSONCheck(name, clause, name) {
			// MariaDB's JSON: LONGTEXT plus this check.
			c.Type = schema.JSON()
			continue
		}
		t.Checks = append(t.Checks, &schema.CheckDef{Name: name, Expr: mysqldialect.NormalizeCheck(clause)})
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("mysql inspect: reading check constraints: %w", err)
	}
	return nil
}
