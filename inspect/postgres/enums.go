package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/retortdb/migrate/schema"
)

// enumsSQL lists every enum type of the database with its labels in order, and
// whether an extension owns it. All of them, not only the inspected schemas',
// because a column may use an enum of another schema.
const enumsSQL = `
SELECT t.oid::bigint, n.nspname, t.typname,
       json_agg(e.enumlabel ORDER BY e.enumsortorder)::text,
       EXISTS (SELECT 1 FROM pg_depend d
               WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_enum e ON e.enumtypid = t.oid
GROUP BY t.oid, n.nspname, t.typname
ORDER BY t.typname, n.nspname`

// readEnums indexes every enum by type oid and adds those of the inspected
// schemas (not owned by an extension) to m.Enums.
func (r *reader) readEnums(ctx context.Context, m *schema.MetaData) error {
	in := map[string]bool{}
	for _, s := range r.schemas {
		in[s] = true
	}
	rows, err := r.q.query(ctx, enumsSQL)
	if err != nil {
		return fmt.Errorf("postgresql inspector: listing enum types: %w", err)
	}
	defer rows.Close()
	r.enums = map[int64]*schema.EnumDef{}
	for rows.Next() {
		var (
			oid             int64
			nsp, name, vals string
			extension       bool
		)
		if err := rows.Scan(&oid, &nsp, &name, &vals, &extension); err != nil {
			return fmt.Errorf("postgresql inspector: reading enum types: %w", err)
		}
		e := &schema.EnumDef{Name: name, Schema: r.schemaOf(nsp)}
		if err := json.Unmarshal([]byte(vals), &e.Values); err != nil {
			return fmt.Errorf("postgresql inspector: enum %q: reading its labels: %w", name, err)
		}
		r.enums[oid] = e
		if in[nsp] && !extension {
			m.Enums = append(m.Enums, e)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgresql inspector: reading enum types: %w", err)
	}
	return nil
}
