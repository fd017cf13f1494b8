package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	driver "github.com/go-sql-driver/mysql"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/schema"
)

// scratchLeft returns the scratch views left in db.
func scratchLeft(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'migrate\_scratch\_%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// TestNormalizeViews: declared views come back as the server stores them
// (and as Inspect reads them), options included; a view reading a missing
// table keeps its text; no scratch view is left; a user without the CREATE
// VIEW privilege gets an error naming it and the definitions unchanged.
func TestNormalizeViews(t *testing.T) {
	db := testdb.MySQL(t)
	if _, err := db.SQL.Exec("CREATE TABLE film (id int NOT NULL PRIMARY KEY, title varchar(20), year int)"); err != nil {
		t.Fatal(err)
	}
	objs := []*schema.ObjectDef{
		{Kind: schema.KindView, Name: "recent", Definition: "select id from film where year > 2000;"},
		{Kind: schema.KindView, Name: "guarded", Definition: "create  algorithm=merge sql security invoker view guarded as select id, title from film where year > 2000 with check option"},
		{Kind: schema.KindView, Name: "later", Definition: "select x from missing"},
		{Kind: schema.KindTrigger, Name: "tr", Table: "film", Definition: "create trigger tr before insert on film for each row set new.year = 1"},
	}
	if err := (Inspector{}).NormalizeObjects(context.Background(), db.SQL, objs); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{
		"select `film`.`id` AS `id` from `film` where `film`.`year` > 2000",
		"CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `guarded` AS select `film`.`id` AS `id`,`film`.`title` AS `title` from `film` where `film`.`year` > 2000 WITH CASCADED CHECK OPTION",
		"select x from missing",
		"create trigger tr before insert on film for each row set new.year = 1",
	} {
		if objs[i].Definition != want {
			t.Errorf("%s normalised to %q, want %q", objs[i].Name, objs[i].Definition, want)
		}
	}
	if left := scratchLeft(t, db.SQL); len(left) != 0 {
		t.Errorf("scratch views left: %v", left)
	}
	// What Inspect reads for the same views created for real.
	for _, s := range []string{"CREATE VIEW recent AS select id from film where year > 2000",
		"CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW guarded AS select id, title from film where year > 2000 WITH CHECK OPTION"} {
		if _, err := db.SQL.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	m, _ := inspectT(t, db, inspect.Options{})
	for _, o := range m.Objects {
		if x := findDef(objs, o.Name); x != "" && x != o.Definition {
			t.Errorf("view %s: inspected %q, normalised %q", o.Name, o.Definition, x)
		}
	}

	// A user who may only read.
	user := fmt.Sprintf("migrate_ro_%d", time.Now().UnixNano()%1e9)
	for _, s := range []string{"CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw'", "GRANT SELECT ON `" + db.Name + "`.* TO '" + user + "'@'%'"} {
		if _, err := db.SQL.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { _, _ = db.SQL.Exec("DROP USER '" + user + "'@'%'") })
	dsn, err := testdb.MySQLDSN(os.Getenv("MIGRATE_TEST_MYSQL_URL"), db.Name)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := driver.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.User, cfg.Passwd = user, "pw"
	ro, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	decl := []*schema.ObjectDef{{Kind: schema.KindView, Name: "recent", Definition: "select id from film"}}
	err = (Inspector{}).NormalizeObjects(context.Background(), ro, decl)
	if err == nil || !strings.Contains(err.Error(), `view "recent"`) || !strings.Contains(err.Error(), "CREATE VIEW") {
		t.Errorf("without the CREATE VIEW privilege: %v, want an error naming the view and the privilege", err)
	}
	if decl[0].Definition != "select id from film" {
		t.Errorf("definition changed without the privilege: %q", decl[0].Definition)
	}
}

func findDef(objs []*schema.ObjectDef, name string) string {
	for _, o := range objs {
		if o.Name == name {
			return o.Definition
		}
	}
	return ""
}
