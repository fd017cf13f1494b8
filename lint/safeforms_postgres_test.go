package lint_test

import (
	"bytes"
	"context"
	"database/sql"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/migrate/autogen"
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/inspect"
	inspectpg "github.com/retortdb/migrate/inspect/postgres"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/lint"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
	"github.com/retortdb/migrate/schema"
)

// safeScenario autogenerates, with autogenerate.safe_forms, the revision
// that adds an index on books.n, a foreign key books.author_id → authors and
// NOT NULL on books.title, against db (pgSetup's tables with rows).
func safeScenario(t *testing.T, db *sql.DB, d dialect.Dialect) (*schema.MetaData, []ops.Op, bool) {
	t.Helper()
	live, err := inspectpg.Inspector{}.Inspect(context.Background(), db, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	declared := live.Clone()
	books := declared.FindTable("", "books")
	books.Indexes = append(books.Indexes, &schema.IndexDef{Name: "ix_books_n", Columns: []string{"n"}})
	books.ForeignKeys = append(books.ForeignKeys, &schema.ForeignKeyDef{Name: "fk_books_author", Columns: []string{"author_id"}, RefTable: "authors", RefColumns: []string{"id"}})
	books.FindColumn("title").Nullable = false
	res, err := autogen.Compare(declared, live, d, autogen.Options{CompareType: true, CompareServerDefault: true, VersionTable: "migrate_version"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Upgrade) != 3 {
		t.Fatalf("autogenerate: want 3 ops (index, key, not null), got %d: %v", len(res.Upgrade), res.Upgrade)
	}
	up, tx := dialect.SafeForms(d, res.Upgrade, live)
	return live, up, tx
}

// pgSafeDone checks, in the catalog, that the scenario's changes are all
// there and complete: the index valid, the key validated, the column NOT
// NULL, and the temporary check gone.
func pgSafeDone(t *testing.T, db *sql.DB) {
	t.Helper()
	var valid, validated, notNull bool
	var leftover int
	for q, dst := range map[string]any{
		"SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'ix_books_n'": &valid,
		"SELECT convalidated FROM pg_constraint WHERE conname = 'fk_books_author'":                                   &validated,
		"SELECT attnotnull FROM pg_attribute WHERE attrelid = 'books'::regclass AND attname = 'title'":               &notNull,
		"SELECT count(*) FROM pg_constraint WHERE conrelid = 'books'::regclass AND contype = 'c'":                    &leftover,
	} {
		if err := db.QueryRow(q).Scan(dst); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if !valid || !validated || !notNull || leftover != 0 {
		t.Errorf("after the safe revision: index valid=%v, key validated=%v, title NOT NULL=%v, checks left=%d; want true, true, true, 0", valid, validated, notNull, leftover)
	}
}

// TestSafeFormsScenarioPostgres is the "add index, add foreign key, set NOT
// NULL" revision autogenerate writes with autogenerate.safe_forms, on tables
// with rows. Statement by statement, as the revision runs them (each
// committing on its own), a second session reads the locks each holds: none
// that holds ACCESS EXCLUSIVE reads or rewrites the table, so it holds it for
// a catalog update only; and every finding's claims match the server. Then
// the same revision runs online through the runner and as a --sql script
// through psql, each on a fresh database, and leaves the same catalog.
func TestSafeFormsScenarioPostgres(t *testing.T) {
	db, d, version := pgSetup(t)
	live, up, tx := safeScenario(t, db, d)
	if tx {
		t.Fatal("the safe forms must run outside one transaction")
	}
	var names []string
	for _, o := range up {
		names = append(names, ops.Name(o))
	}
	sort.Strings(names)
	if got := strings.Join(names, " "); got != "alter_column create_check_constraint create_foreign_key create_index drop_constraint validate_constraint validate_constraint" {
		t.Fatalf("safe forms: got ops %s", got)
	}
	p, fs := planFor(t, d, live, up, tx, version)
	if w := lint.AtLeast(fs, dialect.LintWarning); len(w) > 0 {
		t.Errorf("the safe revision still has warnings: %+v", w)
	}
	for i, st := range p.Steps[0].Statements {
		var probe pgProbe
		if st.NoTransaction {
			probe = pgProbeConcurrent(t, db, "books", st.SQL)
		} else {
			probe = pgProbeInTx(t, db, "books", st.SQL)
		}
		t.Logf("%s: %+v", st.SQL, probe)
		if probe.Mode == "AccessExclusiveLock" && (probe.Read > 0 || probe.Rewrote) {
			t.Errorf("%s holds ACCESS EXCLUSIVE while it reads %d rows (rewrite %v): longer than a catalog update", st.SQL, probe.Read, probe.Rewrote)
		}
		for _, f := range fs {
			if f.Statement == i+1 && f.Rule != "raw-sql" {
				if st.NoTransaction && f.Scan {
					probe.Read = pgRows
				}
				checkPG(t, f, probe, pgRows)
			}
		}
	}
	pgSafeDone(t, db)

	rev := &revision.Revision{ID: "safe1", Message: "safe", Upgrade: up, Transactional: tx}
	steps := []revision.Step{{Revision: rev, Direction: revision.Up, Version: []revision.VersionChange{{Kind: revision.Insert, To: "safe1"}}}}

	t.Run("online", func(t *testing.T) {
		db2, _, _ := pgSetup(t)
		var ran []string
		r := &runner.Runner{DB: db2, Dialect: d, VersionTable: dialect.VersionTable{Name: "migrate_version"}, Inspector: inspectpg.Inspector{},
			Trace: func(sql string, _ time.Duration, err error) {
				if err == nil {
					ran = append(ran, sql)
				}
			}}
		if _, err := r.Run(context.Background(), func([]string) ([]revision.Step, error) { return steps, nil },
			func([]string) (*schema.MetaData, error) { return live, nil }); err != nil {
			t.Fatal(err)
		}
		joined := strings.Join(ran, "\n")
		for _, st := range p.Steps[0].Statements {
			if !strings.Contains(joined, st.SQL) {
				t.Errorf("the online run did not execute %s", st.SQL)
			}
		}
		pgSafeDone(t, db2)
	})

	t.Run("sql", func(t *testing.T) {
		tdb := testdb.Postgres(t)
		off, err := runner.BuildFrom(d, dialect.VersionTable{Name: "migrate_version"}, steps, runner.Start{Schema: live}, true)
		if err != nil {
			t.Fatal(err)
		}
		var script bytes.Buffer
		if err := off.WriteSQL(&script, false); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(script.String(), "BEGIN;") {
			t.Errorf("the script runs CREATE INDEX CONCURRENTLY, which refuses a transaction block, yet has BEGIN:\n%s", script.String())
		}
		for _, s := range pgSetupSQL(t, d) {
			if _, err := tdb.SQL.Exec(s); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", tdb.URL)
		cmd.Stdin = &script
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("psql ran the script and failed: %v\n%s\n%s", err, out, script.String())
		}
		pgSafeDone(t, tdb.SQL)
	})
}
