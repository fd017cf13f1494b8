package dialecttest

import (
	"context"
	"testing"

	"github.com/retortdb/migrate/dialect"
)

// testClassifyError provokes, on the dialect's real database, the errors every
// dialect must classify alike: reading a version table that does not exist is
// ErrMissingTable (the runner relies on it to tell a fresh database from a
// failure), a duplicate revision id is ErrOther, and a statement whose context
// has ended is ErrCancelled.
func testClassifyError(t *testing.T, h Harness) {
	s := newSession(t, h)
	vt := dialect.VersionTable{Name: "no_such_version_table"}
	_, err := s.db.ExecContext(s.ctx, "SELECT version_num FROM "+s.d.QuoteIdent(vt.Name))
	if err == nil {
		t.Fatal("reading a table that does not exist succeeded")
	}
	if k := s.d.ClassifyError(err); k != dialect.ErrMissingTable {
		t.Errorf("missing table %v: classified %q, want %q", err, k, dialect.ErrMissingTable)
	}

	vt.Name = "migrate_version"
	for _, q := range s.d.CreateVersionTable(vt) {
		if _, err := s.db.ExecContext(s.ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := s.db.ExecContext(s.ctx, s.d.InsertVersion(vt, "ae1027a6acf0")); err != nil {
		t.Fatal(err)
	}
	_, err = s.db.ExecContext(s.ctx, s.d.InsertVersion(vt, "ae1027a6acf0"))
	if err == nil {
		t.Fatal("a duplicate revision id was accepted")
	}
	if k := s.d.ClassifyError(err); k != dialect.ErrOther {
		t.Errorf("duplicate key %v: classified %q, want %q", err, k, dialect.ErrOther)
	}

	ctx, cancel := context.WithCancel(s.ctx)
	cancel()
	_, err = s.db.ExecContext(ctx, "SELECT version_num FROM "+s.d.QuoteIdent(vt.Name))
	if err == nil {
		t.Fatal("a statement ran on an ended context")
	}
	if k := s.d.ClassifyError(err); k != dialect.ErrCancelled {
		t.Errorf("ended context %v: classified %q, want %q", err, k, dialect.ErrCancelled)
	}
}
