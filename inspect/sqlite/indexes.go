package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/retortdb/migrate/schema"
)

const indexQuery = `SELECT m.name, il.name, il."unique", il.origin, il.partial, ii.seqno, ii.name
FROM sqlite_schema m, pragma_index_list(m.name) il, pragma_index_info(il.name) ii
WHERE m.type = 'table'
ORDER BY m.name, il.name, ii.seqno`

func readIndexes(ctx context.Context, q *querier, tables map[string]*schema.Table, ddl map[string]*tableDDL, indexSQL map[string]string) error {
	type idx struct {
		table, name, origin string
		unique, partial     bool
		cols                []sql.NullString
	}
	var list []*idx
	byName := map[string]*idx{}
	err := q.each(ctx, "indexes (pragma_index_list, pragma_index_info)", indexQuery, func(r *sql.Rows) error {
		var x idx
		var seq int
		var col sql.NullString
		if err := r.Scan(&x.table, &x.name, &x.unique, &x.origin, &x.partial, &seq, &col); err != nil {
			return err
		}
		if tables[x.table] == nil || x.origin == "pk" {
			return nil
		}
		cur := byName[x.name]
		if cur == nil {
			cur = &x
			byName[x.name] = cur
			list = append(list, cur)
		}
		cur.cols = append(cur.cols, col)
		return nil
	})
	if err != nil {
		return err
	}
	used := map[string][]bool{}
	for _, x := range list {
		t := tables[x.table]
		if x.origin == "u" {
			cols := make([]string, len(x.cols))
			for i, c := range x.cols {
				cols[i] = c.String
			}
			u := &schema.UniqueDef{Columns: cols}
			d := ddl[x.table]
			if used[x.table] == nil {
				used[x.table] = make([]bool, len(d.uniques))
			}
			for i, p := range d.uniques {
				if !used[x.table][i] && slices.Equal(p.cols, cols) {
					used[x.table][i], u.Name = true, p.name
					break
				}
			}
			t.Uniques = append(t.Uniques, u)
			continue
		}
		ix := &schema.IndexDef{Name: x.name, Unique: x.unique}
		entries, orders, where, err := parseCreateIndex(indexSQL[x.name])
		if err != nil {
			return fmt.Errorf("sqlite inspect: index %q of table %q: cannot parse its CREATE INDEX statement: %w", x.name, x.table, err)
		}
		for i, c := range x.cols {
			switch {
			case c.Valid:
				ix.Columns = append(ix.Columns, c.String)
				if i < len(entries) && entries[i] != c.String {
					t.SQLiteUnmodelled = append(t.SQLiteUnmodelled, fmt.Sprintf("the collation of entry %q of index %q", entries[i], x.name))
				}
			case i < len(entries):
				ix.Columns = append(ix.Columns, entries[i])
			default:
				return fmt.Errorf("sqlite inspect: index %q of table %q: entry %d is an expression missing from its SQL", x.name, x.table, i+1)
			}
		}
		if x.partial {
			ix.Where = where
		}
		ix.Order = orders
		t.Indexes = append(t.Indexes, ix)
	}
	// SQLite makes no index for a UNIQUE constraint whose columns an earlier
	// PRIMARY KEY or UNIQUE already index, so pragma_index_list does not show
	// it; the CREATE TABLE text still declares it, and it is still a
	// constraint of the table (it comes back with a rebuild).
	for name, t := range tables {
		d := ddl[name]
		if d == nil {
			continue
		}
		for i, p := range d.uniques {
			if used[name] != nil && used[name][i] {
				continue
			}
			t.Uniques = append(t.Uniques, &schema.UniqueDef{Name: p.name, Columns: slices.Clone(p.cols)})
		}
	}
	return nil
}
