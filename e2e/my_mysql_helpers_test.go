package e2e_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"

	_ "github.com/retortdb/migrate/dialect/mysql"
	_ "github.com/retortdb/migrate/inspect/mysql"
)

// myMySQLProject is a migrate project in a temporary directory whose URL is a
// fresh MySQL/MariaDB database (skipped without MIGRATE_TEST_MYSQL_URL).
func myMySQLProject(t *testing.T) (*project, *testdb.DB) {
	t.Helper()
	db := testdb.MySQL(t)
	p := &project{t: t, Dir: t.TempDir(), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	return p, db
}

// myWriteRevision writes a revision file by hand.
func myWriteRevision(p *project, rev, down, message, body string) string {
	p.t.Helper()
	downLine := "null"
	if down != "" {
		downLine = down
	}
	rel := filepath.Join("migrations", "versions", rev+"_"+strings.ReplaceAll(message, " ", "_")+".yaml")
	p.write(rel, "revision: "+rev+"\ndown_revision: "+downLine+"\nmessage: "+message+"\n"+body)
	return filepath.Join(p.Dir, rel)
}

// myQueryStrings runs a query and returns each row's columns joined by "|".
func myQueryStrings(t *testing.T, db *testdb.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.SQL.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(cols))
		for i, v := range vals {
			switch x := v.(type) {
			case []byte:
				parts[i] = string(x)
			case nil:
				parts[i] = "NULL"
			default:
				parts[i] = fmt.Sprint(x)
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
