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

func init() { inspect.Register("sqlite", Inspector{}) }

// Inspect reads the tables of the main database, except sqlite_* tables, the
// move-and-copy scratch tables (_migrate_tmp_*) and opts.ExcludeTables; views
// are listed in MetaData.Views. opts.Schemas is not supported (attached
// databases are not read) and is ignored. Types map back to the portable
// vocabulary (sqlite.TypeFromSQL); a single-column INTEGER primary key of a rowid
// table (a rowid alias) reads as autoincrement and NOT NULL; a CHECK of the form
// "col" IN ('a', …) with a name reads as the column's enum type named after the
// constraint; UNIQUE constraints (origin "u") and CREATE UNIQUE INDEX indexes
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
			}
		}
	}
	sortMeta(md)
	return md, nil
}

type pkCol struct {
	pos  int
	name string
	typ  string
}

const columnsQuery = `SELECT m.name, p.name, p.type, p."notnull", p.dflt_value, p.pk
FROM sqlite_schema m, pragma_table_info(m.name) p
WHERE m.type = 'table'
ORDER BY m.name, p.cid`

func readColumns(ctx context.Context, q *querier, tables map[string]*schema.Table, pk map[string][]pkCol) error {
	return q.each(ctx, "columns (pragma_table_info)", columnsQuery, func(r *sql.Rows) error {
		var table, name, typ string
		var notnull bool
		var dflt sql.NullString
		var pkPos int
		if err := r.Scan(&table, &name, &typ, &notnull, &dflt, &pkPos); err != nil {
			return err
		}
		t := tables[table]
		if t == nil {
			return nil
		}
		c := &schema.Column{Name: name, Type: sq.TypeFromSQL(typ), Nullable: !notnull}
		if dflt.Valid {
			v := dflt.String
			c.Default = &v
		}
		t.Columns = append(t.Columns, c)
		if pkPos > 0 {
			pk[table] = append(pk[table], pkCol{pos: pkPos, name: name, typ: typ})
		}
		return nil
	})
}

// finishColumns sets the primary key, the rowid alias, enum types from named
// CHECKs, the table's other CHECKs and normalised defaults.
func finishColumns(t *schema.Table, d *tableDDL, pk []pkCol, md *schema.MetaData) {
	slices.SortFunc(pk, func(a, b pkCol) int { return a.pos - b.pos })
	if len(pk) > 0 {
		t.PrimaryKey = &schema.PrimaryKeyDef{Name: d.pkName}
		for _, p := range pk {
			t.PrimaryKey.Columns = append(t.PrimaryKey.Columns, p.name)
		}
		if len(pk) == 1 && !d.withoutRowid && strings.EqualFold(strings.TrimSpace(pk[0].typ), "INTEGER") {
			c := t.FindColumn(pk[0].name)
			c.Autoincrement, c.Nullable = true, false
		}
	}
	for _, ck := range d.checks {
		if ck.name != "" {
			if col, vals, ok := enumCheck(ck.expr); ok && (ck.column == "" || ck.column == col) {
				if c := t.FindColumn(col); c != nil {
					c.Type = schema.Enum(ck.name, vals...)
					if md.FindEnum(ck.name) == nil {
						md.Enums = append(md.Enums, &schema.EnumDef{Name: ck.name, Values: slices.Clone(vals)})
					}
					continue
				}
			}
		}
		t.Checks = append(t.Checks, &schema.CheckDef{Name: ck.name, Expr: ck.expr})
	}
	for _, c := range t.Columns {
		if c.Default != nil {
			v := sq.Dialect{}.NormalizeDefault(*c.Default, c.Type)
			c.Default = &v
		}
	}
}

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

// sortMeta sorts tables, and within each table foreign keys, uniques, checks
// and indexes, by name (then by columns or expression, for unnamed ones).
func sortMeta(md *schema.MetaData) {
	slices.SortFunc(md.Tables, func(a, b *schema.Table) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(md.Enums, func(a, b *schema.EnumDef) int { return cmp.Compare(a.Name, b.Name) })
	slices.Sort(md.Views)
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
