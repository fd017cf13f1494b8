package mysql

import (
	"context"
	"fmt"
	"strings"

	"github.com/retortdb/migrate/schema"
)

// readTables reads information_schema.TABLES: base tables with their comments,
// engines, collations and create options, and the names of views
// (MetaData.Views). A create option migrate cannot write back (partitioning)
// stops the inspection naming the table.
func (r *reader) readTables(ctx context.Context) error {
	in, args := r.inArgs()
	rows, err := r.q.query(ctx, "tables", `SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, COALESCE(TABLE_COMMENT, ''),
	COALESCE(ENGINE, ''), COALESCE(TABLE_COLLATION, ''), COALESCE(CREATE_OPTIONS, '')
FROM information_schema.TABLES
WHERE TABLE_SCHEMA IN (`+in+`)
ORDER BY TABLE_SCHEMA, TABLE_NAME`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var db, name, typ, comment, engine, collation, createOptions string
		if err := rows.Scan(&db, &name, &typ, &comment, &engine, &collation, &createOptions); err != nil {
			return fmt.Errorf("mysql inspect: reading tables: %w", err)
		}
		if r.exclude[name] || (typ == "VIEW" && isScratchName(name)) {
			continue
		}
		switch typ {
		case "SYSTEM VERSIONED":
			return fmt.Errorf("mysql inspect: table %q is system-versioned (WITH SYSTEM VERSIONING), which migrate does not model and a rebuild would lose with its history: "+
				"exclude the table (exclude_tables) and manage it with execute ops", name)
		case "BASE TABLE":
			opts, err := tableOptions(name, createOptions)
			if err != nil {
				return err
			}
			r.tables[tkey{r.schemaOf(db), name}] = &schema.Table{Name: name, Schema: r.schemaOf(db), Columns: []*schema.Column{}, Comment: comment,
				Engine: engine, Collation: collation, Options: opts}
		default: // VIEW, SYSTEM VIEW, SEQUENCE, TEMPORARY
			v := name
			if s := r.schemaOf(db); s != "" {
				v = s + "." + name
			}
			r.views = append(r.views, v)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("mysql inspect: reading tables: %w", err)
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
