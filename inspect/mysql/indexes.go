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

// readIndexes reads information_schema.STATISTICS for every table at once and
// sorts each index into the primary key, a unique constraint, or an index (see
// the package documentation).
func (r *reader) readIndexes(ctx context.Context) error {
	expr := "NULL"
	if r.flavor.hasIndexExpressions() {
		expr = "EXPRESSION"
	}
	in, args := r.inArgs()
	rows, err := r.q.query(ctx, "indexes", `SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, COLLATION, `+expr+`, COALESCE(INDEX_TYPE, ''), COALESCE(INDEX_COMMENT, ''), `+r.flavor.hiddenIndexColumn()+`
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA IN (`+in+`)
ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	byTable := map[tkey][]*index{}
	var order []tkey
	for rows.Next() {
		var db, table, name, indexType, indexComment, hidden string
		var nonUnique int64
		var col, collation, expression sql.NullString
		var sub sql.NullInt64
		if err := rows.Scan(&db, &table, &name, &nonUnique, &col, &sub, &collation, &expression, &indexType, &indexComment, &hidden); err != nil {
			return fmt.Errorf("mysql inspect: reading indexes: %w", err)
		}
		t := r.table(db, table)
		if t == nil {
			continue
		}
		if indexComment != "" {
			return fmt.Errorf("mysql inspect: index %q of table %q has a comment (%q), which migrate does not model and a rebuild would lose: "+
				"drop the comment (ALTER TABLE … DROP INDEX, ADD INDEX without COMMENT), or exclude the table (exclude_tables)", name, t.Name, indexComment)
		}
		if hidden == "YES" {
			return fmt.Errorf("mysql inspect: index %q of table %q is ignored by the optimizer (IGNORED, or INVISIBLE on MySQL), which migrate does not model and a rebuild would turn into a used index: "+
				"make it visible (ALTER TABLE … ALTER INDEX … NOT IGNORED), drop it, or exclude the table (exclude_tables)", name, t.Name)
		}
		k := tkey{t.Schema, t.Name}
		list := byTable[k]
		if len(list) == 0 {
			order = append(order, k)
		}
		if len(list) == 0 || list[len(list)-1].name != name {
			list = append(list, &index{name: name, unique: nonUnique == 0, plain: true})
			byTable[k] = list
		}
		ix := list[len(list)-1]
		switch it := strings.ToUpper(indexType); it {
		case "FULLTEXT", "SPATIAL":
			// A kind of index, not a B-tree: its SUB_PART (SPATIAL reports 32)
			// is the server's, not a prefix anyone wrote.
			ix.using, ix.plain = strings.ToLower(it), false
			sub.Valid = false
		}
		part := col.String
		if !col.Valid {
			part, ix.plain = expression.String, false
		}
		if sub.Valid {
			part += "(" + strconv.FormatInt(sub.Int64, 10) + ")"
			ix.plain = false
		}
		ord := ""
		if collation.String == "D" {
			ord, ix.plain = "DESC", false
		}
		ix.parts = append(ix.parts, part)
		ix.order = append(ix.order, ord)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("mysql inspect: reading indexes: %w", err)
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
