package postgres

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	pgdialect "github.com/retortdb/migrate/dialect/postgres"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/schema"
)

var _ inspect.ObjectNormalizer = Inspector{}

// NormalizeObjects has the server normalise declared definitions, as
// alembic_utils does, without a separate database: inside one transaction
// that is always rolled back, it creates a scratch schema first on the
// search_path, creates in it each view, materialized view (WITH NO DATA, so
// its query never runs), function, procedure, domain and sequence of objs
// (check_function_bodies off, as pg_dump does), and each trigger under a
// scratch name on its real table, then reads them back exactly as Inspect
// does (pg_get_viewdef, pg_get_functiondef, pg_get_triggerdef, …) and writes
// that text, with the scratch names put back, into Definition. All objects
// go in one statement batch and come back in one query; when the server
// refuses one (it reads a table that does not exist yet, say), each is tried
// under a savepoint of its own, and the refused one keeps its definition as
// written. Other kinds
// (extensions, schemas, aggregates, policies, partitions, indexes) are kept
// as written.
//
// It needs the CREATE privilege on the database (for the schema) and, for a
// trigger, the TRIGGER privilege on its table; the trigger holds the table's
// SHARE ROW EXCLUSIVE lock until the rollback, a few milliseconds. Without the
// privilege it returns the server's error and changes nothing; the caller
// then compares definitions as written.
func (Inspector) NormalizeObjects(ctx context.Context, db *sql.DB, objs []*schema.ObjectDef) error {
	var todo []*schema.ObjectDef
	for _, o := range objs {
		switch o.Kind {
		case schema.KindView, schema.KindMaterializedView, schema.KindFunction, schema.KindProcedure,
			schema.KindDomain, schema.KindSequence, schema.KindTrigger:
			todo = append(todo, o)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("postgresql: normalising definitions: starting a transaction: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // always rolled back: nothing is kept
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	scratch := "migrate_scratch_" + hex.EncodeToString(b)
	var cur string
	if err := tx.QueryRowContext(ctx, "SELECT current_schema()").Scan(&cur); err != nil {
		return fmt.Errorf("postgresql: normalising definitions: %w", err)
	}
	for _, s := range []string{
		"CREATE SCHEMA " + scratch,
		"SELECT set_config('search_path', '" + scratch + ", ' || current_setting('search_path'), true)",
		"SET LOCAL check_function_bodies = off",
	} {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("postgresql: normalising definitions in a scratch schema (needs the CREATE privilege on the database): %s: %w", s, err)
		}
	}
	items := make([]*scratchItem, 0, len(todo))
	for i, o := range todo {
		if it := newScratchItem(o, scratch, cur, i); it != nil {
			items = append(items, it)
		}
	}
	// Fast path: every object in one statement batch, read back with one
	// query per kind. When the server refuses any of them, each is tried
	// alone under a savepoint of its own.
	if _, err := tx.ExecContext(ctx, "SAVEPOINT migrate_norm_batch"); err != nil {
		return fmt.Errorf("postgresql: normalising definitions: %w", err)
	}
	creates := make([]string, len(items))
	for i, it := range items {
		creates[i] = it.create
	}
	if _, err := tx.ExecContext(ctx, strings.Join(creates, ";\n")); err == nil {
		got, err := readScratch(ctx, tx, scratch)
		if err != nil {
			return err
		}
		for _, it := range items {
			it.apply(got)
		}
		return nil
	}
	if _, err := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT migrate_norm_batch"); err != nil {
		return fmt.Errorf("postgresql: normalising definitions: %w", err)
	}
	for i, it := range items {
		sp := fmt.Sprintf("migrate_norm_%d", i)
		if _, err := tx.ExecContext(ctx, "SAVEPOINT "+sp); err != nil {
			return fmt.Errorf("postgresql: normalising definitions: %w", err)
		}
		if _, err := tx.ExecContext(ctx, it.create); err == nil {
			got, err := readScratch(ctx, tx, scratch)
			if err != nil {
				return err
			}
			it.apply(got)
		}
		if _, err := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+sp); err != nil {
			return fmt.Errorf("postgresql: normalising definitions: %w", err)
		}
	}
	return nil
}

// funcHeader matches CREATE [OR REPLACE] FUNCTION|PROCEDURE name( with a
// possibly qualified, possibly quoted name (group 2).
var funcHeader = regexp.MustCompile(`(?is)^(\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\s+)((?:"(?:[^"]|"")*"|[^\s(".]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[^\s(".]+))?)\s*\(`)

// triggerHeader matches CREATE [OR REPLACE] [CONSTRAINT] TRIGGER name.
var triggerHeader = regexp.MustCompile(`(?is)^(\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?TRIGGER\s+)("(?:[^"]|"")*"|[^\s"]+)`)

// scratchItem is one object to normalise: the statement that creates it in
// the scratch schema, the key its text has in readScratch's result, and how
// that text becomes the object's own (scratch names put back).
type scratchItem struct {
	o      *schema.ObjectDef
	create string
	key    string
	fix    func(string) string
}

// newScratchItem returns the scratch item of o (i numbers it), or nil when o
// is not a kind normalised here or its statement cannot be rewritten.
// Functions and procedures are created under a scratch name
// (migrate_fn_<i>), triggers too (migrate_tg_<i>, on their real table);
// views, materialized views (WITH NO DATA), sequences and domains keep
// their names in the scratch schema.
func newScratchItem(o *schema.ObjectDef, scratch, cur string, i int) *scratchItem {
	def := strings.TrimSpace(o.Definition)
	for strings.HasSuffix(def, ";") {
		def = strings.TrimSpace(strings.TrimSuffix(def, ";"))
	}
	name := scratch + "." + quoteIdent(o.Name)
	it := &scratchItem{o: o, fix: func(s string) string { return s }}
	switch o.Kind {
	case schema.KindView:
		it.create, it.key = "CREATE VIEW "+name+" AS "+def, "v:"+o.Name
		it.fix = func(s string) string { return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ";")) }
	case schema.KindMaterializedView:
		it.create, it.key = "CREATE MATERIALIZED VIEW "+name+" AS "+def+" WITH NO DATA", "m:"+o.Name
		it.fix = func(s string) string { return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ";")) }
	case schema.KindSequence:
		it.create, it.key = strings.TrimSpace("CREATE SEQUENCE "+name+" "+def), "S:"+o.Name
	case schema.KindDomain:
		it.create, it.key = "CREATE DOMAIN "+name+" AS "+def, "d:"+o.Name
	case schema.KindFunction, schema.KindProcedure:
		m := funcHeader.FindStringSubmatchIndex(def)
		if m == nil {
			return nil
		}
		written := def[m[4]:m[5]]
		if d := lastDot(written); d >= 0 {
			written = strings.TrimSpace(written[d+1:])
		}
		printed := quoteIdent(strings.ToLower(written))
		if strings.HasPrefix(written, `"`) {
			printed = written
		}
		tmp := fmt.Sprintf("migrate_fn_%d", i)
		it.create, it.key = def[:m[4]]+scratch+"."+tmp+def[m[5]:], "f:"+tmp
		orig := o.Schema
		if orig == "" {
			orig = cur
		}
		it.fix = func(s string) string {
			return strings.Replace(strings.TrimSpace(s), scratch+"."+tmp+"(", quoteIdent(orig)+"."+printed+"(", 1)
		}
	case schema.KindTrigger:
		m := triggerHeader.FindStringSubmatchIndex(def)
		if m == nil {
			return nil
		}
		tmp := fmt.Sprintf("migrate_tg_%s_%d", scratch[len(scratch)-12:], i)
		it.create, it.key = def[:m[4]]+tmp+def[m[5]:], "t:"+tmp
		it.fix = func(s string) string {
			s = strings.TrimSpace(s)
			if m := triggerHeader.FindStringSubmatchIndex(s); m != nil {
				return s[:m[4]] + quoteIdent(o.Name) + s[m[5]:]
			}
			return s
		}
	default:
		return nil
	}
	return it
}

// apply sets the object's definition from got, when got has it.
func (it *scratchItem) apply(got map[string]string) {
	if text, ok := got[it.key]; ok {
		it.o.Definition = it.fix(text)
	}
}

// scratchSQL reads back every object of the scratch schema $1 (and the
// scratch triggers, named migrate_tg_<suffix>_<i>, $2 being the LIKE
// pattern) with the text Inspect reads for each kind.
const scratchSQL = `
SELECT CASE c.relkind WHEN 'v' THEN 'v:' ELSE 'm:' END || c.relname, trim(pg_get_viewdef(c.oid))
FROM pg_class c WHERE c.relnamespace = to_regnamespace($1) AND c.relkind IN ('v', 'm')
UNION ALL
SELECT 'S:' || c.relname,
       'AS ' || format_type(s.seqtypid, NULL) || ' START WITH ' || s.seqstart || ' INCREMENT BY ' || s.seqincrement ||
       ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax || ' CACHE ' || s.seqcache ||
       CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END
FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid WHERE c.relnamespace = to_regnamespace($1)
UNION ALL
SELECT 'd:' || t.typname, format_type(t.typbasetype, t.typtypmod) ||
       CASE WHEN t.typcollation <> 0 AND t.typcollation IS DISTINCT FROM (SELECT typcollation FROM pg_type WHERE oid = t.typbasetype)
            THEN ' COLLATE ' || (SELECT quote_ident(collname) FROM pg_collation WHERE oid = t.typcollation) ELSE '' END ||
       CASE WHEN t.typdefault IS NOT NULL THEN ' DEFAULT ' || t.typdefault ELSE '' END ||
       CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END ||
       coalesce((SELECT string_agg(' CONSTRAINT ' || quote_ident(co.conname) || ' ' || pg_get_constraintdef(co.oid), '' ORDER BY co.conname)
                 FROM pg_constraint co WHERE co.contypid = t.oid), '')
FROM pg_type t WHERE t.typnamespace = to_regnamespace($1) AND t.typtype = 'd'
UNION ALL
SELECT 'f:' || p.proname, pg_get_functiondef(p.oid)
FROM pg_proc p WHERE p.pronamespace = to_regnamespace($1) AND p.prokind IN ('f', 'p')
UNION ALL
SELECT 't:' || tg.tgname, pg_get_triggerdef(tg.oid)
FROM pg_trigger tg WHERE tg.tgname LIKE $2`

// readScratch returns the text of every object in the scratch schema by key.
func readScratch(ctx context.Context, tx *sql.Tx, scratch string) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, scratchSQL, scratch, "migrate\\_tg\\_"+scratch[len(scratch)-12:]+"\\_%")
	if err != nil {
		return nil, fmt.Errorf("postgresql: normalising definitions: reading them back: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k string
		var v sql.NullString
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("postgresql: normalising definitions: reading them back: %w", err)
		}
		if v.Valid {
			out[k] = v.String
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgresql: normalising definitions: reading them back: %w", err)
	}
	return out, nil
}

// lastDot returns the index of the dot that separates a schema from a name
// outside double quotes, or -1.
func lastDot(s string) int {
	in := false
	last := -1
	for i, r := range s {
		switch {
		case r == '"':
			in = !in
		case r == '.' && !in:
			last = i
		}
	}
	return last
}

// quoteIdent quotes a name as the server's quote_ident does.
func quoteIdent(s string) string {
	return pgdialect.Dialect{}.QuoteIdent(s)
}
