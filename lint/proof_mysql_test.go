package lint_test

import (
	"database/sql"
	"errors"
	"regexp"
	"strings"
	"testing"

	mysqldrv "github.com/go-sql-driver/mysql"
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/lint"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// myAlgorithms are MariaDB's ALTER TABLE algorithms from the cheapest.
var myAlgorithms = []string{"INSTANT", "NOCOPY", "INPLACE", "COPY"}

// myLocks are the LOCK= clauses from the weakest.
var myLocks = []string{"NONE", "SHARED", "EXCLUSIVE"}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// mySetup makes a fresh MariaDB/MySQL database with proofBase's tables and
// 5000 rows in each.
func mySetup(t *testing.T) (*sql.DB, dialect.Dialect, string, string) {
	t.Helper()
	tdb := testdb.MySQL(t)
	d, err := dialect.Get("mysql")
	if err != nil {
		t.Fatal(err)
	}
	stmts, err := d.Render(baseOps(proofBase()), nil)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, s := range stmts {
		all = append(all, s.SQL)
	}
	all = append(all,
		"INSERT INTO authors SELECT seq FROM seq_1_to_5000",
		"INSERT INTO books SELECT seq, CONCAT('t', seq), seq, seq, 0 FROM seq_1_to_5000",
		"INSERT INTO events SELECT seq, 'p' FROM seq_1_to_5000")
	for _, s := range all {
		if _, err := tdb.SQL.Exec(s); err != nil {
			t.Fatalf("setup %q: %v", s, err)
		}
	}
	var version string
	if err := tdb.SQL.QueryRow("SELECT VERSION()").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(version, "MariaDB") {
		t.Skipf("the MySQL proofs use MariaDB's seq tables and INNODB_SYS_TABLES; server is %s", version)
	}
	return tdb.SQL, d, version, tdb.Name
}

// myTableID is InnoDB's id of the table, which a rebuild (INPLACE with
// rebuild, or COPY) changes and an instant or no-copy change keeps.
func myTableID(t *testing.T, db *sql.DB, schemaName, table string) int64 {
	t.Helper()
	var id int64
	if err := db.QueryRow("SELECT TABLE_ID FROM information_schema.INNODB_SYS_TABLES WHERE NAME = ?", schemaName+"/"+table).Scan(&id); err != nil {
		t.Fatalf("table id of %s: %v", table, err)
	}
	return id
}

var reDropIndex = regexp.MustCompile(`^DROP INDEX (\S+) ON (\S+)$`)

// withClauses appends ALGORITHM and LOCK to an ALTER TABLE (", ALGORITHM=…,
// LOCK=…") or CREATE INDEX (" ALGORITHM=… LOCK=…"); DROP INDEX x ON t, which
// MariaDB 10.11 does not let take them, becomes its equivalent ALTER TABLE t
// DROP INDEX x. "" for other statements (RENAME TABLE takes neither).
func withClauses(stmt, alg, lock string) string {
	if m := reDropIndex.FindStringSubmatch(stmt); m != nil {
		stmt = "ALTER TABLE " + m[2] + " DROP INDEX " + m[1]
	}
	up := strings.ToUpper(stmt)
	switch {
	case strings.HasPrefix(up, "ALTER TABLE"):
		return stmt + ", ALGORITHM=" + alg + ", LOCK=" + lock
	case strings.HasPrefix(up, "CREATE"):
		return stmt + " ALGORITHM=" + alg + " LOCK=" + lock
	}
	return ""
}

// refusedOnline reports whether err is the server refusing an algorithm or
// lock for the statement (ER_ALTER_OPERATION_NOT_SUPPORTED[_REASON]).
func refusedOnline(err error) bool {
	var me *mysqldrv.MySQLError
	return errors.As(err, &me) && (me.Number == 1845 || me.Number == 1846)
}

// checkMySQL proves finding f on statement stmt: the server refuses the
// next cheaper algorithm and (when f claims a lock) LOCK=NONE, accepts the
// claimed ALGORITHM and LOCK, and rebuilds the table (its InnoDB id changes)
// exactly when f says it rewrites it.
func checkMySQL(t *testing.T, db *sql.DB, dbName, table, stmt string, f lint.Finding) {
	t.Helper()
	before := myTableID(t, db, dbName, table)
	claimed := withClauses(stmt, f.Algorithm, f.Lock)
	if claimed == "" {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	} else {
		a := indexOf(myAlgorithms, f.Algorithm)
		l := indexOf(myLocks, f.Lock)
		if a < 0 || l < 0 {
			t.Fatalf("finding claims algorithm %q lock %q: not MariaDB's", f.Algorithm, f.Lock)
		}
		if a > 0 {
			cheaper := withClauses(stmt, myAlgorithms[a-1], "DEFAULT")
			if _, err := db.Exec(cheaper); !refusedOnline(err) {
				t.Errorf("the finding says %s is the cheapest algorithm, but the server answered %v to %s", f.Algorithm, err, cheaper)
			}
		}
		if l > 0 {
			weaker := withClauses(stmt, f.Algorithm, myLocks[l-1])
			if _, err := db.Exec(weaker); !refusedOnline(err) {
				t.Errorf("the finding says LOCK=%s is needed, but the server answered %v to %s", f.Lock, err, weaker)
			}
		}
		if _, err := db.Exec(claimed); err != nil {
			t.Fatalf("the server refused the finding's claim: %s: %v", claimed, err)
		}
	}
	after := before
	if !strings.HasPrefix(strings.ToUpper(stmt), "RENAME TABLE") {
		after = myTableID(t, db, dbName, table)
	}
	if rebuilt := after != before; rebuilt != f.Rewrite {
		t.Errorf("rewrite: the finding says %v, the table's InnoDB id changed: %v", f.Rewrite, rebuilt)
	}
}

// TestProofMySQL runs each MySQL/MariaDB rule's statement on a table of
// 5000 rows with the rule's ALGORITHM and LOCK clauses, checks that the server
// refuses anything cheaper, and that the table is rebuilt exactly when the
// rule says. docs/lint.md names these subtests.
func TestProofMySQL(t *testing.T) {
	oldIx := &schema.IndexDef{Name: "ix_books_title", Columns: []string{"title"}}
	cases := []struct {
		name  string
		list  []ops.Op
		table string
		rule  string
	}{
		{"add_column", []ops.Op{&ops.AddColumn{Table: "books", Column: col("c", schema.Integer(), true)}}, "books", "my-add-column"},
		{"add_column_uuid_default", []ops.Op{&ops.AddColumn{Table: "books", Column: &schema.Column{Name: "u", Type: schema.Varchar(36), Nullable: true, Default: ptr("(uuid())")}}}, "books", "my-add-column"},
		{"drop_column", []ops.Op{&ops.DropColumn{Table: "books", Column: "flag", Existing: col("flag", schema.Boolean(), true)}}, "books", "my-drop-column"},
		{"alter_column_type", []ops.Op{&ops.AlterColumn{Table: "books", Column: "n", Type: ptr(schema.BigInt()), ExistingType: ptr(schema.Integer()), ExistingNullable: ptr(true)}}, "books", "my-alter-column"},
		{"alter_column_varchar_longer", []ops.Op{&ops.AlterColumn{Table: "books", Column: "title", Type: ptr(schema.Varchar(300)), ExistingType: ptr(schema.Varchar(200)), ExistingNullable: ptr(true)}}, "books", "my-alter-column"},
		{"alter_column_not_null", []ops.Op{&ops.AlterColumn{Table: "books", Column: "title", Nullable: ptr(false), ExistingType: ptr(schema.Varchar(200)), ExistingNullable: ptr(true)}}, "books", "my-alter-column"},
		{"alter_column_rename", []ops.Op{&ops.AlterColumn{Table: "books", Column: "n", NewName: "m", ExistingType: ptr(schema.Integer()), ExistingNullable: ptr(true)}}, "books", "my-alter-column"},
		{"alter_column_default", []ops.Op{&ops.AlterColumn{Table: "books", Column: "n", ServerDefault: &ops.Change{Value: ptr("3")}, ExistingType: ptr(schema.Integer()), ExistingNullable: ptr(true)}}, "books", "my-alter-column"},
		{"create_index", []ops.Op{&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_books_n", Columns: []string{"n"}}}}, "books", "my-create-index"},
		{"drop_index", []ops.Op{&ops.DropIndex{Table: "books", Name: "ix_books_title", Existing: oldIx}}, "books", "my-drop-index"},
		{"add_unique", []ops.Op{&ops.CreateUniqueConstraint{Table: "books", Unique: &schema.UniqueDef{Name: "uq_books_n", Columns: []string{"n"}}}}, "books", "my-add-unique"},
		{"add_primary_key", []ops.Op{&ops.CreatePrimaryKey{Table: "events", PrimaryKey: &schema.PrimaryKeyDef{Columns: []string{"id"}}}}, "events", "my-add-primary-key"},
		{"add_foreign_key", []ops.Op{&ops.CreateForeignKey{Table: "books", ForeignKey: &schema.ForeignKeyDef{Name: "fk_books_author", Columns: []string{"author_id"}, RefTable: "authors", RefColumns: []string{"id"}}}}, "books", "my-add-foreign-key"},
		{"add_check", []ops.Op{&ops.CreateCheckConstraint{Table: "books", Check: &schema.CheckDef{Name: "ck_n", Expr: "n > 0"}}}, "books", "my-add-check"},
		{"drop_primary_key", []ops.Op{&ops.DropConstraint{Table: "authors", Name: "PRIMARY", Type: ops.ConstraintPrimary, ExistingPrimaryKey: &schema.PrimaryKeyDef{Columns: []string{"id"}}}}, "authors", "my-drop-constraint"},
		{"rename_table", []ops.Op{&ops.RenameTable{Name: "events", NewName: "happenings"}}, "events", "my-rename"},
		{"table_comment", []ops.Op{&ops.CreateTableComment{Table: "books", Comment: "the books"}}, "books", "my-table-comment"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db, d, version, dbName := mySetup(t)
			p, fs := planFor(t, d, proofBase(), c.list, true, version)
			stmts := p.Steps[0].Statements
			if len(stmts) != 1 {
				t.Fatalf("want one statement, got %d: %+v", len(stmts), stmts)
			}
			f := findingFor(t, fs, 1, c.rule)
			t.Logf("%s: %s algorithm=%s lock=%s rewrite=%v", stmts[0].SQL, f.Rule, f.Algorithm, f.Lock, f.Rewrite)
			if want := dialect.LintInfo; f.Lock != "NONE" && f.Level == want {
				t.Errorf("a statement that blocks writes (LOCK=%s) should be a warning, is %s", f.Lock, f.Level)
			}
			checkMySQL(t, db, dbName, c.table, stmts[0].SQL, f)
		})
	}
}

// TestProofMySQLOnlineClauses proves the MySQL safe form: with
// autogenerate.safe_forms (dialect.SafeForms) the ops that lint says run
// without blocking writes get mysql_lock: none, which the server accepts on
// them; an op given mysql_lock: none that needs a lock is a lint error, and
// the server refuses it (error 1846) without changing the table.
func TestProofMySQLOnlineClauses(t *testing.T) {
	db, d, version, _ := mySetup(t)
	live := proofBase()
	up := []ops.Op{
		&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_books_n", Columns: []string{"n"}}},
		&ops.AddColumn{Table: "books", Column: col("c", schema.Integer(), true)},
		&ops.DropIndex{Table: "books", Name: "ix_books_title", Existing: &schema.IndexDef{Name: "ix_books_title", Columns: []string{"title"}}},
		&ops.AlterColumn{Table: "books", Column: "n", Type: ptr(schema.BigInt()), ExistingType: ptr(schema.Integer()), ExistingNullable: ptr(true)},
	}
	safe, _ := dialect.SafeForms(d, up, live)
	for i, want := range []string{"none", "none", "none", ""} {
		if got := ops.MySQLOnlineOf(safe[i]).Lock; got != want {
			t.Errorf("op %d (%s): mysql_lock %q, want %q", i+1, ops.Name(safe[i]), got, want)
		}
	}
	if ops.MySQLOnlineOf(up[0]).Lock != "" {
		t.Error("SafeForms changed the caller's op")
	}
	p, fs := planFor(t, d, live, safe[:3], true, version)
	if w := lint.AtLeast(fs, dialect.LintWarning); len(w) > 0 {
		t.Errorf("the safe forms have warnings: %+v", w)
	}
	for _, s := range p.Steps[0].Statements {
		if !strings.Contains(s.SQL, "LOCK=NONE") {
			t.Errorf("%s: no LOCK=NONE", s.SQL)
		}
		if _, err := db.Exec(s.SQL); err != nil {
			t.Errorf("the server refused the safe form %s: %v", s.SQL, err)
		}
	}

	forced := &ops.AlterColumn{Table: "books", Column: "n", Type: ptr(schema.BigInt()), ExistingType: ptr(schema.Integer()), ExistingNullable: ptr(true),
		MySQL: ops.MySQLOnline{Lock: "none"}}
	p, fs = planFor(t, d, live, []ops.Op{forced}, true, version)
	f := findingFor(t, fs, 1, "my-alter-column")
	if f.Level != dialect.LintError || !strings.Contains(f.Message, "refuses") {
		t.Errorf("mysql_lock: none on a type change: want an error finding, got %s: %s", f.Level, f.Message)
	}
	var typ string
	_, err := db.Exec(p.Steps[0].Statements[0].SQL)
	if !refusedOnline(err) {
		t.Errorf("%s: want the server to refuse (1846), got %v", p.Steps[0].Statements[0].SQL, err)
	}
	if err := db.QueryRow("SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'books' AND COLUMN_NAME = 'n'").Scan(&typ); err != nil || typ != "int" {
		t.Errorf("after the refusal column n is %q (%v), want int", typ, err)
	}
}
