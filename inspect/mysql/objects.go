package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sort"
	"strings"

	mysqldialect "github.com/retortdb/migrate/dialect/mysql"
	"github.com/retortdb/migrate/schema"
)

// readObjects reads the views, triggers, functions, procedures and events of
// the databases read into MetaData.Objects, in five catalog queries whatever
// their number (one statement per object, SHOW CREATE …, costs a round trip
// each: 2.5 s for 700 objects), plus SHOW CREATE VIEW for the views
// information_schema describes incompletely (below):
//
//   - a view (information_schema.VIEWS): its query as the server stores it,
//     with the names of the view's own database taken off (VIEW_DEFINITION
//     qualifies every table, SHOW CREATE VIEW does not); the query comes
//     from SHOW CREATE VIEW instead for a view whose query holds a string
//     literal on MariaDB (VIEW_DEFINITION drops the literal's character set
//     introducer, _utf8mb3' ', which decides the column's character set) and
//     for every view on MySQL (whose VIEWS has no ALGORITHM). When its
//     ALGORITHM, SQL SECURITY or CHECK OPTION is not the default, the
//     definition is the whole CREATE VIEW statement with those options
//     (mysqldialect.ViewDefinition). Views named with the scratch prefix of
//     NormalizeObjects are skipped;
//   - a trigger (information_schema.TRIGGERS): CREATE TRIGGER name timing
//     event ON table FOR EACH ROW and its ACTION_STATEMENT, depending on its
//     table and on the trigger it follows (ACTION_ORDER), so that they are
//     created in the same order;
//   - a function or procedure (information_schema.ROUTINES, and PARAMETERS
//     in a query of its own, which costs less than a subquery per routine):
//     CREATE FUNCTION or PROCEDURE with its parameters, return type and the
//     characteristics that are not the defaults (DETERMINISTIC, the SQL data
//     access, SQL SECURITY INVOKER, COMMENT), then its body; named with its
//     parameters' types as the server writes them ("add_one(int(11))" on
//     MariaDB);
//   - an event (information_schema.EVENTS): CREATE EVENT with its schedule,
//     ON COMPLETION, status, comment and body (see eventRow.object).
//
// No definition carries a DEFINER: the user who runs the migration becomes
// the definer. A view depends on the other views it names. Objects on
// excluded tables, and views, routines and events excluded by name, are skipped.
func (r *reader) readObjects(ctx context.Context) ([]*schema.ObjectDef, error) {
	in, args := r.inArgs()
	var out []*schema.ObjectDef
	algorithm := "'UNDEFINED'"
	if r.flavor.MariaDB {
		algorithm = "ALGORITHM"
	}
	rows, err := r.q.query(ctx, "views", `SELECT TABLE_SCHEMA, TABLE_NAME, COALESCE(VIEW_DEFINITION, ''), `+algorithm+`, SECURITY_TYPE, CHECK_OPTION
FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN (`+in+`) ORDER BY TABLE_SCHEMA, TABLE_NAME`, args...)
	if err != nil {
		return nil, err
	}
	type viewRow struct{ db, name, def, algorithm, security, check string }
	var views []viewRow
	names := map[string]bool{}
	for rows.Next() {
		var v viewRow
		if err := rows.Scan(&v.db, &v.name, &v.def, &v.algorithm, &v.security, &v.check); err != nil {
			rows.Close()
			return nil, fmt.Errorf("mysql inspect: reading views: %w", err)
		}
		if !r.exclude[v.name] && !isScratchName(v.name) {
			views = append(views, v)
			names[v.name] = true
		}
	}
	if err := closeRows(rows, "views"); err != nil {
		return nil, err
	}
	for i, v := range views {
		// information_schema drops the character set introducers of string
		// literals (MariaDB's _utf8mb3' ') and MySQL's has no ALGORITHM:
		// SHOW CREATE VIEW has both, for a round trip per view.
		if !r.flavor.MariaDB || strings.Contains(v.def, "'") {
			shown, err := r.showCreateView(ctx, v.db, v.name)
			if err != nil {
				return nil, err
			}
			views[i].def, views[i].algorithm, views[i].security, views[i].check = shown.Query, shown.Algorithm, shown.Security, shown.CheckOption
			v = views[i]
		}
		o, err := viewObject(r.schemaOf(v.db), v.name, unqualify(v.def, v.db), v.algorithm, v.security, v.check, names)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}

	// A trigger is in its table's database; MariaDB narrows TRIGGERS to one
	// database by EVENT_OBJECT_SCHEMA, while TRIGGER_SCHEMA reads every table
	// of every database.
	rows, err = r.q.query(ctx, "triggers", `SELECT TRIGGER_SCHEMA, TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER, ACTION_STATEMENT
FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA IN (`+in+`)
ORDER BY TRIGGER_SCHEMA, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER`, args...)
	if err != nil {
		return nil, err
	}
	prev := map[string]string{} // table, timing, event → the trigger before
	for rows.Next() {
		var db, name, table, timing, event, stmt string
		var order int
		if err := rows.Scan(&db, &name, &table, &timing, &event, &order, &stmt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("mysql inspect: reading triggers: %w", err)
		}
		if r.exclude[table] { // (not r.table: the tables are read at the same time)
			continue
		}
		s := r.schemaOf(db)
		o := &schema.ObjectDef{Kind: schema.KindTrigger, Schema: s, Name: name, Table: table,
			Definition: "CREATE TRIGGER " + quoteName(name) + " " + timing + " " + event + " ON " + quoteName(table) + " FOR EACH ROW " + stmt,
			DependsOn:  []string{schema.ObjectRef("table", s, table)}}
		slot := db + "\x00" + table + "\x00" + timing + "\x00" + event
		if p, ok := prev[slot]; ok {
			o.DependsOn = append(o.DependsOn, schema.ObjectRef(schema.KindTrigger, s, table+"."+p))
		}
		prev[slot] = name
		out = append(out, o)
	}
	if err := closeRows(rows, "triggers"); err != nil {
		return nil, err
	}

	params := map[string][]string{} // schema, type, name → "mode\x1fname\x1ftype"
	rows, err = r.q.query(ctx, "routine parameters", `SELECT SPECIFIC_SCHEMA, ROUTINE_TYPE, SPECIFIC_NAME, COALESCE(PARAMETER_MODE, ''), COALESCE(PARAMETER_NAME, ''), COALESCE(DTD_IDENTIFIER, '')
FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA IN (`+in+`) AND ORDINAL_POSITION > 0
ORDER BY SPECIFIC_SCHEMA, ROUTINE_TYPE, SPECIFIC_NAME, ORDINAL_POSITION`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var db, typ, name, mode, pname, dtd string
		if err := rows.Scan(&db, &typ, &name, &mode, &pname, &dtd); err != nil {
			rows.Close()
			return nil, fmt.Errorf("mysql inspect: reading routine parameters: %w", err)
		}
		k := db + "\x00" + typ + "\x00" + name
		params[k] = append(params[k], mode+"\x1f"+pname+"\x1f"+dtd)
	}
	if err := closeRows(rows, "routine parameters"); err != nil {
		return nil, err
	}
	rows, err = r.q.query(ctx, "routines", `SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE, COALESCE(DTD_IDENTIFIER, ''),
	ROUTINE_DEFINITION, IS_DETERMINISTIC, SQL_DATA_ACCESS, SECURITY_TYPE, COALESCE(ROUTINE_COMMENT, '')
FROM information_schema.ROUTINES
WHERE ROUTINE_SCHEMA IN (`+in+`) AND ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE')
ORDER BY ROUTINE_SCHEMA, ROUTINE_TYPE, ROUTINE_NAME`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var x routineRow
		var body sql.NullString
		if err := rows.Scan(&x.db, &x.name, &x.typ, &x.returns, &body, &x.deterministic, &x.access, &x.security, &x.comment); err != nil {
			rows.Close()
			return nil, fmt.Errorf("mysql inspect: reading routines: %w", err)
		}
		if r.exclude[x.name] {
			continue
		}
		if !body.Valid {
			rows.Close()
			return nil, fmt.Errorf("mysql inspect: %s %q: the server shows no body: the user needs the privilege to see it (SHOW_ROUTINE, or be its definer), or exclude it (exclude_tables)", strings.ToLower(x.typ), x.name)
		}
		x.body = body.String
		x.params = strings.Join(params[x.db+"\x00"+x.typ+"\x00"+x.name], "\x1e")
		out = append(out, x.object(r.schemaOf(x.db)))
	}
	if err := closeRows(rows, "routines"); err != nil {
		return nil, err
	}
	events, err := r.readEvents(ctx, in, args)
	if err != nil {
		return nil, err
	}
	out = append(out, events...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out, nil
}

// readEvents reads the event scheduler's events (information_schema.EVENTS)
// as CREATE EVENT statements (see eventRow.object). An event whose time zone
// is not the session's stops the inspection, naming it: its times would
// mean other instants when created again.
func (r *reader) readEvents(ctx context.Context, in string, args []any) ([]*schema.ObjectDef, error) {
	const at = "'%Y-%m-%d %H:%i:%s'"
	rows, err := r.q.query(ctx, "events", `SELECT EVENT_SCHEMA, EVENT_NAME, EVENT_TYPE, COALESCE(DATE_FORMAT(EXECUTE_AT, `+at+`), ''),
	COALESCE(INTERVAL_VALUE, ''), COALESCE(INTERVAL_FIELD, ''),
	CASE WHEN STARTS IS NULL OR STARTS = CREATED THEN '' ELSE DATE_FORMAT(STARTS, `+at+`) END, COALESCE(DATE_FORMAT(ENDS, `+at+`), ''),
	STATUS, ON_COMPLETION, COALESCE(EVENT_COMMENT, ''), EVENT_DEFINITION, TIME_ZONE, @@session.time_zone
FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN (`+in+`) ORDER BY EVENT_SCHEMA, EVENT_NAME`, args...)
	if err != nil {
		return nil, err
	}
	var out []*schema.ObjectDef
	for rows.Next() {
		var e eventRow
		var zone, session string
		if err := rows.Scan(&e.db, &e.name, &e.typ, &e.at, &e.every, &e.unit, &e.starts, &e.ends, &e.status, &e.completion, &e.comment, &e.body, &zone, &session); err != nil {
			rows.Close()
			return nil, fmt.Errorf("mysql inspect: reading events: %w", err)
		}
		if r.exclude[e.name] {
			continue
		}
		if !strings.EqualFold(zone, session) {
			rows.Close()
			return nil, fmt.Errorf("mysql inspect: event %q was created with time_zone %s, and this session's is %s: migrate creates events in the session's time zone, where its times would mean other instants: "+
				"create the event again in time zone %s (or set the server's default time zone), or exclude it (exclude_tables)", e.name, zone, session, session)
		}
		out = append(out, e.object(r.schemaOf(e.db)))
	}
	if err := closeRows(rows, "events"); err != nil {
		return nil, err
	}
	return out, nil
}

// eventRow is one row of the events query.
type eventRow struct {
	db, name, typ, at, every, unit, starts, ends, status, completion, comment, body string
}

// object writes the event's CREATE EVENT statement: its schedule (AT, or
// EVERY with STARTS and ENDS), then what is not the default: ON COMPLETION
// PRESERVE, DISABLE or DISABLE ON SLAVE, COMMENT; then DO and its body.
// STARTS is left out when it is the time the event was created, which is
// what the server stores when CREATE EVENT gives none, so that an event
// declared without STARTS compares equal whenever it was created; the
// scheduler's runtime fields (LAST_EXECUTED, CREATED, LAST_ALTERED) and the
// DEFINER are not part of it.
func (e eventRow) object(schemaName string) *schema.ObjectDef {
	var b strings.Builder
	b.WriteString("CREATE EVENT " + quoteName(e.name) + " ON SCHEDULE ")
	if strings.EqualFold(e.typ, "ONE TIME") {
		b.WriteString("AT '" + e.at + "'")
	} else {
		b.WriteString("EVERY " + e.every + " " + e.unit)
		if e.starts != "" {
			b.WriteString(" STARTS '" + e.starts + "'")
		}
		if e.ends != "" {
			b.WriteString(" ENDS '" + e.ends + "'")
		}
	}
	if strings.EqualFold(e.completion, "PRESERVE") {
		b.WriteString("\n    ON COMPLETION PRESERVE")
	}
	switch strings.ToUpper(e.status) {
	case "DISABLED":
		b.WriteString("\n    DISABLE")
	case "SLAVESIDE_DISABLED":
		b.WriteString("\n    DISABLE ON SLAVE")
	}
	if e.comment != "" {
		b.WriteString("\n    COMMENT '" + strings.ReplaceAll(strings.ReplaceAll(e.comment, `\`, `\\`), "'", "''") + "'")
	}
	b.WriteString("\nDO " + e.body)
	return &schema.ObjectDef{Kind: schema.KindEvent, Schema: schemaName, Name: e.name, Definition: b.String()}
}

// showCreateView reads SHOW CREATE VIEW db.name into its parts.
func (r *reader) showCreateView(ctx context.Context, db, name string) (*mysqldialect.ViewStatement, error) {
	rows, err := r.q.query(ctx, "view "+name, "SHOW CREATE VIEW "+quoteName(db)+"."+quoteName(name))
	if err != nil {
		return nil, err
	}
	return scanCreateView(rows, db, name)
}

// scanCreateView reads the one row of SHOW CREATE VIEW db.name into its
// parts, the database's qualifiers taken off the query, and closes rows.
func scanCreateView(rows *sql.Rows, db, name string) (*mysqldialect.ViewStatement, error) {
	cols, err := rows.Columns()
	if err != nil {
		rows.Close()
		return nil, fmt.Errorf("mysql inspect: reading view %q: %w", name, err)
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			rows.Close()
			return nil, fmt.Errorf("mysql inspect: reading view %q: %w", name, err)
		}
	}
	if err := closeRows(rows, "view "+name); err != nil {
		return nil, err
	}
	if len(vals) < 2 || !vals[1].Valid {
		return nil, fmt.Errorf("mysql inspect: view %q: SHOW CREATE VIEW shows no definition: the user needs the SHOW VIEW privilege, or exclude it (exclude_tables)", name)
	}
	v, ok, err := mysqldialect.ParseViewDefinition(vals[1].String)
	if err != nil || !ok {
		return nil, fmt.Errorf("mysql inspect: view %q: cannot read SHOW CREATE VIEW's %.60q: %v", name, vals[1].String, err)
	}
	v.Query = strings.TrimSpace(unqualify(v.Query, db))
	return v, nil
}

// routineRow is one row of the routines query.
type routineRow struct {
	db, name, typ, returns, body, deterministic, access, security, comment, params string
}

// object writes the routine's CREATE statement (see readObjects).
func (x routineRow) object(schemaName string) *schema.ObjectDef {
	var params, types []string
	if x.params != "" {
		for _, p := range strings.Split(x.params, "\x1e") {
			f := strings.Split(p, "\x1f")
			if len(f) != 3 {
				continue
			}
			s := quoteName(f[1]) + " " + f[2]
			if x.typ == "PROCEDURE" && f[0] != "" {
				s = f[0] + " " + s
			}
			params = append(params, s)
			types = append(types, f[2])
		}
	}
	kind := schema.KindFunction
	var b strings.Builder
	b.WriteString("CREATE " + x.typ + " " + quoteName(x.name) + "(" + strings.Join(params, ", ") + ")")
	if x.typ == "PROCEDURE" {
		kind = schema.KindProcedure
	} else {
		b.WriteString(" RETURNS " + x.returns)
	}
	if x.deterministic == "YES" {
		b.WriteString("\n    DETERMINISTIC")
	}
	if a := strings.ToUpper(x.access); a != "" && a != "CONTAINS SQL" {
		b.WriteString("\n    " + a)
	}
	if strings.EqualFold(x.security, "INVOKER") {
		b.WriteString("\n    SQL SECURITY INVOKER")
	}
	if x.comment != "" {
		b.WriteString("\n    COMMENT '" + strings.ReplaceAll(strings.ReplaceAll(x.comment, `\`, `\\`), "'", "''") + "'")
	}
	b.WriteString("\n" + x.body)
	return &schema.ObjectDef{Kind: kind, Schema: schemaName, Name: x.name + "(" + strings.Join(types, ", ") + ")", Definition: b.String()}
}

// unqualify removes the database qualifier `db`. from the backquoted names of
// a view's stored query, outside string literals.
func unqualify(def, db string) string {
	q := quoteName(db) + "."
	var b strings.Builder
	for i := 0; i < len(def); {
		switch c := def[i]; {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(def) && def[j] != c {
				if def[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(def))
			b.WriteString(def[i:j])
			i = j
		case strings.HasPrefix(def[i:], q):
			i += len(q)
		case c == '`':
			j := i + 1
			for j < len(def) && !(def[j] == '`' && (j+1 >= len(def) || def[j+1] != '`')) {
				if def[j] == '`' {
					j++
				}
				j++
			}
			j = min(j+1, len(def))
			b.WriteString(def[i:j])
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

func closeRows(rows *sql.Rows, what string) error {
	err := rows.Err()
	rows.Close()
	if err != nil {
		return fmt.Errorf("mysql inspect: reading %s: %w", what, err)
	}
	return nil
}

func quoteName(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

// backquoted matches a backquoted name.
var backquoted = regexp.MustCompile("`((?:[^`]|``)*)`")

// viewObject reads a view's stored query (its database's qualifiers removed)
// and its ALGORITHM, SECURITY_TYPE and CHECK_OPTION into a view object
// (mysqldialect.ViewDefinition: the query alone, or the whole CREATE VIEW
// statement when an option is not the default), depending on the views of
// views it names; a view whose query the user may not see is an error naming
// it.
func viewObject(schemaName, name, query, algorithm, security, check string, views map[string]bool) (*schema.ObjectDef, error) {
	query = strings.TrimSpace(query)
	if query == "" {
		return nil, fmt.Errorf("mysql inspect: view %q: the server shows no definition: the user needs the SHOW VIEW privilege, or exclude it (exclude_tables)", name)
	}
	o := &schema.ObjectDef{Kind: schema.KindView, Schema: schemaName, Name: name,
		Definition: mysqldialect.ViewDefinition(name, query, algorithm, security, check)}
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
