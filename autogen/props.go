package autogen

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// compareColumnProps refuses turning a plain column into a generated one or
// back, between declared column dc and live column lc: values would be lost
// or made up, so the user writes the change by hand and then declares what
// the database has. A generated column whose expression or storage changes
// is dropped and added again instead (rebuildGenerated). Generation
// expressions are compared as exprKey normalises them. Alembic does not
// compare generations (it warns that a Computed change is not detected); this
// is our addition.
func (c *comparer) compareColumnProps(t *schema.Table, dc, lc *schema.Column) {
	where := qualify(t.Schema, t.Name) + "." + lc.Name
	if !c.sameGenerated(dc.Generated, lc.Generated) && (dc.Generated == nil || lc.Generated == nil) {
		c.refused = append(c.refused, fmt.Sprintf("column '%s' is declared %s but the database has %s, and no migration op changes a column's generation: "+
			"drop and re-add the column (drop_column, then add_column), or write an execute op, then declare what the database has (a generated expression compares as the server prints it, which `migrate inspect --format go` shows)",
			where, generatedText(dc.Generated), generatedText(lc.Generated)))
	}
}

// compareIdentity sets on alter the changes of an identity column's options
// between declared column dc and live column lc, where the dialect stores
// them (dialect.PropIdentityOptions: PostgreSQL): GENERATED ALWAYS or BY
// DEFAULT, START WITH and INCREMENT BY, each with its existing value for the
// reverse, and returns the findings. A serial column has none of them. An
// increment whose sign changes is refused: the sequence's MINVALUE and
// MAXVALUE, which migrate does not model, would have to change with it.
func (c *comparer) compareIdentity(dc, lc *schema.Column, alter *ops.AlterColumn, where string) []string {
	if !dialect.ModelsProperty(c.d, dialect.PropIdentityOptions) || !dc.Autoincrement || !lc.Autoincrement ||
		dc.AutoincrementKind == schema.AutoincrementSerial || lc.AutoincrementKind == schema.AutoincrementSerial {
		return nil
	}
	if (dc.IdentityIncrement < 0) != (lc.IdentityIncrement < 0) {
		c.refused = append(c.refused, fmt.Sprintf("identity column '%s' is declared with %s but the database has %s: the increment changes sign, which needs MINVALUE and MAXVALUE changed too, and migrate does not model them: "+
			"write an execute op (ALTER TABLE … ALTER COLUMN … SET INCREMENT BY … SET MINVALUE … SET MAXVALUE … SET START WITH …), then declare what the database has",
			where, identityText(dc), identityText(lc)))
		return nil
	}
	var findings []string
	gen := func(kind string) string {
		if kind == schema.AutoincrementAlways {
			return ops.IdentityAlways
		}
		return ops.IdentityByDefault
	}
	changed := false
	if dc.AutoincrementKind != lc.AutoincrementKind {
		alter.IdentityGenerated = gen(dc.AutoincrementKind)
		findings = append(findings, fmt.Sprintf("Detected identity change from GENERATED %s to GENERATED %s on '%s'",
			generatedWord(lc.AutoincrementKind), generatedWord(dc.AutoincrementKind), where))
		changed = true
	}
	startChanged := identityStart(dc) != identityStart(lc)
	incChanged := identityIncrement(dc) != identityIncrement(lc)
	if startChanged || incChanged {
		if startChanged {
			v := dc.IdentityStart
			alter.IdentityStart = &v
		}
		if incChanged {
			v := dc.IdentityIncrement
			alter.IdentityIncrement = &v
		}
		findings = append(findings, fmt.Sprintf("Detected identity options change from %s to %s on '%s'", identityText(lc), identityText(dc), where))
		changed = true
	}
	if changed {
		alter.ExistingIdentityGenerated = gen(lc.AutoincrementKind)
		start, inc := lc.IdentityStart, lc.IdentityIncrement
		alter.ExistingIdentityStart, alter.ExistingIdentityIncrement = &start, &inc
	}
	return findings
}

// identityStart is col's START WITH in effect: 0 stands for 1, or -1 with a
// negative increment.
func identityStart(col *schema.Column) int64 {
	switch {
	case col.IdentityStart != 0:
		return col.IdentityStart
	case col.IdentityIncrement < 0:
		return -1
	}
	return 1
}

// identityIncrement is col's INCREMENT BY in effect: 0 stands for 1.
func identityIncrement(col *schema.Column) int64 {
	if col.IdentityIncrement == 0 {
		return 1
	}
	return col.IdentityIncrement
}

// generatedWord names an identity column's kind in a finding.
func generatedWord(kind string) string {
	if kind == schema.AutoincrementAlways {
		return "ALWAYS"
	}
	return "BY DEFAULT"
}

// compareSQLiteTableOptions refuses a difference of STRICT or WITHOUT ROWID
// between declared table dt and live table lt, where the dialect stores them
// (dialect.PropSQLiteTableOptions): SQLite changes them only by rebuilding the
// table, which no op asks for.
func (c *comparer) compareSQLiteTableOptions(dt, lt *schema.Table) {
	if !dialect.ModelsProperty(c.d, dialect.PropSQLiteTableOptions) {
		return
	}
	where := qualify(dt.Schema, dt.Name)
	for _, p := range []struct {
		name           string
		declared, live bool
	}{
		{"STRICT", dt.SQLiteStrict, lt.SQLiteStrict},
		{"WITHOUT ROWID", dt.SQLiteWithoutRowid, lt.SQLiteWithoutRowid},
	} {
		if p.declared != p.live {
			c.refused = append(c.refused, fmt.Sprintf("table '%s' is declared %s%s but the database's is %s%s, and no migration op changes it: "+
				"rebuild the table with execute ops (CREATE TABLE … with the new options, copy the rows, drop, rename), then declare what the database has",
				where, notWord(p.declared), p.name, notWord(p.live), p.name))
		}
	}
}

func notWord(b bool) string {
	if b {
		return ""
	}
	return "not "
}

// sameGenerated reports whether two generations are the same: both absent, or
// both present, of the same storage, with expressions equal (sameExpr).
func (c *comparer) sameGenerated(a, b *schema.GeneratedDef) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Stored == b.Stored && c.sameExpr(a.Expr, b.Expr)
}

// sameExpr reports whether a declared and a live SQL expression are the same:
// equal looseKey forms once the dialect's inspector form
// (dialect.NormalizeExpr) is applied to both.
func (c *comparer) sameExpr(declared, live string) bool {
	return looseKey(dialect.NormalizeExpr(c.d, declared)) == looseKey(dialect.NormalizeExpr(c.d, live))
}

// looseKey is exprKey without the parentheses that only group (those not
// after a word: a function's or IN's are kept), since servers add grouping
// parentheses when they store an expression (MySQL 8 writes "((a > 0) and
// (b < 1))"). Two expressions that differ only in grouping compare equal;
// that is the price of not proposing a change on every run.
func looseKey(s string) string {
	toks := strings.Split(exprKey(s), " ")
	var out []string
	var open []bool // for each open parenthesis: kept
	for i, t := range toks {
		switch t {
		case "(":
			keep := i > 0 && isWordToken(toks[i-1])
			open = append(open, keep)
			if !keep {
				continue
			}
		case ")":
			if n := len(open); n > 0 {
				keep := open[n-1]
				open = open[:n-1]
				if !keep {
					continue
				}
			}
		}
		out = append(out, t)
	}
	return strings.Join(out, " ")
}

// isWordToken reports whether an exprKey token is a word that a parenthesis
// after it belongs to (a function's name, IN, a type), rather than an
// operator, a literal, a parenthesis or a keyword that only joins
// expressions.
func isWordToken(t string) bool {
	return t != "" && isWordByte(t[0]) && t[0] != '.' && !joiningKeywords[t]
}

// joiningKeywords are the keywords after which a parenthesis only groups.
var joiningKeywords = map[string]bool{"and": true, "or": true, "not": true, "xor": true, "when": true, "then": true,
	"else": true, "is": true, "like": true, "between": true, "where": true, "on": true, "case": true, "return": true}

// checkChanged reports whether a declared CHECK and the live one of the same
// name have different conditions, where the dialect's server keeps conditions
// comparable (dialect.PropCheckConditions); elsewhere conditions are not
// compared (see compareChecks).
func (c *comparer) checkChanged(dk, lk *schema.CheckDef) bool {
	return dialect.ModelsProperty(c.d, dialect.PropCheckConditions) && !c.sameExpr(dk.Expr, lk.Expr)
}

// generatedText describes a generation for a message.
func generatedText(g *schema.GeneratedDef) string {
	switch {
	case g == nil:
		return "as a plain column"
	case g.Stored:
		return fmt.Sprintf("generated as (%s) STORED", g.Expr)
	}
	return fmt.Sprintf("generated as (%s) VIRTUAL", g.Expr)
}

// identityText describes an identity column's options for a message.
func identityText(col *schema.Column) string {
	start, inc := "default", "default"
	if col.IdentityStart != 0 {
		start = fmt.Sprint(col.IdentityStart)
	}
	if col.IdentityIncrement != 0 {
		inc = fmt.Sprint(col.IdentityIncrement)
	}
	return "START " + start + " INCREMENT " + inc
}

// exprKey returns a form of an SQL expression in which what servers change
// when they store one does not show: white space between tokens, the case of
// words outside quotes, quotes around plain identifiers ("qty", `qty`), and
// parentheses around the whole expression. Two expressions with the same key
// are the same expression; expressions a server rewrites further (PostgreSQL
// adds casts, MySQL adds character set introducers) differ and the user
// declares the server's text.
func exprKey(s string) string {
	var toks []string
	for i := 0; i < len(s); {
		ch := s[i]
		switch {
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r':
			i++
		case ch == '\'':
			j := i + 1
			for j < len(s) {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			toks = append(toks, s[i:min(j+1, len(s))])
			i = j + 1
		case ch == '"' || ch == '`':
			j := strings.IndexByte(s[i+1:], ch)
			if j < 0 {
				toks = append(toks, s[i:])
				i = len(s)
				continue
			}
			name := s[i+1 : i+1+j]
			if isPlainIdent(name) {
				toks = append(toks, strings.ToLower(name))
			} else {
				toks = append(toks, s[i:i+j+2])
			}
			i += j + 2
		case isWordByte(ch):
			j := i
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			toks = append(toks, strings.ToLower(s[i:j]))
			i = j
		default:
			toks = append(toks, string(ch))
			i++
		}
	}
	for len(toks) >= 2 && toks[0] == "(" && toks[len(toks)-1] == ")" && closesAtEnd(toks) {
		toks = toks[1 : len(toks)-1]
	}
	return strings.Join(toks, " ")
}

// closesAtEnd reports whether the opening parenthesis toks[0] is closed by the
// last token.
func closesAtEnd(toks []string) bool {
	depth := 0
	for i, t := range toks {
		switch t {
		case "(":
			depth++
		case ")":
			depth--
			if depth == 0 {
				return i == len(toks)-1
			}
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// isPlainIdent reports whether a quoted name needs no quotes to mean the same
// in any case: lower-case letters, digits and underscores, not starting with
// a digit.
func isPlainIdent(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '_' && (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
