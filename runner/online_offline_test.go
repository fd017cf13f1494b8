package runner_test

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/dialect"
	mysqldialect "github.com/retortdb/migrate/dialect/mysql"
	sqlitedialect "github.com/retortdb/migrate/dialect/sqlite"
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

// sqlLog records, per connection, every SQL text the driver is given (Exec,
// Query, Prepare) and BEGIN/COMMIT/ROLLBACK for transactions begun through the
// driver.
type sqlLog struct {
	mu    sync.Mutex
	conns [][]string
}

func (l *sqlLog) newConn() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.conns = append(l.conns, nil)
	return len(l.conns) - 1
}

func (l *sqlLog) add(conn int, s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.conns[conn] = append(l.conns[conn], s)
}

func (l *sqlLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.conns {
		l.conns[i] = nil
	}
}

// session returns the log of the connection that wrote the version table (the
// run's session), or nil.
func (l *sqlLog) session(vt string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range l.conns {
		for _, s := range c {
			if strings.Contains(s, vt) && (strings.HasPrefix(s, "INSERT") || strings.HasPrefix(s, "UPDATE") || strings.HasPrefix(s, "DELETE")) {
				return append([]string(nil), c...)
			}
		}
	}
	return nil
}

// recConnector opens connections of drv to dsn that record into log.
type recConnector struct {
	drv driver.Driver
	dsn string
	log *sqlLog
}

func (c *recConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &recConn{Conn: conn, log: c.log, id: c.log.newConn()}, nil
}

func (c *recConnector) Driver() driver.Driver { return c.drv }

// recConn records every SQL text before passing it to the driver's connection.
type recConn struct {
	driver.Conn
	log *sqlLog
	id  int
}

func (c *recConn) Prepare(q string) (driver.Stmt, error) {
	c.log.add(c.id, q)
	return c.Conn.Prepare(q)
}

func (c *recConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	c.log.add(c.id, q)
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, q)
	}
	return c.Conn.Prepare(q)
}

func (c *recConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	x, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	res, err := x.ExecContext(ctx, q, args)
	if err != driver.ErrSkip {
		c.log.add(c.id, q)
	}
	return res, err
}

func (c *recConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	x, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	rows, err := x.QueryContext(ctx, q, args)
	if err != driver.ErrSkip {
		c.log.add(c.id, q)
	}
	return rows, err
}

func (c *recConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	b, ok := c.Conn.(driver.ConnBeginTx)
	if !ok {
		return nil, errors.New("the driver has no BeginTx")
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	c.log.add(c.id, "BEGIN")
	return &recTx{Tx: tx, c: c}, nil
}

func (c *recConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *recConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *recConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *recConn) CheckNamedValue(nv *driver.NamedValue) error {
	if x, ok := c.Conn.(driver.NamedValueChecker); ok {
		return x.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

type recTx struct {
	driver.Tx
	c *recConn
}

func (t *recTx) Commit() error {
	t.c.log.add(t.c.id, "COMMIT")
	return t.Tx.Commit()
}

func (t *recTx) Rollback() error {
	t.c.log.add(t.c.id, "ROLLBACK")
	return t.Tx.Rollback()
}

// bookkeeping reports whether an SQL text the session runs is a read or a lock
// that is not part of the plan, and says which kind. The list is the whole of
// what is filtered.
func bookkeeping(s string) bool {
	for _, p := range []string{
		"SELECT version_num FROM ",               // reading the version table
		"SELECT revision, direction, statements", // reading the progress table (MySQL)
		"PRAGMA busy_timeout",                    // SQLite: how long BEGIN IMMEDIATE waits
		"PRAGMA database_list",                   // SQLite: where the lock file goes
		"SELECT pg_try_advisory_lock(",           // PostgreSQL's lock
		"SELECT pg_advisory_lock(",
		"SELECT pg_advisory_unlock(",
		"SELECT DATABASE()", // MySQL: the lock's name
		"SELECT GET_LOCK(",  // MySQL's lock
		"SELECT RELEASE_LOCK(",
		"SELECT IS_USED_LOCK(",
		"SELECT CONNECTION_ID()", // MySQL: the run's guard marks
	} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	if strings.HasPrefix(s, "SELECT ") && strings.Contains(s, "\n\t FROM information_schema.") {
		return true // MySQL: the schema fingerprint recorded before each statement
	}
	return strings.Contains(s, "migrate_version_progress") // progress rows (derived from the plan)
}

// scriptStatements splits an offline script into its statements, comments
// dropped, as WriteSQL writes them (each ended by ";" and a blank line).
func scriptStatements(script string) []string {
	var out []string
	for _, part := range strings.Split(script, ";\n\n") {
		var keep []string
		for _, line := range strings.Split(part, "\n") {
			if strings.HasPrefix(line, "-- ") || (len(keep) == 0 && line == "") {
				continue
			}
			keep = append(keep, line)
		}
		if s := strings.TrimSpace(strings.Join(keep, "\n")); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func trimEnd(s string) string { return strings.TrimRight(s, "; \n\t") }

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
				log := &sqlLog{}
				pool := sql.OpenDB(&recConnector{drv: openURL(t, d, db.URL).Driver(), dsn: captureDSN[odb.name](t, db), log: log})
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
				log.reset()
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
				for _, s := range log.session(vt.Name) {
					if bookkeeping(s) || (noTx && (s == "BEGIN" || s == "COMMIT")) {
						filtered = append(filtered, s)
						continue
					}
					online = append(online, trimEnd(s))
				}
				var script bytes.Buffer
				s, err := runner.PlanOffline(g, d, vt, c.dir, c.target)
				if err != nil {
					t.Fatal(err)
				}
				if err := s.Plan.WriteSQL(&script, c.perMigration); err != nil {
					t.Fatal(err)
				}
				offline := scriptStatements(script.String())
				// The script's session set-up (MySQL's SET NAMES utf8mb4) is what
				// the driver's connection does online from the URL (charset), out
				// of the statements captured here: it opens the script and is not
				// compared.
				for _, p := range dialect.ScriptPrelude(d) {
					if len(offline) == 0 || offline[0] != p {
						t.Fatalf("the --sql script does not start with the dialect's prelude %q: %q", p, offline)
					}
					offline = offline[1:]
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
	}{
		{onlineDBs[2], []string{`alter_column on table "legacy"`, `"legacy"."note"`, "existing_type"}, "MODIFY COLUMN note VARCHAR(20) DEFAULT 'x'"},
		{onlineDBs[0], []string{`"legacy"`, "a2"}, "INSERT INTO"},
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
			q := "SELECT CASE WHEN \"notnull\" = 0 THEN 'YES' ELSE 'NO' END FROM pragma_table_info('legacy') WHERE name = 'note'"
			if c.odb.name == "mysql" {
				q = "SELECT IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'legacy' AND COLUMN_NAME = 'note'"
			}
			if err := db.SQL.QueryRow(q).Scan(&nullable); err != nil || nullable != "YES" {
				t.Fatalf("legacy.note nullable = %q (%v), want YES", nullable, err)
			}
		})
	}
}
