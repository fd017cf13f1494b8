package postgres

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/retortdb/migrate/schema"
)

// objectsSQL lists, in one query, the objects defined by SQL of the schemas in
// $1 that are not members of an extension, one row each: a class key and oid
// (for dependencies), the kind, schema, name, table, definition, comment, and
// a refusal ("" when the object is modelled) naming what the model cannot hold.
//
//   - extensions (every one but plpgsql, which every database has): the
//     schema of their objects and their version;
//   - schemas: the inspected schemas but the default one and public;
//   - sequences no column owns (a serial or identity column's sequence is part
//     of its column): every option spelled out;
//   - domains: base type, collation, default, NOT NULL and named constraints;
//   - functions, procedures (pg_get_functiondef) and aggregates (from
//     pg_aggregate; moving-aggregate and ordered-set forms are refused);
//   - views and materialized views (pg_get_viewdef); options (WITH (…)),
//     column comments and column defaults on them are refused;
//   - indexes on materialized views (pg_get_indexdef);
//   - triggers but internal ones and those cloned from a partitioned parent
//     (pg_get_triggerdef);
//   - row-level security policies.
const objectsSQL = `
WITH nsp AS (SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY($1::text[])),
ext_member AS (SELECT classid, objid FROM pg_depend WHERE deptype = 'e')
SELECT 'pg_extension'::text, e.oid::bigint, 'extension'::text, n.nspname::text, e.extname::text, ''::text, e.extversion::text,
       coalesce(obj_description(e.oid, 'pg_extension'), '')::text, ''::text
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
UNION ALL
SELECT 'pg_namespace', n.oid::bigint, 'schema', '', n.nspname, '', '',
       coalesce(obj_description(n.oid, 'pg_namespace'), ''), ''
FROM nsp n WHERE n.nspname NOT IN ('public', current_schema())
UNION ALL
SELECT 'pg_class', c.oid::bigint, 'sequence', n.nspname, c.relname, '',
       'AS ' || format_type(s.seqtypid, NULL) || ' START WITH ' || s.seqstart || ' INCREMENT BY ' || s.seqincrement ||
       ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax || ' CACHE ' || s.seqcache ||
       CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END,
       coalesce(obj_description(c.oid, 'pg_class'), ''), ''
FROM pg_class c JOIN nsp n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid
WHERE c.relkind = 'S'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
UNION ALL
SELECT 'pg_type', t.oid::bigint, 'domain', n.nspname, t.typname, '',
       format_type(t.typbasetype, t.typtypmod) ||
       CASE WHEN t.typcollation <> 0 AND t.typcollation IS DISTINCT FROM (SELECT typcollation FROM pg_type WHERE oid = t.typbasetype)
            THEN ' COLLATE ' || (SELECT quote_ident(collname) FROM pg_collation WHERE oid = t.typcollation) ELSE '' END ||
       CASE WHEN t.typdefault IS NOT NULL THEN ' DEFAULT ' || t.typdefault ELSE '' END ||
       CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END ||
       coalesce((SELECT string_agg(' CONSTRAINT ' || quote_ident(co.conname) || ' ' || pg_get_constraintdef(co.oid), '' ORDER BY co.conname)
                 FROM pg_constraint co WHERE co.contypid = t.oid), ''),
       coalesce(obj_description(t.oid, 'pg_type'), ''), ''
FROM pg_type t JOIN nsp n ON n.oid = t.typnamespace
WHERE t.typtype = 'd' AND (t.oid) NOT IN (SELECT objid FROM ext_member WHERE classid = 'pg_type'::regclass)
UNION ALL
SELECT 'pg_proc', p.oid::bigint,
       CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
       n.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', '',
       CASE WHEN p.prokind = 'a' THEN
         (SELECT 'SFUNC = ' || a.aggtransfn::regproc::text || ', STYPE = ' || format_type(a.aggtranstype, NULL) ||
                 CASE WHEN a.aggtransspace <> 0 THEN ', SSPACE = ' || a.aggtransspace ELSE '' END ||
                 CASE WHEN a.aggfinalfn <> 0 THEN ', FINALFUNC = ' || a.aggfinalfn::regproc::text ELSE '' END ||
                 CASE WHEN a.aggfinalextra THEN ', FINALFUNC_EXTRA' ELSE '' END ||
                 CASE WHEN a.aggcombinefn <> 0 THEN ', COMBINEFUNC = ' || a.aggcombinefn::regproc::text ELSE '' END ||
                 CASE WHEN a.aggserialfn <> 0 THEN ', SERIALFUNC = ' || a.aggserialfn::regproc::text ELSE '' END ||
                 CASE WHEN a.aggdeserialfn <> 0 THEN ', DESERIALFUNC = ' || a.aggdeserialfn::regproc::text ELSE '' END ||
                 CASE WHEN a.agginitval IS NOT NULL THEN ', INITCOND = ' || quote_literal(a.agginitval) ELSE '' END ||
                 CASE WHEN a.aggsortop <> 0 THEN ', SORTOP = ' || a.aggsortop::regoperator::text ELSE '' END ||
                 CASE WHEN p.proparallel = 's' THEN ', PARALLEL = SAFE' WHEN p.proparallel = 'r' THEN ', PARALLEL = RESTRICTED' ELSE '' END
          FROM pg_aggregate a WHERE a.aggfnoid = p.oid)
       ELSE pg_get_functiondef(p.oid) END,
       coalesce(obj_description(p.oid, 'pg_proc'), ''),
       CASE WHEN p.prokind = 'a' AND EXISTS (SELECT 1 FROM pg_aggregate a WHERE a.aggfnoid = p.oid AND (a.aggkind <> 'n' OR a.aggmtransfn <> 0))
            THEN 'an ordered-set, hypothetical-set or moving aggregate' ELSE '' END
FROM pg_proc p JOIN nsp n ON n.oid = p.pronamespace
WHERE p.oid NOT IN (SELECT objid FROM ext_member WHERE classid = 'pg_proc'::regclass)
UNION ALL
SELECT 'pg_class', c.oid::bigint, CASE c.relkind WHEN 'v' THEN 'view' ELSE 'materialized_view' END,
       n.nspname, c.relname, '', trim(pg_get_viewdef(c.oid)),
       coalesce(obj_description(c.oid, 'pg_class'), ''),
       CASE WHEN c.reloptions IS NOT NULL THEN 'options WITH (' || array_to_string(c.reloptions, ', ') || ')'
            WHEN EXISTS (SELECT 1 FROM pg_description de WHERE de.classoid = 'pg_class'::regclass AND de.objoid = c.oid AND de.objsubid > 0) THEN 'column comments'
            WHEN EXISTS (SELECT 1 FROM pg_attrdef ad WHERE ad.adrelid = c.oid) THEN 'column defaults'
            WHEN c.reltablespace <> 0 THEN 'a tablespace'
            ELSE '' END
FROM pg_class c JOIN nsp n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND c.oid NOT IN (SELECT objid FROM ext_member WHERE classid = 'pg_class'::regclass)
UNION ALL
SELECT 'pg_class', i.indexrelid::bigint, 'index', n.nspname, ic.relname, c.relname, pg_get_indexdef(i.indexrelid),
       coalesce(obj_description(i.indexrelid, 'pg_class'), ''), ''
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid JOIN nsp n ON n.oid = c.relnamespace
WHERE c.relkind = 'm' AND c.oid NOT IN (SELECT objid FROM ext_member WHERE classid = 'pg_class'::regclass)
UNION ALL
SELECT 'pg_trigger', tg.oid::bigint, 'trigger', n.nspname, tg.tgname, c.relname, pg_get_triggerdef(tg.oid),
       coalesce(obj_description(tg.oid, 'pg_trigger'), ''), ''
FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN nsp n ON n.oid = c.relnamespace
WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND c.oid NOT IN (SELECT objid FROM ext_member WHERE classid = 'pg_class'::regclass)
UNION ALL
SELECT 'pg_policy', po.oid::bigint, 'policy', n.nspname, po.polname, c.relname,
       'AS ' || CASE WHEN po.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END ||
       ' FOR ' || CASE po.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END ||
       ' TO ' || (SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END, ', ' ORDER BY r) FROM unnest(po.polroles) r) ||
       CASE WHEN po.polqual IS NOT NULL THEN ' USING (' || pg_get_expr(po.polqual, po.polrelid) || ')' ELSE '' END ||
       CASE WHEN po.polwithcheck IS NOT NULL THEN ' WITH CHECK (' || pg_get_expr(po.polwithcheck, po.polrelid) || ')' ELSE '' END,
       coalesce(obj_description(po.oid, 'pg_policy'), ''), ''
FROM pg_policy po JOIN pg_class c ON c.oid = po.polrelid JOIN nsp n ON n.oid = c.relnamespace`

// objectDepsSQL lists the normal dependencies between user objects (oids from
// 16384, FirstNormalObjectId, on): a view's rewrite rule stands for its view,
// a table's row type for its table, and an object an extension owns for that
// extension.
const objectDepsSQL = `
SELECT CASE WHEN d.classid = 'pg_rewrite'::regclass THEN 'pg_class' ELSE d.classid::regclass::text END,
       CASE WHEN d.classid = 'pg_rewrite'::regclass THEN (SELECT ev_class FROM pg_rewrite WHERE oid = d.objid)::bigint ELSE d.objid::bigint END,
       CASE WHEN e.refobjid IS NOT NULL THEN 'pg_extension'
            WHEN d.refclassid = 'pg_type'::regclass AND t.typrelid <> 0 THEN 'pg_class'
            WHEN d.refclassid = 'pg_type'::regclass AND t.typelem <> 0 AND t.typcategory = 'A' THEN 'pg_type'
            ELSE d.refclassid::regclass::text END,
       CASE WHEN e.refobjid IS NOT NULL THEN e.refobjid::bigint
            WHEN d.refclassid = 'pg_type'::regclass AND t.typrelid <> 0 THEN t.typrelid::bigint
            WHEN d.refclassid = 'pg_type'::regclass AND t.typelem <> 0 AND t.typcategory = 'A' THEN t.typelem::bigint
            ELSE d.refobjid::bigint END
FROM pg_depend d
LEFT JOIN pg_type t ON d.refclassid = 'pg_type'::regclass AND t.oid = d.refobjid
LEFT JOIN pg_depend e ON e.classid = d.refclassid AND e.objid = d.refobjid AND e.deptype = 'e'
WHERE d.deptype = 'n' AND d.refobjid >= 16384 AND d.objid >= 16384
  AND d.classid IN ('pg_class'::regclass, 'pg_proc'::regclass, 'pg_type'::regclass, 'pg_trigger'::regclass,
                    'pg_rewrite'::regclass, 'pg_policy'::regclass, 'pg_extension'::regclass)`

// readObjects fills m.Objects and their DependsOn; it refuses an object whose
// properties the model cannot hold, naming it and the property.
func (r *reader) readObjects(ctx context.Context, m *schema.MetaData) error {
	rows, err := r.q.query(ctx, objectsSQL, r.schemas)
	if err != nil {
		return fmt.Errorf("postgresql inspector: listing views, functions, triggers and other objects of schemas %v: %w", r.schemas, err)
	}
	defer rows.Close()
	byOID := map[string]*schema.ObjectDef{}
	for rows.Next() {
		var (
			class                                        string
			oid                                          int64
			kind, nsp, name, table, def, comment, refuse string
		)
		if err := rows.Scan(&class, &oid, &kind, &nsp, &name, &table, &def, &comment, &refuse); err != nil {
			return fmt.Errorf("postgresql inspector: reading the object list: %w", err)
		}
		def = strings.TrimSpace(def)
		if kind == schema.KindView || kind == schema.KindMaterializedView {
			def = strings.TrimSpace(strings.TrimSuffix(def, ";"))
		}
		o := &schema.ObjectDef{Kind: kind, Schema: r.schemaOf(nsp), Name: name, Table: table, Definition: def, Comment: comment}
		if kind == schema.KindSchema {
			o.Schema = ""
		}
		if refuse != "" {
			return fmt.Errorf("postgresql inspector: %s %q has %s, which migrate does not model; remove it, or leave the schema out of what migrate reads", kind, qualifiedName(o), refuse)
		}
		byOID[fmt.Sprintf("%s:%d", class, oid)] = o
		m.Objects = append(m.Objects, o)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgresql inspector: reading the object list: %w", err)
	}
	rows.Close()
	// A trigger or policy is kept when it is on a table read, or on a view
	// (INSTEAD OF triggers); one on an excluded table is left out with it.
	views := map[string]bool{}
	for _, o := range m.Objects {
		if o.Kind == schema.KindView || o.Kind == schema.KindMaterializedView {
			views[o.Schema+"."+o.Name] = true
		}
	}
	kept := m.Objects[:0]
	for _, o := range m.Objects {
		if (o.Kind == schema.KindTrigger || o.Kind == schema.KindPolicy) && r.tableByName(o.Schema, o.Table) == nil && !views[o.Schema+"."+o.Table] {
			for k, v := range byOID {
				if v == o {
					delete(byOID, k)
				}
			}
			continue
		}
		kept = append(kept, o)
	}
	m.Objects = kept
	for oid, t := range r.tables {
		byOID[fmt.Sprintf("pg_class:%d", oid)] = &schema.ObjectDef{Kind: "table", Schema: t.Schema, Name: t.Name}
	}
	if err := r.readObjectDeps(ctx, byOID); err != nil {
		return err
	}
	sortObjects(m)
	return nil
}

// sortObjects puts m.Objects in kind rank order, then by key.
func sortObjects(m *schema.MetaData) {
	sort.SliceStable(m.Objects, func(i, j int) bool {
		a, b := m.Objects[i], m.Objects[j]
		if ra, rb := schema.KindRank(a.Kind), schema.KindRank(b.Kind); ra != rb {
			return ra < rb
		}
		return a.Key() < b.Key()
	})
}

// readObjectDeps fills DependsOn of the objects in byOID (keyed
// "catalog:oid") from pg_depend.
func (r *reader) readObjectDeps(ctx context.Context, byOID map[string]*schema.ObjectDef) error {
	rows, err := r.q.query(ctx, objectDepsSQL)
	if err != nil {
		return fmt.Errorf("postgresql inspector: reading object dependencies (pg_depend): %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			class, refClass string
			oid, refOID     int64
		)
		if err := rows.Scan(&class, &oid, &refClass, &refOID); err != nil {
			return fmt.Errorf("postgresql inspector: reading object dependencies (pg_depend): %w", err)
		}
		o := byOID[fmt.Sprintf("%s:%d", class, oid)]
		ref := byOID[fmt.Sprintf("%s:%d", refClass, refOID)]
		if o == nil || ref == nil || o == ref || o.Kind == "table" {
			continue
		}
		key := ref.Key()
		if ref.Kind == "table" {
			key = schema.ObjectRef("table", ref.Schema, ref.Name)
		}
		if !contains(o.DependsOn, key) {
			o.DependsOn = append(o.DependsOn, key)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgresql inspector: reading object dependencies (pg_depend): %w", err)
	}
	for _, o := range byOID {
		sort.Strings(o.DependsOn)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// tableByName returns the inspected table, or nil.
func (r *reader) tableByName(schemaName, name string) *schema.Table {
	for _, t := range r.tables {
		if t.Schema == schemaName && t.Name == name {
			return t
		}
	}
	return nil
}

func qualifiedName(o *schema.ObjectDef) string {
	s := o.Name
	if o.Schema != "" {
		s = o.Schema + "." + s
	}
	if o.Table != "" {
		s += " on " + o.Table
	}
	return s
}
