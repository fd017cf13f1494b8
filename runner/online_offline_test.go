package runner_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/dialect"
	mysqldialect "github.com/retortdb/migrate/dialect/mysql"
	sqlitedialect "github.com/retortdb/migrate/dialect/sqlite"
	"github.com/retortdb/migrate/internal/sqlrecord"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
	"github.com/retortdb/migrate/schema"
)

// captureDSN returns the driver's data source name for a test database, as
// the dialect's Open builds it.
var captureDSN = map[string]func(t testing.TB, db *testdb.DB) string{
	"sqlite": func(t testing.TB, db *testdb.DB) string {
		return sqlitedialect.DSN(db.Name, nil)
	},
	"postgresql": func(t testing.TB, db *testdb.DB) string { return db.URL },
	"mysql": func(t testing.TB, db *testdb.DB) string {
		u, err := dialect.ParseURL(db.URL)
		if err != nil {
			t.Fatal(err)
		}
		dsn, err := mysqldialect.DSN(u)
		if err != nil {
			t.Fatal(err)
		}
		return dsn
	},
}

// TestOnlineEqualsOffline: for the golden revision set and each golden case, on
// every dialect, the statements an online run gives the driver (captured by a
// connector wrapping the driver's) equal the statements of the offline (--sql)
// script for the same start, once the session's bookkeeping (see bookkeeping)
// is filtered out; and BEGIN/COMMIT where the dialect's scripts have no
// transactions (MySQL, where each statement and its progress record commit
// together).
func TestOnlineEqualsOffline(t *testing.T) {
	g := offGoldenGraph(t)
	vt := dialect.VersionTable{Name: "migrate_version"}
	for _, odb := range onlineDBs {
		for _, c := range offGoldenCases {
			t.Run(odb.name+"/"+c.file, func(t *testing.T) {
				d := offDialect(t, odb.name)
				db := odb.open(t)
				pool, log := sqlrecord.Open(openURL(t, d, db.URL).Driver(), captureDSN[odb.name](t, db))
				t.Cleanup(func() { pool.Close() })
				r := newRunner(t, d, pool)
				r.TransactionPerMigration = c.perMigration
				ctx := context.Background()

				lower, upper, hasRange := strings.Cut(c.target, ":")
				if !hasRange {
					upper = c.target
				}
				if hasRange && lower != "base" {
					// Bring the database to the range's start first; only the run
					// after it is compared.
					plan, replay := upgradeTo(g, lower)
					if _, err := r.Run(ctx, plan, replay); err != nil {
						t.Fatal(err)
					}
				}
				log.Reset()
				planner := func(rows []string) ([]revision.Step, error) {
					if c.dir == revision.Down {
						return g.DowngradePlan(rows, upper)
					}
					return g.UpgradePlan(rows, upper)
				}
				if _, err := r.Run(ctx, planner, func(rows []string) (*schema.MetaData, error) { return runner.Replay(g, rows) }); err != nil {
					t.Fatal(err)
				}
				var online, filtered []string
				noTx := d.Begin() == ""
				for _, s := range log.Session(vt.Name) {
					if sqlrecord.Bookkeeping(s) || (noTx && (s == "BEGIN" || s == "COMMIT")) {
						filtered = append(filtered, s)
						continue
					}
					online = append(online, sqlrecord.TrimEnd(s))
				}
				var script bytes.Buffer
				s, err := runner.PlanOffline(g, d, vt, c.dir, c.target)
				if err != nil {
					t.Fatal(err)
				}
				if err := s.Plan.WriteSQL(&script, c.perMigration); err != nil {
					t.Fatal(err)
				}
				offline, err := sqlrecord.WithoutPrelude(sqlrecord.ScriptStatements(script.String()), dialect.ScriptPrelude(d))
				if err != nil {
					t.Fatal(err)
				}
				if len(online) == 0 {
					t.Fatal("the online run gave the driver no statement")
				}
				t.Logf("filtered from the online run: %q", filtered)
				if diff := cmp.Diff(offline, online); diff != "" {
					t.Errorf("online statements differ from the --sql script's (-offline +online):\n%s", diff)
				}
			})
		}
	}
}

// legacyRevisions create a table with raw SQL, which the revision files then
// alter without stating the column's current definition.
var legacyRevisions = map[string]string{
	"a1.yaml": `revision: a1
message: legacy table
upgrade:
  - execute: "CREATE TABLE legacy (id INTEGER NOT NULL PRIMARY KEY, note VARCHAR(20) NOT NULL DEFAULT 'x')"
downgrade:
  - execute: "DROP TABLE legacy"
`,
	"a2.yaml": `revision: a2
down_revision: a1
message: loosen
upgrade:
  - alter_column: {table: legacy, column: note, nullable: true}
downgrade:
  - alter_column: {table: legacy, column: note, nullable: false}
`,
}

// TestOfflineRefusesWhatOnlyTheDatabaseKnows: where rendering needs the
// definition of a column only the live database has (MySQL restates the column
// in MODIFY COLUMN; SQLite restates the table in its move and copy), the online
// plan reads it and runs, and the offline script for the same start is refused
// with an error naming the table, the column and what to do — never printed
// without it. A one-shot online run from base, where the table does not exist
// yet, is refused naming both revisions.
func TestOfflineRefusesWhatOnlyTheDatabaseKnows(t *testing.T) {
	g := writeGraph(t, legacyRevisions)
	vt := dialect.VersionTable{Name: "migrate_version"}
	for _, c := range []struct {
		odb     onlineDB
		offline []string
		online  string
		// nullable reads whether legacy.note is nullable ('YES'/'NO') from
		// the server's own catalog.
		nullable string
	}{
		{onlineDBs[2], []string{`alter_column on table "legacy"`, `"legacy"."note"`, "existing_type"}, "MODIFY COLUMN note VARCHAR(20) DEFAULT 'x'",
			"SELECT IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'legacy' AND COLUMN_NAME = 'note'"},
		{onlineDBs[0], []string{`"legacy"`, "a2"}, "INSERT INTO",
			"SELECT CASE WHEN \"notnull\" = 0 THEN 'YES' ELSE 'NO' END FROM pragma_table_info('legacy') WHERE name = 'note'"},
	} {
		t.Run(c.odb.name, func(t *testing.T) {
			d := offDialect(t, c.odb.name)
			db := c.odb.open(t)
			r := newRunner(t, d, openURL(t, d, db.URL))
			ctx := context.Background()

			plan, replay := upgradeTo(g, "head")
			_, err := r.Run(ctx, plan, replay)
			if err == nil || !strings.Contains(err.Error(), "revision a1") || !strings.Contains(err.Error(), "migrate upgrade a1") {
				t.Fatalf("one-shot run from base: got %v, want a refusal naming a1 and what to do", err)
			}
			if rows, err := r.Current(ctx); err != nil || len(rows) != 0 {
				t.Fatalf("after the refused run the version table holds %v (%v), want nothing", rows, err)
			}

			_, err = runner.PlanOffline(g, d, vt, revision.Up, "a1:head")
			if err == nil {
				t.Fatal("offline a1:head was planned; it must be refused: only the database knows legacy.note")
			}
			for _, want := range c.offline {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("offline error does not name %q:\n%v", want, err)
				}
			}
			t.Logf("offline refusal: %v", err)

			plan, replay = upgradeTo(g, "a1")
			if _, err := r.Run(ctx, plan, replay); err != nil {
				t.Fatal(err)
			}
			plan, replay = upgradeTo(g, "head")
			p, err := r.Plan(ctx, plan, replay)
			if err != nil {
				t.Fatalf("online plan from a1: %v", err)
			}
			var all []string
			for _, st := range p.Steps {
				for _, s := range st.Statements {
					all = append(all, s.SQL)
				}
			}
			if !strings.Contains(strings.Join(all, "\n"), c.online) {
				t.Errorf("online plan does not contain %q:\n%s", c.online, strings.Join(all, "\n"))
			}
			if _, err := r.Apply(ctx, p); err != nil {
				t.Fatal(err)
			}
			if _, err := r.Apply(ctx, p); err == nil {
				t.Error("a plan applied twice: the second Apply must be refused")
			}
			// The server's own catalog: note is nullable now, its default kept.
			var nullable string
			if err := db.SQL.QueryRow(c.nullable).Scan(&nullable); err != nil || nullable != "YES" {
				t.Fatalf("legacy.note nullable = %q (%v), want YES", nullable, err)
			}
		})
	}
}
