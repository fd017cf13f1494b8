package e2e_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
)

// graphProject is a project on db whose revisions are given as
// "id:down:deps:labels" (down and deps comma-separated, "" for none).
func graphProject(t *testing.T, db *testdb.DB, specs ...string) *project {
	p := &project{t: t, Dir: t.TempDir(), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.write("migrate.yaml", "script_location: migrations\n")
	list := func(s string) string {
		if s == "" {
			return "[]"
		}
		return "[" + s + "]"
	}
	for _, s := range specs {
		f := append(strings.Split(s, ":"), "", "", "")
		down := "null"
		if f[1] != "" {
			down = list(f[1])
		}
		branchesRev(p, f[0], down, list(f[3]), list(f[2]))
	}
	return p
}

// stepOrder returns the revision ids of the "-- Running …" or progress lines,
// in the order the binary printed them.
func stepOrder(out string, ids []string) []string {
	type hit struct {
		at int
		id string
	}
	var hits []hit
	for _, id := range ids {
		if k := strings.Index(out, "CREATE TABLE t_"+id+" "); k >= 0 {
			hits = append(hits, hit{k, id})
		} else if k := strings.Index(out, "DROP TABLE t_"+id); k >= 0 {
			hits = append(hits, hit{k, id})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return a.at - b.at })
	var got []string
	for _, h := range hits {
		got = append(got, h.id)
	}
	return got
}

func TestGraphSemanticsSQLite(t *testing.T)   { graphSemantics(t, testdb.SQLite(t)) }
func TestGraphSemanticsPostgres(t *testing.T) { graphSemantics(t, testdb.Postgres(t)) }

// graphSemantics checks, with the built binary, the places where migrate's
// revision graph used to differ from Alembic's (issue 15, item 6).
func graphSemantics(t *testing.T, db *testdb.DB) {
	// downgrade a1 undoes a2 only: b1 merely depends on a1, and its row
	// absorbs a1. Its table must survive.
	p := graphProject(t, db, "a1", "a2:a1", "b1::a1")
	p.ok("upgrade", "heads")
	if got := branchesRows(t, db); !slices.Equal(got, []string{"a2", "b1"}) {
		t.Fatalf("after upgrade heads: rows %v", got)
	}
	p.ok("downgrade", "a1")
	if got := branchesRows(t, db); !slices.Equal(got, []string{"b1"}) {
		t.Fatalf("after downgrade a1: rows %v, want [b1]", got)
	}
	var n int
	if err := db.SQL.QueryRow("SELECT count(*) FROM t_b1").Scan(&n); err != nil {
		t.Fatalf("table t_b1 of the other branch is gone: %v", err)
	}
	p.ok("downgrade", "base")

	// Step order: each branch is finished before the next (Alembic's order).
	p = graphProject(t, db, "a", "b:a", "c1:b", "c2:b", "d1:c1", "d2:c2")
	out := p.ok("upgrade", "heads", "--sql").Stdout
	if got, want := stepOrder(out, []string{"a", "b", "c1", "c2", "d1", "d2"}), []string{"a", "b", "c2", "d2", "c1", "d1"}; !slices.Equal(got, want) {
		t.Fatalf("upgrade heads --sql runs %v, want %v", got, want)
	}
	p.ok("upgrade", "heads")
	out = p.ok("downgrade", "--sql", "heads:a").Stdout
	if got, want := stepOrder(out, []string{"b", "c1", "c2", "d1", "d2"}), []string{"d1", "c1", "d2", "c2", "b"}; !slices.Equal(got, want) {
		t.Fatalf("downgrade --sql heads:a runs %v, want %v", got, want)
	}
	// A version table where one row is an ancestor of another (Alembic's
	// stamp can write one) is handled: the redundant row goes first.
	p.ok("downgrade", "base")
	p.ok("upgrade", "c1")
	if _, err := db.SQL.Exec("INSERT INTO migrate_version (version_num) VALUES ('a')"); err != nil {
		t.Fatal(err)
	}
	p.ok("upgrade", "d1")
	if got := branchesRows(t, db); !slices.Equal(got, []string{"d1"}) {
		t.Fatalf("after upgrade d1 from rows a, c1: rows %v, want [d1]", got)
	}
	// history: a range between siblings is refused; relative ends count
	// from the other end, without a database.
	p.fails(1, "Revision c1 is not an ancestor of revision c2", "history", "-r", "c1:c2")
	noDB := &project{t: t, Dir: p.Dir, Env: []string{"MIGRATE_URL=sqlite:///nonexistent/dir/x.db"}}
	out = noDB.ok("history", "-r", "-9:d1").Stdout
	if got := historyIDs(out); !slices.Equal(got, []string{"d1", "c1", "b", "a"}) {
		t.Fatalf("history -r -9:d1 lists %v, want [d1 c1 b a]\n%s", got, out)
	}
	out = noDB.ok("history", "-r", "c1:+1").Stdout
	if got := historyIDs(out); !slices.Equal(got, []string{"d1", "c1"}) {
		t.Fatalf("history -r c1:+1 lists %v, want [d1 c1]\n%s", got, out)
	}
	p.ok("downgrade", "base")

	// LABEL@prefix narrows the prefix to the branch; head counts an
	// effective head; L@base:heads lists what the branch depends on.
	p = graphProject(t, db, "a:::ab", "somea:a", "d:::eb", "someb:d", "user_foo", "user::user_foo:u")
	p.fails(1, "Multiple revisions start with 'some'", "upgrade", "some")
	p.ok("upgrade", "eb@some")
	if got := branchesRows(t, db); !slices.Equal(got, []string{"someb"}) {
		t.Fatalf("after upgrade eb@some: rows %v, want [someb]", got)
	}
	p.fails(1, "Multiple heads are present for 'head'", "upgrade", "head")
	out = (&project{t: t, Dir: p.Dir, Env: noDB.Env}).ok("history", "-r", "u@base:heads").Stdout
	if got := historyIDs(out); !slices.Equal(got, []string{"user", "user_foo"}) {
		t.Fatalf("history -r u@base:heads lists %v, want [user user_foo]\n%s", got, out)
	}
	out = (&project{t: t, Dir: p.Dir, Env: noDB.Env}).ok("history", "-r", "eb@-1:heads").Stdout
	if got := historyIDs(out); !slices.Equal(got, []string{"someb", "d"}) {
		t.Fatalf("history -r eb@-1:heads lists %v, want [someb d]\n%s", got, out)
	}
	p.ok("downgrade", "base")

	// stamp --sql with several ranges from one start; --purge with --sql
	// is refused.
	p = graphProject(t, db, "a", "b:a", "c:b", "d:b")
	out = p.ok("stamp", "--sql", "b:c", "b:d").Stdout
	for _, want := range []string{"-- Stamping b -> c", "'c' WHERE", "version_num = 'b';", "-- Stamping <base> -> d", "INSERT INTO migrate_version (version_num) VALUES ('d');"} {
		if !strings.Contains(out, want) {
			t.Fatalf("stamp --sql b:c b:d lacks %q:\n%s", want, out)
		}
	}
	p.fails(2, "different revisions", "stamp", "--sql", "a:c", "b:d")
	p.fails(2, "--purge cannot be used with --sql", "stamp", "--sql", "--purge", "b")
}

// historyIDs returns the revision ids of history's text lines ("x -> id ...").
func historyIDs(out string) []string {
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		_, rest, ok := strings.Cut(l, "-> ")
		if !ok {
			continue
		}
		id, _, _ := strings.Cut(rest, " ")
		ids = append(ids, strings.TrimSuffix(id, ","))
	}
	return ids
}

// TestFileTemplateFromAlembicINI: a file_template pasted from alembic.ini
// (%-tokens, doubled as the ini file escapes them) names files as Alembic
// would, instead of being written out literally.
func TestFileTemplateFromAlembicINI(t *testing.T) {
	db := testdb.SQLite(t)
	p := &project{t: t, Dir: t.TempDir(), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.write("migrate.yaml", "script_location: migrations\nfile_template: \"%%(rev)s_%%(slug)s\"\n")
	p.write("migrations/versions/.keep", "")
	p.ok("revision", "-m", "add users", "--rev-id", "abc123")
	p.write("migrate.yaml", "script_location: migrations\nfile_template: \"%(year)d_%(month).2d_%(rev)s\"\n")
	p.ok("revision", "-m", "two", "--rev-id", "def456")
	files := strings.Join(p.versionFiles(), " ")
	if !strings.Contains(files, "abc123_add_users.yaml") || strings.Contains(files, "%") {
		t.Fatalf("version files %s: want abc123_add_users.yaml", files)
	}
	if !regexpMatch(`\b20[0-9]{2}_[01][0-9]_def456\.yaml`, files) {
		t.Fatalf("version files %s: want YYYY_MM_def456.yaml", files)
	}
	p.write("migrate.yaml", "script_location: migrations\nfile_template: \"%%(rev)s_%%(branch)s\"\n")
	p.fails(1, `unknown token "%(branch)s"`, "revision", "-m", "three", "--rev-id", "aaa789")
}

func regexpMatch(re, s string) bool { return regexp.MustCompile(re).MatchString(s) }
