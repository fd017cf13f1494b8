package postgres

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
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
// that text, with the scratch names put back, into Definition. Each object
// has a savepoint of its own: one the server refuses (it reads a table that
// does not exist yet, say) keeps its definition as written. Other kinds
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
	for i, o := range todo {
		if err := normalizeOne(ctx, tx, scratch, cur, i, o); err != nil {
			return err
		}
	}
	return nil
}

// funcHeader matches CREATE [OR REPLACE] FUNCTION|PROCEDURE name( with a
// possibly qualified, possibly quoted name (group 2).
var funcHeader = regexp.MustCompile(`(?is)^(\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\s+)((?:"(?:[^"]|"")*"|[^\s(".]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[^\s(".]+))?)\s*\(`)

// triggerHeader matches CREATE [OR REPLACE] [CONSTRAINT] TRIGGER name.
var triggerHeader = regexp.MustCompile(`(?is)^(\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?TRIGGER\s+)("(?:[^"]|"")*"|[^\s"]+)`)

// normalizeOne creates o in the scratch schema under a savepoint, reads its
// definition back into o.Definition, and rolls back to the savepoint. An
// object the server refuses keeps its definition.
func normalizeOne(ctx context.Context, tx *sql.Tx, scratch, cur string, i int, o *schema.ObjectDef) error {
	sp := fmt.Sprintf("migrate_norm_%d", i)
	if _, err := tx.ExecContext(ctx, "SAVEPOINT "+sp); err != nil {
		return fmt.Errorf("postgresql: normalising definitions: %w", err)
	}
	defer tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+sp) //nolint:errcheck // undone whatever happened
	def := strings.TrimSpace(o.Definition)
	for strings.HasSuffix(def, ";") {
		def = strings.TrimSpace(strings.TrimSuffix(def, ";"))
	}
	orig := o.Schema
	if orig == "" {
		orig = cur
	}
	var create, read string
	var args []any
	switch o.Kind {
	case schema.KindView:
		create = "CREATE VIEW " + scratch + "." + quoteIdent(o.Name) + " AS " + def
		read = "SELECT trim(pg_get_viewdef(to_regclass($1)))"
		args = []any{scratch + "." + quoteIdent(o.Name)}
	case schema.KindMaterializedView:
		create = "CREATE MATERIALIZED VIEW " + scratch + "." + quoteIdent(o.Name) + " AS " + def + " WITH NO DATA"
		read = "SELECT trim(pg_get_viewdef(to_regclass($1)))"
		args = []any{scratch + "." + quoteIdent(o.Name)}
	case schema.KindSequence:
		create = strings.TrimSpace("CREATE SEQUENCE " + scratch + "." + quoteIdent(o.Name) + " " + def)
		read = `SELECT 'AS ' || format_type(s.seqtypid, NULL) || ' START WITH ' || s.seqstart || ' INCREMENT BY ' || s.seqincrement ||
       ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax || ' CACHE ' || s.seqcache ||
       CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END FROM pg_sequence s WHERE s.seqrelid = to_regclass($1)`
		args = []any{scratch + "." + quoteIdent(o.Name)}
	case schema.KindDomain:
		create = "CREATE DOMAIN " + scratch + "." + quoteIdent(o.Name) + " AS " + def
		read = `SELECT format_type(t.typbasetype, t.typtypmod) ||
       CASE WHEN t.typcollation <> 0 AND t.typcollation IS DISTINCT FROM (SELECT typcollation FROM pg_type WHERE oid = t.typbasetype)
            THEN ' COLLATE ' || (SELECT quote_ident(collname) FROM pg_collation WHERE oid = t.typcollation) ELSE '' END ||
       CASE WHEN t.typdefault IS NOT NULL THEN ' DEFAULT ' || t.typdefault ELSE '' END ||
       CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END ||
       coalesce((SELECT string_agg(' CONSTRAINT ' || quote_ident(co.conname) || ' ' || pg_get_constraintdef(co.oid), '' ORDER BY co.conname)
                 FROM pg_constraint co WHERE co.contypid = t.oid), '')
FROM pg_type t WHERE t.oid = to_regtype($1)`
		args = []any{scratch + "." + quoteIdent(o.Name)}
	case schema.KindFunction, schema.KindProcedure:
		m := funcHeader.FindStringSubmatchIndex(def)
		if m == nil {
			return nil
		}
		name := def[m[4]:m[5]]
		if i := lastDot(name); i >= 0 {
			name = strings.TrimSpace(name[i+1:])
		}
		create = def[:m[4]] + scratch + "." + name + def[m[5]:]
		read = `SELECT pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.pronamespace = to_regnamespace($1) ORDER BY p.oid DESC LIMIT 1`
		args = []any{scratch}
	case schema.KindTrigger:
		m := triggerHeader.FindStringSubmatchIndex(def)
		if m == nil {
			return nil
		}
		tmp := fmt.Sprintf("migrate_scratch_trigger_%d", i)
		create = def[:m[4]] + tmp + def[m[5]:]
		read = `SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = $1`
		args = []any{tmp}
	default:
		return nil
	}
	if _, err := tx.ExecContext(ctx, create); err != nil {
		return nil // the server refuses it as declared: keep the text
	}
	var got sql.NullString
	if err := tx.QueryRowContext(ctx, read, args...).Scan(&got); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return fmt.Errorf("postgresql: normalising %s %q: reading it back: %w", o.Kind, o.Name, err)
	}
	if !got.Valid {
		return nil
	}
	text := strings.TrimSpace(got.String)
	switch o.Kind {
	case schema.KindView, schema.KindMaterializedView:
		text = strings.TrimSpace(strings.TrimSuffix(text, ";"))
	case schema.KindFunction, schema.KindProcedure:
		text = strings.Replace(text, scratch+".", quoteIdent(orig)+".", 1)
	case schema.KindTrigger:
		m := triggerHeader.FindStringSubmatchIndex(text)
		if m == nil {
			return nil
		}
		text = text[:m[4]] + quoteIdent(o.Name) + text[m[5]:]
	}
	o.Definition = text
	return nil
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
