package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/retortdb/migrate/schema"
)

// readObjects reads the views, triggers, functions and procedures of the
// databases read into MetaData.Objects, each with its definition as the server
// keeps it, DEFINER clause removed (the user who runs the migration becomes
// the definer):
//
//   - a view: the query after AS of SHOW CREATE VIEW (one query per view),
//     which names the view's tables without their database; a view whose
//     ALGORITHM is not UNDEFINED, whose SQL SECURITY is not DEFINER or which
//     has WITH CHECK OPTION stops the inspection, naming it (the object model
//     keeps only the query);
//   - a trigger: the whole statement as it was written (SHOW CREATE TRIGGER's
//     "SQL Original Statement", one query per trigger), depending on its
//     table; listed by one query of information_schema.TRIGGERS;
//   - a function or procedure: SHOW CREATE FUNCTION / PROCEDURE (one query
//     each), named with its parameters' types as the server writes them
//     ("add_one(int(11))" on MariaDB), listed by one query of
//     information_schema.ROUTINES.
//
// A view depends on the other views it names (so it is created after them).
// Objects on excluded tables, and views excluded by name, are skipped.
func (r *reader) readObjects(ctx context.Context) ([]*schema.ObjectDef, error) {
	var out []*schema.ObjectDef
	viewNames := map[string]bool{}
	for _, v := range r.viewRows {
		viewNames[v.name] = true
	}
	for _, v := range r.viewRows {
		text, err := r.showCreate(ctx, "VIEW", v.schema, v.name, 1)
		if err != nil {
			return nil, err
		}
		o, err := viewObject(r.schemaOf(v.schema), v.name, text, viewNames)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	in, args := r.inArgs()
	type trig struct{ db, name, table string }
	var trigs []trig
	rows, err := r.q.query(ctx, "triggers", `SELECT TRIGGER_SCHEMA, TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS
WHERE TRIGGER_SCHEMA IN (`+in+`) ORDER BY TRIGGER_SCHEMA, TRIGGER_NAME`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var t trig
		if err := rows.Scan(&t.db, &t.name, &t.table); err != nil {
			rows.Close()
			return nil, fmt.Errorf("mysql inspect: reading triggers: %w", err)
		}
		if r.table(t.db, t.table) != nil {
			trigs = append(trigs, t)
		}
	}
	if err := closeRows(rows, "triggers"); err != nil {
		return nil, err
	}
	for _, t := range trigs {
		text, err := r.showCreate(ctx, "TRIGGER", t.db, t.name, 2)
		if err != nil {
			return nil, err
		}
		s := r.schemaOf(t.db)
		out = append(out, &schema.ObjectDef{Kind: schema.KindTrigger, Schema: s, Name: t.name, Table: t.table,
			Definition: withoutDefiner(text), DependsOn: []string{schema.ObjectRef("table", s, t.table)}})
	}
	type routine struct{ db, name, typ, params string }
	var routines []routine
	rows, err = r.q.query(ctx, "routines", `SELECT r.ROUTINE_SCHEMA, r.ROUTINE_NAME, r.ROUTINE_TYPE,
	COALESCE((SELECT GROUP_CONCAT(p.DTD_IDENTIFIER ORDER BY p.ORDINAL_POSITION SEPARATOR ', ')
	          FROM information_schema.PARAMETERS p
	          WHERE p.SPECIFIC_SCHEMA = r.ROUTINE_SCHEMA AND p.SPECIFIC_NAME = r.SPECIFIC_NAME
	            AND p.ROUTINE_TYPE = r.ROUTINE_TYPE AND p.ORDINAL_POSITION > 0), '')
FROM information_schema.ROUTINES r
WHERE r.ROUTINE_SCHEMA IN (`+in+`) AND r.ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE')
ORDER BY r.ROUTINE_SCHEMA, r.ROUTINE_TYPE, r.ROUTINE_NAME`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var x routine
		if err := rows.Scan(&x.db, &x.name, &x.typ, &x.params); err != nil {
			rows.Close()
			return nil, fmt.Errorf("mysql inspect: reading routines: %w", err)
		}
		if !r.exclude[x.name] {
			routines = append(routines, x)
		}
	}
	if err := closeRows(rows, "routines"); err != nil {
		return nil, err
	}
	for _, x := range routines {
		text, err := r.showCreate(ctx, x.typ, x.db, x.name, 2)
		if err != nil {
			return nil, err
		}
		kind := schema.KindFunction
		if x.typ == "PROCEDURE" {
			kind = schema.KindProcedure
		}
		out = append(out, &schema.ObjectDef{Kind: kind, Schema: r.schemaOf(x.db), Name: x.name + "(" + x.params + ")", Definition: withoutDefiner(text)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out, nil
}

func closeRows(rows *sql.Rows, what string) error {
	err := rows.Err()
	rows.Close()
	if err != nil {
		return fmt.Errorf("mysql inspect: reading %s: %w", what, err)
	}
	return nil
}

// showCreate runs SHOW CREATE <what> db.name and returns the column col of its
// one row (0-based: SHOW CREATE VIEW's "Create View" is 1, SHOW CREATE
// TRIGGER's "SQL Original Statement" and SHOW CREATE FUNCTION's "Create
// Function" are 2). An empty text (the user lacks the privilege to see a
// routine's body) is an error saying so.
func (r *reader) showCreate(ctx context.Context, what, db, name string, col int) (string, error) {
	rows, err := r.q.query(ctx, strings.ToLower(what)+" "+name, "SHOW CREATE "+what+" "+quoteName(db)+"."+quoteName(name))
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil || len(cols) <= col {
		return "", fmt.Errorf("mysql inspect: SHOW CREATE %s %s: %d columns, want more than %d (%v)", what, name, len(cols), col, err)
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if !rows.Next() {
		return "", fmt.Errorf("mysql inspect: SHOW CREATE %s %s returned no row", what, name)
	}
	if err := rows.Scan(ptrs...); err != nil {
		return "", fmt.Errorf("mysql inspect: SHOW CREATE %s %s: %w", what, name, err)
	}
	if !vals[col].Valid || strings.TrimSpace(vals[col].String) == "" {
		return "", fmt.Errorf("mysql inspect: SHOW CREATE %s %s shows no definition: the user needs the privilege to see it (SHOW_ROUTINE, or be its definer), or exclude it (exclude_tables)", what, name)
	}
	return vals[col].String, rows.Err()
}

func quoteName(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

var (
	definerRe  = regexp.MustCompile("(?is)^(\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:ALGORITHM\\s*=\\s*\\w+\\s+)?)DEFINER\\s*=\\s*(?:`(?:[^`]|``)*`|'(?:[^']|'')*'|[^\\s@]+)(?:\\s*@\\s*(?:`(?:[^`]|``)*`|'(?:[^']|'')*'|[^\\s]+))?\\s+")
	viewHeadRe = regexp.MustCompile("(?is)^\\s*CREATE\\s+(?:ALGORITHM\\s*=\\s*(\\w+)\\s+)?(?:DEFINER\\s*=\\s*\\S+\\s+)?(?:SQL\\s+SECURITY\\s+(\\w+)\\s+)?VIEW\\s+(?:`(?:[^`]|``)*`\\.)?`(?:[^`]|``)*`\\s+AS\\s+")
	backquoted = regexp.MustCompile("`((?:[^`]|``)*)`")
)

// withoutDefiner returns a CREATE statement without its DEFINER = user@host
// clause.
func withoutDefiner(s string) string {
	return strings.TrimSpace(definerRe.ReplaceAllString(s, "$1"))
}

// viewObject reads SHOW CREATE VIEW's text into a view object whose
// Definition is the query after AS, depending on the views of views it names.
func viewObject(schemaName, name, text string, views map[string]bool) (*schema.ObjectDef, error) {
	m := viewHeadRe.FindStringSubmatchIndex(text)
	if m == nil {
		return nil, fmt.Errorf("mysql inspect: view %q: cannot read SHOW CREATE VIEW's text %q", name, firstLine(text))
	}
	algorithm, security := "", ""
	if m[2] >= 0 {
		algorithm = strings.ToUpper(text[m[2]:m[3]])
	}
	if m[4] >= 0 {
		security = strings.ToUpper(text[m[4]:m[5]])
	}
	query := strings.TrimSpace(text[m[1]:])
	switch {
	case algorithm != "" && algorithm != "UNDEFINED":
		return nil, fmt.Errorf("mysql inspect: view %q has ALGORITHM=%s, which migrate does not model: recreate it without, or exclude it (exclude_tables)", name, algorithm)
	case security != "" && security != "DEFINER":
		return nil, fmt.Errorf("mysql inspect: view %q has SQL SECURITY %s, which migrate does not model: recreate it with SQL SECURITY DEFINER, or exclude it (exclude_tables)", name, security)
	case regexp.MustCompile(`(?i)\sWITH\s+(CASCADED\s+|LOCAL\s+)?CHECK\s+OPTION\s*$`).MatchString(query):
		return nil, fmt.Errorf("mysql inspect: view %q has WITH CHECK OPTION, which migrate does not model: recreate it without, or exclude it (exclude_tables)", name)
	}
	o := &schema.ObjectDef{Kind: schema.KindView, Schema: schemaName, Name: name, Definition: query}
	seen := map[string]bool{}
	for _, q := range backquoted.FindAllStringSubmatch(query, -1) {
		n := strings.ReplaceAll(q[1], "``", "`")
		if views[n] && n != name && !seen[n] {
			seen[n] = true
			o.DependsOn = append(o.DependsOn, schema.ObjectRef(schema.KindView, schemaName, n))
		}
	}
	return o, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return s
}
