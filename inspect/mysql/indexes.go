package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/retortdb/migrate/schema"
)

// index is one index as STATISTICS lists it, before it is sorted into the model.
type index struct {
	name   string
	using  string // "fulltext", "spatial" or "" (btree, or the engine's default)
	unique bool
	parts  []string
	order  []string // parallel to parts: "DESC" or ""
	plain  bool     // every part is a whole column, ascending
}

// indexRow is one row of information_schema.STATISTICS: one part of an index.
type indexRow struct {
	db, table, name, indexType, comment, hidden string
	nonUnique                                   int64
	col, collation, expression                  sql.NullString
	sub                                         sql.NullInt64
}

// fetchIndexes reads information_schema.STATISTICS for every table at once,
// each index's parts in order.
func (r *reader) fetchIndexes(ctx context.Context) ([]indexRow, error) {
	expr := "NULL"
	if r.flavor.hasIndexExpressions() {
		expr = "EXPRESSION"
	}
	in, args := r.inArgs()
	var out []indexRow
	err := r.q.collect(ctx, "indexes", `SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, COLLATION, `+expr+`, COALESCE(INDEX_TYPE, ''), COALESCE(INDEX_COMMENT, ''), `+r.flavor.hiddenIndexColumn()+`
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA IN (`+in+`)
ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`, args, func(rows *sql.Rows) error {
		var x indexRow
		if err := rows.Scan(&x.db, &x.table, &x.name, &x.nonUnique, &x.col, &x.sub, &x.collation, &x.expression, &x.indexType, &x.comment, &x.hidden); err != nil {
			return err
		}
		out = append(out, x)
		return nil
	})
	return out, err
}

// readIndexes sorts each index of the rows of fetchIndexes into its table's
// primary key, a unique constraint, or an index (see the package
// documentation). It runs after readForeignKeys: the index MySQL made for a
// foreign key is left out.
func (r *reader) readIndexes(list []indexRow) error {
	byTable := map[tkey][]*index{}
	var order []tkey
	for _, x := range list {
		name := x.name
		t := r.table(x.db, x.table)
		if t == nil {
			continue
		}
		if x.comment != "" {
			return fmt.Errorf("mysql inspect: index %q of table %q has a comment (%q), which migrate does not model and a rebuild would lose: "+
				"drop the comment (ALTER TABLE … DROP INDEX, ADD INDEX without COMMENT), or exclude the table (exclude_tables)", name, t.Name, x.comment)
		}
		if x.hidden == "YES" {
			return fmt.Errorf("mysql inspect: index %q of table %q is ignored by the optimizer (IGNORED, or INVISIBLE on MySQL), which migrate does not model and a rebuild would turn into a used index: "+
				"make it visible (ALTER TABLE … ALTER INDEX … NOT IGNORED), drop it, or exclude the table (exclude_tables)", name, t.Name)
		}
		k := tkey{t.Schema, t.Name}
		ixs := byTable[k]
		if len(ixs) == 0 {
			order = append(order, k)
		}
		if len(ixs) == 0 || ixs[len(ixs)-1].name != name {
			ixs = append(ixs, &index{name: name, unique: x.nonUnique == 0, plain: true})
			byTable[k] = ixs
		}
		ix := ixs[len(ixs)-1]
		sub := x.sub
		switch it := strings.ToUpper(x.indexType); it {
		case "FULLTEXT", "SPATIAL":
			// A kind of index, not a B-tree: its SUB_PART (SPATIAL reports 32)
			// is the server's, not a prefix anyone wrote.
			ix.using, ix.plain = strings.ToLower(it), false
			sub.Valid = false
		}
		part := x.col.String
		if !x.col.Valid {
			part, ix.plain = x.expression.String, false
		}
		if sub.Valid {
			part += "(" + strconv.FormatInt(sub.Int64, 10) + ")"
			ix.plain = false
		}
		ord := ""
		if x.collation.String == "D" {
			ord, ix.plain = "DESC", false
		}
		ix.parts = append(ix.parts, part)
		ix.order = append(ix.order, ord)
	}
	for _, k := range order {
		t := r.tables[k]
		for _, ix := range byTable[k] {
			place(t, ix)
		}
	}
	return nil
}

// place puts ix into t as its primary key, a unique constraint or an index, or
// drops it when it is the index MySQL made for a foreign key of the same name.
func place(t *schema.Table, ix *index) {
	switch {
	case ix.name == "PRIMARY":
		t.PrimaryKey = &schema.PrimaryKeyDef{Columns: ix.parts}
	case ix.unique && ix.plain:
		t.Uniques = append(t.Uniques, &schema.UniqueDef{Name: ix.name, Columns: ix.parts})
	case !ix.unique && hasForeignKey(t, ix.name):
		// The index MySQL created (or that backs) the foreign key of that name.
	default:
		def := &schema.IndexDef{Name: ix.name, Columns: ix.parts, Unique: ix.unique, Using: ix.using}
		order := ix.order
		for len(order) > 0 && order[len(order)-1] == "" {
			order = order[:len(order)-1] // the model leaves trailing defaults out
		}
		if len(order) > 0 {
			def.Order = order
		}
		t.Indexes = append(t.Indexes, def)
	}
}

func hasForeignKey(t *schema.Table, name string) bool {
	for _, fk := range t.ForeignKeys {
		if fk.Name == name {
			return true
		}
	}
	return false
}
