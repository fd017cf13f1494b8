package mysql

import (
	"fmt"
	"testing"

	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/schema"
)

// chain declares n tables, each with a foreign key to the previous one, a check,
// a unique constraint and an index, so every catalog query has rows per table.
func chain(n int) *schema.MetaData {
	m := schema.NewMetaData(schema.WithNamingConvention(schema.DefaultNamingConvention))
	for i := 0; i < n; i++ {
		items := []schema.TableItem{
			schema.Col("id", schema.Integer()).PrimaryKey(),
			schema.Col("code", schema.Varchar(10)).NotNull().Unique(),
			schema.Col("n", schema.Integer()).NotNull().ServerDefault("0"),
			schema.Check(fmt.Sprintf("ck_t%02d_n", i), "n >= 0"),
			schema.Index(fmt.Sprintf("ix_t%02d_n", i), "n"),
		}
		if i > 0 {
			items = append(items, schema.Col("prev_id", schema.Integer()).References(fmt.Sprintf("t%02d.id", i-1)))
		}
		m.Table(fmt.Sprintf("t%02d", i), items...)
	}
	return m
}

func TestQueryCountDoesNotGrowWithTables(t *testing.T) {
	counts := map[int]int{}
	var db0 *testdb.DB
	for _, n := range []int{3, 40} {
		db := testdb.MySQL(t)
		db0 = db
		m := chain(n)
		apply(t, db, m, createAll(m)...)
		got, q := inspectT(t, db, inspect.Options{})
		if len(got.Tables) != n {
			t.Fatalf("%d tables: inspected %d", n, len(got.Tables))
		}
		last := got.Tables[n-1]
		if len(last.ForeignKeys) != 1 || len(last.Checks) != 1 || len(last.Uniques) != 1 || len(last.Indexes) != 1 {
			t.Fatalf("table %s read incompletely: %+v", last.Name, last)
		}
		counts[n] = q
	}
	if counts[3] != counts[40] {
		t.Errorf("3 tables took %d catalog queries, 40 took %d: the count must not depend on the table count", counts[3], counts[40])
	}
	if want := wantQueries(t, db0); counts[3] != want {
		t.Errorf("inspection ran %d catalog queries, want %d", counts[3], want)
	}
}

// wantQueries is the number of catalog queries an inspection runs on db's
// server: version+database, tables, columns, foreign key actions, foreign key
// columns, checks (with their tables apart on MySQL 8), statistics, views,
// triggers, routine parameters, routines, events.
func wantQueries(t *testing.T, db *testdb.DB) int {
	t.Helper()
	var v string
	if err := db.SQL.QueryRow("SELECT VERSION()").Scan(&v); err != nil {
		t.Fatal(err)
	}
	f := parseFlavor(v)
	switch {
	case !f.hasCheckConstraints():
		return 11
	case f.MariaDB:
		return 12
	}
	return 13
}

func TestExcludeTablesAndViews(t *testing.T) {
	db := testdb.MySQL(t)
	m := chain(2)
	apply(t, db, m, createAll(m)...)
	for _, s := range []string{
		"CREATE TABLE migrate_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
		"CREATE VIEW v_codes AS SELECT code FROM t00",
	} {
		if _, err := db.SQL.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := inspectT(t, db, inspect.Options{ExcludeTables: []string{"migrate_version"}})
	var names []string
	for _, tb := range got.Tables {
		names = append(names, tb.Name)
	}
	if fmt.Sprint(names) != "[t00 t01]" {
		t.Errorf("tables %v, want [t00 t01] (version table excluded, view not a table)", names)
	}
	if fmt.Sprint(got.Views) != "[v_codes]" {
		t.Errorf("views %v, want [v_codes]", got.Views)
	}
}

func TestOtherSchemas(t *testing.T) {
	db := testdb.MySQL(t)
	other := testdb.MySQL(t)
	for _, s := range []string{
		"CREATE TABLE " + other.Name + ".authors (id INT PRIMARY KEY)",
		"CREATE TABLE books (id INT PRIMARY KEY, author_id INT, CONSTRAINT fk_author FOREIGN KEY (author_id) REFERENCES " + other.Name + ".authors (id))",
	} {
		if _, err := db.SQL.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	got, q := inspectT(t, db, inspect.Options{Schemas: []string{db.Name, other.Name}})
	if len(got.Tables) != 2 || got.Tables[0].Schema != "" || got.Tables[0].Name != "books" ||
		got.Tables[1].Schema != other.Name || got.Tables[1].Name != "authors" {
		t.Fatalf("tables %+v %+v, want books (current database) then %s.authors", got.Tables[0], got.Tables[1], other.Name)
	}
	fk := got.Tables[0].ForeignKeys
	if len(fk) != 1 || fk[0].RefSchema != other.Name || fk[0].RefTable != "authors" {
		t.Errorf("cross-database foreign key %+v", fk)
	}
	if want := wantQueries(t, db); q != want {
		t.Errorf("two databases took %d catalog queries, want %d", q, want)
	}
}
