package e2e_test

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// pgDatasetRoundTrip loads script into a fresh database, autogenerates against
// empty metadata with the built binary and checks the revision: applied to the
// inspected model, its upgrade leaves nothing (every table, constraint, index,
// enum and comment dropped) and its downgrade rebuilds the model exactly. Then
// the real proof: on a second, empty database prepared with prepare (objects
// the model cannot hold), `downgrade head:base --sql` piped to psql yields a
// schema the inspector reads back equal to the original's tables and enums:
// the empty metadata manages no object kind (views, functions, partitions
// attached…), so those are left alone and compared nowhere here
// (TestPgPagilaBaseline covers them).
func pgDatasetRoundTrip(t *testing.T, script, prepare string) (*project, *testdb.DB, *schema.MetaData) {
	t.Helper()
	orig := testdb.Postgres(t)
	pgPsql(t, orig, script)
	want := pgInspect(t, orig)
	want.Objects = nil
	if len(want.Tables) == 0 {
		t.Fatal("the dataset loaded no table")
	}

	p := pgProject(t, orig, pgEmptyModels)
	p.ok("revision", "--autogenerate", "-m", "drop everything")
	rev := pgRevision(p, "drop_everything")

	m := pgClone(want)
	for i, o := range rev.Upgrade {
		if err := ops.Apply(m, o); err != nil {
			t.Fatalf("upgrade op %d (%s) does not apply to the inspected model: %v", i+1, ops.Name(o), err)
		}
	}
	if len(m.Tables) != 0 || len(m.Enums) != 0 {
		t.Errorf("after the upgrade the model still has tables %v and enums %v", pgTableNames(m), m.Enums)
	}
	n := pgCountOps(rev.Upgrade)
	indexes := 0
	for _, tb := range want.Tables {
		indexes += len(tb.Indexes)
	}
	if n["drop_table"] != len(want.Tables) || n["drop_index"] != indexes || n["drop_enum"] != len(want.Enums) {
		t.Errorf("upgrade ops %v; want %d drop_table, %d drop_index, %d drop_enum", n, len(want.Tables), indexes, len(want.Enums))
	}
	back := &schema.MetaData{}
	for i, o := range rev.Downgrade {
		if err := ops.Apply(back, o); err != nil {
			t.Fatalf("downgrade op %d (%s) does not apply: %v", i+1, ops.Name(o), err)
		}
	}
	if diff := cmp.Diff(pgSorted(want), pgSorted(back)); diff != "" {
		t.Errorf("the downgrade's model differs from the inspected one (-inspected +downgrade):\n%s", diff)
	}

	fresh := testdb.Postgres(t)
	if prepare != "" {
		pgPsql(t, fresh, prepare)
	}
	pgPsql(t, fresh, p.ok("downgrade", "head:base", "--sql").Stdout)
	rebuilt := pgInspect(t, fresh)
	rebuilt.Objects = nil
	if diff := cmp.Diff(want, rebuilt); diff != "" {
		t.Errorf("schema after the offline downgrade differs from the original (-original +rebuilt):\n%s", diff)
	}
	return p, orig, want
}

func TestPgChinookRoundTrip(t *testing.T) {
	src, err := os.ReadFile(testdb.Dataset(t, "chinook/Chinook_PostgreSql.sql"))
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, l := range strings.Split(string(src), "\n") {
		u := strings.ToUpper(strings.TrimSpace(l))
		if strings.HasPrefix(u, "DROP DATABASE") || strings.HasPrefix(u, "CREATE DATABASE") || strings.HasPrefix(u, `\C`) {
			continue
		}
		kept = append(kept, l)
	}
	p, orig, want := pgDatasetRoundTrip(t, strings.Join(kept, "\n"), "")
	if len(want.Tables) != 11 {
		t.Errorf("chinook has %d tables, want 11", len(want.Tables))
	}
	// Chinook has no views: the upgrade also runs online, rows and all.
	p.ok("upgrade", "head")
	if got := pgInspect(t, orig); len(got.Tables) != 0 || len(got.Enums) != 0 {
		t.Errorf("after upgrade head: tables %v, enums %v; want none", pgTableNames(got), got.Enums)
	}
	p.ok("downgrade", "base")
	if diff := cmp.Diff(want, pgInspect(t, orig)); diff != "" {
		t.Errorf("schema after the online downgrade differs from the original (-original +rebuilt):\n%s", diff)
	}
}

// pagilaPrepare returns Pagila's CREATE DOMAIN and CREATE SEQUENCE statements:
// the model holds neither (a domain column is read as the dialect-only type of
// its name; nextval('…_seq') of a sequence no column owns is a plain default), so
// the empty database must have them before the downgrade re-creates the tables.
func pagilaPrepare(script string) string {
	re := regexp.MustCompile(`(?ms)^CREATE (?:DOMAIN|SEQUENCE) .*?;\s*$`)
	return strings.Join(re.FindAllString(script, -1), "\n")
}

func TestPgPagilaRoundTrip(t *testing.T) {
	src, err := os.ReadFile(testdb.Dataset(t, "pagila/pagila-schema.sql"))
	if err != nil {
		t.Fatal(err)
	}
	prep := pagilaPrepare(string(src))
	if c := strings.Count(prep, "CREATE DOMAIN"); c != 2 {
		t.Fatalf("found %d CREATE DOMAIN statements in Pagila, want 2 (year, bıgınt)", c)
	}
	_, _, want := pgDatasetRoundTrip(t, string(src), prep)
	payment := want.FindTable("", "payment")
	if payment == nil || payment.PrimaryKey == nil || len(payment.PrimaryKey.Columns) != 2 {
		t.Errorf("Pagila's partitioned payment table was not read with its composite key: %+v", payment)
	}
	if len(want.Enums) != 1 {
		t.Errorf("Pagila enums = %v, want mpaa_rating", want.Enums)
	}
}

func pgTableNames(m *schema.MetaData) []string {
	var out []string
	for _, t := range m.Tables {
		out = append(out, t.Name)
	}
	return out
}

// pgClone deep-copies m.
func pgClone(m *schema.MetaData) *schema.MetaData {
	c := m.Clone()
	c.NamingConvention = nil
	return c
}

// pgSorted returns a copy of m in the inspector's order: tables, enums by name;
// keys, constraints and indexes of a table by name.
func pgSorted(m *schema.MetaData) *schema.MetaData {
	c := pgClone(m)
	sort.SliceStable(c.Tables, func(i, j int) bool { return c.Tables[i].Name < c.Tables[j].Name })
	sort.SliceStable(c.Enums, func(i, j int) bool { return c.Enums[i].Name < c.Enums[j].Name })
	for _, t := range c.Tables {
		sort.SliceStable(t.ForeignKeys, func(i, j int) bool { return t.ForeignKeys[i].Name < t.ForeignKeys[j].Name })
		sort.SliceStable(t.Uniques, func(i, j int) bool { return t.Uniques[i].Name < t.Uniques[j].Name })
		sort.SliceStable(t.Checks, func(i, j int) bool { return t.Checks[i].Name < t.Checks[j].Name })
		sort.SliceStable(t.Indexes, func(i, j int) bool { return t.Indexes[i].Name < t.Indexes[j].Name })
	}
	if len(c.Tables) == 0 {
		c.Tables = nil
	}
	return c
}
