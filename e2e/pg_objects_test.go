package e2e_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/internal/testdb"
)

// TestPgPagilaBaseline is onboarding with a baseline that builds a database:
// Pagila (views, a materialized view and its index, functions, an aggregate,
// triggers, a partitioned table with 55 partitions, domains, free-standing
// sequences and an enum) is loaded; `inspect --format go` compiles; `revision
// --baseline` writes the first revision and stamps it; `check` finds nothing;
// `upgrade head` on an empty database (and the `upgrade head --sql` script run
// by psql on another) gives a pg_dump --schema-only equal to the original's
// (pgFingerprint: statements sorted; comment lines, session settings and
// psql's \restrict lines dropped; owners and privileges left out; the
// bookkeeping tables left out; nothing else normalised), and `check` against
// it finds nothing; `downgrade base` leaves
// only the bookkeeping table.
func TestPgPagilaBaseline(t *testing.T) {
	orig := testdb.Postgres(t)
	loadPostgres(t, orig, "pagila/pagila-schema.sql")
	want := pgFingerprint(t, orig)

	p := pgProject(t, orig, "package models\n")
	src := p.ok("inspect", "--format", "go").Stdout
	for _, call := range []string{"Metadata.View(", "Metadata.MaterializedView(", "Metadata.ObjectIndex(", "Metadata.Function(", "Metadata.Aggregate(",
		"Metadata.Trigger(", "Metadata.Domain(", "Metadata.Sequence(", "Metadata.Partition(", ".PartitionBy("} {
		if !strings.Contains(src, call) {
			t.Errorf("inspect --format go declares no %s…", call)
		}
	}
	p.write("models/models.go", src)
	vet := exec.Command("go", "vet", "./...")
	vet.Dir = p.Dir
	if out, err := vet.CombinedOutput(); err != nil {
		t.Fatalf("the generated Go does not compile: %v\n%s", err, out)
	}
	p.ok("revision", "--baseline", "-m", "baseline")
	rev := pgRevision(p, "baseline")
	n := pgCountOps(rev.Upgrade)
	if n["create_table"] != 70 || n["create_object"] == 0 || n["create_enum"] != 1 {
		t.Errorf("baseline upgrade ops %v; want 70 create_table (15 tables, 55 partitions), create_enum and create_object", n)
	}
	if got := strings.TrimSpace(p.ok("current").Stdout); !strings.HasSuffix(got, "(head)") {
		t.Fatalf("current after the baseline = %q, want the baseline, stamped", got)
	}
	if r := p.ok("check"); !strings.Contains(r.Stdout+r.Stderr, "No new upgrade operations detected") {
		t.Errorf("check against the original finds something:\n%s%s", r.Stdout, r.Stderr)
	}

	fresh := testdb.Postgres(t)
	pf := &project{t: t, Dir: p.Dir, Env: []string{"MIGRATE_URL=" + fresh.URL}}
	pf.ok("upgrade", "head")
	if diff := cmp.Diff(want, pgFingerprint(t, fresh)); diff != "" {
		t.Errorf("pg_dump of the database built by upgrade head differs from the original (-original +built):\n%s", diff)
	}
	if r := pf.ok("check"); !strings.Contains(r.Stdout+r.Stderr, "No new upgrade operations detected") {
		t.Errorf("check against the built database finds something:\n%s%s", r.Stdout, r.Stderr)
	}

	offline := testdb.Postgres(t)
	pgPsql(t, offline, pf.ok("upgrade", "head", "--sql").Stdout)
	if diff := cmp.Diff(want, pgFingerprint(t, offline)); diff != "" {
		t.Errorf("pg_dump of the database built by upgrade head --sql differs from the original (-original +built):\n%s", diff)
	}

	pf.ok("downgrade", "base")
	left := pgInspect(t, fresh)
	if len(left.Tables) != 0 || len(left.Enums) != 0 || len(left.Objects) != 0 {
		t.Errorf("after downgrade base: tables %v, enums %v, objects %v; want only bookkeeping", pgTableNames(left), left.Enums, left.Objects)
	}
	if got := pgFingerprint(t, fresh); len(got) != 0 {
		t.Errorf("after downgrade base pg_dump still shows:\n%s", strings.Join(got, "\n"))
	}
}
