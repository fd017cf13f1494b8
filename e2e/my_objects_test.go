package e2e_test

import (
	"database/sql"
	"strconv"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
)

// myObjectLines describes db's triggers and routines as the server's catalog
// stores them (information_schema.TRIGGERS, ROUTINES, PARAMETERS), not as
// migrate's inspector reads them, one line per fact, unsorted; myFingerprint
// includes them.
func myObjectLines(t *testing.T, db *testdb.DB) []string {
	t.Helper()
	var out []string
	q := func(prefix, query string) {
		rows, err := db.SQL.Query(query)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			cells := make([]string, len(cols))
			for i, v := range vals {
				cells[i] = cols[i] + "=" + v.String
			}
			out = append(out, prefix+strings.Join(cells, " | "))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	q("trigger: ", `SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_ORDER, ACTION_TIMING, ACTION_STATEMENT, SQL_MODE
FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()`)
	q("routine: ", `SELECT ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER, ROUTINE_DEFINITION, IS_DETERMINISTIC, SQL_DATA_ACCESS, SECURITY_TYPE, SQL_MODE, ROUTINE_COMMENT
FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()`)
	q("parameter: ", `SELECT SPECIFIC_NAME, ROUTINE_TYPE, ORDINAL_POSITION, PARAMETER_MODE, PARAMETER_NAME, DTD_IDENTIFIER
FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = DATABASE()`)
	return out
}

// myObjectsRevision creates a table, a view reading another view, a trigger
// whose body holds several statements, a function and a procedure: the
// statements with a compound body need DELIMITER lines in a script.
const myObjectsRevision = `revision: a
message: objects
upgrade:
  - create_table:
      name: accounts
      columns:
        - {name: id, type: integer, nullable: false}
        - {name: balance, type: integer, nullable: false, server_default: "0"}
        - {name: doubled, type: integer, generated: balance * 2}
        - {name: note, type: varchar(40)}
      primary_key: {columns: [id]}
  - create_object: {kind: view, name: rich, definition: "select id, balance from accounts where balance > 100"}
  - create_object: {kind: view, name: rich_ids, definition: "select id from rich"}
  - create_object:
      kind: function
      name: twice(int)
      definition: |
        CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC
        BEGIN
          DECLARE y INT;
          SET y = x * 2;
          RETURN y;
        END
  - create_object:
      kind: procedure
      name: bump(int)
      definition: |
        CREATE PROCEDURE bump(IN k INT)
        BEGIN
          UPDATE accounts SET balance = balance + 1 WHERE id = k;
          UPDATE accounts SET note = 'bumped; once' WHERE id = k;
        END
  - create_object:
      kind: trigger
      name: accounts_note
      table: accounts
      definition: |
        CREATE TRIGGER accounts_note BEFORE INSERT ON accounts FOR EACH ROW
        BEGIN
          IF NEW.note IS NULL THEN SET NEW.note = 'new; unchecked'; END IF;
          SET NEW.balance = twice(NEW.balance);
        END
downgrade:
  - drop_object: {kind: trigger, name: accounts_note, table: accounts}
  - drop_object: {kind: procedure, name: bump(int)}
  - drop_object: {kind: function, name: twice(int)}
  - drop_object: {kind: view, name: rich_ids}
  - drop_object: {kind: view, name: rich}
  - drop_table: {name: accounts}
`

// TestMyOfflineObjects runs the revision online on one database and as an
// offline script through the mariadb client on another, and compares both
// with the server's own descriptions (SHOW CREATE TABLE and VIEW, the
// catalog's trigger and routine rows); then checks that the trigger, the
// function, the procedure and the views work, and that `check` against the
// database finds nothing once `inspect --format go` wrote the models.
func TestMyOfflineObjects(t *testing.T) {
	online, offline := testdb.MySQL(t), testdb.MySQL(t)
	p := &project{t: t, Dir: scratch.Module(t, map[string]string{"models/doc.go": "// Package models is generated below.\npackage models\n"}), Env: []string{"MIGRATE_URL=" + online.URL}}
	p.ok("init")
	p.write("migrations/versions/a.yaml", myObjectsRevision)
	p.ok("upgrade", "head")

	q := &project{t: t, Dir: p.Dir, Env: []string{"MIGRATE_URL=" + offline.URL}}
	script := q.ok("upgrade", "head", "--sql").Stdout
	if !strings.Contains(script, "DELIMITER $$\nCREATE TRIGGER accounts_note") {
		t.Errorf("the script does not put the trigger between DELIMITER lines:\n%s", script)
	}
	if out, ok := myPlainClient(t, offline, script); !ok {
		t.Fatalf("mariadb ran the script with an error:\n%s\n%s", out, script)
	}
	on, off := myFingerprint(t, online), myFingerprint(t, offline)
	if strings.Join(on, "\n") != strings.Join(off, "\n") {
		t.Errorf("online and offline differ:\nonline:\n%s\n\noffline:\n%s", strings.Join(on, "\n"), strings.Join(off, "\n"))
	}
	for _, db := range []*testdb.DB{online, offline} {
		if _, err := db.SQL.Exec(`INSERT INTO accounts (id, balance) VALUES (1, 60)`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL.Exec(`CALL bump(1)`); err != nil {
			t.Fatal(err)
		}
		var got string
		if err := db.SQL.QueryRow(`SELECT CONCAT(a.balance, ' ', a.doubled, ' ', a.note, ' ', twice(3), ' ', (SELECT COUNT(*) FROM rich_ids)) FROM accounts a`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != "121 242 bumped; once 6 1" {
			t.Errorf("after insert and call: %q", got)
		}
	}
	r := p.ok("inspect", "--format", "go")
	p.write("models/models.go", r.Stdout)
	p.ok("check")
	p.ok("downgrade", "base")
	if left := myFingerprint(t, online); len(left) != 0 {
		t.Errorf("downgrade base left:\n%s", strings.Join(left, "\n"))
	}
}

// TestMyCheckConditionChange: models whose CHECK is written differently from
// how MariaDB stores it check clean; changing the condition in the models
// makes autogenerate replace the constraint, and SHOW CREATE TABLE then shows
// the new condition.
func TestMyCheckConditionChange(t *testing.T) {
	db := testdb.MySQL(t)
	testdb.RunScript(t, db, "CREATE TABLE orders (id int NOT NULL PRIMARY KEY, qty int, CONSTRAINT orders_qty CHECK (qty > 0 AND qty < 100)) ENGINE=InnoDB;\n")
	models := func(cond string) string {
		return "package models\n\nimport \"github.com/retortdb/migrate/schema\"\n\nvar Metadata = schema.NewMetaData()\n\n" +
			"var Orders = Metadata.Table(\"orders\", schema.Col(\"id\", schema.Integer()).NotNull().Autoincrement(false), schema.Col(\"qty\", schema.Integer()), " +
			"schema.PrimaryKeyConstraint(\"id\"), schema.Check(\"orders_qty\", " + strconv.Quote(cond) + ")).Engine(\"InnoDB\")\n"
	}
	p := &project{t: t, Dir: scratch.Module(t, map[string]string{"models/models.go": models("(`qty` > 0) and (qty < 100)")}), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	p.ok("check")
	p.write("models/models.go", models("qty > 0 AND qty < 500"))
	if r := p.run("check"); r.Code != 1 || !strings.Contains(r.Stdout+r.Stderr, "orders_qty") {
		t.Fatalf("check after changing the condition: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	p.ok("revision", "--autogenerate", "-m", "wider")
	p.ok("upgrade", "head")
	var name, ddl string
	if err := db.SQL.QueryRow("SHOW CREATE TABLE orders").Scan(&name, &ddl); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ddl, "CONSTRAINT `orders_qty` CHECK (`qty` > 0 and `qty` < 500)") {
		t.Errorf("SHOW CREATE TABLE after the upgrade:\n%s", ddl)
	}
	p.ok("check")
}

// myViewModels declares table film and view recent (SQL SECURITY INVOKER,
// WITH CHECK OPTION) written as a person would: lower case, unqualified,
// extra spaces, not as the server prints it.
const myViewModels = `package models

import "github.com/retortdb/migrate/schema"

var Metadata = schema.NewMetaData()

var Film = Metadata.Table("film",
	schema.Col("id", schema.Integer()).NotNull(),
	schema.Col("title", schema.Varchar(100)).NotNull(),
	schema.Col("year", schema.Integer()),
	schema.PrimaryKeyConstraint("id"),
).Engine("InnoDB")

func init() {
	Metadata.View("recent", "create  sql security invoker view recent as select id,   title from film where year > %d with check option")
	Metadata.View("titles", "select concat(title, ' (', year, ')')  as label from film")
}
`

// TestMyViewDefinitionsCompareNormalised: views declared in other words than
// the server prints them (and with SQL SECURITY INVOKER and a CHECK OPTION)
// are no change for check: the server normalises them under a scratch name,
// which leaves no view behind; a real change is one replace_object that
// upgrade runs, after which the view returns the new rows and keeps its
// options, per SHOW CREATE VIEW; downgrade -1 restores the old query. A
// scratch view left behind by a killed process is neither read nor dropped.
func TestMyViewDefinitionsCompareNormalised(t *testing.T) {
	db := testdb.MySQL(t)
	testdb.RunScript(t, db, "CREATE TABLE film (id int NOT NULL PRIMARY KEY, title varchar(100) NOT NULL, year int) ENGINE=InnoDB;\n"+
		"INSERT INTO film VALUES (1, 'Alien', 1979), (2, 'Her', 2013);\n"+
		"CREATE SQL SECURITY INVOKER VIEW recent AS SELECT film.id, film.title FROM film WHERE film.year > 2000 WITH CASCADED CHECK OPTION;\n"+
		"CREATE VIEW titles AS SELECT CONCAT(title, ' (', year, ')') AS label FROM film;\n"+
		"CREATE VIEW migrate_scratch_0123456789ab_0 AS SELECT 1 AS one;\n")
	p := &project{t: t, Dir: scratch.Module(t, map[string]string{"models/models.go": strings.Replace(myViewModels, "%d", "2000", 1)}), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	p.ok("revision", "-m", "start")
	p.ok("stamp", "head")
	if r := p.ok("check"); !strings.Contains(r.Stderr, "No new upgrade operations detected") {
		t.Fatalf("check finds a change in views declared in other words:\n%s", r.Stderr)
	}
	scratchViews := func() []string {
		return myQueryStrings(t, db, `SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'migrate\_scratch\_%' ORDER BY 1`)
	}
	if got := scratchViews(); strings.Join(got, ",") != "migrate_scratch_0123456789ab_0" {
		t.Fatalf("scratch views after check: %v, want only the one left behind before", got)
	}
	p.write("models/models.go", strings.Replace(myViewModels, "%d", "1900", 1))
	r := p.ok("revision", "--autogenerate", "-m", "widen")
	if !strings.Contains(r.Stderr, "Detected changed definition of view 'recent'") {
		t.Fatalf("autogenerate did not detect the changed view:\n%s", r.Stderr)
	}
	if n := pgCountOps(pgRevision(p, "widen").Upgrade); n["replace_object"] != 1 || len(n) != 1 {
		t.Fatalf("upgrade ops %v, want one replace_object (and no drop of the scratch view)", n)
	}
	p.ok("upgrade", "head")
	if got := myQueryStrings(t, db, "SELECT title FROM recent ORDER BY id"); strings.Join(got, ",") != "Alien,Her" {
		t.Fatalf("the replaced view returns %v, want Alien,Her", got)
	}
	show := myQueryStrings(t, db, "SHOW CREATE VIEW recent")[0]
	if !strings.Contains(show, "SQL SECURITY INVOKER") || !strings.Contains(show, "WITH CASCADED CHECK OPTION") || !strings.Contains(show, "> 1900") {
		t.Fatalf("SHOW CREATE VIEW after the upgrade: %s", show)
	}
	if _, err := db.SQL.Exec("INSERT INTO recent (id, title) VALUES (3, 'x')"); err == nil {
		t.Error("an insert through the view breaking its condition passed: the CHECK OPTION is gone")
	}
	if r := p.ok("check"); !strings.Contains(r.Stderr, "No new upgrade operations detected") {
		t.Fatalf("check after the upgrade:\n%s", r.Stderr)
	}
	p.ok("downgrade", "-1")
	if got := myQueryStrings(t, db, "SELECT title FROM recent ORDER BY id"); strings.Join(got, ",") != "Her" {
		t.Fatalf("after the downgrade the view returns %v, want Her", got)
	}
	if got := scratchViews(); len(got) != 1 {
		t.Fatalf("scratch views at the end: %v", got)
	}
}
