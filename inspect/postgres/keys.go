package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// attnames holds column names by table oid and column number (attnum), from
// the columns query and, for tables it did not read (a foreign key's
// referenced table in a schema not inspected), from readAttnames.
type attnames map[int64]map[int64]string

func (a attnames) add(rel, num int64, name string) {
	m := a[rel]
	if m == nil {
		m = map[int64]string{}
		a[rel] = m
	}
	m[num] = name
}

// names resolves keys, column numbers as array_to_string(int2[], ',') writes
// them ("" for none), to names in the same order.
func (a attnames) names(rel int64, keys string) ([]string, error) {
	if keys == "" {
		return nil, nil
	}
	parts := strings.Split(keys, ",")
	out := make([]string, len(parts))
	for i, p := range parts {
		num, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("column number %q: %w", p, err)
		}
		name, ok := a[rel][num]
		if !ok {
			return nil, fmt.Errorf("no column number %d in table oid %d", num, rel)
		}
		out[i] = name
	}
	return out, nil
}

// readAttnames adds the columns of the tables rels (oids) to r.attnames, in
// one query; none when rels is empty.
func (r *reader) readAttnames(ctx context.Context, rels []int64) error {
	if len(rels) == 0 {
		return nil
	}
	rows, err := r.q.query(ctx, `SELECT attrelid::bigint, attnum::bigint, attname FROM pg_attribute
WHERE attrelid = ANY($1::bigint[]) AND attnum > 0 AND NOT attisdropped`, rels)
	if err != nil {
		return fmt.Errorf("postgresql inspector: listing the columns of referenced tables: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var rel, num int64
		var name string
		if err := rows.Scan(&rel, &num, &name); err != nil {
			return fmt.Errorf("postgresql inspector: reading the columns of referenced tables: %w", err)
		}
		r.attnames.add(rel, num, name)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgresql inspector: reading the columns of referenced tables: %w", err)
	}
	return nil
}
