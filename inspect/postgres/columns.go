package postgres

import (
	"context"
	"fmt"
	"strings"

	pgdialect "github.com/retortdb/migrate/dialect/postgres"
	"github.com/retortdb/migrate/schema"
)

// columnsSQL lists the columns of every table of the schemas in $1, in table and
// ordinal order, with the facts Inspect needs: formatted type, type kind, NOT
// NULL, default expression, identity, generation, comment, whether the
// column owns a sequence (serial or identity) and, when that sequence has
// options other than the defaults, what they are (all of them; and for an
// identity column, those besides START and INCREMENT, then START and
// INCREMENT), and its collation when it is
// not its type's (which migrate does not model, so the inspector refuses it). Comments and owned sequences
// are joined rather than looked up per column (col_description, EXISTS), which
// costs a third of the query's time at 50,000 columns. Each column's number
// is read too: the constraints query names key columns by number (attnames).
// A default is deparsed
// without its table (relid 0: a DEFAULT cannot name a column, so the text is
// the same), which spares the server opening every table with a default —
// 540 -> 350 ms of a fresh connection's CPU at 5,000 tables; a generation
// expression names columns and is deparsed with its table.
const columnsSQL = `
SELECT a.attrelid::bigint, a.attname, format_type(a.atttypid, a.atttypmod),
       t.typtype::text, t.oid::bigint, a.attnotnull,
       coalesce(pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END), ''),
       a.attidentity::text, a.attgenerated::text,
       coalesce(ds.description, ''),
       own.refobjid IS NOT NULL,
       coalesce(CASE WHEN ps.seqincrement <> 1 OR ps.seqstart <> 1 OR ps.seqmin <> 1 OR ps.seqcache <> 1 OR ps.seqcycle
                       OR ps.seqmax <> CASE ps.seqtypid WHEN 'int2'::regtype THEN 32767
                                                        WHEN 'int4'::regtype THEN 2147483647
                                                        ELSE 9223372036854775807 END
                     THEN format('START %s INCREMENT %s MINVALUE %s MAXVALUE %s CACHE %s%s', ps.seqstart, ps.seqincrement,
                                 ps.seqmin, ps.seqmax, ps.seqcache, CASE WHEN ps.seqcycle THEN ' CYCLE' ELSE '' END) END, ''),
       coalesce(CASE WHEN ps.seqcache <> 1 OR ps.seqcycle
                       OR ps.seqmin <> CASE WHEN ps.seqincrement > 0 THEN 1
                                            ELSE CASE ps.seqtypid WHEN 'int2'::regtype THEN -32768
                                                                  WHEN 'int4'::regtype THEN -2147483648
                                                                  ELSE -9223372036854775808 END END
                       OR ps.seqmax <> CASE WHEN ps.seqincrement < 0 THEN -1
                                            ELSE CASE ps.seqtypid WHEN 'int2'::regtype THEN 32767
                                                                  WHEN 'int4'::regtype THEN 2147483647
                                                                  ELSE 9223372036854775807 END END
                     THEN format('MINVALUE %s MAXVALUE %s CACHE %s%s', ps.seqmin, ps.seqmax, ps.seqcache,
                                 CASE WHEN ps.seqcycle THEN ' CYCLE' ELSE '' END) END, ''),
       coalesce(ps.seqstart, 0), coalesce(ps.seqincrement, 0),
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
            THEN (SELECT quote_ident(collname) FROM pg_collation WHERE oid = a.attcollation) ELSE '' END,
       a.attnum
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_description ds ON ds.objoid = a.attrelid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum
LEFT JOIN (SELECT DISTINCT ON (dep.refobjid, dep.refobjsubid) dep.refobjid, dep.refobjsubid, dep.objid
           FROM pg_depend dep JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
           WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass
             AND dep.deptype IN ('a', 'i')) own ON own.refobjid = a.attrelid AND own.refobjsubid = a.attnum
LEFT JOIN pg_sequence ps ON ps.seqrelid = own.objid
WHERE n.nspname = ANY($1::text[])
  AND c.relkind IN ('r', 'p')
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`

// readColumns adds the columns to the tables read by readRelations.
func (r *reader) readColumns(ctx context.Context) error {
	rows, err := r.q.query(ctx, columnsSQL, r.schemas)
	if err != nil {
		return fmt.Errorf("postgresql inspector: listing columns: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			rel, typOID                  int64
			name, typText, typKind, def  string
			identity, generated, comment string
			notNull, ownsSeq             bool
			seqOptions, collation        string
			identityExtra                string
			seqStart, seqIncrement       int64
			attnum                       int64
		)
		if err := rows.Scan(&rel, &name, &typText, &typKind, &typOID, &notNull, &def, &identity, &generated, &comment, &ownsSeq, &seqOptions, &identityExtra, &seqStart, &seqIncrement, &collation, &attnum); err != nil {
			return fmt.Errorf("postgresql inspector: reading columns: %w", err)
		}
		r.attnames.add(rel, attnum, name)
		t := r.tables[rel]
		if t == nil {
			continue // excluded, or owned by an extension
		}
		if collation != "" {
			return unmodelled(t, fmt.Sprintf("column %q", name), "COLLATE "+collation, "drop the column's collation (ALTER TABLE … ALTER COLUMN … TYPE … COLLATE \"default\"), or exclude the table")
		}
		c := &schema.Column{Name: name, Nullable: !notNull, Comment: comment}
		c.Type = pgdialect.CatalogType(typText)
		if e := r.enums[typOID]; typKind == "e" && e != nil {
			c.Type = schema.Enum(e.Name, e.Values...)
		}
		if identity != "" && identityExtra != "" {
			return unmodelled(t, fmt.Sprintf("identity column %q", name), "sequence options "+identityExtra, "reset them to the defaults (ALTER TABLE … ALTER COLUMN … SET MINVALUE …, SET CACHE 1, SET NO CYCLE; START and INCREMENT are modelled), or exclude the table")
		}
		if seqOptions != "" && identity == "" && isNextval(def) {
			return unmodelled(t, fmt.Sprintf("serial column %q", name), "sequence options "+seqOptions, "reset them to the defaults (ALTER SEQUENCE), make it an identity column (whose START and INCREMENT are modelled), or exclude the table")
		}
		switch {
		case identity == "a" || identity == "d":
			c.Autoincrement = true
			if identity == "a" {
				c.AutoincrementKind = schema.AutoincrementAlways
			}
			c.IdentityStart, c.IdentityIncrement = identityOptions(seqStart, seqIncrement)
		case generated == "s":
			c.Generated = &schema.GeneratedDef{Expr: pgdialect.StripOuterParens(def), Stored: true}
		case generated != "":
			return unmodelled(t, fmt.Sprintf("column %q", name), "generated column of kind "+generated+" ("+def+")", "exclude the table, or make it a plain column")
		case def != "" && ownsSeq && isNextval(def):
			c.Autoincrement = true
			c.AutoincrementKind = schema.AutoincrementSerial
		case def != "":
			if n := modelDefault(r.d, def, c.Type); n != "NULL" {
				c.Default = &n
			}
		}
		t.Columns = append(t.Columns, c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgresql inspector: reading columns: %w", err)
	}
	return nil
}

// identityOptions returns the IdentityStart and IdentityIncrement the model
// keeps for an identity sequence's start and increment: 0 for each that is
// its default (INCREMENT 1; START 1 ascending, -1 descending).
func identityOptions(start, increment int64) (int64, int64) {
	defStart := int64(1)
	if increment < 0 {
		defStart = -1
	}
	if start == defStart {
		start = 0
	}
	if increment == 1 {
		increment = 0
	}
	return start, increment
}

// isNextval reports whether a default expression calls nextval(…), the default
// of a serial column.
func isNextval(expr string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(expr)), "nextval(")
}

// modelDefault returns the default the model keeps for the expression
// pg_get_expr printed: a plain constant (a literal, a number, true or false)
// in NormalizeDefault's form ('new'::text → 'new'), and any other expression as
// the server wrote it, outer parentheses aside, so now() stays now(), and
// ('now'::text)::date stays an expression evaluated on every insert instead of
// becoming a date fixed when the table is created.
func modelDefault(d pgdialect.Dialect, expr string, t schema.Type) string {
	n := d.NormalizeDefault(expr, t)
	switch l := strings.ToLower(n); {
	case l == "null":
		return "NULL"
	case l == "true" || l == "false":
		return l
	case isQuotedLiteral(n):
		return n
	case isConstantNumber(n):
		return n
	}
	return pgdialect.StripOuterParens(expr)
}

// isConstantNumber reports whether s is an unquoted decimal number.
func isConstantNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	dot := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && !dot && i > 0:
			dot = true
		default:
			return false
		}
	}
	return true
}

// isQuotedLiteral reports whether s is one single-quoted string literal, with
// doubled quotes inside.
func isQuotedLiteral(s string) bool {
	if len(s) < 2 || s[0] != '\'' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] != '\'' {
			continue
		}
		if i+1 < len(s) && s[i+1] == '\'' {
			i++
			continue
		}
		return i == len(s)-1
	}
	return false
}
