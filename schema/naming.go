package schema

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// NamingConvention maps a kind of object to a name template, as SQLAlchemy's
// MetaData(naming_convention=…) does. Keys: "pk", "fk", "uq", "ck", "ix". Template
// tokens:
//
//	{table_name}            the table's name
//	{column_0_name}         the first column's name
//	{column_0_N_name}       all column names joined with "_"
//	{column_0_label}        table and first column joined with "_"
//	{referred_table_name}   a foreign key's referred table
//	{referred_column_0_name} a foreign key's first referred column
//	{constraint_name}       for an unnamed check, the first 8 hex digits of the
//	                        SHA-256 of its condition (so a changed condition is a
//	                        new constraint)
//
// Only unnamed constraints and indexes are named; an explicit name is kept as
// written. A generated name longer than 63 characters (PostgreSQL's limit) is cut
// to 54 and given "_" and 8 hex digits of its SHA-256, so it stays unique.
type NamingConvention map[string]string

// DefaultNamingConvention is the convention Alembic's documentation recommends,
// spelled in this package's tokens.
var DefaultNamingConvention = NamingConvention{
	"ix": "ix_{table_name}_{column_0_N_name}",
	"uq": "uq_{table_name}_{column_0_N_name}",
	"ck": "ck_{table_name}_{constraint_name}",
	"fk": "fk_{table_name}_{column_0_name}_{referred_table_name}",
	"pk": "pk_{table_name}",
}

func (nc NamingConvention) clone() NamingConvention {
	if nc == nil {
		return nil
	}
	out := make(NamingConvention, len(nc))
	for k, v := range nc {
		out[k] = v
	}
	return out
}

// MaxIdentifierLength is the longest name the naming convention produces.
const MaxIdentifierLength = 63

// Name fills the template for kind ("pk", "fk", "uq", "ck", "ix") and returns ""
// when the convention has no template for it.
func (nc NamingConvention) Name(kind, table string, columns []string, refTable string, refColumns []string, checkExpr string) string {
	tpl, ok := nc[kind]
	if !ok || tpl == "" {
		return ""
	}
	first := func(s []string) string {
		if len(s) == 0 {
			return ""
		}
		return s[0]
	}
	// The tokens are replaced in one pass, left to right, as a
	// strings.Replacer would (none is a prefix of another); building one per
	// name costs more than the naming itself at thousands of tables.
	var b strings.Builder
	for rest := tpl; rest != ""; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		rest = rest[i:]
		j := strings.IndexByte(rest, '}')
		if j < 0 {
			b.WriteString(rest)
			break
		}
		switch token := rest[:j+1]; token {
		case "{table_name}":
			b.WriteString(table)
		case "{column_0_name}":
			b.WriteString(first(columns))
		case "{column_0_N_name}":
			b.WriteString(strings.Join(columns, "_"))
		case "{column_0_label}":
			b.WriteString(table + "_" + first(columns))
		case "{referred_table_name}":
			b.WriteString(refTable)
		case "{referred_column_0_name}":
			b.WriteString(first(refColumns))
		case "{constraint_name}":
			sum := sha256.Sum256([]byte(checkExpr))
			b.WriteString(hex.EncodeToString(sum[:])[:8])
		default:
			// Not a token: the "{" stays, and the scan goes on after it (a
			// token may start inside, as in "{{table_name}").
			b.WriteByte('{')
			rest = rest[1:]
			continue
		}
		rest = rest[j+1:]
	}
	return TruncateName(b.String())
}

// TruncateName shortens a name longer than MaxIdentifierLength deterministically.
func TruncateName(name string) string {
	if len(name) <= MaxIdentifierLength {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	return name[:54] + "_" + hex.EncodeToString(sum[:])[:8]
}

// applyNaming names t's unnamed constraints and indexes with m's convention.
func (m *MetaData) applyNaming(t *Table) {
	nc := m.NamingConvention
	if nc == nil {
		return
	}
	if t.PrimaryKey != nil && t.PrimaryKey.Name == "" {
		t.PrimaryKey.Name = nc.Name("pk", t.Name, t.PrimaryKey.Columns, "", nil, "")
	}
	for _, fk := range t.ForeignKeys {
		if fk.Name == "" {
			fk.Name = nc.Name("fk", t.Name, fk.Columns, fk.RefTable, fk.RefColumns, "")
		}
	}
	for _, u := range t.Uniques {
		if u.Name == "" {
			u.Name = nc.Name("uq", t.Name, u.Columns, "", nil, "")
		}
	}
	for _, c := range t.Checks {
		if c.Name == "" {
			c.Name = nc.Name("ck", t.Name, nil, "", nil, c.Expr)
		}
	}
	for _, ix := range t.Indexes {
		if ix.Name == "" {
			ix.Name = nc.Name("ix", t.Name, ix.Columns, "", nil, "")
		}
	}
}
