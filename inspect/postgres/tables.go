package postgres

import (
	"context"
	"fmt"

	"github.com/retortdb/migrate/schema"
)

// relationsSQL lists the tables, views and foreign tables of the schemas in $1,
// without partitions and without relations an extension owns.
const relationsSQL = `
SELECT c.oid::bigint, n.nspname, c.relname, c.relkind::text,
       coalesce(obj_description(c.oid, 'pg_class'), '')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[])
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND NOT c.relispartition
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname`

// readRelations fills m.Tables (without columns yet) and m.Views, and indexes the
// tables by oid for the later queries.
func (r *reader) readRelations(ctx context.Context, m *schema.MetaData, exclude []string) error {
	skip := map[string]bool{}
	for _, e := range exclude {
		skip[e] = true
	}
	rows, err := r.q.query(ctx, relationsSQL, r.schemas)
	if err != nil {
		return fmt.Errorf("postgresql inspector: listing tables of schemas %v: %w", r.schemas, err)
	}
	defer rows.Close()
	r.tables = map[int64]*schema.Table{}
	for rows.Next() {
		var (
			oid                 int64
			nsp, name, kind, cm string
		)
		if err := rows.Scan(&oid, &nsp, &name, &kind, &cm); err != nil {
			return fmt.Errorf("postgresql inspector: reading the table list: %w", err)
		}
		sch := r.schemaOf(nsp)
		full := name
		if sch != "" {
			full = sch + "." + name
		}
		if skip[name] || skip[full] {
			continue
		}
		switch kind {
		case "r", "p":
			t := &schema.Table{Name: name, Schema: sch, Columns: []*schema.Column{}, Comment: cm}
			r.tables[oid] = t
			m.Tables = append(m.Tables, t)
		default:
			m.Views = append(m.Views, full)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgresql inspector: reading the table list: %w", err)
	}
	return nil
}
