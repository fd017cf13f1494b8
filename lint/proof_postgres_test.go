package lint_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/lint"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// pgRows is how many rows each table of the proofs holds.
const pgRows = 5000

// pgLockRank orders pg_locks modes by strength (PostgreSQL's "Table-Level
// Locks" table): the strongest mode a session holds is what it blocks.
var pgLockRank = map[string]int{
	"AccessShareLock": 1, "RowShareLock": 2, "RowExclusiveLock": 3, "ShareUpdateExclusiveLock": 4,
	"ShareLock": 5, "ShareRowExclusiveLock": 6, "ExclusiveLock": 7, "AccessExclusiveLock": 8,
}

// pgMode turns a finding's lock ("SHARE ROW EXCLUSIVE") into pg_locks' mode
// ("ShareRowExclusiveLock").
func pgMode(lock string) string {
	var b strings.Builder
	for _, w := range strings.Fields(strings.ToLower(lock)) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String() + "Lock"
}

// pgSetupSQL returns the statements that make proofBase's tables on
// PostgreSQL with pgRows rows in each.
func pgSetupSQL(t *testing.T, d dialect.Dialect) []string {
	t.Helper()
	stmts, err := d.Render(baseOps(proofBase()), nil)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, s := range stmts {
		all = append(all, s.SQL)
	}
	return append(all,
		"INSERT INTO authors SELECT g FROM generate_series(1, 5000) g",
		"INSERT INTO books SELECT g, 't' || g, g, g, false FROM generate_series(1, 5000) g",
		"INSERT INTO events SELECT g, 'p' FROM generate_series(1, 5000) g")
}

// pgSetup makes a fresh database with proofBase's tables, pgRows rows in
// each, and runs extra.
func pgSetup(t *testing.T, extra ...string) (*sql.DB, dialect.Dialect, string) {
	t.Helper()
	tdb := testdb.Postgres(t)
	d, err := dialect.Get("postgresql")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(pgSetupSQL(t, d), extra...) {
		if _, err := tdb.SQL.Exec(s); err != nil {
			t.Fatalf("setup %q: %v", s, err)
		}
	}
	var version string
	if err := tdb.SQL.QueryRow("SHOW server_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	return tdb.SQL, d, version
}

// pgProbe is what the server did with one statement, seen from other
// sessions and from the catalog.
type pgProbe struct {
	Mode         string // strongest pg_locks mode the statement's session held on the table
	Rewrote      bool   // pg_class.relfilenode changed
	Read         int64  // rows the statement read from the table (pg_stat_xact_user_tables.seq_tup_read)
	BlocksReads  bool   // a SELECT from a third session hit lock_timeout
	BlocksWrites bool   // an UPDATE from a third session hit lock_timeout
}

func pgOID(t *testing.T, db *sql.DB, table string) (oid, filenode int64) {
	t.Helper()
	if err := db.QueryRow("SELECT oid, relfilenode FROM pg_class WHERE relname = $1", table).Scan(&oid, &filenode); err != nil {
		t.Fatalf("oid of %s: %v", table, err)
	}
	return oid, filenode
}

func pgFilenode(t *testing.T, db *sql.DB, oid int64) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow("SELECT relfilenode FROM pg_class WHERE oid = $1", oid).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// pgHeld returns the strongest mode pid holds on relation oid ("" for none).
func pgHeld(ctx context.Context, t *testing.T, db *sql.DB, pid int, oid int64) string {
	t.Helper()
	rows, err := db.QueryContext(ctx, "SELECT mode FROM pg_locks WHERE pid = $1 AND relation = $2 AND granted", pid, oid)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	best := ""
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			t.Fatal(err)
		}
		if pgLockRank[m] > pgLockRank[best] {
			best = m
		}
	}
	return best
}

// pgBlocked runs q in a transaction of its own with lock_timeout 200ms and
// reports whether it failed for want of a lock (SQLSTATE 55P03).
func pgBlocked(t *testing.T, db *sql.DB, q string) bool {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, "SET LOCAL lock_timeout = '200ms'"); err != nil {
		t.Fatal(err)
	}
	_, err = tx.ExecContext(ctx, q)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "55P03" {
		return true
	}
	if err != nil {
		t.Fatalf("probe %q failed otherwise: %v", q, err)
	}
	return false
}

// pgProbeInTx runs stmt in a transaction on one session, and while it holds
// its locks probes them from two others; then commits and compares the
// table's relfilenode.
func pgProbeInTx(t *testing.T, db *sql.DB, table, stmt string) pgProbe {
	t.Helper()
	ctx := context.Background()
	oid, before := pgOID(t, db, table)
	a, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var pid int
	if err := a.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	tx, err := a.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	read := func() int64 {
		var n sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT seq_tup_read FROM pg_stat_xact_user_tables WHERE relid = $1", oid).Scan(&n); err != nil && !errors.Is(err, sql.ErrNoRows) {
			t.Fatal(err)
		}
		return n.Int64
	}
	r0 := read()
	if _, err := tx.ExecContext(ctx, stmt); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
	p := pgProbe{Read: read() - r0, Mode: pgHeld(ctx, t, db, pid, oid)}
	p.BlocksReads = pgBlocked(t, db, "SELECT count(*) FROM "+table)
	p.BlocksWrites = pgBlocked(t, db, "UPDATE "+table+" SET id = id WHERE false")
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	p.Rewrote = pgFilenode(t, db, oid) != before
	return p
}

// pgProbeConcurrent runs stmt (CREATE/DROP INDEX CONCURRENTLY, which cannot
// run in a transaction block) while a blocker session holds an open write on
// the table, so that the statement, having taken its table lock, waits for
// the blocker: meanwhile its lock is read from pg_locks and reads and writes
// are tried from a third session. Then the blocker commits and the statement
// ends.
func pgProbeConcurrent(t *testing.T, db *sql.DB, table, stmt string) pgProbe {
	t.Helper()
	ctx := context.Background()
	oid, before := pgOID(t, db, table)
	blocker, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = blocker.Rollback() }()
	if _, err := blocker.ExecContext(ctx, "UPDATE "+table+" SET id = id WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	a, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var pid int
	if err := a.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := a.ExecContext(ctx, stmt); done <- err }()
	p := pgProbe{}
	// Wait for the statement to hold its table lock and wait on the blocker
	// (an event, not a time: the loop ends as soon as the lock shows).
	for i := 0; i < 600 && p.Mode == ""; i++ {
		var waiting bool
		if err := db.QueryRowContext(ctx, "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = $1", pid).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting {
			p.Mode = pgHeld(ctx, t, db, pid, oid)
		}
		if p.Mode == "" {
			time.Sleep(10 * time.Millisecond)
		}
	}
	if p.Mode == "" {
		t.Fatalf("%s never waited holding a lock on %s", stmt, table)
	}
	p.BlocksReads = pgBlocked(t, db, "SELECT count(*) FROM "+table)
	p.BlocksWrites = pgBlocked(t, db, "UPDATE "+table+" SET id = id WHERE false")
	if err := blocker.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
	p.Rewrote = pgFilenode(t, db, oid) != before
	return p
}

// checkPG asserts that what the server did is what finding f claims: the
// lock mode, the rewrite, the scan (rows read, or, for a concurrent index
// build, the index's row count), and what the lock blocks.
func checkPG(t *testing.T, f lint.Finding, p pgProbe, rows int64) {
	t.Helper()
	if want := pgMode(f.Lock); p.Mode != want {
		t.Errorf("lock: the finding says %s (%s), the server held %s", f.Lock, want, p.Mode)
	}
	if p.Rewrote != f.Rewrite {
		t.Errorf("rewrite: the finding says %v, relfilenode changed: %v", f.Rewrite, p.Rewrote)
	}
	if scanned := p.Read >= rows; scanned != (f.Scan || f.Rewrite) {
		t.Errorf("scan: the finding says scan=%v rewrite=%v, the statement read %d rows of %d", f.Scan, f.Rewrite, p.Read, rows)
	}
	rank := pgLockRank[pgMode(f.Lock)]
	if want := rank >= pgLockRank["ShareLock"]; p.BlocksWrites != want {
		t.Errorf("writes: under %s a concurrent UPDATE should be blocked=%v, was %v", f.Lock, want, p.BlocksWrites)
	}
	if want := rank == pgLockRank["AccessExclusiveLock"]; p.BlocksReads != want {
		t.Errorf("reads: under %s a concurrent SELECT should be blocked=%v, was %v", f.Lock, want, p.BlocksReads)
	}
}

// pgCase is one proof: list runs on the base schema (with setup run first
// and extra declared in the model), and statement stmt's finding of rule is
// checked against the server.
type pgCase struct {
	name   string
	setup  []string
	model  func(m *schema.MetaData)
	list   []ops.Op
	table  string
	stmt   int
	rule   string
	level  string
	noTx   bool
	verify func(t *testing.T, db *sql.DB)
}

func pgCases() []pgCase {
	fk := func(notValid bool) *ops.CreateForeignKey {
		return &ops.CreateForeignKey{Table: "books", ForeignKey: &schema.ForeignKeyDef{Name: "fk_books_author", Columns: []string{"author_id"},
			RefTable: "authors", RefColumns: []string{"id"}, NotValid: notValid}}
	}
	ck := func(name, expr string, notValid bool) *ops.CreateCheckConstraint {
		return &ops.CreateCheckConstraint{Table: "books", Check: &schema.CheckDef{Name: name, Expr: expr, NotValid: notValid}}
	}
	ix := &schema.IndexDef{Name: "ix_books_n", Columns: []string{"n"}}
	oldIx := &schema.IndexDef{Name: "ix_books_title", Columns: []string{"title"}}
	return []pgCase{
		{name: "create_index", list: []ops.Op{&ops.CreateIndex{Table: "books", Index: ix}}, table: "books", stmt: 1, rule: "pg-create-index", level: dialect.LintWarning},
		{name: "create_index_concurrently", list: []ops.Op{&ops.CreateIndex{Table: "books", Index: ix, Concurrently: true}}, table: "books", stmt: 1, rule: "pg-create-index", level: dialect.LintInfo, noTx: true,
			verify: func(t *testing.T, db *sql.DB) {
				var valid bool
				var tuples float64
				if err := db.QueryRow("SELECT i.indisvalid, c.reltuples FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'ix_books_n'").Scan(&valid, &tuples); err != nil {
					t.Fatal(err)
				}
				if !valid || tuples != pgRows {
					t.Errorf("the concurrent build read the table: want a valid index of %d rows, got valid=%v reltuples=%v", pgRows, valid, tuples)
				}
			}},
		{name: "drop_index", list: []ops.Op{&ops.DropIndex{Table: "books", Name: "ix_books_title", Existing: oldIx}}, table: "books", stmt: 1, rule: "pg-drop-index", level: dialect.LintWarning},
		{name: "drop_index_concurrently", list: []ops.Op{&ops.DropIndex{Table: "books", Name: "ix_books_title", Existing: oldIx, Concurrently: true}}, table: "books", stmt: 1, rule: "pg-drop-index", level: dialect.LintInfo, noTx: true},
		{name: "add_column_volatile_default", list: []ops.Op{&ops.AddColumn{Table: "books", Column: &schema.Column{Name: "r", Type: schema.Type{Name: schema.TDouble}, Nullable: true, Default: ptr("random()")}}},
			table: "books", stmt: 1, rule: "pg-add-column", level: dialect.LintWarning},
		{name: "add_column_constant_default", list: []ops.Op{&ops.AddColumn{Table: "books", Column: &schema.Column{Name: "c", Type: schema.Integer(), Nullable: false, Default: ptr("7")}}},
			table: "books", stmt: 1, rule: "pg-add-column", level: dialect.LintInfo},
		{name: "add_column_identity", list: []ops.Op{&ops.AddColumn{Table: "events", Column: &schema.Column{Name: "seq", Type: schema.BigInt(), Autoincrement: true}}},
			table: "events", stmt: 1, rule: "pg-add-column", level: dialect.LintWarning},
		{name: "alter_column_type_rewrite", list: []ops.Op{&ops.AlterColumn{Table: "books", Column: "n", Type: ptr(schema.BigInt()), ExistingType: ptr(schema.Integer())}},
			table: "books", stmt: 1, rule: "pg-alter-column-type", level: dialect.LintWarning},
		{name: "alter_column_type_coercible", list: []ops.Op{&ops.AlterColumn{Table: "books", Column: "title", Type: ptr(schema.Varchar(300)), ExistingType: ptr(schema.Varchar(200))}},
			table: "books", stmt: 1, rule: "pg-alter-column-type", level: dialect.LintInfo},
		{name: "set_not_null", list: []ops.Op{&ops.AlterColumn{Table: "books", Column: "title", Nullable: ptr(false), ExistingType: ptr(schema.Varchar(200))}},
			table: "books", stmt: 1, rule: "pg-set-not-null", level: dialect.LintWarning},
		{name: "set_not_null_validated_check", setup: []string{"ALTER TABLE books ADD CONSTRAINT ck_title_nn CHECK (title IS NOT NULL)"},
			model: func(m *schema.MetaData) {
				t := m.FindTable("", "books")
				t.Checks = append(t.Checks, &schema.CheckDef{Name: "ck_title_nn", Expr: "title IS NOT NULL"})
			},
			list:  []ops.Op{&ops.AlterColumn{Table: "books", Column: "title", Nullable: ptr(false), ExistingType: ptr(schema.Varchar(200))}},
			table: "books", stmt: 1, rule: "pg-set-not-null", level: dialect.LintInfo},
		{name: "add_foreign_key", list: []ops.Op{fk(false)}, table: "books", stmt: 1, rule: "pg-add-foreign-key", level: dialect.LintWarning},
		{name: "add_foreign_key_not_valid", list: []ops.Op{fk(true)}, table: "books", stmt: 1, rule: "pg-add-foreign-key", level: dialect.LintInfo},
		{name: "validate_constraint", setup: []string{"ALTER TABLE books ADD CONSTRAINT fk_books_author FOREIGN KEY (author_id) REFERENCES authors (id) NOT VALID"},
			model: func(m *schema.MetaData) {
				t := m.FindTable("", "books")
				t.ForeignKeys = append(t.ForeignKeys, fk(true).ForeignKey)
			},
			list:  []ops.Op{&ops.ValidateConstraint{Table: "books", Name: "fk_books_author"}},
			table: "books", stmt: 1, rule: "pg-validate-constraint", level: dialect.LintInfo},
		{name: "add_check", list: []ops.Op{ck("ck_n", "n > 0", false)}, table: "books", stmt: 1, rule: "pg-add-check", level: dialect.LintWarning},
		{name: "add_check_not_valid", list: []ops.Op{ck("ck_n", "n > 0", true)}, table: "books", stmt: 1, rule: "pg-add-check", level: dialect.LintInfo},
		{name: "add_unique", list: []ops.Op{&ops.CreateUniqueConstraint{Table: "books", Unique: &schema.UniqueDef{Name: "uq_books_n", Columns: []string{"n"}}}},
			table: "books", stmt: 1, rule: "pg-add-unique", level: dialect.LintWarning},
		{name: "add_primary_key", list: []ops.Op{&ops.CreatePrimaryKey{Table: "events", PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_events", Columns: []string{"id"}}}},
			table: "events", stmt: 1, rule: "pg-add-primary-key", level: dialect.LintWarning},
		{name: "rename_table", list: []ops.Op{&ops.RenameTable{Name: "events", NewName: "happenings"}}, table: "events", stmt: 1, rule: "pg-rename", level: dialect.LintWarning,
			verify: func(t *testing.T, db *sql.DB) {
				if _, err := db.Exec("SELECT count(*) FROM events"); err == nil {
					t.Error("code still running against the old table name should fail after the rename, and did not")
				}
			}},
		{name: "rename_column", list: []ops.Op{&ops.AlterColumn{Table: "books", Column: "n", NewName: "m"}}, table: "books", stmt: 1, rule: "pg-rename", level: dialect.LintWarning,
			verify: func(t *testing.T, db *sql.DB) {
				if _, err := db.Exec("SELECT n FROM books"); err == nil {
					t.Error("code still reading the old column name should fail after the rename, and did not")
				}
			}},
		{name: "drop_column", list: []ops.Op{&ops.DropColumn{Table: "books", Column: "flag", Existing: col("flag", schema.Boolean(), true)}}, table: "books", stmt: 1, rule: "pg-drop-column", level: dialect.LintWarning,
			verify: func(t *testing.T, db *sql.DB) {
				if _, err := db.Exec("SELECT flag FROM books"); err == nil {
					t.Error("code still reading the dropped column should fail, and did not")
				}
			}},
	}
}

// TestProofPostgres runs each PostgreSQL rule's statement on a table of
// pgRows rows and checks the rule's lock, rewrite and scan claims against
// pg_locks, pg_class.relfilenode, pg_stat_xact_user_tables and concurrent
// sessions with a short lock_timeout. docs/lint.md names these subtests.
func TestProofPostgres(t *testing.T) {
	for _, c := range pgCases() {
		t.Run(c.name, func(t *testing.T) {
			db, d, version := pgSetup(t, c.setup...)
			base := proofBase()
			if c.model != nil {
				c.model(base)
			}
			p, fs := planFor(t, d, base, c.list, !c.noTx, version)
			f := findingFor(t, fs, c.stmt, c.rule)
			if f.Level != c.level {
				t.Errorf("level: want %s, got %s (%s)", c.level, f.Level, f.Message)
			}
			st := p.Steps[0].Statements[c.stmt-1]
			if st.NoTransaction != c.noTx || p.Steps[0].Transactional == c.noTx {
				t.Errorf("statement NoTransaction=%v, step Transactional=%v; want the step outside a transaction exactly when the statement must be", st.NoTransaction, p.Steps[0].Transactional)
			}
			var probe pgProbe
			if c.noTx {
				probe = pgProbeConcurrent(t, db, c.table, st.SQL)
			} else {
				probe = pgProbeInTx(t, db, c.table, st.SQL)
			}
			if c.noTx && f.Scan {
				// A concurrent build reads in transactions of its own, which
				// the probing session's counters do not see: its verify
				// checks the index holds every row instead.
				probe.Read = pgRows
			}
			t.Logf("%s: claim lock=%s rewrite=%v scan=%v; probe %+v", f.Rule, f.Lock, f.Rewrite, f.Scan, probe)
			checkPG(t, f, probe, pgRows)
			if c.verify != nil {
				c.verify(t, db)
			}
		})
	}
}

// TestProofPostgresDropColumnReadByView proves the rest of pg-drop-column's
// claim and its view form: the statement fails while a view reads the
// column, and with the views the catalog records (dialect.ViewsReading, what
// lint --online reads) the finding is an error naming the view; ALTER COLUMN
// TYPE of such a column fails the same way.
func TestProofPostgresDropColumnReadByView(t *testing.T) {
	db, d, version := pgSetup(t, "CREATE VIEW flagged AS SELECT id, n FROM books WHERE flag")
	views, err := dialect.ViewsReading(context.Background(), d, db)
	if err != nil {
		t.Fatal(err)
	}
	if got := views[".books.flag"]; len(got) != 1 || got[0] != "flagged" {
		t.Fatalf("views reading books.flag: %v (all: %v)", got, views)
	}
	for _, c := range []struct {
		op   ops.Op
		rule string
	}{
		{&ops.DropColumn{Table: "books", Column: "flag", Existing: col("flag", schema.Boolean(), true)}, "pg-drop-column"},
		{&ops.AlterColumn{Table: "books", Column: "n", Type: ptr(schema.BigInt()), ExistingType: ptr(schema.Integer())}, "pg-alter-column-type"},
	} {
		p, fs := planFor(t, d, proofBase(), []ops.Op{c.op}, true, version)
		if f := findingFor(t, fs, 1, c.rule); f.Level != dialect.LintWarning {
			t.Errorf("%s without view knowledge: level %s, want warning", c.rule, f.Level)
		}
		fs, err := lint.Lint(p, lint.Options{Version: version, Start: proofBase(), ViewsReading: views})
		if err != nil {
			t.Fatal(err)
		}
		f := findingFor(t, fs, 1, c.rule)
		if f.Level != dialect.LintError || !strings.Contains(f.Message, "flagged") {
			t.Errorf("%s with the view known: want an error naming view flagged, got %s: %s", c.rule, f.Level, f.Message)
		}
		_, err = db.Exec(p.Steps[0].Statements[0].SQL)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || (pe.Code != "2BP01" && pe.Code != "0A000") {
			t.Errorf("%s on a column a view reads: want the server to refuse (2BP01 or 0A000), got %v", p.Steps[0].Statements[0].SQL, err)
		}
	}
}

// TestProofPostgresAddNotNullColumnWithoutDefault proves pg-add-column's
// error: a NOT NULL column without a default cannot be added to a table with
// rows (the server refuses with not_null_violation, 23502).
func TestProofPostgresAddNotNullColumnWithoutDefault(t *testing.T) {
	db, d, version := pgSetup(t)
	p, fs := planFor(t, d, proofBase(), []ops.Op{&ops.AddColumn{Table: "books", Column: col("isbn", schema.Varchar(17), false)}}, true, version)
	if f := findingFor(t, fs, 1, "pg-add-column"); f.Level != dialect.LintError {
		t.Errorf("level %s, want error: %s", f.Level, f.Message)
	}
	_, err := db.Exec(p.Steps[0].Statements[0].SQL)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "23502" {
		t.Fatalf("%s on a table with rows: want not_null_violation (23502), got %v", p.Steps[0].Statements[0].SQL, err)
	}
}
