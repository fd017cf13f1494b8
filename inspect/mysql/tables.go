package mysql

import (
	"context"
	"fmt"

	"github.com/retortdb/migrate/schema"
)

// readTables reads information_schema.TABLES: base tables with their comments,
// and the names of views (MetaData.Views).
func (r *reader) readTables(ctx context.Context) error {
	in, args := r.inArgs()
	rows, err := r.q.query(ctx, "tables", `SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, COALESCE(TABLE_COMMENT, '')
FROM information_schema.TABLES
WHERE TABLE_SCHEMA IN (`+in+`)
ORDER BY TABLE_SCHEMA, TABLE_NAME`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var db, name, typ, comment string
		if err := rows.Scan(&db, &name, &typ, &comment); err != nil {
			return fmt.Errorf("mysql inspect: reading tables: %w", err)
		}
		if r.exclude[name] {
			continue
		}
		switch typ {
		case "BASE TABLE", "SYSTEM VERSIONED":
			r.tables[tkey{r.schemaOf(db), name}] = &schema.Table{Name: name, Schema: r.schemaOf(db), Columns: []*schema.Column{}, Comment: comment}
		default: // VIEW, SYSTEM VIEW, SEQUENCE, TEMPORARY
			v := name
			if s := r.schemaOf(db); s != "" {
				v = s + "." + name
			}
			r.views = append(r.views, v)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("mysql inspect: reading tables: %w", err)
	}
	return nil
}
