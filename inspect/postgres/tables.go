package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/retortdb/migrate/schema"
)

// relationsSQL lists the tables (partitions included, with their bound and
// parent; partitioned tables with their key), views and foreign tables of the
// schemas in $1, without relations an extension owns, with the table
// properties migrate does not model, so that a table having one is refused
// rather than rebuilt without it (UNLOGGED, storage parameters, a tablespace
// other than the database's, parents it INHERITS from), its row-level
// security and the index it (or a materialized view) is CLUSTERed on.
const relationsSQL = `
SELECT c.oid::bigint, n.nspname, c.relname, c.relkind::text,
       coalesce(obj_description(c.oid, 'pg_class'), ''),
       c.relpersistence = 'u', coalesce(array_to_string(c.reloptions, ', '), ''),
       coalesce((SELECT spcname::text FROM pg_tablespace WHERE oid = c.reltablespace), ''),
       coalesce((SELECT string_agg(p.oid::regclass::text, ', ' ORDER BY i.inhseqno)
                 FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
                 WHERE i.inhrelid = c.oid), ''),
       c.relrowsecurity, c.relforcerowsecurity,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) ELSE '' END,
       c.relispartition, coalesce(pg_get_expr(c.relpartbound, c.oid), ''),
       coalesce((SELECT pn.nspname || '.' || p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
                 JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid AND c.relispartition), ''),
       coalesce((SELECT ic.relname::text FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
                 WHERE x.indrelid = c.oid AND x.indisclustered), '')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[])
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
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
			oid                         int64
			nsp, name, kind, cm         string
			unlogged, rls, isPart       bool
			forceRLS                    bool
			relOptions, space, inherits string
			partKey, bound, parent      string
			clusterOn                   string
		)
		if err := rows.Scan(&oid, &nsp, &name, &kind, &cm, &unlogged, &relOptions, &space, &inherits, &rls, &forceRLS, &partKey, &isPart, &bound, &parent, &clusterOn); err != nil {
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
			exclude := "exclude the table (--exclude " + full + ")"
			switch {
			case unlogged:
				return unmodelled(t, "the table", "UNLOGGED", "make it logged (ALTER TABLE … SET LOGGED), or "+exclude)
			case relOptions != "":
				return unmodelled(t, "the table", "storage parameters WITH ("+relOptions+")", "reset them (ALTER TABLE … RESET (…)), or "+exclude)
			case space != "":
				return unmodelled(t, "the table", "TABLESPACE "+space, "move it to the default tablespace, or "+exclude)
			case isPart && parent != nsp+"."+parentName(parent):
				return unmodelled(t, "the partition", "a parent in another schema ("+inherits+")", exclude)
			case inherits != "" && !isPart:
				return unmodelled(t, "the table", "INHERITS ("+inherits+")", exclude)
			}
			t.PartitionBy = partKey
			r.tables[oid] = t
			m.Tables = append(m.Tables, t)
			if rls || forceRLS {
				def := "ENABLE"
				if forceRLS {
					def = "FORCE"
				}
				if !rls {
					return unmodelled(t, "the table", "FORCE ROW LEVEL SECURITY without ENABLE", "enable it or run ALTER TABLE … NO FORCE ROW LEVEL SECURITY, or "+exclude)
				}
				m.Objects = append(m.Objects, &schema.ObjectDef{Kind: schema.KindRowSecurity, Schema: sch, Name: name, Table: name, Definition: def,
					DependsOn: []string{schema.ObjectRef("table", sch, name)}})
			}
			if clusterOn != "" {
				m.Objects = append(m.Objects, &schema.ObjectDef{Kind: schema.KindClusterOn, Schema: sch, Name: name, Table: name, Definition: clusterOn,
					DependsOn: []string{schema.ObjectRef("table", sch, name)}})
			}
			if isPart {
				pn := parentName(parent)
				m.Objects = append(m.Objects, &schema.ObjectDef{Kind: schema.KindPartition, Schema: sch, Name: name, Table: pn, Definition: bound,
					DependsOn: []string{schema.ObjectRef("table", sch, name), schema.ObjectRef("table", sch, pn)}})
			}
		case "v", "m":
			// Read with their definitions by readObjects; a materialized
			// view may be CLUSTERed on one of its indexes.
			if clusterOn != "" {
				m.Objects = append(m.Objects, &schema.ObjectDef{Kind: schema.KindClusterOn, Schema: sch, Name: name, Table: name, Definition: clusterOn,
					DependsOn: []string{schema.ObjectRef(schema.KindMaterializedView, sch, name), schema.ObjectRef(schema.KindIndex, sch, name+"."+clusterOn)}})
			}
		default:
			m.Views = append(m.Views, full)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgresql inspector: reading the table list: %w", err)
	}
	return nil
}

// parentName returns the table name of a partition's parent written
// "schema.name" (schema and name as the catalog has them, unquoted).
func parentName(full string) string {
	if i := strings.IndexByte(full, '.'); i >= 0 {
		return full[i+1:]
	}
	return full
}
