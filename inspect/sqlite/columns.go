package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	sq "github.com/retortdb/migrate/dialect/sqlite"
	"github.com/retortdb/migrate/schema"
)

type pkCol struct {
	pos  int
	name string
	typ  string
}

// columnsQuery reads pragma_table_xinfo, which unlike pragma_table_info lists
// generated columns (hidden 2: virtual, 3: stored); hidden 1, a virtual
// table's hidden column, is left out.
const columnsQuery = `SELECT m.name, p.name, p.type, p."notnull", p.dflt_value, p.pk
FROM sqlite_schema m, pragma_table_xinfo(m.name) p
WHERE m.type = 'table' AND p.hidden <> 1
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
		c := &schema.Column{Name: name, Type: sq.DeclaredType(typ), Nullable: !notnull}
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

// findColumnFold returns t's column named name in any case (SQLite's names
// are case-insensitive, and the CREATE TABLE text may spell one differently
// from how the pragmas report it), or nil.
func findColumnFold(t *schema.Table, name string) *schema.Column {
	for _, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return c
		}
	}
	return nil
}

// finishColumns sets the primary key, the rowid alias (autoincrement, and
// SQLiteAutoincrement when declared AUTOINCREMENT), STRICT and WITHOUT ROWID,
// generated columns' expressions, enum types from named
// CHECKs, the table's other CHECKs and normalised defaults. Primary-key columns
// keep the nullability pragma_table_info reports: SQLite lets a primary key
// other than INTEGER PRIMARY KEY hold NULL unless declared NOT NULL.
func finishColumns(t *schema.Table, d *tableDDL, pk []pkCol, md *schema.MetaData) {
	t.SQLiteUnmodelled = append(t.SQLiteUnmodelled, d.unmodelled...)
	t.SQLiteStrict, t.SQLiteWithoutRowid = d.strict, d.withoutRowid
	for name, g := range d.generated {
		if c := findColumnFold(t, name); c != nil {
			c.Generated = g
		}
	}
	slices.SortFunc(pk, func(a, b pkCol) int { return a.pos - b.pos })
	if len(pk) > 0 {
		t.PrimaryKey = &schema.PrimaryKeyDef{Name: d.pkName}
		for _, p := range pk {
			t.PrimaryKey.Columns = append(t.PrimaryKey.Columns, p.name)
		}
		if len(pk) == 1 && !d.withoutRowid && strings.EqualFold(strings.TrimSpace(pk[0].typ), "INTEGER") {
			// A rowid alias never holds NULL, declared NOT NULL or not; the
			// column keeps what its declaration says.
			c := t.FindColumn(pk[0].name)
			c.Autoincrement = true
			c.SQLiteAutoincrement = strings.EqualFold(d.autoincrement, c.Name)
		}
	}
	for _, ck := range d.checks {
		if ck.name != "" {
			if col, vals, ok := enumCheck(ck.expr); ok && (ck.column == "" || ck.column == col) {
				if c := t.FindColumn(col); c != nil && rendersAs(schema.Enum(ck.name, vals...), c.Type) {
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

// rendersAs reports whether enum renders to the column type the table declares
// (VARCHAR(n), n the longest value): only then is the column read as the enum.
// A named IN check on a column declared otherwise (Sakila's film.rating is
// VARCHAR(10)) stays a CHECK and the column keeps its declared type, so that
// nothing is rewritten when the table is built again.
func rendersAs(enum, declared schema.Type) bool {
	a, err1 := sq.Dialect{}.TypeSQL(enum)
	b, err2 := sq.Dialect{}.TypeSQL(declared)
	return err1 == nil && err2 == nil && strings.EqualFold(a, b)
}
