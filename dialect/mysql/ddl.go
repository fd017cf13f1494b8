package mysql

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/retortdb/migrate/schema"
)

// columnDef renders "name TYPE [CHARACTER SET cs COLLATE coll] [NOT NULL]
// [DEFAULT …] [AUTO_INCREMENT] [COMMENT '…']".
func columnDef(c *schema.Column) (string, error) {
	ts, err := typeSQL(c.Type)
	if err != nil {
		return "", fmt.Errorf("column %q: %w", c.Name, err)
	}
	var b strings.Builder
	b.WriteString(quoteIdent(c.Name))
	b.WriteByte(' ')
	b.WriteString(ts)
	if c.Collation != "" {
		cs, err := collationSQL(c.Collation)
		if err != nil {
			return "", fmt.Errorf("column %q: %w", c.Name, err)
		}
		b.WriteString(" " + cs)
	}
	gen, err := generatedClause(c)
	if err != nil {
		return "", err
	}
	b.WriteString(gen)
	switch {
	case !c.Nullable:
		b.WriteString(" NOT NULL")
	case gen != "":
		// A generated column takes its nullability from its expression.
	case isTimestampSQL(ts):
		// Explicit NULL: with explicit_defaults_for_timestamp off (MySQL 5.7,
		// MariaDB before 10.10) a bare TIMESTAMP becomes NOT NULL with an implicit
		// default.
		b.WriteString(" NULL")
	}
	if c.Default != nil {
		b.WriteString(" DEFAULT ")
		b.WriteString(defaultSQL(*c.Default, c.Type))
	}
	if c.Autoincrement && isIntegerType(c.Type) {
		b.WriteString(" AUTO_INCREMENT")
	}
	if c.Comment != "" {
		b.WriteString(" COMMENT ")
		b.WriteString(quoteString(c.Comment))
	}
	return b.String(), nil
}

var (
	collationRe = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	optionsRe   = regexp.MustCompile(`^[A-Za-z_]+=('[^']*'|[A-Za-z0-9_]+)$`)
)

// charsetOf returns the character set a collation belongs to: the part of its
// name before the first underscore ("utf8mb3_bin": utf8mb3; "binary": binary).
func charsetOf(collation string) string {
	cs, _, _ := strings.Cut(collation, "_")
	return cs
}

// collationSQL renders "CHARACTER SET cs COLLATE coll" for a collation name, as
// SHOW CREATE TABLE writes a column's; a name that is not a plain identifier is
// an error.
func collationSQL(collation string) (string, error) {
	if !collationRe.MatchString(collation) {
		return "", fmt.Errorf("collation %q is not a collation name (letters, digits and _ only)", collation)
	}
	return "CHARACTER SET " + charsetOf(collation) + " COLLATE " + collation, nil
}

// tableOptionsSQL renders a table's options as they follow CREATE TABLE's
// closing parenthesis: ENGINE=…, DEFAULT CHARSET=… COLLATE=…, then Options
// (each NAME=value), then COMMENT=….
func tableOptionsSQL(t *schema.Table) (string, error) {
	var parts []string
	if t.Engine != "" {
		if !collationRe.MatchString(t.Engine) {
			return "", fmt.Errorf("table %q: engine %q is not an engine name (letters, digits and _ only)", t.Name, t.Engine)
		}
		parts = append(parts, "ENGINE="+t.Engine)
	}
	if t.Collation != "" {
		if !collationRe.MatchString(t.Collation) {
			return "", fmt.Errorf("table %q: collation %q is not a collation name (letters, digits and _ only)", t.Name, t.Collation)
		}
		parts = append(parts, "DEFAULT CHARSET="+charsetOf(t.Collation)+" COLLATE="+t.Collation)
	}
	for _, opt := range strings.Fields(t.Options) {
		if !optionsRe.MatchString(opt) {
			return "", fmt.Errorf("table %q: option %q is not NAME=value: write the options as SHOW CREATE TABLE does (ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=8)", t.Name, opt)
		}
		parts = append(parts, opt)
	}
	if t.Comment != "" {
		parts = append(parts, "COMMENT="+quoteString(t.Comment))
	}
	return strings.Join(parts, " "), nil
}

func isTimestampSQL(ts string) bool {
	return strings.HasPrefix(strings.ToUpper(ts), "TIMESTAMP")
}

// isIntegerType reports whether AUTO_INCREMENT applies to t.
func isIntegerType(t schema.Type) bool {
	switch t.Name {
	case schema.TInteger, schema.TBigInt, schema.TSmallInt:
		return true
	}
	if t.DialectName() == Name {
		f := strings.Fields(strings.ToLower(t.DialectSQL()))
		if len(f) > 0 {
			b := f[0]
			if i := strings.IndexByte(b, '('); i >= 0 {
				b = b[:i]
			}
			return intFamily[b]
		}
	}
	return false
}

// blobLike reports whether MySQL 8 refuses a literal default on t (TEXT, BLOB,
// JSON): those need an expression default, DEFAULT ('x'), which MariaDB also
// accepts.
func blobLike(t schema.Type) bool {
	switch t.Name {
	case schema.TText, schema.TBlob, schema.TJSON:
		return true
	}
	if t.DialectName() == Name {
		s := strings.ToLower(t.DialectSQL())
		return strings.HasSuffix(s, "text") || strings.HasSuffix(s, "blob") || s == "json"
	}
	return false
}

var (
	literalDefaultRe = regexp.MustCompile(`^(?i:[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?|true|false|null|x'[0-9a-f]*'|b'[01]*'|0x[0-9a-f]+)$`)
	tsDefaultRe      = regexp.MustCompile(`(?i)^(current_timestamp|now|localtimestamp|localtime)(\(\s*\d*\s*\))?(\s+on\s+update\s+(current_timestamp|now|localtimestamp|localtime)(\(\s*\d*\s*\))?)?$`)
	nullOnUpdateRe   = regexp.MustCompile(`(?i)^null\s+on\s+update\s+`)
)

// isPlainLiteral reports whether expr is a string, number, boolean or NULL
// literal (what ALTER COLUMN … SET DEFAULT accepts everywhere).
func isPlainLiteral(expr string) bool {
	s := strings.TrimSpace(expr)
	if introRe.MatchString(s) {
		s = s[strings.IndexByte(s, '\''):]
	}
	if _, n, ok := readStringLiteral(s); ok && n == len(s) {
		return true
	}
	return literalDefaultRe.MatchString(s)
}

// defaultSQL renders a server default for DEFAULT: literals and CURRENT_TIMESTAMP
// (with ON UPDATE) as written, anything else as an expression default in
// parentheses (MySQL 8.0.13+, MariaDB 10.2+). On TEXT/BLOB/JSON columns even a
// literal is parenthesised, since MySQL 8 refuses a literal default there.
func defaultSQL(expr string, t schema.Type) string {
	s := strings.TrimSpace(expr)
	if isWrapped(s) || tsDefaultRe.MatchString(s) || nullOnUpdateRe.MatchString(s) {
		return s
	}
	if isPlainLiteral(s) {
		if blobLike(t) && !strings.EqualFold(s, "null") {
			return "(" + s + ")"
		}
		return s
	}
	return "(" + s + ")"
}

// quoteList quotes each name and joins them with ", ".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quoteIdent(n)
	}
	return strings.Join(q, ", ")
}

// constraintPrefix is "CONSTRAINT name " or "" for an unnamed constraint.
func constraintPrefix(name string) string {
	if name == "" {
		return ""
	}
	return "CONSTRAINT " + quoteIdent(name) + " "
}

// primaryKeySQL renders PRIMARY KEY (…). MySQL always names the primary key
// PRIMARY, so a name given in the model is ignored.
func primaryKeySQL(pk *schema.PrimaryKeyDef) string {
	return "PRIMARY KEY (" + quoteList(pk.Columns) + ")"
}

func uniqueSQL(u *schema.UniqueDef) string {
	return constraintPrefix(u.Name) + "UNIQUE (" + quoteList(u.Columns) + ")"
}

func checkSQL(c *schema.CheckDef) string {
	return constraintPrefix(c.Name) + "CHECK (" + c.Expr + ")"
}

func foreignKeySQL(fk *schema.ForeignKeyDef) string {
	var b strings.Builder
	b.WriteString(constraintPrefix(fk.Name))
	b.WriteString("FOREIGN KEY (" + quoteList(fk.Columns) + ") REFERENCES ")
	b.WriteString(qualified(fk.RefSchema, fk.RefTable))
	b.WriteString(" (" + quoteList(fk.RefColumns) + ")")
	if a := strings.ToUpper(strings.TrimSpace(fk.OnDelete)); a != "" {
		b.WriteString(" ON DELETE " + a)
	}
	if a := strings.ToUpper(strings.TrimSpace(fk.OnUpdate)); a != "" {
		b.WriteString(" ON UPDATE " + a)
	}
	return b.String()
}

var (
	identRe  = regexp.MustCompile(`^[A-Za-z0-9_$]+$`)
	prefixRe = regexp.MustCompile(`^(.+)\((\d+)\)$`)
	dirRe    = regexp.MustCompile(`(?i)^(.+?)\s+(asc|desc)$`)
)

// indexPart renders one entry of IndexDef.Columns: a column name (quoted as
// needed), "col(10)" for a prefix of 10 characters, either followed by ASC/DESC, or
// else an SQL expression, rendered as a functional key part in parentheses (MySQL
// 8.0.13+). isColumn says whether a name is a column of the table, when known.
func indexPart(part string, isColumn func(string) bool) string {
	p := strings.TrimSpace(part)
	if isColumn(p) || identRe.MatchString(p) {
		return quoteIdent(p)
	}
	if m := dirRe.FindStringSubmatch(p); m != nil && !isWrapped(p) {
		inner := strings.TrimSpace(m[1])
		if isColumn(inner) || identRe.MatchString(inner) || isPrefix(inner, isColumn) {
			return indexPart(inner, isColumn) + " " + strings.ToUpper(m[2])
		}
	}
	if m := prefixRe.FindStringSubmatch(p); m != nil && (isColumn(m[1]) || identRe.MatchString(m[1])) {
		return quoteIdent(m[1]) + "(" + m[2] + ")"
	}
	if isWrapped(p) {
		return p
	}
	return "(" + p + ")"
}

func isPrefix(p string, isColumn func(string) bool) bool {
	m := prefixRe.FindStringSubmatch(p)
	return m != nil && (isColumn(m[1]) || identRe.MatchString(m[1]))
}
