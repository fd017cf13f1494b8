package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	mysqldialect "github.com/retortdb/migrate/dialect/mysql"
	"github.com/retortdb/migrate/schema"
)

// columnRow is one row of information_schema.COLUMNS.
type columnRow struct {
	db, table, name, colType, dataType, nullable, extra, comment, collation, genExpr string
	def                                                                              sql.NullString
}

// fetchColumns reads information_schema.COLUMNS for every table at once, in
// column order.
func (r *reader) fetchColumns(ctx context.Context) ([]columnRow, error) {
	in, args := r.inArgs()
	var out []columnRow
	err := r.q.collect(ctx, "columns", `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE,
	COLUMN_DEFAULT, COALESCE(EXTRA, ''), COALESCE(COLUMN_COMMENT, ''), COALESCE(COLLATION_NAME, ''),
	COALESCE(GENERATION_EXPRESSION, '')
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA IN (`+in+`)
ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`, args, func(rows *sql.Rows) error {
		var c columnRow
		if err := rows.Scan(&c.db, &c.table, &c.name, &c.colType, &c.dataType, &c.nullable, &c.def, &c.extra, &c.comment, &c.collation, &c.genExpr); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// readColumns puts the rows of fetchColumns into their tables: type,
// nullability, normalised default, auto_increment, comment, the collation
// when it is not the table's default, and a generated column's expression and
// storage.
func (r *reader) readColumns(list []columnRow) error {
	for _, row := range list {
		t := r.table(row.db, row.table)
		if t == nil {
			continue
		}
		name, extra := row.name, row.extra
		if err := unmodelled(t.Name, name, extra); err != nil {
			return err
		}
		typ := mysqldialect.ParseColumnType(row.colType)
		if typ.Name == schema.TEnum {
			typ.EnumName = name
		}
		lowerExtra := strings.ToLower(extra)
		c := &schema.Column{
			Name:          name,
			Type:          typ,
			Nullable:      row.nullable == "YES",
			Autoincrement: strings.Contains(lowerExtra, "auto_increment"),
			Comment:       row.comment,
		}
		if row.collation != t.Collation {
			c.Collation = row.collation
		}
		if g := generated(r.flavor, extra, row.genExpr); g != nil {
			c.Generated = g
		} else if !strings.Contains(lowerExtra, "generated") || strings.Contains(lowerExtra, "default_generated") {
			c.Default = inspectedDefault(r.flavor, row.def, extra, row.dataType, typ)
		}
		t.Columns = append(t.Columns, c)
		r.dataTypes[ckey{tkey{t.Schema, t.Name}, name}] = strings.ToLower(row.dataType)
	}
	return nil
}

// unmodelled returns an error for a column attribute migrate does not model and
// a rebuild would lose without a word (EXTRA of information_schema.COLUMNS): an
// invisible column. It names the table, the
// column and what to do.
func unmodelled(table, column, extra string) error {
	e := strings.ToUpper(extra)
	what := ""
	switch {
	case strings.Contains(e, "INVISIBLE"):
		what = "is INVISIBLE, which migrate does not model"
	default:
		return nil
	}
	return fmt.Errorf("mysql inspect: column %q.%q %s, and a table built from the model would have a plain column instead: "+
		"exclude the table (exclude_tables) and manage it with execute ops", table, column, what)
}

// generated returns a generated column's model from EXTRA ("VIRTUAL
// GENERATED", "STORED GENERATED"; MariaDB before 10.2 said PERSISTENT) and
// GENERATION_EXPRESSION, the expression as the server stores it, read as
// NormalizeCheck reads a CHECK condition (identifier backticks and charset
// introducers dropped; MySQL 8's escaped quotes undone); nil for a column
// that is not generated.
func generated(f flavor, extra, expr string) *schema.GeneratedDef {
	e := strings.ToUpper(extra)
	stored := strings.Contains(e, "STORED GENERATED") || strings.Contains(e, "PERSISTENT GENERATED")
	if !stored && !strings.Contains(e, "VIRTUAL GENERATED") {
		return nil
	}
	if !f.MariaDB {
		expr = unescapeMySQL8(expr)
	}
	return &schema.GeneratedDef{Expr: mysqldialect.NormalizeCheck(expr), Stored: stored}
}
