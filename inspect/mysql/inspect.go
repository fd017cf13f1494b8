// Package mysql is migrate's MySQL/MariaDB inspector: it reads the current
// database through information_schema into a schema.MetaData and registers itself
// for the "mysql" dialect.
//
// It runs a fixed number of queries whatever the number of tables: the server
// version and database, then TABLES, COLUMNS, KEY_COLUMN_USAGE and
// REFERENTIAL_CONSTRAINTS (on MariaDB, InnoDB's INNODB_SYS_FOREIGN and
// INNODB_SYS_FOREIGN_COLS instead when the user may read them), CHECK_CONSTRAINTS
// (with TABLE_CONSTRAINTS on MySQL 8), STATISTICS and the object views, each
// once, at the same time on connections of their own, and joins their rows in
// Go.
//
// What it reports, where MySQL differs from the model:
//
//   - The primary key has no name (MySQL calls every one PRIMARY): PrimaryKeyDef.Name
//     is "".
//   - A UNIQUE index over plain columns is reported as a unique constraint named as
//     the index (MySQL makes no difference between the two); a unique index with a
//     prefix length, a descending or an expression part stays an IndexDef.
//   - The index MySQL creates for a foreign key is reported only when its name
//     differs from the foreign key's (an index created by hand under its own name).
//     Indexes backing the primary key or a unique constraint are not indexes.
//   - Index parts are column names, "col(10)" for a prefix, "col DESC", or the
//     expression of a functional key part (MySQL 8).
//   - Enum columns get their column's name as the enum name (MySQL enums have none);
//     MetaData.Enums stays empty.
//   - MariaDB's JSON (LONGTEXT with a json_valid CHECK named after the column) is
//     read as json and that CHECK is hidden.
//   - ON DELETE/ON UPDATE RESTRICT is reported as "" (the default). NO ACTION is
//     kept as written on MariaDB, which tells it apart and shows it in SHOW
//     CREATE TABLE; on MySQL 8 (its default) it is reported as "".
//   - Server defaults are normalised by the inspector's inspectedDefault; ON
//     UPDATE CURRENT_TIMESTAMP is kept in the default expression.
//   - Each table's engine, default collation and other create options
//     (Table.Engine, Collation, Options), and a column's collation when it is
//     not its table's (Column.Collation), are reported.
//   - FULLTEXT and SPATIAL indexes have Using "fulltext" and "spatial".
//   - A generated column's expression (GENERATION_EXPRESSION, read as CHECK
//     conditions are) and whether it is STORED (Column.Generated).
//   - Views are listed in MetaData.Views; views, triggers, functions and
//     procedures are read into MetaData.Objects (see readObjects).
//   - What the model cannot hold stops the inspection with an error naming the
//     table (and column or index) and what to do: a partitioned table (or any
//     create option that is not NAME=value), a system-versioned table, an
//     invisible column, an index with a comment or one the optimizer ignores.
package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/schema"
	"golang.org/x/sync/errgroup"
)

// Inspector reads a MySQL or MariaDB database. The zero value is ready to use.
type Inspector struct{}

var _ inspect.Inspector = Inspector{}

// Inspect reads the connection's current database (DATABASE()), or the databases
// listed in opts.Schemas (their tables get Table.Schema set, except the current
// one's), skipping opts.ExcludeTables. Output is sorted as inspect.Inspector says.
// Errors name the catalog query that failed; a connection with no database
// selected is an error saying to put one in the URL.
func (Inspector) Inspect(ctx context.Context, db *sql.DB, opts inspect.Options) (*schema.MetaData, error) {
	m, _, err := inspectDB(ctx, db, opts)
	return m, err
}

// reader holds one inspection's state.
type reader struct {
	q       *querier
	flavor  flavor
	current string // DATABASE()
	// lowerCaseNames is @@lower_case_table_names: 0 when names are stored
	// as written and compared case-sensitively.
	lowerCaseNames int
	schemas        []string // databases read
	exclude        map[string]bool
	tables         map[tkey]*schema.Table
	// dataTypes holds each column's DATA_TYPE, for the MariaDB JSON check.
	dataTypes map[ckey]string
	views     []string
}

type tkey struct{ schema, name string }

type ckey struct {
	t      tkey
	column string
}

// inspectDB is Inspect, also returning the number of catalog queries run.
func inspectDB(ctx context.Context, db *sql.DB, opts inspect.Options) (*schema.MetaData, int, error) {
	r := &reader{
		q:         &querier{db: db},
		exclude:   map[string]bool{},
		tables:    map[tkey]*schema.Table{},
		dataTypes: map[ckey]string{},
	}
	for _, t := range opts.ExcludeTables {
		r.exclude[t] = true
	}
	m, err := r.read(ctx, opts)
	return m, int(r.q.count.Load()), err
}

// maxQueries is how many catalog queries an inspection runs at once, each on
// a connection of its own (reading foreign keys from information_schema adds
// one more).
const maxQueries = 4

func (r *reader) read(ctx context.Context, opts inspect.Options) (*schema.MetaData, error) {
	if err := r.readServer(ctx, opts); err != nil {
		return nil, err
	}
	// The catalog queries are independent: they run at the same time, each on
	// a connection of its own (MariaDB opens every table's definition for
	// each of them, which is most of an inspection's time, and queries over
	// the same tables at the same time share that work), and their rows are
	// put together below in a fixed order, so the model and the first error
	// are the same as when they ran one after the other.
	var (
		tables      []tableRow
		columns     []columnRow
		actions     map[fkName]fkRules
		fkColumns   []fkColumnRow
		checkTables map[ckName][]string
		checks      []checkRow
		indexes     []indexRow
		objs        []*schema.ObjectDef
		objsErr     error
	)
	g, gctx := errgroup.WithContext(ctx)
	// At most maxQueries at once (a user may be allowed few connections),
	// the views that open every table first, so that they run together.
	g.SetLimit(maxQueries)
	g.Go(func() (err error) { tables, err = r.fetchTables(gctx); return err })
	g.Go(func() (err error) { columns, err = r.fetchColumns(gctx); return err })
	g.Go(func() (err error) { indexes, err = r.fetchIndexes(gctx); return err })
	g.Go(func() (err error) { checks, err = r.fetchChecks(gctx); return err })
	g.Go(func() (err error) { actions, fkColumns, err = r.fetchForeignKeys(gctx); return err })
	g.Go(func() (err error) { checkTables, err = r.fetchCheckTables(gctx); return err })
	g.Go(func() error {
		// Its errors are about what it read: they come after the tables'.
		objs, objsErr = r.readObjects(gctx)
		return nil
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := r.readTables(tables); err != nil {
		return nil, err
	}
	if err := r.readColumns(columns); err != nil {
		return nil, err
	}
	r.readForeignKeys(actions, fkColumns)
	r.readChecks(checks, checkTables)
	if err := r.readIndexes(indexes); err != nil {
		return nil, err
	}
	if objsErr != nil {
		return nil, objsErr
	}
	m := &schema.MetaData{Tables: make([]*schema.Table, 0, len(r.tables))}
	for _, t := range r.tables {
		m.Tables = append(m.Tables, t)
	}
	m.Views = r.views
	m.Objects = objs
	sortMetaData(m)
	return m, nil
}

// readServer detects the flavour (SELECT VERSION()), the current database and
// how the server stores names (@@lower_case_table_names).
func (r *reader) readServer(ctx context.Context, opts inspect.Options) error {
	rows, err := r.q.query(ctx, "the server version", "SELECT VERSION(), DATABASE(), @@lower_case_table_names")
	if err != nil {
		return err
	}
	defer rows.Close()
	var version string
	var current sql.NullString
	if rows.Next() {
		if err := rows.Scan(&version, &current, &r.lowerCaseNames); err != nil {
			return fmt.Errorf("mysql inspect: reading the server version: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("mysql inspect: reading the server version: %w", err)
	}
	r.flavor = parseFlavor(version)
	r.current = current.String
	r.schemas = append([]string(nil), opts.Schemas...)
	if len(r.schemas) == 0 {
		if !current.Valid || current.String == "" {
			return fmt.Errorf("mysql inspect: the connection has no current database: name one in the URL (mysql://user@host/DATABASE)")
		}
		r.schemas = []string{current.String}
	}
	return nil
}

// schemaOf is the Table.Schema for a database: "" for the current one.
func (r *reader) schemaOf(db string) string {
	if db == r.current {
		return ""
	}
	return db
}

// inArgs returns the placeholders and arguments for TABLE_SCHEMA IN (…).
func (r *reader) inArgs() (string, []any) {
	args := make([]any, len(r.schemas))
	for i, s := range r.schemas {
		args[i] = s
	}
	return inList(len(args)), args
}

// table returns the table read by readTables, or nil for a view, an excluded
// table or one not read.
func (r *reader) table(db, name string) *schema.Table {
	return r.tables[tkey{r.schemaOf(db), name}]
}

func sortMetaData(m *schema.MetaData) {
	sort.Slice(m.Tables, func(i, j int) bool {
		a, b := m.Tables[i], m.Tables[j]
		if a.Schema != b.Schema {
			return a.Schema < b.Schema
		}
		return a.Name < b.Name
	})
	sort.Strings(m.Views)
	for _, t := range m.Tables {
		sort.Slice(t.ForeignKeys, func(i, j int) bool { return t.ForeignKeys[i].Name < t.ForeignKeys[j].Name })
		sort.Slice(t.Uniques, func(i, j int) bool { return t.Uniques[i].Name < t.Uniques[j].Name })
		sort.Slice(t.Checks, func(i, j int) bool { return t.Checks[i].Name < t.Checks[j].Name })
		sort.Slice(t.Indexes, func(i, j int) bool { return t.Indexes[i].Name < t.Indexes[j].Name })
	}
}
