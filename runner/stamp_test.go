package runner_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"

	_ "github.com/retortdb/migrate/dialect/postgres"
	_ "github.com/retortdb/migrate/dialect/sqlite"
)

// stampGraph is a → b, a → c (labelled cart).
func stampGraph(t *testing.T) *revision.Graph {
	t.Helper()
	g, err := revision.NewGraph([]*revision.Revision{
		{ID: "a", Transactional: true},
		{ID: "b", DownRevisions: []string{"a"}, Transactional: true},
		{ID: "c", DownRevisions: []string{"a"}, BranchLabels: []string{"cart"}, Transactional: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func stampRows(t *testing.T, db *testdb.DB) []string {
	t.Helper()
	rs, err := db.SQL.Query("SELECT version_num FROM migrate_version")
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []string
	for rs.Next() {
		var s string
		if err := rs.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func TestStampSQLite(t *testing.T)   { stampOnline(t, "sqlite", testdb.SQLite(t)) }
func TestStampPostgres(t *testing.T) { stampOnline(t, "postgresql", testdb.Postgres(t)) }

// stampOnline stamps a fresh database through several targets, checking the
// rows after each, and checks that a planner error changes nothing.
func stampOnline(t *testing.T, name string, db *testdb.DB) {
	d, err := dialect.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	g := stampGraph(t)
	r := &runner.Runner{DB: db.SQL, Dialect: d, VersionTable: dialect.VersionTable{Name: "migrate_version"}}
	ctx := context.Background()
	for _, c := range []struct {
		targets []string
		purge   bool
		want    []string
	}{
		{[]string{"cart@head"}, false, []string{"c"}},
		{[]string{"b"}, false, []string{"b", "c"}},
		{[]string{"a"}, false, []string{"a"}},
		{[]string{"heads"}, false, []string{"b", "c"}},
		{[]string{"base"}, false, nil},
		{[]string{"b"}, true, []string{"b"}},
	} {
		res, err := r.Stamp(ctx, func(rows []string) ([]revision.VersionChange, error) {
			return g.StampPlan(rows, c.targets, c.purge)
		})
		if err != nil {
			t.Fatalf("stamp %v: %v", c.targets, err)
		}
		got := stampRows(t, db)
		if !slices.Equal(got, c.want) {
			t.Fatalf("stamp %v: rows %v, want %v", c.targets, got, c.want)
		}
		after := slices.Clone(res.After)
		slices.Sort(after)
		if !slices.Equal(after, c.want) {
			t.Fatalf("stamp %v: result says %v, table holds %v", c.targets, res.After, got)
		}
	}
	boom := errors.New("boom")
	if _, err := r.Stamp(ctx, func([]string) ([]revision.VersionChange, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("planner error: got %v", err)
	}
	if got := stampRows(t, db); !slices.Equal(got, []string{"b"}) {
		t.Fatalf("a failed stamp changed the rows to %v", got)
	}
}

func TestWriteStampSQL(t *testing.T) {
	d, err := dialect.Get("postgresql")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	changes := []revision.VersionChange{{Kind: revision.Insert, To: "b"}, {Kind: revision.Update, From: "b", To: "c"}, {Kind: revision.Delete, From: "c"}}
	if err := runner.WriteStampSQL(&b, d, dialect.VersionTable{Name: "migrate_version"}, changes); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// The version table is created before BEGIN, as Plan.WriteSQL does.
	order := []string{"CREATE TABLE IF NOT EXISTS", "BEGIN;", "-- Stamping <base> -> b", "INSERT INTO", "-- Stamping b -> c", "UPDATE", "-- Stamping c -> <base>", "DELETE FROM", "COMMIT;"}
	at := 0
	for _, want := range order {
		i := strings.Index(out[at:], want)
		if i < 0 {
			t.Fatalf("stamp SQL lacks %q after offset %d:\n%s", want, at, out)
		}
		at += i + len(want)
	}
}
