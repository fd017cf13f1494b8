package postgres

import (
	"context"
	"fmt"

	pgdialect "github.com/retortdb/migrate/dialect/postgres"
	"github.com/retortdb/migrate/schema"
)

// constraintsSQL lists the primary keys, foreign keys, unique, check and
// exclusion constraints of every table of the schemas in $1, with the numbers
// of their columns in key order (names come from the columns query, see
// attnames: looking each up here took two thirds of a fresh server process's
// time on this query at 5,000 tables), the referenced table's oid, the foreign
// key's MATCH type, DEFERRABLE, INITIALLY DEFERRED,
// whether the constraint is validated, NO INHERIT, NULLS NOT DISTINCT of the
// index behind a unique constraint (read through to_jsonb, so servers before
// 15, which lack the column, answer false), and an exclusion constraint's
// definition as pg_dump prints it and its comment (it is read as an object of kind
// exclusion_constraint). Constraints cloned onto partitions, or onto the referencing table for
// each partition of a referenced partitioned table (conparentid <> 0), are left
// out: the parent constraint stands for them.
const constraintsSQL = `
SELECT con.conrelid::bigint, con.conname, con.contype::text,
       coalesce(array_to_string(con.conkey, ','), ''),
       coalesce(fn.nspname, ''), coalesce(fc.relname, ''),
       con.confrelid::bigint, coalesce(array_to_string(con.confkey, ','), ''),
       con.confdeltype::text, con.confupdtype::text,
       coalesce(pg_get_expr(con.conbin, con.conrelid, true), ''),
       con.confmatchtype::text, con.condeferrable, con.condeferred, con.convalidated,
       con.connoinherit,
       coalesce((SELECT (to_jsonb(ix)->>'indnullsnotdistinct')::bool
                 FROM pg_index ix WHERE ix.indexrelid = con.conindid), false),
       CASE WHEN con.contype = 'x' THEN pg_get_constraintdef(con.oid) ELSE '' END,
       CASE WHEN con.contype = 'x' THEN coalesce(obj_description(con.oid, 'pg_constraint'), '') ELSE '' END
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE n.nspname = ANY($1::text[])
  AND c.relkind IN ('r', 'p')
  AND con.contype IN ('p', 'f', 'u', 'c', 'x')
  AND con.conparentid = 0
ORDER BY con.conrelid, con.conname`

// readConstraints adds keys and constraints to the tables read by readRelations.
// Exclusion constraints go to m.Objects.
func (r *reader) readConstraints(ctx context.Context, m *schema.MetaData) error {
	rows, err := r.q.query(ctx, r.forVersion(constraintsSQL), r.schemas)
	if err != nil {
		return fmt.Errorf("postgresql inspector: listing constraints: %w", err)
	}
	defer rows.Close()
	type conRow struct {
		rel, refRel                      int64
		name, kind, keys, refNsp         string
		refTable, refKeys, del, upd      string
		check, match, exclusion, comment string
		deferrable, deferred, validated  bool
		noInherit, nullsNotDistinct      bool
	}
	var list []conRow
	for rows.Next() {
		var c conRow
		if err := rows.Scan(&c.rel, &c.name, &c.kind, &c.keys, &c.refNsp, &c.refTable, &c.refRel, &c.refKeys, &c.del, &c.upd, &c.check,
			&c.match, &c.deferrable, &c.deferred, &c.validated, &c.noInherit, &c.nullsNotDistinct, &c.exclusion, &c.comment); err != nil {
			return fmt.Errorf("postgresql inspector: reading constraints: %w", err)
		}
		if r.tables[c.rel] != nil {
			list = append(list, c)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgresql inspector: reading constraints: %w", err)
	}
	rows.Close()
	var missing []int64
	for _, c := range list {
		if c.kind == "f" && r.attnames[c.refRel] == nil {
			missing = append(missing, c.refRel)
		}
	}
	if err := r.readAttnames(ctx, missing); err != nil {
		return err
	}
	for _, c := range list {
		t := r.tables[c.rel]
		var cols, refCols []string
		if c.kind == "p" || c.kind == "u" || c.kind == "f" { // keys of columns only; a check's or an exclusion's are not kept
			var err error
			if cols, err = r.attnames.names(c.rel, c.keys); err != nil {
				return fmt.Errorf("postgresql inspector: table %q, constraint %q: reading its columns: %w", t.Name, c.name, err)
			}
			if refCols, err = r.attnames.names(c.refRel, c.refKeys); err != nil {
				return fmt.Errorf("postgresql inspector: table %q, constraint %q: reading its referred columns: %w", t.Name, c.name, err)
			}
		}
		what := fmt.Sprintf("constraint %q", c.name)
		switch c.kind {
		case "p":
			if c.deferrable {
				return unmodelled(t, what, "DEFERRABLE on a primary key", "drop the key and add it again NOT DEFERRABLE, or exclude the table")
			}
			t.PrimaryKey = &schema.PrimaryKeyDef{Name: c.name, Columns: cols}
		case "u":
			t.Uniques = append(t.Uniques, &schema.UniqueDef{Name: c.name, Columns: cols,
				NullsNotDistinct: c.nullsNotDistinct, Deferrable: c.deferrable, InitiallyDeferred: c.deferred})
		case "c":
			if c.noInherit {
				return unmodelled(t, what, "NO INHERIT", "drop NO INHERIT (re-add the check without it), or exclude the table")
			}
			t.Checks = append(t.Checks, &schema.CheckDef{Name: c.name, Expr: pgdialect.StripOuterParens(c.check), NotValid: !c.validated})
		case "f":
			fk := &schema.ForeignKeyDef{
				Name: c.name, Columns: cols,
				RefSchema: r.schemaOf(c.refNsp), RefTable: c.refTable, RefColumns: refCols,
				OnDelete: fkAction(c.del), OnUpdate: fkAction(c.upd),
				Deferrable: c.deferrable, InitiallyDeferred: c.deferred, NotValid: !c.validated,
			}
			switch c.match {
			case "f":
				fk.Match = "FULL"
			case "p":
				return unmodelled(t, what, "MATCH PARTIAL", "use MATCH SIMPLE or MATCH FULL")
			}
			t.ForeignKeys = append(t.ForeignKeys, fk)
		case "x":
			m.Objects = append(m.Objects, &schema.ObjectDef{Kind: schema.KindExclusion, Schema: t.Schema, Name: c.name, Table: t.Name,
				Definition: c.exclusion, Comment: c.comment, DependsOn: []string{schema.ObjectRef("table", t.Schema, t.Name)}})
		}
	}
	return nil
}

// fkAction maps pg_constraint's confdeltype/confupdtype code to the model's
// action: upper case, with NO ACTION (code 'a') as "".
func fkAction(code string) string {
	switch code {
	case "r":
		return "RESTRICT"
	case "c":
		return "CASCADE"
	case "n":
		return "SET NULL"
	case "d":
		return "SET DEFAULT"
	}
	return ""
}

// unmodelled returns the error for a property of a table's object that the
// inspector can see but migrate does not model: it names the table, the
// object, the property and what to do, so nothing is dropped without a word.
func unmodelled(t *schema.Table, object, property, todo string) error {
	table := t.Name
	if t.Schema != "" {
		table = t.Schema + "." + t.Name
	}
	return fmt.Errorf("postgresql inspector: table %q, %s: %s is not modelled by migrate, so it would be lost; %s", table, object, property, todo)
}
