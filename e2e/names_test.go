package e2e_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
)

// hostileNames are identifiers that attack quoting; the longest is 63 bytes
// (PostgreSQL's limit; MySQL allows 64).
var hostileNames = []string{
	"select", "Order Items", "it's", `say "hi"`, `back\slash`, "semi;colon", "dash--dash",
	"back`tick", "bıgınt", "名前", strings.Repeat("x", 63),
}

// hostileModels declares one table per hostile name, each with hostile column
// names, an enum with hostile values, a unique constraint, an index, a check and a
// foreign key to the first table.
func hostileModels() string {
	var b strings.Builder
	b.WriteString("package models\n\nimport \"github.com/retortdb/migrate/schema\"\n\n")
	b.WriteString("var Metadata = schema.NewMetaData(schema.WithNamingConvention(schema.DefaultNamingConvention))\n\n")
	for i, n := range hostileNames {
		q := strconv.Quote
		col := func(s string) string { return q(s) }
		fmt.Fprintf(&b, "var _ = Metadata.Table(%s,\n", q(n))
		fmt.Fprintf(&b, "\tschema.Col(%s, schema.Integer()).PrimaryKey(),\n", col("id"))
		fmt.Fprintf(&b, "\tschema.Col(%s, schema.Varchar(50)).NotNull().ServerDefault(%s),\n", col("group"), q("'it''s; -- \\\\ fine'"))
		fmt.Fprintf(&b, "\tschema.Col(%s, schema.Enum(%s, \"it's\", `a\\b`, \"semi;colon\", \"Mixed Case\")),\n", col("User Name"), q(fmt.Sprintf("hostile_enum_%d", i)))
		if i > 0 {
			fmt.Fprintf(&b, "\tschema.Col(%s, schema.Integer()).References(%s),\n", col("parent id"), q(hostileNames[0]+".id"))
		}
		fmt.Fprintf(&b, "\tschema.UniqueConstraint(\"\", %s),\n", col("group"))
		fmt.Fprintf(&b, "\tschema.Index(\"\", %s),\n", col("User Name"))
		fmt.Fprintf(&b, "\tschema.Check(\"\", %s),\n", q(`"id" >= 0`))
		b.WriteString(")\n\n")
	}
	return b.String()
}

func hostileNamesEndToEnd(t *testing.T, newDB func(testing.TB) *testdb.DB) {
	db := newDB(t)
	p := &project{t: t, Dir: scratch.Module(t, map[string]string{"models/models.go": hostileModels()}), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	p.ok("revision", "--autogenerate", "-m", "hostile names")
	p.ok("upgrade", "head")
	// Every table came back with its name exactly as declared.
	js := p.ok("inspect", "--format", "json").Stdout
	for _, n := range hostileNames {
		if !strings.Contains(js, strconv.Quote(n)[1:len(strconv.Quote(n))-1]) {
			t.Errorf("table %q is not in the inspected schema", n)
		}
	}
	if got := strings.Count(js, `"name": "User Name"`); got != len(hostileNames) {
		t.Errorf("inspected %d \"User Name\" columns, want %d", got, len(hostileNames))
	}
	if r := p.run("check"); r.Code != 0 {
		t.Fatalf("check after upgrade found changes:\n%s", r.Stderr)
	}
	p.ok("downgrade", "base")
	assertOnlyVersionTable(t, db)

	// Offline: the script, run by the native client on a fresh database, gives a
	// database that check finds in sync.
	script := p.ok("upgrade", "head", "--sql").Stdout
	fresh := newDB(t)
	testdb.RunScript(t, fresh, script)
	p.Env = []string{"MIGRATE_URL=" + fresh.URL}
	if r := p.run("check"); r.Code != 0 {
		t.Fatalf("check after the offline script found changes:\n%s", r.Stderr)
	}
}

func TestHostileNamesSQLite(t *testing.T)   { hostileNamesEndToEnd(t, testdb.SQLite) }
func TestHostileNamesPostgres(t *testing.T) { hostileNamesEndToEnd(t, testdb.Postgres) }
func TestHostileNamesMySQL(t *testing.T)    { hostileNamesEndToEnd(t, testdb.MySQL) }
