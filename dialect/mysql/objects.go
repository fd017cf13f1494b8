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
// MariaDB, which have four of the kinds:
//
//   - view: CREATE VIEW name AS query; a replace is CREATE OR REPLACE VIEW;
//     DROP VIEW name (https://dev.mysql.com/doc/refman/8.0/en/create-view.html);
//   - trigger: the definition as written (the whole CREATE TRIGGER statement);
//     DROP TRIGGER name, a trigger's name being unique in its database;
//   - function, procedure: the definition as written (the whole CREATE
//     FUNCTION or CREATE PROCEDURE statement); DROP FUNCTION name, DROP
//     PROCEDURE name: MySQL has no overloading, so the argument types of the
//     object's name ("add_one(int)") are not part of the DROP.
//
// A trigger, function or procedure is replaced by a drop and a create (the
// server has no OR REPLACE for them before MariaDB 10.1.4 and none in
// MySQL). Their bodies may hold several statements; an offline script writes
// such a statement between DELIMITER lines (see ScriptStatement). Objects
// have no comments here (a routine's COMMENT is part of its definition); a
// view's comment is refused. Every other kind is refused by name.

var (
	createTriggerRe   = regexp.MustCompile(`(?is)^\s*CREATE\s+(OR\s+REPLACE\s+)?(DEFINER\s*=\s*\S+\s+)?TRIGGER\s`)
	createFunctionRe  = regexp.MustCompile(`(?is)^\s*CREATE\s+(OR\s+REPLACE\s+)?(DEFINER\s*=\s*\S+\s+)?(AGGREGATE\s+)?FUNCTION\s`)
	createProcedureRe = regexp.MustCompile(`(?is)^\s*CREATE\s+(OR\s+REPLACE\s+)?(DEFINER\s*=\s*\S+\s+)?PROCEDURE\s`)
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
	}
	return nil, dialect.UnsupportedObject(Name, o)
}

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
