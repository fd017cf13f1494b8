package e2e_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/internal/testdb"
)

// offDataQueries read back the rows the golden revisions insert (bulk_insert and
// execute), so that the online and offline databases can be compared by value.
var offDataQueries = []string{
	"SELECT id, name, email, bio FROM authors ORDER BY id",
	"SELECT id, author_id, title, price, in_print, status, published_at, cover, isbn FROM books ORDER BY id",
	"SELECT id, book_id, rating, body FROM reviews ORDER BY id",
}

// offWantBio is authors.bio of id 1 as the revision file writes it.
const offWantBio = `back\slash \' "double" -- ; /* */ \n`

// offRoundTrip is issue 7's "done when" on one dialect: the offline upgrade
// script, made with no server reachable and run by the native client on a fresh
// database, gives the schema, data and version rows that an online upgrade head
// gives on another; check passes on it; the offline head:base script leaves only
// the version table; and an A:B script applied after an online upgrade to A
// reaches B.
func offRoundTrip(t *testing.T, online, offline *testdb.DB) {
	p := offProject(t, online)

	p.ok("upgrade", "head")

	closed := offClosedURL(t, online)
	up := p.ok("--url", closed, "upgrade", "head", "--sql")
	if strings.Contains(up.Stdout, "INFO") || strings.Contains(up.Stdout, "secret") {
		t.Fatalf("--sql stdout is not a clean script (progress lines or the password):\n%s", up.Stdout)
	}
	if n := strings.Count(up.Stderr, "INFO  Running upgrade"); n != 6 {
		t.Fatalf("want 6 progress lines on stderr, got %d:\n%s", n, up.Stderr)
	}
	testdb.RunScript(t, offline, up.Stdout)

	if d := cmp.Diff(offInspect(t, online), offInspect(t, offline)); d != "" {
		t.Fatalf("schema after the offline script differs from the online upgrade (-online +offline):\n%s", d)
	}
	if got, want := offVersionRows(t, offline), offVersionRows(t, online); !cmp.Equal(got, want) || len(got) != 1 || got[0] != offRevHead {
		t.Fatalf("version rows: offline %v, online %v, want [%s]", got, want, offRevHead)
	}
	for _, q := range offDataQueries {
		if d := cmp.Diff(offQuery(t, online.SQL, q), offQuery(t, offline.SQL, q)); d != "" {
			t.Fatalf("%s: rows differ (-online +offline):\n%s", q, d)
		}
	}
	var bio string
	if err := offline.SQL.QueryRow("SELECT bio FROM authors WHERE id = 1").Scan(&bio); err != nil || bio != offWantBio {
		t.Fatalf("authors.bio read back = %q (%v), want %q", bio, err, offWantBio)
	}

	off := &project{t: t, Dir: p.Dir, Env: []string{"MIGRATE_URL=" + offline.URL}}
	off.ok("check")

	down := p.ok("--url", closed, "downgrade", "head:base", "--sql")
	testdb.RunScript(t, offline, down.Stdout)
	assertOnlyVersionTable(t, offline)
	if rows := offVersionRows(t, offline); len(rows) != 0 {
		t.Fatalf("version rows after the head:base script: %v, want none", rows)
	}

	// A:B after an online upgrade to A: the same database, back at the branch point.
	off.ok("upgrade", offRevBooks)
	ab := p.ok("--url", closed, "upgrade", offRevBooks+":head", "--sql")
	if strings.Contains(ab.Stdout, "Running upgrade  -> "+offRevAuthors) || strings.Contains(ab.Stdout, "CREATE TABLE authors") {
		t.Fatalf("the %s:head script repeats revisions below %s:\n%s", offRevBooks, offRevBooks, ab.Stdout)
	}
	testdb.RunScript(t, offline, ab.Stdout)
	if d := cmp.Diff(offInspect(t, online), offInspect(t, offline)); d != "" {
		t.Fatalf("schema after online %s then the %s:head script differs from the online upgrade (-online +offline):\n%s", offRevBooks, offRevBooks, d)
	}
	if got := offVersionRows(t, offline); len(got) != 1 || got[0] != offRevHead {
		t.Fatalf("version rows after the A:B script: %v, want [%s]", got, offRevHead)
	}
	off.ok("check")
}

func TestOfflineRoundTripSQLite(t *testing.T) {
	offRoundTrip(t, testdb.SQLite(t), testdb.SQLite(t))
}

func TestOfflineRoundTripPostgres(t *testing.T) {
	offRoundTrip(t, testdb.Postgres(t), testdb.Postgres(t))
}

func TestOfflineRoundTripMySQL(t *testing.T) {
	offRoundTrip(t, testdb.MySQL(t), testdb.MySQL(t))
}
