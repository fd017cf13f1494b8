package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/retortdb/migrate/schema"
)

const fkQuery = `SELECT m.name, f.id, f."table", f."from", f."to", f.on_update, f.on_delete
FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
WHERE m.type = 'table'
ORDER BY m.name, f.id, f.seq`

func readForeignKeys(ctx context.Context, q *querier, tables map[string]*schema.Table, ddl map[string]*tableDDL) error {
	type key struct {
		table string
		id    int
	}
	fks := map[key]*schema.ForeignKeyDef{}
	var order []key
	missingRef := map[*schema.ForeignKeyDef]bool{}
	err := q.each(ctx, "foreign keys (pragma_foreign_key_list)", fkQuery, func(r *sql.Rows) error {
		var k key
		var ref, from, onUpd, onDel string
		var to sql.NullString
		if err := r.Scan(&k.table, &k.id, &ref, &from, &to, &onUpd, &onDel); err != nil {
			return err
		}
		if tables[k.table] == nil {
			return nil
		}
		fk := fks[k]
		if fk == nil {
			fk = &schema.ForeignKeyDef{RefTable: ref, OnDelete: action(onDel), OnUpdate: action(onUpd)}
			fks[k] = fk
			order = append(order, k)
		}
		fk.Columns = append(fk.Columns, from)
		fk.RefColumns = append(fk.RefColumns, to.String)
		if !to.Valid {
			missingRef[fk] = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	used := map[string][]bool{}
	for _, k := range order {
		fk, t := fks[k], tables[k.table]
		if missingRef[fk] { // REFERENCES t without columns: the parent's primary key
			if p := findTableFold(tables, fk.RefTable); p != nil && p.PrimaryKey != nil {
				fk.RefColumns = slices.Clone(p.PrimaryKey.Columns)
			}
		}
		d := ddl[k.table]
		if used[k.table] == nil {
			used[k.table] = make([]bool, len(d.fks))
		}
		// SQLite numbers foreign keys from the last declared one (id 0) back to
		// the first, so two keys on the same columns and parent are matched to
		// their names from the end of the CREATE TABLE text.
		for i := len(d.fks) - 1; i >= 0; i-- {
			p := d.fks[i]
			if !used[k.table][i] && slices.Equal(p.cols, fk.Columns) && strings.EqualFold(p.refTable, fk.RefTable) {
				used[k.table][i], fk.Name = true, p.name
				break
			}
		}
		t.ForeignKeys = append(t.ForeignKeys, fk)
	}
	return nil
}

func findTableFold(tables map[string]*schema.Table, name string) *schema.Table {
	if t := tables[name]; t != nil {
		return t
	}
	for n, t := range tables {
		if strings.EqualFold(n, name) {
			return t
		}
	}
	return nil
}

// action maps a pragma_foreign_key_list action to the model's form.
func action(a string) string {
	a = strings.ToUpper(strings.TrimSpace(a))
	if a == "NO ACTION" {
		return ""
	}
	return a
}
