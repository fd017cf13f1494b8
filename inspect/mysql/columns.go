package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	mysqldialect "github.com/retortdb/migrate/dialect/mysql"
	"github.com/retortdb/migrate/schema"
)

// readColumns reads information_schema.COLUMNS for every table at once: type,
// nullability, normalised default, auto_increment, comment, and the collation
// when it is not the table's default.
func (r *reader) readColumns(ctx context.Context) error {
	in, args := r.inArgs()
	rows, err := r.q.query(ctx, "columns", `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE,
	COLUMN_DEFAULT, COALESCE(EXTRA, ''), COALESCE(COLUMN_COMMENT, ''), COALESCE(COLLATION_NAME, '')
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA IN (`+in+`)
ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var db, table, name, colType, dataType, nullable, extra, comment, collation string
		var def sql.NullString
		if err := rows.Scan(&db, &table, &name, &colType, &dataType, &nullable, &def, &extra, &comment, &collation); err != nil {
			return fmt.Errorf("mysql inspect: reading columns: %w", err)
		}
		t := r.table(db, table)
		if t == nil {
			continue
		}
		typ := mysqldialect.ParseColumnType(colType)
		if typ.Name == schema.TEnum {
			typ.EnumName = name
		}
		c := &schema.Column{
			Name:          name,
			Type:          typ,
			Nullable:      nullable == "YES",
			Autoincrement: strings.Contains(strings.ToLower(extra), "auto_increment"),
			Comment:       comment,
		}
		if collation != t.Collation {
			c.Collation = collation
		}
		if !strings.Contains(strings.ToLower(extra), "generated") || strings.Contains(strings.ToLower(extra), "default_generated") {
			c.Default = inspectedDefault(r.flavor, def, extra, dataType, typ)
		}
		t.Columns = append(t.Columns, c)
		r.dataTypes[ckey{tkey{t.Schema, t.Name}, name}] = strings.ToLower(dataType)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("mysql inspect: reading columns: %w", err)
	}
	return nil
}
