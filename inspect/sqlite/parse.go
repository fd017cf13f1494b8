package sqlite

import (
	"fmt"
	"strings"

	sq "github.com/retortdb/migrate/dialect/sqlite"
	"github.com/retortdb/migrate/schema"
)

// tableDDL is what the pragmas do not tell about a table and its CREATE TABLE
// text does: constraint names, CHECK constraints, WITHOUT ROWID, STRICT, the
// column declared AUTOINCREMENT and generated columns' expressions.
type tableDDL struct {
	pkName        string
	autoincrement string
	// unmodelled lists what the model cannot hold (see
	// schema.Table.SQLiteUnmodelled).
	unmodelled   []string
	fks          []ddlFK
	uniques      []ddlUnique
	checks       []ddlCheck
	withoutRowid bool
	strict       bool
	// generated holds each generated column's expression and storage.
	generated map[string]*schema.GeneratedDef
}

type ddlFK struct {
	name     string
	cols     []string
	refTable string
}

type ddlUnique struct {
	name string
	cols []string
}

// ddlCheck is a CHECK constraint; column is set for a column constraint.
type ddlCheck struct {
	name, expr, column string
}

// parseCreateTable reads the constraint names and CHECKs of a CREATE TABLE
// statement as stored in sqlite_schema. A CREATE TABLE … AS SELECT or a virtual
// table yields an empty result. It returns an error for text it cannot tokenize
// or whose parentheses do not balance.
func parseCreateTable(src string) (*tableDDL, error) {
	out := &tableDDL{}
	toks, err := sq.Lex(src)
	if err != nil {
		return nil, err
	}
	open := -1
	for i, t := range toks {
		if t.Is("VIRTUAL") || t.Is("AS") {
			return out, nil
		}
		if t.IsPunct("(") {
			open = i
			break
		}
	}
	if open < 0 {
		return out, nil
	}
	end, err := sq.Group(toks, open)
	if err != nil {
		return nil, fmt.Errorf("CREATE TABLE: %w", err)
	}
	for i := end; i < len(toks); i++ {
		if i+1 < len(toks) && toks[i].Is("WITHOUT") && toks[i+1].Is("ROWID") {
			out.withoutRowid = true
		}
		if toks[i].Is("STRICT") {
			out.strict = true
		}
	}
	for _, item := range splitTop(toks[open+1 : end-1]) {
		if len(item) == 0 {
			continue
		}
		if f := item[0]; f.Is("CONSTRAINT") || f.Is("PRIMARY") || f.Is("UNIQUE") || f.Is("CHECK") || f.Is("FOREIGN") {
			if err := out.tableConstraint(src, item); err != nil {
				return nil, err
			}
			continue
		}
		if err := out.columnConstraints(src, item[0].Value, item[1:]); err != nil {
			return nil, fmt.Errorf("column %q: %w", item[0].Value, err)
		}
	}
	return out, nil
}

func (d *tableDDL) tableConstraint(src string, item []sq.Token) error {
	name := ""
	if item[0].Is("CONSTRAINT") {
		if len(item) < 3 {
			return fmt.Errorf("CONSTRAINT without a name or body in %q", text(src, item))
		}
		name, item = item[1].Value, item[2:]
	}
	switch {
	case item[0].Is("PRIMARY"):
		d.pkName = name
	case item[0].Is("UNIQUE"):
		cols, _, err := nameGroup(item, 1)
		if err != nil {
			return err
		}
		d.uniques = append(d.uniques, ddlUnique{name: name, cols: cols})
	case item[0].Is("CHECK"):
		expr, _, err := groupText(src, item, 1)
		if err != nil {
			return err
		}
		d.checks = append(d.checks, ddlCheck{name: name, expr: expr})
	case item[0].Is("FOREIGN"):
		cols, next, err := nameGroup(item, 2)
		if err != nil {
			return err
		}
		if next+1 >= len(item) || !item[next].Is("REFERENCES") {
			return fmt.Errorf("FOREIGN KEY without REFERENCES in %q", text(src, item))
		}
		d.fks = append(d.fks, ddlFK{name: name, cols: cols, refTable: item[next+1].Value})
	}
	return nil
}

// columnConstraints reads the named and CHECK constraints of one column
// definition (the tokens after the column name).
func (d *tableDDL) columnConstraints(src, col string, toks []sq.Token) error {
	name := ""
	for k := 0; k < len(toks); {
		t := toks[k]
		switch {
		case t.Is("CONSTRAINT") && k+1 < len(toks):
			name = toks[k+1].Value
			k += 2
			continue
		case t.Is("PRIMARY"):
			d.pkName = name
		case t.Is("AUTOINCREMENT"):
			d.autoincrement = col
		case t.Is("UNIQUE"):
			d.uniques = append(d.uniques, ddlUnique{name: name, cols: []string{col}})
		case t.Is("CHECK"):
			expr, next, err := groupText(src, toks, k+1)
			if err != nil {
				return err
			}
			d.checks = append(d.checks, ddlCheck{name: name, expr: expr, column: col})
			name, k = "", next
			continue
		case t.Is("REFERENCES") && k+1 < len(toks):
			d.fks = append(d.fks, ddlFK{name: name, cols: []string{col}, refTable: toks[k+1].Value})
		case t.Is("COLLATE") && k+1 < len(toks):
			d.unmodelled = append(d.unmodelled, fmt.Sprintf("COLLATE %s on column %q", toks[k+1].Value, col))
		case t.Is("AS"):
			expr, next, err := groupText(src, toks, k+1)
			if err != nil {
				return err
			}
			g := &schema.GeneratedDef{Expr: expr}
			if next < len(toks) && toks[next].Is("STORED") {
				g.Stored = true
				next++
			} else if next < len(toks) && toks[next].Is("VIRTUAL") {
				next++
			}
			if d.generated == nil {
				d.generated = map[string]*schema.GeneratedDef{}
			}
			d.generated[col] = g
			name, k = "", next
			continue
		case t.Is("NOT") || t.Is("NULL") || t.Is("DEFAULT") || t.Is("GENERATED"):
		case t.IsPunct("("):
			end, err := sq.Group(toks, k)
			if err != nil {
				return err
			}
			k = end
			continue
		default:
			k++
			continue
		}
		name = ""
		k++
	}
	return nil
}

// groupText returns the source text inside the parenthesised group opening at
// toks[at], and the index after it.
func groupText(src string, toks []sq.Token, at int) (string, int, error) {
	if at >= len(toks) || !toks[at].IsPunct("(") {
		return "", 0, fmt.Errorf("expected ( after %q", text(src, toks[:min(at, len(toks))]))
	}
	end, err := sq.Group(toks, at)
	if err != nil {
		return "", 0, err
	}
	return strings.TrimSpace(src[toks[at].End:toks[end-1].Pos]), end, nil
}

// nameGroup returns the first name of each comma-separated entry of the
// parenthesised group opening at toks[at] ("a COLLATE x DESC" gives "a").
func nameGroup(toks []sq.Token, at int) ([]string, int, error) {
	if at >= len(toks) || !toks[at].IsPunct("(") {
		return nil, 0, fmt.Errorf("expected a parenthesised column list")
	}
	end, err := sq.Group(toks, at)
	if err != nil {
		return nil, 0, err
	}
	var cols []string
	for _, e := range splitTop(toks[at+1 : end-1]) {
		if len(e) > 0 {
			cols = append(cols, e[0].Value)
		}
	}
	return cols, end, nil
}

// parseCreateIndex returns the entries of a CREATE INDEX statement (a column
// name, unquoted, or an expression as written), each entry's ordering in the
// model's form ("" for ASC, else "DESC", "NULLS FIRST", "DESC NULLS LAST" …;
// nil when no entry has one) and its WHERE predicate ("" for none).
func parseCreateIndex(src string) ([]string, []string, string, error) {
	toks, err := sq.Lex(src)
	if err != nil {
		return nil, nil, "", err
	}
	open := -1
	for i, t := range toks {
		if t.IsPunct("(") {
			open = i
			break
		}
	}
	if open < 0 {
		return nil, nil, "", fmt.Errorf("CREATE INDEX without a column list")
	}
	end, err := sq.Group(toks, open)
	if err != nil {
		return nil, nil, "", err
	}
	var entries, orders []string
	for _, e := range splitTop(toks[open+1 : end-1]) {
		e, ord := splitOrder(e)
		orders = append(orders, ord)
		if len(e) == 1 && (e[0].Kind == sq.TIdent || e[0].Kind == sq.TQuoted) {
			entries = append(entries, e[0].Value)
		} else {
			entries = append(entries, text(src, e))
		}
	}
	where := ""
	rest := toks[end:]
	for len(rest) > 0 && rest[len(rest)-1].IsPunct(";") {
		rest = rest[:len(rest)-1]
	}
	if len(rest) > 1 && rest[0].Is("WHERE") {
		where = text(src, rest[1:])
	}
	for len(orders) > 0 && orders[len(orders)-1] == "" {
		orders = orders[:len(orders)-1] // the model leaves trailing defaults out
	}
	if len(orders) == 0 {
		orders = nil
	}
	return entries, orders, where, nil
}

// splitOrder takes a trailing ASC/DESC and NULLS FIRST/LAST off an index
// entry and returns the rest and the ordering in the model's form (ASC
// alone is "").
func splitOrder(e []sq.Token) ([]sq.Token, string) {
	var words []string
	for len(e) > 1 {
		last := e[len(e)-1]
		if !(last.Is("ASC") || last.Is("DESC") || last.Is("NULLS") || last.Is("FIRST") || last.Is("LAST")) {
			break
		}
		words = append([]string{strings.ToUpper(last.Value)}, words...)
		e = e[:len(e)-1]
	}
	ord := strings.Join(words, " ")
	if ord == "ASC" {
		ord = ""
	}
	return e, strings.TrimPrefix(ord, "ASC ")
}

// enumCheck recognises a CHECK of exactly the form col IN ('a', 'b', …) and
// returns the column and the values.
func enumCheck(expr string) (string, []string, bool) {
	toks, err := sq.Lex(expr)
	if err != nil || len(toks) < 5 {
		return "", nil, false
	}
	if (toks[0].Kind != sq.TIdent && toks[0].Kind != sq.TQuoted) || !toks[1].Is("IN") || !toks[2].IsPunct("(") || !toks[len(toks)-1].IsPunct(")") {
		return "", nil, false
	}
	var vals []string
	inner := toks[3 : len(toks)-1]
	for i, t := range inner {
		if i%2 == 0 && t.Kind != sq.TString || i%2 == 1 && !t.IsPunct(",") {
			return "", nil, false
		}
		if i%2 == 0 {
			vals = append(vals, t.Value)
		}
	}
	if len(inner)%2 == 0 {
		return "", nil, false
	}
	return toks[0].Value, vals, true
}

// splitTop splits toks at commas outside any parentheses.
func splitTop(toks []sq.Token) [][]sq.Token {
	var out [][]sq.Token
	depth, start := 0, 0
	for i, t := range toks {
		switch {
		case t.IsPunct("("):
			depth++
		case t.IsPunct(")"):
			depth--
		case t.IsPunct(",") && depth == 0:
			out = append(out, toks[start:i])
			start = i + 1
		}
	}
	if start < len(toks) {
		out = append(out, toks[start:])
	}
	return out
}

// text returns the source text covered by toks, exactly as written (comments
// between them included), or "" for no tokens.
func text(src string, toks []sq.Token) string {
	if len(toks) == 0 {
		return ""
	}
	return src[toks[0].Pos:toks[len(toks)-1].End]
}
