package mysql

import (
	"strings"

	"github.com/retortdb/migrate/schema"
)

// MySQL (InnoDB) needs an index on the referencing columns of every foreign key:
// one whose first columns are the key's columns, in order. When no declared
// index, unique constraint or primary key serves, the server creates one named
// after the key, silently drops it again when a serving index is added later,
// refuses to drop the last index a key uses (error 1553, or errno 150 for a
// primary key), and leaves its own index behind when the key is dropped.
//
// The model holds only declared indexes, so the server's own indexes are derived
// from it: a key that no declared index serves has an index of its own, named
// after it. Dropping an index, a unique constraint, a primary key or a foreign key
// then becomes one ALTER TABLE that also adds an index of its own for every key
// left without one (named after the key, as the server would have named it) and
// drops the server's index of a dropped key. The inspector hides an index named
// after a foreign key, so either way the schema reads back as declared.

// fkIndex is one index the server keeps for a foreign key.
type fkIndex struct {
	name    string
	columns []string
}

// serves reports whether an index over cols can serve a key over fk: the key's
// columns are the index's first columns, in order, each a whole column.
func serves(cols, fk []string) bool {
	if len(fk) == 0 || len(cols) < len(fk) {
		return false
	}
	for i, c := range fk {
		if !strings.EqualFold(cols[i], c) {
			return false
		}
	}
	return true
}

// declaredIndexes lists the column lists of t's primary key, unique constraints
// and indexes (partial or expression indexes included: their parts never equal
// a plain column name, so they serve no key).
func declaredIndexes(t *schema.Table) [][]string {
	var out [][]string
	if t.PrimaryKey != nil && len(t.PrimaryKey.Columns) > 0 {
		out = append(out, t.PrimaryKey.Columns)
	}
	for _, u := range t.Uniques {
		out = append(out, u.Columns)
	}
	for _, ix := range t.Indexes {
		if strings.TrimSpace(ix.Where) == "" {
			out = append(out, ix.Columns)
		}
	}
	return out
}

// implicitIndexes returns the indexes the server keeps for t's foreign keys that
// no declared index serves. As MariaDB does it, each such key starts with an index
// of its own, and an index that another key's index also serves is dropped: one
// that is a proper prefix of another, or an earlier one over the same columns (two
// keys on one column share the index named after the later key).
func implicitIndexes(t *schema.Table) []fkIndex {
	declared := declaredIndexes(t)
	var cands []fkIndex
	for _, fk := range t.ForeignKeys {
		if len(fk.Columns) == 0 || servedBy(declared, fk.Columns) {
			continue
		}
		name := fk.Name
		if name == "" {
			name = fk.Columns[0]
		}
		cands = append(cands, fkIndex{name: name, columns: fk.Columns})
	}
	var out []fkIndex
	for i, x := range cands {
		redundant := false
		for j, y := range cands {
			if i != j && serves(y.columns, x.columns) && (len(y.columns) > len(x.columns) || j > i) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, x)
		}
	}
	return out
}

func servedBy(declared [][]string, fk []string) bool {
	for _, cols := range declared {
		if serves(cols, fk) {
			return true
		}
	}
	return false
}

// fkIndexClauses returns the ALTER TABLE clauses that keep every foreign key of
// a table indexed across a change from before to after (the table as the model
// knows it, without and with the change): "ADD INDEX fk (…)" for a key that lost
// the index it used, and "DROP INDEX fk" for the server's index of a key that is
// gone. Either table may be nil (unknown): then there is nothing to add.
func fkIndexClauses(before, after *schema.Table) []string {
	if before == nil || after == nil {
		return nil
	}
	was := implicitIndexes(before)
	now := implicitIndexes(after)
	var out []string
	for _, ix := range was {
		if !hasFKIndex(now, ix) {
			out = append(out, "DROP INDEX "+quoteIdent(ix.name))
		}
	}
	for _, ix := range now {
		if !hasFKIndex(was, ix) {
			out = append(out, "ADD INDEX "+quoteIdent(ix.name)+" ("+quoteList(ix.columns)+")")
		}
	}
	return out
}

func hasFKIndex(list []fkIndex, ix fkIndex) bool {
	for _, x := range list {
		if x.name == ix.name && strings.Join(x.columns, "\x00") == strings.Join(ix.columns, "\x00") {
			return true
		}
	}
	return false
}
