package e2e_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
)

const repairRevA = `revision: a
down_revision: null
message: t
upgrade:
  - create_table: {name: t, columns: [{name: id, type: integer, nullable: false}]}
downgrade:
  - drop_table: {name: t}
`

// TestRepairAcceptsReviewedEdit: an edit of what an applied revision does blocks
// upgrade until `migrate repair` records the file's new checksum; repair runs
// nothing, keeps the old history row and adds a "repair" row.
func TestRepairAcceptsReviewedEdit(t *testing.T) {
	for _, c := range []struct {
		name string
		db   func(testing.TB) *testdb.DB
	}{{"sqlite", testdb.SQLite}, {"postgresql", testdb.Postgres}} {
		t.Run(c.name, func(t *testing.T) {
			db := c.db(t)
			p := &project{t: t, Dir: t.TempDir(), Env: []string{"MIGRATE_URL=" + db.URL}}
			p.ok("init")
			p.write("migrations/versions/a.yaml", repairRevA)
			p.ok("upgrade", "head")
			if r := p.ok("repair"); !strings.Contains(r.Stderr, "Nothing to repair") {
				t.Fatalf("repair with nothing changed:\n%s", r.Stderr)
			}
			// The edit: what was applied by hand after a review.
			p.write("migrations/versions/a.yaml", strings.Replace(repairRevA, "nullable: false", "nullable: true", 1))
			p.write("migrations/versions/b.yaml", "revision: b\ndown_revision: a\nmessage: next\n")
			p.fails(1, "migrate repair", "upgrade", "head")
			p.fails(1, "revision b has not changed", "repair", "b")
			r := p.ok("repair", "a")
			if !strings.Contains(r.Stderr, "Recorded the new checksum of revision a") {
				t.Fatalf("repair output:\n%s", r.Stderr)
			}
			p.ok("upgrade", "head")
			var hist string
			if err := db.SQL.QueryRow(`SELECT ` + concatAgg(db, "revision || ':' || direction") + ` FROM (SELECT revision, direction FROM migrate_history ORDER BY started_at, direction) h`).Scan(&hist); err != nil {
				t.Fatal(err)
			}
			if hist != "a:upgrade,a:repair,b:upgrade" {
				t.Errorf("history = %q, want a:upgrade,a:repair,b:upgrade", hist)
			}
			var cols int
			if err := db.SQL.QueryRow(`SELECT count(*) FROM t`).Scan(&cols); err != nil {
				t.Errorf("table t after repair: %v", err)
			}
		})
	}
}

// concatAgg is a comma-joined aggregate of expr on db's dialect.
func concatAgg(db *testdb.DB, expr string) string {
	if strings.HasPrefix(db.URL, "sqlite") {
		return "group_concat(" + expr + ", ',')"
	}
	return "string_agg(" + expr + ", ',')"
}

// TestLegacyChecksumRows: a history row written with the older checksum (the
// SHA-256 of the file's bytes) is still accepted while the file is unchanged,
// refused once its bytes change, and repaired into the content form.
func TestLegacyChecksumRows(t *testing.T) {
	db := testdb.SQLite(t)
	p := &project{t: t, Dir: t.TempDir(), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	p.write("migrations/versions/a.yaml", repairRevA)
	p.ok("upgrade", "head")
	sum := sha256.Sum256([]byte(repairRevA))
	if _, err := db.SQL.Exec(`UPDATE migrate_history SET checksum = ?`, hex.EncodeToString(sum[:])); err != nil {
		t.Fatal(err)
	}
	p.write("migrations/versions/b.yaml", "revision: b\ndown_revision: a\nmessage: next\n")
	p.ok("upgrade", "head")
	p.ok("downgrade", "a")
	p.write("migrations/versions/a.yaml", "# a comment\n"+repairRevA)
	p.fails(1, "revision a (", "upgrade", "head")
	p.ok("repair")
	var got string
	if err := db.SQL.QueryRow(`SELECT checksum FROM migrate_history WHERE direction = 'repair'`).Scan(&got); err != nil || !strings.HasPrefix(got, "v2:") || len(got) != 64 {
		t.Fatalf("repair row checksum %q, %v; want v2: and 64 characters", got, err)
	}
	p.ok("upgrade", "head")
}
