package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/retortdb/migrate/schema"
)

// tableRow is one row of information_schema.TABLES.
type tableRow struct {
	db, name, typ, comment, engine, collation, createOptions string
}

// fetchTables reads information_schema.TABLES: base tables with their
// comments, engines, collations and create options, views and the rest.
func (r *reader) fetchTables(ctx context.Context) ([]tableRow, error) {
	in, args := r.inArgs()
	var out []tableRow
	err := r.q.collect(ctx, "tables", `SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, COALESCE(TABLE_COMMENT, ''),
	COALESCE(ENGINE, ''), COALESCE(TABLE_COLLATION, ''), COALESCE(CREATE_OPTIONS, '')
FROM information_schema.TABLES
WHERE TABLE_SCHEMA IN (`+in+`)
ORDER BY TABLE_SCHEMA, TABLE_NAME`, args, func(rows *sql.Rows) error {
		var t tableRow
		if err := rows.Scan(&t.db, &t.name, &t.typ, &t.comment, &t.engine, &t.collation, &t.createOptions); err != nil {
			return err
		}
		out = append(out, t)
		return nil
	})
	return out, err
}

// readTables puts the rows of fetchTables into the reader: base tables with
// their comments, engines, collations and create options, and the names of
// views (MetaData.Views). A create option migrate cannot write back
// (partitioning) stops the inspection naming the table.
func (r *reader) readTables(list []tableRow) error {
	for _, t := range list {
		if r.exclude[t.name] || (t.typ == "VIEW" && isScratchName(t.name)) {
			continue
		}
		switch t.typ {
		case "SYSTEM VERSIONED":
			return fmt.Errorf("mysql inspect: table %q is system-versioned (WITH SYSTEM VERSIONING), which migrate does not model and a rebuild would lose with its history: "+
				"exclude the table (exclude_tables) and manage it with execute ops", t.name)
		case "BASE TABLE":
			opts, err := tableOptions(t.name, t.createOptions)
			if err != nil {
				return err
			}
			s := r.schemaOf(t.db)
			r.tables[tkey{s, t.name}] = &schema.Table{Name: t.name, Schema: s, Columns: []*schema.Column{}, Comment: t.comment,
				Engine: t.engine, Collation: t.collation, Options: opts}
		default: // VIEW, SYSTEM VIEW, SEQUENCE, TEMPORARY
			v := t.name
			if s := r.schemaOf(t.db); s != "" {
				v = s + "." + t.name
			}
			r.views = append(r.views, v)
		}
	}
	return nil
}

// tableOptions turns TABLES.CREATE_OPTIONS ("row_format=COMPRESSED
// key_block_size=8", MariaDB's "`page_compressed`=1") into Table.Options as SHOW
// CREATE TABLE writes them ("ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=8"). A word
// that is not NAME=value ("partitioned") is an option migrate cannot write back:
// an error naming the table and the option.
func tableOptions(table, createOptions string) (string, error) {
	var out []string
	for _, word := range strings.Fields(createOptions) {
		name, value, ok := strings.Cut(word, "=")
		if !ok || name == "" || value == "" {
			return "", fmt.Errorf("mysql inspect: table %q has the create option %q, which migrate does not model (it would be lost on a rebuild): "+
				"exclude the table (exclude_tables) and manage it with execute ops", table, word)
		}
		out = append(out, strings.ToUpper(strings.Trim(name, "`"))+"="+value)
	}
	return strings.Join(out, " "), nil
}
