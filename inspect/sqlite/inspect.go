// Package sqlite is migrate's SQLite inspector: it reads a live SQLite database
// into a schema.MetaData with four catalog queries whatever the number of tables
// (sqlite_schema, and pragma_table_info, pragma_foreign_key_list and
// pragma_index_list/pragma_index_info each joined with sqlite_schema), plus a
// parse of the stored CREATE TABLE and CREATE INDEX text for what the pragmas do
// not tell (constraint names, CHECKs, partial-index predicates, index
// expressions). It registers itself for dialect "sqlite" from init.
package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	sq "github.com/retortdb/migrate/dialect/sqlite"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/schema"
)

// Inspector reads SQLite catalogs. The zero value is ready to use.
type Inspector struct{}

// Inspect reads the tables of the main database, except sqlite_* tables, the
// move-and-copy scratch tables (_migrate_tmp_*) and opts.ExcludeTables; views
// are listed in MetaData.Views, and read with the triggers on the tables read
// into MetaData.Objects (a view's query after AS and a trigger's whole CREATE
// TRIGGER statement, as stored; see viewObject). opts.Schemas is not supported (attached
// databases are not read) and is ignored. Types map back to the portable
// vocabulary where the portable type renders back to the declared text
// exactly, and are kept verbatim as sqlite.<declared text> otherwise
// (sqlite.DeclaredType); a single-column INTEGER primary key of a rowid
// table (a rowid alias) reads as autoincrement (and SQLiteAutoincrement when
// declared AUTOINCREMENT); every column, primary-key ones included, is nullable
// as pragma_table_info says; a CHECK of the form
// "col" IN ('a', …) with a name reads as the column's enum type named after the
// constraint when the column is declared as the enum renders (VARCHAR(n), n the
// longest value), and stays a CHECK otherwise; UNIQUE constraints (origin "u") and CREATE UNIQUE INDEX indexes
// (origin "c") are told apart; primary-key indexes are skipped. Column and
// descending order of index entries are not read. Output is sorted as
// inspect.Inspector documents. Errors name the catalog read or the table whose
// SQL could not be parsed.
func (Inspector) Inspect(ctx context.Context, db *sql.DB, opts inspect.Options) (*schema.MetaData, error) {
	return inspectDB(ctx, &querier{db: db}, opts)
}

type objRow struct{ typ, name, table, sql string }

func inspectDB(ctx context.Context, q *querier, opts inspect.Options) (*schema.MetaData, error) {
	skip := map[string]bool{}
	for _, n := range opts.ExcludeTables {
		skip[n] = true
	}
	wanted := func(name string) bool {
		return !skip[name] && !strings.HasPrefix(strings.ToLower(name), "sqlite_") && !strings.HasPrefix(name, sq.TempPrefix)
	}
	md := &schema.MetaData{}
	tables := map[string]*schema.Table{}
	ddl := map[string]*tableDDL{}
	indexSQL := map[string]string{}
	var triggers []objRow
	err := q.each(ctx, "sqlite_schema", `SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_schema WHERE type IN ('table', 'view', 'index', 'trigger') ORDER BY name`, func(r *sql.Rows) error {
		var o objRow
		if err := r.Scan(&o.typ, &o.name, &o.table, &o.sql); err != nil {
			return err
		}
		switch {
		case o.typ == "view":
			md.Views = append(md.Views, o.name)
			if wanted(o.name) {
				v, err := viewObject(o.name, o.sql)
				if err != nil {
					return err
				}
				md.Objects = append(md.Objects, v)
			}
		case o.typ == "index":
			indexSQL[o.name] = o.sql
		case o.typ == "trigger":
			triggers = append(triggers, o)
		case wanted(o.name):
			d, err := parseCreateTable(o.sql)
			if err != nil {
				return fmt.Errorf("table %q: cannot parse its CREATE TABLE statement: %w", o.name, err)
			}
			t := &schema.Table{Name: o.name}
			tables[o.name], ddl[o.name] = t, d
			md.Tables = append(md.Tables, t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	pk := map[string][]pkCol{}
	if err := readColumns(ctx, q, tables, pk); err != nil {
		return nil, err
	}
	for name, t := range tables {
		finishColumns(t, ddl[name], pk[name], md)
	}
	if err := readForeignKeys(ctx, q, tables, ddl); err != nil {
		return nil, err
	}
	if err := readIndexes(ctx, q, tables, ddl, indexSQL); err != nil {
		return nil, err
	}
	// Triggers (in name order, as read) go with their table, so that a rebuild
	// can re-create them.
	for _, o := range triggers {
		for name, t := range tables {
			if strings.EqualFold(name, o.table) {
				t.Triggers = append(t.Triggers, &schema.TriggerDef{Name: o.name, SQL: o.sql})
				md.Objects = append(md.Objects, triggerObject(o.name, name, o.sql))
			}
		}
	}
	sortMeta(md)
	return md, nil
}

// sortMeta sorts tables, and within each table foreign keys, uniques, checks
// and indexes, by name (then by columns or expression, for unnamed ones).
func sortMeta(md *schema.MetaData) {
	slices.SortFunc(md.Tables, func(a, b *schema.Table) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(md.Enums, func(a, b *schema.EnumDef) int { return cmp.Compare(a.Name, b.Name) })
	slices.Sort(md.Views)
	slices.SortStableFunc(md.Objects, func(a, b *schema.ObjectDef) int { return cmp.Compare(a.Key(), b.Key()) })
	for _, t := range md.Tables {
		slices.SortStableFunc(t.ForeignKeys, func(a, b *schema.ForeignKeyDef) int {
			return cmp.Or(cmp.Compare(a.Name, b.Name), slices.Compare(a.Columns, b.Columns))
		})
		slices.SortStableFunc(t.Uniques, func(a, b *schema.UniqueDef) int {
			return cmp.Or(cmp.Compare(a.Name, b.Name), slices.Compare(a.Columns, b.Columns))
		})
		slices.SortStableFunc(t.Checks, func(a, b *schema.CheckDef) int {
			return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Expr, b.Expr))
		})
		slices.SortStableFunc(t.Indexes, func(a, b *schema.IndexDef) int { return cmp.Compare(a.Name, b.Name) })
	}
}
