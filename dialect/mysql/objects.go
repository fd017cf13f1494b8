package mysql

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// Rendering of create_object, drop_object and replace_object on MySQL and
// MariaDB, which have five of the kinds:
//
//   - view: CREATE VIEW name AS query, or, when the definition is the whole
//     CREATE VIEW statement (with ALGORITHM, SQL SECURITY or CHECK OPTION, see
//     ViewStatement), that statement under the object's name; a replace is
//     CREATE OR REPLACE VIEW; DROP VIEW name
//     (https://dev.mysql.com/doc/refman/8.0/en/create-view.html);
//   - trigger: the definition as written (the whole CREATE TRIGGER statement);
//     DROP TRIGGER name, a trigger's name being unique in its database;
//   - function, procedure: the definition as written (the whole CREATE
//     FUNCTION or CREATE PROCEDURE statement); DROP FUNCTION name, DROP
//     PROCEDURE name: MySQL has no overloading, so the argument types of the
//     object's name ("add_one(int)") are not part of the DROP;
//   - event: the definition as written (the whole CREATE EVENT statement);
//     DROP EVENT name
//     (https://dev.mysql.com/doc/refman/8.0/en/create-event.html).
//
// A trigger, function, procedure or event is replaced by a drop and a create (the
// server has no OR REPLACE for them before MariaDB 10.1.4 and none in
// MySQL). Their bodies may hold several statements; an offline script writes
// such a statement between DELIMITER lines (see ScriptStatement). Objects
// have no comments here (a routine's or an event's COMMENT is part of its definition); a
// view's comment is refused. Every other kind is refused by name.

var (
	createTriggerRe   = regexp.MustCompile(`(?is)^\s*CREATE\s+(OR\s+REPLACE\s+)?(DEFINER\s*=\s*\S+\s+)?TRIGGER\s`)
	createFunctionRe  = regexp.MustCompile(`(?is)^\s*CREATE\s+(OR\s+REPLACE\s+)?(DEFINER\s*=\s*\S+\s+)?(AGGREGATE\s+)?FUNCTION\s`)
	createProcedureRe = regexp.MustCompile(`(?is)^\s*CREATE\s+(OR\s+REPLACE\s+)?(DEFINER\s*=\s*\S+\s+)?PROCEDURE\s`)
	createEventRe     = regexp.MustCompile(`(?is)^\s*CREATE\s+(OR\s+REPLACE\s+)?(DEFINER\s*=\s*\S+\s+)?EVENT\s`)
)

// objectSQL renders one object op.
func objectSQL(o ops.Op) ([]string, error) {
	switch o := o.(type) {
	case *ops.CreateObject:
		return createObjectSQL(o, o.Object, false)
	case *ops.DropObject:
		return dropObjectSQL(o, &schema.ObjectDef{Kind: o.Kind, Schema: o.Schema, Name: o.Name, Table: o.Table})
	case *ops.ReplaceObject:
		if o.Object == nil {
			return nil, fmt.Errorf("replace_object has no object")
		}
		if o.Object.Kind == schema.KindView {
			return createObjectSQL(o, o.Object, true)
		}
		old := o.Existing
		if old == nil {
			old = o.Object
		}
		drop, err := dropObjectSQL(o, old)
		if err != nil {
			return nil, err
		}
		create, err := createObjectSQL(o, o.Object, false)
		if err != nil {
			return nil, err
		}
		return append(drop, create...), nil
	}
	return nil, fmt.Errorf("%s is not an object op", ops.Name(o))
}

func createObjectSQL(o ops.Op, x *schema.ObjectDef, orReplace bool) ([]string, error) {
	if x == nil {
		return nil, fmt.Errorf("%s has no object", ops.Name(o))
	}
	if x.Name == "" {
		return nil, fmt.Errorf("%s of a %s: the object has no name", ops.Name(o), x.Kind)
	}
	def := strings.TrimSpace(x.Definition)
	for strings.HasSuffix(def, ";") {
		def = strings.TrimSpace(strings.TrimSuffix(def, ";")) // the statement's own end, not its body's
	}
	if err := dialect.CheckScriptSQL(def); err != nil {
		return nil, err
	}
	if def == "" {
		return nil, fmt.Errorf("%s %q has no definition", x.Kind, x.Name)
	}
	whole := func(re *regexp.Regexp, what string) ([]string, error) {
		if !re.MatchString(def) {
			return nil, fmt.Errorf("%s %q: its definition must be the whole %s statement, and starts %q", x.Kind, x.Name, what, firstWords(def))
		}
		return []string{def}, nil
	}
	switch x.Kind {
	case schema.KindView:
		if x.Comment != "" {
			return nil, fmt.Errorf("view %q has a comment, which MySQL and MariaDB cannot store on a view; drop the comment", x.Name)
		}
		if v, ok, err := ParseViewDefinition(def); err != nil {
			return nil, fmt.Errorf("view %q: %w", x.Name, err)
		} else if ok {
			if !strings.EqualFold(v.Name, x.Name) {
				return nil, fmt.Errorf("view %q: its definition creates view %q; name the view the same in both", x.Name, v.Name)
			}
			head := def[:v.nameStart]
			if orReplace && !v.orReplace {
				head = v.create + "OR REPLACE " + def[len(v.create):v.nameStart]
			}
			return []string{head + qualified(x.Schema, x.Name) + def[v.nameEnd:]}, nil
		}
		kw := "CREATE VIEW "
		if orReplace {
			kw = "CREATE OR REPLACE VIEW "
		}
		return []string{kw + qualified(x.Schema, x.Name) + " AS " + def}, nil
	case schema.KindTrigger:
		return whole(createTriggerRe, "CREATE TRIGGER")
	case schema.KindFunction:
		return whole(createFunctionRe, "CREATE FUNCTION")
	case schema.KindProcedure:
		return whole(createProcedureRe, "CREATE PROCEDURE")
	case schema.KindEvent:
		return whole(createEventRe, "CREATE EVENT")
	}
	return nil, dialect.UnsupportedObject(Name, o)
}

func dropObjectSQL(o ops.Op, x *schema.ObjectDef) ([]string, error) {
	if x.Name == "" {
		return nil, fmt.Errorf("%s of a %s: the object has no name", ops.Name(o), x.Kind)
	}
	bare, _, _ := strings.Cut(x.Name, "(")
	switch x.Kind {
	case schema.KindView:
		return []string{"DROP VIEW " + qualified(x.Schema, x.Name)}, nil
	case schema.KindTrigger:
		return []string{"DROP TRIGGER " + qualified(x.Schema, x.Name)}, nil
	case schema.KindFunction:
		return []string{"DROP FUNCTION " + qualified(x.Schema, bare)}, nil
	case schema.KindProcedure:
		return []string{"DROP PROCEDURE " + qualified(x.Schema, bare)}, nil
	case schema.KindEvent:
		return []string{"DROP EVENT " + qualified(x.Schema, x.Name)}, nil
	}
	return nil, dialect.UnsupportedObject(Name, o)
}

// ViewStatement is a view's definition written as the whole CREATE VIEW
// statement, split into its parts. MySQL and MariaDB store a view's
// ALGORITHM, SQL SECURITY and CHECK OPTION beside its query
// (https://dev.mysql.com/doc/refman/8.0/en/create-view.html,
// https://mariadb.com/kb/en/create-view/); a view's Definition holds them by
// being the whole statement:
//
//	CREATE [OR REPLACE] [ALGORITHM = {UNDEFINED | MERGE | TEMPTABLE}]
//	    [DEFINER = user] [SQL SECURITY {DEFINER | INVOKER}]
//	    VIEW name [(columns)] AS query [WITH [CASCADED | LOCAL] CHECK OPTION]
//
// A Definition that does not start with CREATE is the query alone, with the
// defaults (ALGORITHM=UNDEFINED, SQL SECURITY DEFINER, no CHECK OPTION).
type ViewStatement struct {
	// Name is the view's name as the statement gives it, unquoted and without
	// its database.
	Name string
	// Algorithm is "UNDEFINED", "MERGE" or "TEMPTABLE"; "" when not given.
	Algorithm string
	// Security is "DEFINER" or "INVOKER"; "" when not given.
	Security string
	// Columns is the column list in parentheses, as written; "" for none.
	Columns string
	// Query is the SELECT after AS, without the CHECK OPTION.
	Query string
	// CheckOption is "CASCADED" or "LOCAL" ("WITH CHECK OPTION" is
	// CASCADED); "" for none.
	CheckOption string

	create             string // "CREATE " as written
	orReplace          bool
	nameStart, nameEnd int
}

// viewHeader matches CREATE … VIEW name up to AS: group 1 is CREATE, 2 OR
// REPLACE, 3 the algorithm, 4 the SQL SECURITY, 5 and 6 the name (quoted or
// bare; 6 when 5 is its database), 7 the column list.
var viewHeader = regexp.MustCompile(`(?is)^(\s*CREATE\s+)(OR\s+REPLACE\s+)?(?:ALGORITHM\s*=\s*(UNDEFINED|MERGE|TEMPTABLE)\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:SQL\s+SECURITY\s+(DEFINER|INVOKER)\s+)?VIEW\s+` +
	"(`(?:[^`]|``)*`|[A-Za-z0-9_$]+)(?:\\s*\\.\\s*(`(?:[^`]|``)*`|[A-Za-z0-9_$]+))?" + `\s*(\([^()]*\))?\s*AS\s`)

// viewCheckOption matches the CHECK OPTION at the end of a view's statement.
var viewCheckOption = regexp.MustCompile(`(?is)\s+WITH\s+(?:(CASCADED|LOCAL)\s+)?CHECK\s+OPTION\s*$`)

// isCreate matches a definition that is a whole CREATE statement.
var isCreate = regexp.MustCompile(`(?i)^\s*CREATE\s`)

// ParseViewDefinition reads def, a view's Definition. When def is the whole
// CREATE VIEW statement it returns its parts and true; when def is a query
// alone, false. A definition that starts with CREATE but is no CREATE VIEW
// statement this can read is an error.
func ParseViewDefinition(def string) (*ViewStatement, bool, error) {
	if !isCreate.MatchString(def) {
		return nil, false, nil
	}
	m := viewHeader.FindStringSubmatchIndex(def)
	if m == nil {
		return nil, false, fmt.Errorf("its definition starts with CREATE but is no CREATE [ALGORITHM=…] [SQL SECURITY …] VIEW name AS query statement (%q); write the statement so, or the query alone", firstWords(def))
	}
	part := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return def[m[2*i]:m[2*i+1]]
	}
	v := &ViewStatement{create: part(1), orReplace: m[4] >= 0, Algorithm: strings.ToUpper(part(3)), Security: strings.ToUpper(part(4)),
		Columns: part(7), nameStart: m[10], nameEnd: m[11]}
	name := part(5)
	if m[12] >= 0 {
		name, v.nameEnd = part(6), m[13]
	}
	if strings.HasPrefix(name, "`") {
		name = strings.ReplaceAll(name[1:len(name)-1], "``", "`")
	}
	v.Name = name
	rest := def[m[1]:]
	if c := viewCheckOption.FindStringSubmatchIndex(rest); c != nil {
		v.CheckOption = "CASCADED"
		if c[2] >= 0 {
			v.CheckOption = strings.ToUpper(rest[c[2]:c[3]])
		}
		rest = rest[:c[0]]
	}
	v.Query = strings.TrimSpace(rest)
	return v, true, nil
}

// ViewDefinition returns a view's Definition as the inspector writes it from
// the catalog: the query alone when its options are the defaults (algorithm
// "" or UNDEFINED, security "" or DEFINER, check "" or NONE), otherwise the
// whole statement with the options that are not (CreateViewStatement):
// "CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `v` AS query WITH CASCADED CHECK OPTION".
func ViewDefinition(name, query, algorithm, security, check string) string {
	s := CreateViewStatement(quoteName(name), query, algorithm, security, check)
	if plain := "CREATE VIEW " + quoteName(name) + " AS "; strings.HasPrefix(s, plain) && s[len(plain):] == query {
		return query
	}
	return s
}

// CreateViewStatement returns CREATE VIEW target AS query with the options
// that are not the defaults, in the order the server takes them; target is
// the view's name, quoted and maybe qualified.
func CreateViewStatement(target, query, algorithm, security, check string) string {
	algorithm, security, check = strings.ToUpper(algorithm), strings.ToUpper(security), strings.ToUpper(check)
	var b strings.Builder
	b.WriteString("CREATE ")
	if algorithm != "" && algorithm != "UNDEFINED" {
		b.WriteString("ALGORITHM=" + algorithm + " ")
	}
	if security != "" && security != "DEFINER" {
		b.WriteString("SQL SECURITY " + security + " ")
	}
	b.WriteString("VIEW " + target + " AS " + query)
	if check != "" && check != "NONE" {
		b.WriteString(" WITH " + check + " CHECK OPTION")
	}
	return b.String()
}

// quoteName backquotes a name, always.
func quoteName(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

// firstWords returns the start of s for a message.
func firstWords(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// ScriptStatement returns stmt as an offline script writes it for the mysql
// and mariadb clients (dialect.ScriptStatementer): ended by ";", or, when stmt
// holds a ";" of its own outside quotes and comments (a trigger's or a
// routine's BEGIN … END body), between a DELIMITER line naming a delimiter
// stmt does not contain and one restoring ";", since the client would
// otherwise cut the statement at its first ";"
// (https://dev.mysql.com/doc/refman/8.0/en/stored-programs-defining.html).
func (Dialect) ScriptStatement(stmt string) string {
	if !hasInnerSemicolon(stmt) {
		return stmt + ";"
	}
	delim := "$$"
	for i := 0; strings.Contains(stmt, delim); i++ {
		delim = fmt.Sprintf("$$%d$$", i)
	}
	return "DELIMITER " + delim + "\n" + stmt + "\n" + delim + "\nDELIMITER ;"
}

// hasInnerSemicolon reports whether s holds a ";" outside string literals,
// quoted identifiers and comments.
func hasInnerSemicolon(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ';':
			return true
		case c == '\'' || c == '"' || c == '`':
			for i++; i < len(s); i++ {
				if s[i] == '\\' && c != '`' {
					i++
					continue
				}
				if s[i] == c {
					if i+1 < len(s) && s[i+1] == c {
						i++
						continue
					}
					break
				}
			}
		case c == '#' || (c == '-' && i+2 < len(s) && s[i+1] == '-' && (s[i+2] == ' ' || s[i+2] == '\t')):
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return false
			}
			i += end + 3
		}
	}
	return false
}
