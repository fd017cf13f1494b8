package runner_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
)

// update rewrites testdata/golden/<dialect>/*.sql from the current output:
// go test ./runner -run Golden -update (review the diff before committing).
var update = flag.Bool("update", false, "rewrite the golden offline scripts in testdata/golden")

// offGoldenVersion stands for cmd.Version in golden headers, so that a release
// does not change them.
const offGoldenVersion = "GOLDEN"

// offGoldenCase is one offline run of the golden revision set.
type offGoldenCase struct {
	file         string
	dir          revision.Direction
	target       string
	perMigration bool
}

var offGoldenCases = []offGoldenCase{
	{"upgrade_head.sql", revision.Up, "head", false},
	{"upgrade_head_per_migration.sql", revision.Up, "head", true},
	{"upgrade_range.sql", revision.Up, "2b3c4d5e6f02:head", false},
	{"downgrade_head_base.sql", revision.Down, "head:base", false},
}

var offGoldenDialects = []string{"sqlite", "postgresql", "mysql"}

// offGoldenGraph loads testdata/golden/revisions.
func offGoldenGraph(t *testing.T) *revision.Graph {
	t.Helper()
	revs, err := revision.LoadDirs([]string{filepath.Join(scratch.RepoRoot(), "testdata", "golden", "revisions")})
	if err != nil {
		t.Fatal(err)
	}
	g, err := revision.NewGraph(revs)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// offScript renders one golden case for dialect d.
func offScript(t *testing.T, g *revision.Graph, d dialect.Dialect, c offGoldenCase) []byte {
	t.Helper()
	s, err := runner.PlanOffline(g, d, dialect.VersionTable{Name: "migrate_version"}, c.dir, c.target)
	if err != nil {
		t.Fatalf("%s %s: %v", c.dir, c.target, err)
	}
	var b bytes.Buffer
	if err := s.Write(&b, offGoldenVersion, c.perMigration); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestOfflineGolden compares each dialect's offline scripts of the golden
// revision set (tables, alters, SQLite's move and copy, PostgreSQL enums, a
// branch and its merge, a transactional: false revision, literals) byte for byte
// with testdata/golden/<dialect>/.
func TestOfflineGolden(t *testing.T) {
	g := offGoldenGraph(t)
	for _, name := range offGoldenDialects {
		d := offDialect(t, name)
		for _, c := range offGoldenCases {
			t.Run(name+"/"+c.file, func(t *testing.T) {
				got := offScript(t, g, d, c)
				path := filepath.Join(scratch.RepoRoot(), "testdata", "golden", name, c.file)
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v: run go test ./runner -run Golden -update to create it", err)
				}
				if !bytes.Equal(want, got) {
					t.Errorf("%s differs from the output (-want +got); if the change is intended, run go test ./runner -run Golden -update:\n%s",
						path, cmp.Diff(string(want), string(got)))
				}
			})
		}
	}
}
