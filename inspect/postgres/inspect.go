// Package postgres is migrate's PostgreSQL inspector: it reads a live database's
// catalog into a schema.MetaData with a fixed number of batched catalog queries —
// eight, whatever the number of schemas and tables, and a ninth when a foreign
// key refers to a table of a schema that is not inspected — and registers
// itself for the "postgresql" dialect from init.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	pgdialect "github.com/retortdb/migrate/dialect/postgres"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/schema"
)

// Inspector reads PostgreSQL's catalog (pg_class, pg_attribute, pg_constraint,
// pg_index, pg_enum). The zero value is ready to use and safe for concurrent use.
type Inspector struct{}

var _ inspect.Inspector = Inspector{}

// Inspect reads the schemas opts.Schemas names (empty: current_schema()) inside
// one read-only, repeatable-read transaction, so every query sees the same
// snapshot. It reads:
//   - tables (ordinary and partitioned; partitions are skipped, their parent
//     stands for them), minus opts.ExcludeTables (matched as "name" or
//     "schema.name") and minus objects owned by extensions;
//   - foreign tables, as names in MetaData.Views ("schema.name" outside the
//     default schema);
//   - extensions, schemas, free-standing sequences, domains, functions,
//     procedures, aggregates, views, materialized views and their indexes,
//     triggers and policies, in MetaData.Objects (see objectsSQL), each with
//     DependsOn from pg_depend; objects an extension owns are never read, so
//     autogenerate never proposes dropping them;
//   - per column: the portable type (see pgdialect.CatalogType; enum columns as
//     schema.Enum with the enum's values), nullability, the default normalised by
//     NormalizeDefault (none for a nextval of a sequence the column owns, or for a
//     generated column), autoincrement (identity with its START and INCREMENT,
//     or serial: an owned sequence), a stored generated column's expression
//     (pg_get_expr's text, outer parentheses aside) and comment;
//   - primary key, foreign keys (actions upper case, NO ACTION as ""; RefSchema
//     set only outside the default schema), unique constraints, check
//     constraints (the condition without CHECK and outer parentheses), indexes
//     that back no primary key, unique or exclusion constraint (key columns or
//     expressions, unique, partial predicate), table comment;
//   - every enum type of the inspected schemas, in MetaData.Enums.
//
// Tables of a schema other than the default one get Table.Schema set. Tables,
// enums and views are sorted by name; each table's foreign keys, uniques, checks
// and indexes are sorted by name. Errors name the catalog query that failed and
// wrap the driver's error.
func (Inspector) Inspect(ctx context.Context, db *sql.DB, opts inspect.Options) (*schema.MetaData, error) {
	m, _, err := inspectDB(ctx, db, opts)
	return m, err
}

// inspectDB is Inspect, also returning how many catalog queries it ran.
func inspectDB(ctx context.Context, db *sql.DB, opts inspect.Options) (*schema.MetaData, int, error) {
	if db == nil {
		return nil, 0, errors.New("postgresql inspector: no database connection")
	}
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return nil, 0, fmt.Errorf("postgresql inspector: starting a read-only transaction: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only; nothing to keep
	q := &querier{tx: tx}
	r := &reader{q: q, d: pgdialect.Dialect{}, attnames: attnames{}}
	m, err := r.read(ctx, opts)
	return m, q.n, err
}

// reader holds the state of one Inspect call.
type reader struct {
	q          *querier
	d          pgdialect.Dialect
	defaultSch string
	schemas    []string
	tables     map[int64]*schema.Table // by pg_class oid
	enums      map[int64]*schema.EnumDef
	attnames   attnames // by table oid and column number
	version    int      // server_version_num
}

func (r *reader) read(ctx context.Context, opts inspect.Options) (*schema.MetaData, error) {
	if err := r.readSchemas(ctx, opts); err != nil {
		return nil, err
	}
	m := &schema.MetaData{Tables: []*schema.Table{}}
	if err := r.readEnums(ctx, m); err != nil {
		return nil, err
	}
	if err := r.readRelations(ctx, m, opts.ExcludeTables); err != nil {
		return nil, err
	}
	if err := r.readColumns(ctx); err != nil {
		return nil, err
	}
	if err := r.readConstraints(ctx, m); err != nil {
		return nil, err
	}
	if err := r.readIndexes(ctx); err != nil {
		return nil, err
	}
	if err := r.readObjects(ctx, m); err != nil {
		return nil, err
	}
	sortMetaData(m)
	return m, nil
}

// readSchemas resolves the schemas to read, the connection's default schema
// and the server's version.
func (r *reader) readSchemas(ctx context.Context, opts inspect.Options) error {
	var cur sql.NullString
	if err := r.q.row(ctx, "SELECT current_schema(), current_setting('server_version_num')::int").Scan(&cur, &r.version); err != nil {
		return fmt.Errorf("postgresql inspector: reading current_schema(): %w", err)
	}
	r.defaultSch = cur.String
	r.schemas = append([]string(nil), opts.Schemas...)
	if len(r.schemas) == 0 {
		if !cur.Valid || cur.String == "" {
			return errors.New("postgresql inspector: the connection has no current schema (search_path names none that exists); set search_path or name the schemas to read")
		}
		r.schemas = []string{cur.String}
	}
	return nil
}

// forVersion returns a catalog query fitted to the server: from PostgreSQL 15
// on, pg_index's indnullsnotdistinct is read directly, not through to_jsonb of
// the whole row (which works before 15, where the column is missing, but costs
// about a quarter of the query's time).
func (r *reader) forVersion(query string) string {
	if r.version < 150000 {
		return query
	}
	query = strings.ReplaceAll(query, "(to_jsonb(ix)->>'indnullsnotdistinct')::bool", "ix.indnullsnotdistinct")
	return strings.ReplaceAll(query, "(to_jsonb(i)->>'indnullsnotdistinct')::bool", "i.indnullsnotdistinct")
}

// schemaOf returns the Table.Schema value for a namespace: "" for the default.
func (r *reader) schemaOf(nsp string) string {
	if nsp == r.defaultSch {
		return ""
	}
	return nsp
}

func sortMetaData(m *schema.MetaData) {
	sort.SliceStable(m.Tables, func(i, j int) bool {
		a, b := m.Tables[i], m.Tables[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Schema < b.Schema
	})
	sort.Strings(m.Views)
	sort.SliceStable(m.Enums, func(i, j int) bool {
		a, b := m.Enums[i], m.Enums[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Schema < b.Schema
	})
	for _, t := range m.Tables {
		sort.SliceStable(t.ForeignKeys, func(i, j int) bool { return t.ForeignKeys[i].Name < t.ForeignKeys[j].Name })
		sort.SliceStable(t.Uniques, func(i, j int) bool { return t.Uniques[i].Name < t.Uniques[j].Name })
		sort.SliceStable(t.Checks, func(i, j int) bool { return t.Checks[i].Name < t.Checks[j].Name })
		sort.SliceStable(t.Indexes, func(i, j int) bool { return t.Indexes[i].Name < t.Indexes[j].Name })
	}
}
