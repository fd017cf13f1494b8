package migrator_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/migrator"
	"github.com/retortdb/migrate/revision"
)

// TestRequireAcknowledged: with WithRequireAcknowledged(true) an upgrade whose
// plan drops a column without acknowledge_destructive: true is refused before
// anything runs (the table and the version table are as they were); with the
// key set to true it runs.
func TestRequireAcknowledged(t *testing.T) {
	ctx := context.Background()
	db := testdb.SQLite(t)
	files := func(ack string) fstest.MapFS {
		return fstest.MapFS{
			"a1.yaml": {Data: []byte("revision: a1\nmessage: t\nupgrade:\n  - create_table: {name: t, columns: [{name: id, type: integer, nullable: false}, {name: note, type: text}]}\ndowngrade:\n  - drop_table: {name: t}\n")},
			"b2.yaml": {Data: []byte("revision: b2\ndown_revision: a1\nmessage: drop note\nupgrade:\n  - drop_column: {table: t, column: note" + ack + "}\ndowngrade:\n  - add_column: {table: t, column: {name: note, type: text}}\n")},
		}
	}
	m, err := migrator.New(db.SQL, "sqlite", files(""), migrator.WithRequireAcknowledged(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Upgrade(ctx, "a1"); err != nil {
		t.Fatalf("upgrade a1 (nothing destructive): %v", err)
	}
	_, err = m.Upgrade(ctx, "head")
	var ue *revision.UnacknowledgedError
	if !errors.As(err, &ue) || len(ue.Ops) != 1 || ue.Ops[0].Revision.ID != "b2" || !strings.Contains(err.Error(), "drops column t.note") {
		t.Fatalf("upgrade head: %v, want an UnacknowledgedError naming b2's drop_column", err)
	}
	var n int
	if err := db.SQL.QueryRow(`SELECT count(*) FROM pragma_table_info('t') WHERE name = 'note'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("after the refusal note is there %d times (%v)", n, err)
	}
	if cur, _ := m.Current(ctx); len(cur) != 1 || cur[0] != "a1" {
		t.Fatalf("after the refusal current = %v, want [a1]", cur)
	}
	m, err = migrator.New(db.SQL, "sqlite", files(", acknowledge_destructive: true"), migrator.WithRequireAcknowledged(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Upgrade(ctx, "head"); err != nil {
		t.Fatalf("upgrade head, acknowledged: %v", err)
	}
	if err := db.SQL.QueryRow(`SELECT count(*) FROM pragma_table_info('t') WHERE name = 'note'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("after the acknowledged upgrade note is there %d times (%v)", n, err)
	}
}
