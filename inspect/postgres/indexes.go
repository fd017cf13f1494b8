package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	pgdialect "github.com/retortdb/migrate/dialect/postgres"
	"github.com/retortdb/migrate/schema"
)

// indexesSQL lists the indexes of every table of the schemas in $1 that back no
// primary key, unique or exclusion constraint: key columns in order (a column's
// name, or the expression's text from pg_get_indexdef), uniqueness and the
// partial-index predicate. INCLUDE columns are left out.
const indexesSQL = `
SELECT i.indrelid::bigint, ic.relname, i.indisunique,
       (SELECT coalesce(json_agg(CASE WHEN k.num <> 0 THEN a.attname::text
                                      ELSE pg_get_indexdef(i.indexrelid, k.ord::int, true) END
                                 ORDER BY k.ord), '[]')
        FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
        LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num
        WHERE k.ord <= i.indnkeyatts)::text,
       coalesce(pg_get_expr(i.indpred, i.indrelid, true), '')
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[])
  AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                    AND con.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, ic.relname`

// readIndexes adds indexes to the tables read by readRelations.
func (r *reader) readIndexes(ctx context.Context) error {
	rows, err := r.q.query(ctx, indexesSQL, r.schemas)
	if err != nil {
		return fmt.Errorf("postgresql inspector: listing indexes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			rel                   int64
			name, colsJSON, where string
			unique                bool
		)
		if err := rows.Scan(&rel, &name, &unique, &colsJSON, &where); err != nil {
			return fmt.Errorf("postgresql inspector: reading indexes: %w", err)
		}
		t := r.tables[rel]
		if t == nil {
			continue
		}
		ix := &schema.IndexDef{Name: name, Unique: unique, Where: pgdialect.StripOuterParens(where)}
		if err := json.Unmarshal([]byte(colsJSON), &ix.Columns); err != nil {
			return fmt.Errorf("postgresql inspector: table %q, index %q: reading its columns: %w", t.Name, name, err)
		}
		t.Indexes = append(t.Indexes, ix)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgresql inspector: reading indexes: %w", err)
	}
	return nil
}
