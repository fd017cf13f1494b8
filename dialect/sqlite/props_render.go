package sqlite

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/schema"
)

// strictTypes are the column types a STRICT table accepts
// (https://sqlite.org/stricttables.html).
var strictTypes = map[string]bool{"INT": true, "INTEGER": true, "REAL": true, "TEXT": true, "BLOB": true, "ANY": true}

// strictType returns an error when t is STRICT and typ, column c's rendered
// type, is not one STRICT allows: SQLite would refuse the CREATE TABLE.
func strictType(t *schema.Table, c *schema.Column, typ string) error {
	if t == nil || !t.SQLiteStrict || strictTypes[strings.ToUpper(strings.TrimSpace(typ))] {
		return nil
	}
	return fmt.Errorf("column %q: table %q is STRICT, which allows only the types INT, INTEGER, REAL, TEXT, BLOB and ANY, and the column's type renders as %s; declare it with one of them (schema.Dialect(\"sqlite\", \"TEXT\"), or a portable type that renders so: Integer, Text, Blob)", c.Name, t.Name, typ)
}

// generatedClause renders " GENERATED ALWAYS AS (expr) VIRTUAL" or "… STORED"
// for a generated column, "" for any other. A generated column has no default
// and is no rowid alias (https://sqlite.org/gencol.html); those are errors.
func generatedClause(c *schema.Column) (string, error) {
	g := c.Generated
	if g == nil {
		return "", nil
	}
	switch {
	case strings.TrimSpace(g.Expr) == "":
		return "", fmt.Errorf("column %q: the generated column's expression is empty; write the SQL expression or make it a plain column", c.Name)
	case c.Default != nil:
		return "", fmt.Errorf("column %q: a generated column cannot also have a server default; remove one of them", c.Name)
	case c.Autoincrement:
		return "", fmt.Errorf("column %q: a generated column cannot also autoincrement (be an INTEGER PRIMARY KEY); remove one of them", c.Name)
	}
	kind := "VIRTUAL"
	if g.Stored {
		kind = "STORED"
	}
	return " GENERATED ALWAYS AS (" + g.Expr + ") " + kind, nil
}

// tableOptions renders what follows a CREATE TABLE's closing parenthesis for
// t: " STRICT", " WITHOUT ROWID" or " STRICT, WITHOUT ROWID"; "" for neither.
// A WITHOUT ROWID table needs a primary key and has no AUTOINCREMENT.
func tableOptions(t *schema.Table) (string, error) {
	var opts []string
	if t.SQLiteStrict {
		opts = append(opts, "STRICT")
	}
	if t.SQLiteWithoutRowid {
		if t.PrimaryKey == nil || len(t.PrimaryKey.Columns) == 0 {
			return "", fmt.Errorf("table %q is WITHOUT ROWID, which needs a primary key; declare one or drop WITHOUT ROWID", t.Name)
		}
		if hasSQLiteAutoincrement(t) {
			return "", fmt.Errorf("table %q is WITHOUT ROWID, which has no AUTOINCREMENT; drop one of them", t.Name)
		}
		opts = append(opts, "WITHOUT ROWID")
	}
	if len(opts) == 0 {
		return "", nil
	}
	return " " + strings.Join(opts, ", "), nil
}

// copiedColumns returns origin without the columns of new that are generated:
// their values are computed, and SQLite refuses them in an INSERT's column
// list, so a move and copy leaves them out.
func copiedColumns(new *schema.Table, origin map[string]string) map[string]string {
	out := make(map[string]string, len(origin))
	for k, v := range origin {
		if c := new.FindColumn(k); c != nil && c.Generated != nil {
			continue
		}
		out[k] = v
	}
	return out
}
