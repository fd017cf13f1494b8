package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
)

// fkSchema creates, in db and other, foreign keys with every action InnoDB
// stores, a composite one, a self-reference and one to another database.
func fkSchema(t *testing.T, db, other *testdb.DB, child string) {
	t.Helper()
	for _, s := range []string{
		"CREATE TABLE " + other.Name + ".authors (id INT PRIMARY KEY)",
		"CREATE TABLE p (id INT PRIMARY KEY, a INT, b INT, UNIQUE KEY uq_ab (a, b))",
		"CREATE TABLE " + child + ` (id INT PRIMARY KEY, pa INT, pb INT, p1 INT, p2 INT, p3 INT, p4 INT, self_id INT, author_id INT,
	CONSTRAINT fk_ab FOREIGN KEY (pb, pa) REFERENCES p (a, b) ON UPDATE CASCADE ON DELETE SET NULL,
	CONSTRAINT fk_noaction FOREIGN KEY (p1) REFERENCES p (id) ON DELETE NO ACTION ON UPDATE NO ACTION,
	CONSTRAINT fk_restrict FOREIGN KEY (p2) REFERENCES p (id) ON DELETE RESTRICT,
	CONSTRAINT fk_plain FOREIGN KEY (p3) REFERENCES p (id),
	CONSTRAINT fk_mixed FOREIGN KEY (p4) REFERENCES p (id) ON DELETE CASCADE ON UPDATE SET NULL,
	CONSTRAINT fk_self FOREIGN KEY (self_id) REFERENCES ` + child + ` (id),
	CONSTRAINT fk_author FOREIGN KEY (author_id) REFERENCES ` + other.Name + `.authors (id))`,
	} {
		if _, err := db.SQL.Exec(s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
}

// TestInnoDBForeignKeysMatchInformationSchema checks that the foreign keys
// read from InnoDB's dictionary on MariaDB are the rows REFERENTIAL_CONSTRAINTS
// and KEY_COLUMN_USAGE give, and that the inspected keys are the ones SHOW
// CREATE TABLE prints.
func TestInnoDBForeignKeysMatchInformationSchema(t *testing.T) {
	db := testdb.MySQL(t)
	other := testdb.MySQL(t)
	fkSchema(t, db, other, "c")
	ctx := context.Background()
	r := &reader{q: &querier{db: db.SQL}}
	if err := r.readServer(ctx, inspect.Options{Schemas: []string{db.Name, other.Name}}); err != nil {
		t.Fatal(err)
	}
	fastActions, fastCols, ok := r.fetchInnoDBForeignKeys(ctx)
	if !r.flavor.MariaDB || r.lowerCaseNames != 0 {
		if ok {
			t.Fatalf("InnoDB's dictionary was read on a server where it must not be (MariaDB %v, lower_case_table_names %d)", r.flavor.MariaDB, r.lowerCaseNames)
		}
		t.Skip("foreign keys come from information_schema on this server")
	}
	if !ok {
		t.Fatal("MariaDB as root: the foreign keys were not read from InnoDB's dictionary")
	}
	actions, err := r.fetchForeignKeyActions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cols, err := r.fetchForeignKeyColumns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(actions) != 7 {
		t.Fatalf("information_schema shows %d foreign keys, want 7: %v", len(actions), actions)
	}
	if d := cmp.Diff(actions, fastActions, cmp.AllowUnexported(fkName{}, fkRules{})); d != "" {
		t.Errorf("actions differ (-information_schema +InnoDB):\n%s", d)
	}
	byKey := func(list []fkColumnRow) []fkColumnRow {
		out := append([]fkColumnRow(nil), list...)
		sort.SliceStable(out, func(i, j int) bool {
			a, b := out[i], out[j]
			return a.db+"\x00"+a.table+"\x00"+a.name < b.db+"\x00"+b.table+"\x00"+b.name
		})
		return out
	}
	if d := cmp.Diff(byKey(cols), byKey(fastCols), cmp.AllowUnexported(fkColumnRow{})); d != "" {
		t.Errorf("columns differ (-information_schema +InnoDB):\n%s", d)
	}

	// The oracle: each key as SHOW CREATE TABLE prints it.
	var name, ddl string
	if err := db.SQL.QueryRow("SHOW CREATE TABLE c").Scan(&name, &ddl); err != nil {
		t.Fatal(err)
	}
	got, _ := inspectT(t, db, inspect.Options{})
	c := got.Tables[0]
	if c.Name != "c" || len(c.ForeignKeys) != 7 {
		t.Fatalf("inspected %s with %d foreign keys, want c with 7", c.Name, len(c.ForeignKeys))
	}
	for _, fk := range c.ForeignKeys {
		line := fmt.Sprintf("CONSTRAINT `%s` FOREIGN KEY (`%s`) REFERENCES `%s` (`%s`)", fk.Name,
			strings.Join(fk.Columns, "`, `"), fk.RefTable, strings.Join(fk.RefColumns, "`, `"))
		if fk.RefSchema != "" {
			line = strings.Replace(line, "REFERENCES `", "REFERENCES `"+fk.RefSchema+"`.`", 1)
		}
		if fk.OnDelete != "" {
			line += " ON DELETE " + fk.OnDelete
		}
		if fk.OnUpdate != "" {
			line += " ON UPDATE " + fk.OnUpdate
		}
		if !strings.Contains(ddl+"\n", line+"\n") && !strings.Contains(ddl, line+",\n") {
			t.Errorf("inspected %q, which SHOW CREATE TABLE does not print:\n%s", line, ddl)
		}
	}
}

// TestForeignKeysWithoutInnoDBDictionary checks the cases where the foreign
// keys come from information_schema: a table name InnoDB stores encoded, and a
// user without the PROCESS privilege.
func TestForeignKeysWithoutInnoDBDictionary(t *testing.T) {
	db := testdb.MySQL(t)
	other := testdb.MySQL(t)
	fkSchema(t, db, other, "`c-x`")
	r := &reader{q: &querier{db: db.SQL}}
	ctx := context.Background()
	if err := r.readServer(ctx, inspect.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := r.fetchInnoDBForeignKeys(ctx); ok {
		t.Error("InnoDB's dictionary was used with a table name it stores encoded (c-x)")
	}
	want, _ := inspectT(t, db, inspect.Options{})
	if len(want.Tables) != 2 || want.Tables[0].Name != "c-x" || len(want.Tables[0].ForeignKeys) != 7 {
		t.Fatalf("inspected %+v, want c-x with 7 foreign keys", want.Tables)
	}
	if !r.flavor.MariaDB {
		return
	}

	// A user who may read the database but lacks PROCESS.
	user := strings.Replace(db.Name, "migrate_test", "mt", 1)
	for _, s := range []string{
		"CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw'",
		"GRANT ALL ON " + db.Name + ".* TO '" + user + "'@'%'",
		"GRANT SELECT, REFERENCES ON " + other.Name + ".* TO '" + user + "'@'%'",
	} {
		if _, err := db.SQL.Exec(s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
	t.Cleanup(func() { _, _ = db.SQL.Exec("DROP USER '" + user + "'@'%'") })
	dsn, err := testdb.MySQLDSN(os.Getenv("MIGRATE_TEST_MYSQL_URL"), db.Name)
	if err != nil {
		t.Fatal(err)
	}
	if i := strings.Index(dsn, "@"); i >= 0 {
		dsn = user + ":pw" + dsn[i:]
	}
	limited, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer limited.Close()
	if err := limited.QueryRow("SELECT COUNT(*) FROM information_schema.INNODB_SYS_FOREIGN").Scan(new(int)); err == nil {
		t.Fatal("a user without PROCESS could read INNODB_SYS_FOREIGN: this test needs a server that refuses it")
	}
	got, _, err := inspectDB(ctx, limited, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := diffMeta(want, got); d != "" {
		t.Errorf("without PROCESS (-root +limited user):\n%s", d)
	}
}
