package sqlite

import (
	"fmt"
	"strings"

	sq "github.com/retortdb/migrate/dialect/sqlite"
	"github.com/retortdb/migrate/schema"
)

// viewObject reads a view's CREATE VIEW statement as stored in sqlite_schema
// into an object whose Definition is the query after AS, as written. A view
// with a column list (CREATE VIEW v(a, b) AS …), which the object model cannot
// hold, is an error naming the view.
func viewObject(name, src string) (*schema.ObjectDef, error) {
	toks, err := sq.Lex(src)
	if err != nil {
		return nil, fmt.Errorf("view %q: cannot read its CREATE VIEW statement: %w", name, err)
	}
	for i, t := range toks {
		if t.IsPunct("(") {
			return nil, fmt.Errorf("view %q has a column list (CREATE VIEW %s(…) AS …), which migrate does not model: name the columns in the query (SELECT … AS name) instead, or exclude the view (exclude_tables)", name, name)
		}
		if t.Is("AS") && i+1 < len(toks) {
			def := strings.TrimSpace(src[t.End:])
			return &schema.ObjectDef{Kind: schema.KindView, Name: name, Definition: def}, nil
		}
	}
	return nil, fmt.Errorf("view %q: its CREATE VIEW statement has no AS", name)
}

// triggerObject is a trigger on table as an object: its whole CREATE TRIGGER
// statement, depending on its table.
func triggerObject(name, table, src string) *schema.ObjectDef {
	return &schema.ObjectDef{Kind: schema.KindTrigger, Name: name, Table: table, Definition: strings.TrimSpace(src),
		DependsOn: []string{schema.ObjectRef("table", "", table)}}
}
