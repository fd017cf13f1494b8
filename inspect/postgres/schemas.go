package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// schemasSQL lists the user schemas of the database: every namespace but
// pg_catalog, information_schema, pg_toast and the other pg_* ones, and those an
// extension created.
const schemasSQL = `
SELECT n.nspname
FROM pg_namespace n
WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY n.nspname`

// ListSchemas returns the names of the database's user schemas, sorted: what
// autogenerate reads with include_schemas: true. The connection's default
// schema is among them when it exists.
func (Inspector) ListSchemas(ctx context.Context, db *sql.DB) ([]string, error) {
	if db == nil {
		return nil, errors.New("postgresql inspector: no database connection")
	}
	rows, err := db.QueryContext(ctx, schemasSQL)
	if err != nil {
		return nil, fmt.Errorf("postgresql inspector: listing schemas: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("postgresql inspector: listing schemas: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgresql inspector: listing schemas: %w", err)
	}
	return out, nil
}
