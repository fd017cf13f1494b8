package e2e_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
)

const pgPropsRevision = `revision: a
message: props
upgrade:
  - create_table:
      name: lines
      columns:
        - {name: id, type: bigint, nullable: false, autoincrement: true, autoincrement_kind: always, identity_start: 1000, identity_increment: 10}
        - {name: n, type: integer, nullable: false, autoincrement: true, identity_increment: -1}
        - {name: qty, type: integer}
        - {name: price, type: "numeric(10, 2)"}
        - {name: total, type: "numeric(12, 2)", generated: qty * price, generated_stored: true}
      primary_key: {columns: [id]}
  - add_column: {table: lines, column: {name: label, type: text, generated: "'line ' || id::text", generated_stored: true}}
downgrade:
  - drop_table: {name: lines}
`

// TestPgOfflineTableProps runs a revision with identity options and stored
// generated columns online on one database and as a script through psql -v
// ON_ERROR_STOP=1 on another, compares their pg_dump --schema-only, and checks
// the values the server generates.
func TestPgOfflineTableProps(t *testing.T) {
	online, offline := testdb.Postgres(t), testdb.Postgres(t)
	p := &project{t: t, Dir: scratch.Module(t, nil), Env: []string{"MIGRATE_URL=" + online.URL}}
	p.ok("init")
	p.write("migrations/versions/a.yaml", pgPropsRevision)
	p.ok("upgrade", "head")
	q := &project{t: t, Dir: p.Dir, Env: []string{"MIGRATE_URL=" + offline.URL}}
	script := q.ok("upgrade", "head", "--sql").Stdout
	file := filepath.Join(t.TempDir(), "up.sql")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(testdb.Client(t, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file, offline.URL).CombinedOutput(); err != nil {
		t.Fatalf("psql: %v\n%s\n%s", err, out, script)
	}
	on, off := pgFingerprint(t, online), pgFingerprint(t, offline)
	if d := cmp.Diff(on, off); d != "" {
		t.Errorf("online and offline schemas differ (-online +offline):\n%s", d)
	}
	all := strings.Join(off, "\n")
	for _, want := range []string{
		"GENERATED ALWAYS AS IDENTITY (\n    SEQUENCE NAME public.lines_id_seq\n    START WITH 1000\n    INCREMENT BY 10",
		"INCREMENT BY -1",
		"GENERATED ALWAYS AS (((qty)::numeric * price)) STORED",
		"GENERATED ALWAYS AS (('line '::text || (id)::text)) STORED",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("pg_dump lacks %q:\n%s", want, all)
		}
	}
	for _, db := range []*testdb.DB{online, offline} {
		var got string
		if err := db.SQL.QueryRow(`WITH i AS (INSERT INTO lines (qty, price) VALUES (2, 1.50), (3, 2) RETURNING id, n, total, label)
			SELECT string_agg(id || ' ' || n || ' ' || total || ' ' || label, ', ' ORDER BY id) FROM i`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != "1000 -1 3.00 line 1000, 1010 -2 6.00 line 1010" {
			t.Errorf("generated values: %q", got)
		}
	}
}
