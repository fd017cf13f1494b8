package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	pgdialect "github.com/retortdb/migrate/dialect/postgres"
	"github.com/retortdb/migrate/schema"
)

// indexesSQL lists the indexes of every table of the schemas in $1 that back no
// primary key, unique or exclusion constraint: per key, in order, the column's
// name (or the expression's text from pg_get_indexdef), its operator class when
// it is not the default one for its type, and its ordering flags (indoption bit
// 1: DESC, bit 2: NULLS FIRST) and its collation when it is not the key's own
// (a column's, or the database default for an expression; quoted and
// schema-qualified outside pg_catalog); the INCLUDE columns; the access
// method; uniqueness, the partial-index predicate, NULLS NOT DISTINCT (read
// through to_jsonb, so servers before 15 answer false), storage parameters
// and a tablespace other than the database's.
const indexesSQL = `
SELECT i.indrelid::bigint, ic.relname, i.indisunique, am.amname::text,
       (SELECT coalesce(json_agg(json_build_array(
                  CASE WHEN k.num <> 0 THEN a.attname::text
                       ELSE pg_get_indexdef(i.indexrelid, k.ord::int, true) END,
                  CASE WHEN opc.opcdefault THEN '' ELSE opc.opcname::text END,
                  i.indoption[k.ord - 1],
                  CASE WHEN coll.oid IS NULL
                         OR coll.oid = CASE WHEN k.num <> 0 THEN a.attcollation ELSE 100 END THEN ''
                       WHEN cn.nspname = 'pg_catalog' THEN coll.collname::text
                       ELSE quote_ident(cn.nspname) || '.' || quote_ident(coll.collname) END)
                ORDER BY k.ord), '[]')
        FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
        LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num
        LEFT JOIN pg_opclass opc ON opc.oid = i.indclass[k.ord - 1]
        LEFT JOIN pg_collation coll ON coll.oid = i.indcollation[k.ord - 1]
        LEFT JOIN pg_namespace cn ON cn.oid = coll.collnamespace
        WHERE k.ord <= i.indnkeyatts)::text,
       (SELECT coalesce(json_agg(a.attname ORDER BY k.ord), '[]')
        FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num
        WHERE k.ord > i.indnkeyatts)::text,
       coalesce(pg_get_expr(i.indpred, i.indrelid, true), ''),
       coalesce((to_jsonb(i)->>'indnullsnotdistinct')::bool, false),
       coalesce(array_to_string(ic.reloptions, ', '), ''),
       coalesce(ts.spcname::text, '')
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
LEFT JOIN pg_tablespace ts ON ts.oid = ic.reltablespace
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[])
  AND c.relkind IN ('r', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                    AND con.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, ic.relname`

// readIndexes adds indexes to the tables read by readRelations.
func (r *reader) readIndexes(ctx context.Context) error {
	rows, err := r.q.query(ctx, r.forVersion(indexesSQL), r.schemas)
	if err != nil {
		return fmt.Errorf("postgresql inspector: listing indexes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			rel                                     int64
			name, method, keysJSON, inclJSON, where string
			relOptions, tablespace                  string
			unique, nullsNotDistinct                bool
			keys                                    [][4]any
		)
		if err := rows.Scan(&rel, &name, &unique, &method, &keysJSON, &inclJSON, &where, &nullsNotDistinct, &relOptions, &tablespace); err != nil {
			return fmt.Errorf("postgresql inspector: reading indexes: %w", err)
		}
		t := r.tables[rel]
		if t == nil {
			continue
		}
		what := fmt.Sprintf("index %q", name)
		if relOptions != "" {
			return unmodelled(t, what, "storage parameters WITH ("+relOptions+")", "reset them (ALTER INDEX … RESET (…)), or exclude the table")
		}
		if tablespace != "" {
			return unmodelled(t, what, "TABLESPACE "+tablespace, "move the index to the default tablespace, or exclude the table")
		}
		ix := &schema.IndexDef{Name: name, Unique: unique, Where: pgdialect.StripOuterParens(where), NullsNotDistinct: nullsNotDistinct}
		if method != "btree" {
			ix.Using = method
		}
		if err := json.Unmarshal([]byte(keysJSON), &keys); err != nil {
			return fmt.Errorf("postgresql inspector: table %q, index %q: reading its columns: %w", t.Name, name, err)
		}
		if err := json.Unmarshal([]byte(inclJSON), &ix.Include); err != nil {
			return fmt.Errorf("postgresql inspector: table %q, index %q: reading its INCLUDE columns: %w", t.Name, name, err)
		}
		if len(ix.Include) == 0 {
			ix.Include = nil
		}
		opclass := make([]string, len(keys))
		order := make([]string, len(keys))
		collation := make([]string, len(keys))
		for k, key := range keys {
			col, _ := key[0].(string)
			opclass[k], _ = key[1].(string)
			collation[k], _ = key[3].(string)
			flags, _ := key[2].(float64)
			order[k] = keyOrder(int(flags))
			ix.Columns = append(ix.Columns, col)
		}
		if slices.ContainsFunc(opclass, func(s string) bool { return s != "" }) {
			ix.Opclass = opclass
		}
		if slices.ContainsFunc(order, func(s string) bool { return s != "" }) {
			ix.Order = order
		}
		if slices.ContainsFunc(collation, func(s string) bool { return s != "" }) {
			ix.Collation = collation
		}
		t.Indexes = append(t.Indexes, ix)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgresql inspector: reading indexes: %w", err)
	}
	return nil
}

// keyOrder turns pg_index.indoption's flags for one key (bit 1: DESC, bit 2:
// NULLS FIRST) into IndexDef.Order's canonical form: "" for the default
// (ASC NULLS LAST), "DESC" (NULLS FIRST being DESC's default), "DESC NULLS LAST"
// or "NULLS FIRST".
func keyOrder(flags int) string {
	desc, nullsFirst := flags&1 != 0, flags&2 != 0
	switch {
	case desc && nullsFirst:
		return "DESC"
	case desc:
		return "DESC NULLS LAST"
	case nullsFirst:
		return "NULLS FIRST"
	}
	return ""
}
