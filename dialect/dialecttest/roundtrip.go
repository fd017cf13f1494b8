package dialecttest

import (
	"errors"
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// testRoundTrip upgrades through revisions(), checking the inspected schema
// against the expected model after each one; a reversible revision is then
// downgraded with ops.ReverseAll (the schema must be the previous model again)
// and upgraded once more. After a downgrade, columns are compared in any order:
// a dropped column that the downgrade adds back comes last, as in Alembic.
//
// Steps for Harness.Known: "RoundTrip/<revision>/upgrade" (skips that revision
// and, since the later ones build on it, stops the sequence) and
// "RoundTrip/<revision>/downgrade" (keeps the upgraded schema and goes on). A revision holding an op that cannot be reversed must
// make ReverseAll fail with ops.ErrIrreversible. At the end the rows inserted by
// the data revision must still be there, through every table rebuild, and
// deliberate mistakes in the final model must be noticed by the comparison.
func testRoundTrip(t *testing.T, h Harness) {
	s := newSession(t, h)
	model := &schema.MetaData{}
	for i, rev := range revisions(h.Dialect) {
		before := cloneMeta(model)
		after := cloneMeta(model)
		if err := applyAll(after, rev.ops); err != nil {
			t.Fatalf("revision %d (%s): the suite's own revision does not apply to its model: %v", i+1, rev.name, err)
		}
		upgraded := false
		ok := t.Run(rev.name, func(t *testing.T) {
			s := s.with(t)
			s.skipIfKnown("RoundTrip/" + rev.name + "/upgrade")
			if err := s.migrate(rev.ops, before); err != nil {
				t.Fatalf("upgrade: %v", err)
			}
			upgraded = true
			if !s.checkSchema("after upgrade", after) {
				t.FailNow()
			}
			down, err := ops.ReverseAll(rev.ops)
			if err != nil {
				if !hasIrreversible(rev.ops) || !errors.Is(err, ops.ErrIrreversible) {
					t.Fatalf("ReverseAll: %v", err)
				}
				return
			}
			if hasIrreversible(rev.ops) {
				t.Fatalf("ReverseAll reversed a revision holding an irreversible op")
			}
			s.skipIfKnown("RoundTrip/" + rev.name + "/downgrade")
			if err := s.migrate(down, after); err != nil {
				t.Fatalf("downgrade: %v", err)
			}
			if !s.checkSchemaOrder("after downgrade", before, true) {
				t.FailNow()
			}
			if err := s.migrate(rev.ops, before); err != nil {
				t.Fatalf("upgrade after downgrade: %v", err)
			}
			s.checkSchemaOrder("after upgrade after downgrade", after, true)
		})
		if !ok {
			t.Fatalf("revision %d (%s) failed; the later ones build on it", i+1, rev.name)
		}
		if !upgraded {
			t.Logf("revision %d (%s) was skipped; the later ones build on it", i+1, rev.name)
			return
		}
		model = after
	}
	checkRows(s)
	s.checkMutationsNoticed(model, "books")
}

// hasIrreversible reports whether list holds an op that changes rows or adds an
// enum value, which ops.Reverse cannot undo.
func hasIrreversible(list []ops.Op) bool {
	for _, o := range list {
		switch o.(type) {
		case *ops.Execute, *ops.BulkInsert, *ops.AddEnumValue:
			return true
		}
	}
	return false
}

// checkRows checks the rows of the data revision, as later revisions left them.
func checkRows(s *session) {
	s.t.Helper()
	var n int64
	q := "SELECT count(*) FROM " + s.q("books")
	if err := s.db.QueryRowContext(s.ctx, q).Scan(&n); err != nil {
		s.t.Fatalf("%s: %v", q, err)
	}
	if n != 2 {
		s.t.Errorf("%s = %d, want the 2 rows of bulk_insert", q, n)
	}
	var price float64
	var name string
	q = "SELECT b.price, w.full_name FROM " + s.q("books") + " b JOIN " + s.q("writers") + " w ON w.id = b.author_id WHERE b.id = 2"
	if err := s.db.QueryRowContext(s.ctx, q).Scan(&price, &name); err != nil {
		s.t.Fatalf("%s: %v", q, err)
	}
	if price != 12.5 || name != "O'Brien" {
		s.t.Errorf("%s = %v, %q; want 12.5 (set by execute), \"O'Brien\"", q, price, name)
	}
}
