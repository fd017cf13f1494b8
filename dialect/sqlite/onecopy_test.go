package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// tableSums returns, for every table of db (sqlite_sequence included), its row
// count and a SHA-256 of its rows in rowid order, read with plain SELECTs.
func tableSums(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	rows.Close()
	out := map[string]string{}
	for _, name := range names {
		order := " ORDER BY rowid"
		if name == "sqlite_sequence" {
			order = " ORDER BY name"
		}
		rs, err := db.Query(`SELECT * FROM "` + name + `"` + order)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rs.Columns()
		h := sha256.New()
		n := 0
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%#v\n", vals)
			n++
		}
		rs.Close()
		out[name] = fmt.Sprintf("%d rows, sha256 %s", n, hex.EncodeToString(h.Sum(nil))[:16])
	}
	return out
}

// oneCopyDB creates a self-referencing AUTOINCREMENT table nodes (ON DELETE
// CASCADE to itself) with an index and a trigger, a table refers referring to nodes, a view
// and another table's trigger naming nodes, and rows in each; it returns the
// schema as an inspector would read it.
func oneCopyDB(t *testing.T) (*sql.DB, *schema.MetaData) {
	t.Helper()
	db := testdb.SQLite(t).SQL
	trig := `CREATE TRIGGER nodes_touch AFTER UPDATE ON nodes BEGIN UPDATE log SET n = n + 1; END`
	mustExec(t, db,
		`CREATE TABLE nodes (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT, parent_id INTEGER REFERENCES nodes (id) ON DELETE CASCADE)`,
		`CREATE TABLE refers (id INTEGER PRIMARY KEY, node_id INTEGER NOT NULL REFERENCES nodes (id))`,
		`CREATE INDEX ix_nodes_parent ON nodes (parent_id)`,
		`CREATE TABLE log (n INTEGER)`,
		`INSERT INTO log VALUES (0)`,
		trig,
		`CREATE VIEW node_count AS SELECT count(*) AS n FROM nodes`,
		`CREATE TRIGGER refers_log AFTER INSERT ON refers BEGIN UPDATE log SET n = (SELECT n FROM node_count); END`,
		`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 2000)
		 INSERT INTO nodes (id, label, parent_id) SELECT i, 'node ' || i, CASE WHEN i > 1 THEN i / 2 END FROM s`,
		`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 3000)
		 INSERT INTO refers (id, node_id) SELECT i, 1 + (i * 7) % 2000 FROM s`,
		// The AUTOINCREMENT counter (2,100) is above the highest id left (2,000).
		`INSERT INTO nodes (id, label) VALUES (2100, 'gone')`,
		`DELETE FROM nodes WHERE id = 2100`,
	)
	md := schema.NewMetaData()
	nodes := md.Table("nodes",
		schema.Col("id", schema.Integer()).PrimaryKey().SQLiteAutoincrement(),
		schema.Col("label", schema.Text()),
		schema.Col("parent_id", schema.Integer()).References("nodes.id", schema.OnDelete("CASCADE")),
		schema.Index("ix_nodes_parent", "parent_id"),
	).Table()
	nodes.Triggers = []*schema.TriggerDef{{Name: "nodes_touch", SQL: trig}}
	md.Table("refers",
		schema.Col("id", schema.Integer()).PrimaryKey(),
		schema.Col("node_id", schema.Integer()).NotNull().References("nodes.id"),
	)
	md.Table("log", schema.Col("n", schema.Integer()))
	return db, md
}

// A rebuild copies the rows once and keeps every other table as it was: same
// row counts and checksums, no ON DELETE CASCADE fired (the table refers to
// itself with one), the AUTOINCREMENT counter and the foreign keys of and to
// the table intact, its trigger back, the view and the other trigger working.
func TestBatchOneCopyKeepsEveryRow(t *testing.T) {
	ctx := context.Background()
	db, md := oneCopyDB(t)
	before := tableSums(t, db)
	list := []ops.Op{&ops.AlterColumn{Table: "nodes", Column: "label", Nullable: ptr(false)}}
	st, err := Dialect{}.Render(list, &dialect.RenderEnv{Current: md})
	if err != nil {
		t.Fatal(err)
	}
	copies := 0
	for _, s := range st {
		if strings.HasPrefix(s.SQL, "INSERT INTO _migrate_tmp_nodes") || strings.HasPrefix(s.SQL, "INSERT INTO nodes") {
			copies++
		}
	}
	if copies != 1 {
		t.Fatalf("the rows of nodes are copied %d times, want once:\n%s", copies, strings.Join(sqls(st), "\n"))
	}
	if err := apply(ctx, db, &dialect.RenderEnv{Current: md}, list...); err != nil {
		t.Fatal(err)
	}
	after := tableSums(t, db)
	for name, sum := range before {
		if after[name] != sum {
			t.Errorf("table %s: %s before the rebuild, %s after", name, sum, after[name])
		}
	}
	if len(after) != len(before) {
		t.Errorf("tables before %v, after %v", before, after)
	}
	if s := queryString(t, db, `SELECT sql FROM sqlite_schema WHERE name = 'nodes'`); !strings.Contains(s, "label TEXT NOT NULL") || strings.Contains(s, TempPrefix) {
		t.Errorf("nodes after the rebuild: %s", s)
	}
	if s := queryString(t, db, `SELECT group_concat("table") FROM pragma_foreign_key_list('nodes')`); s != "nodes" {
		t.Errorf("nodes' self-reference points at %q, want nodes", s)
	}
	if s := queryString(t, db, `SELECT group_concat("table") FROM pragma_foreign_key_list('refers')`); s != "nodes" {
		t.Errorf("refers' foreign key points at %q, want nodes", s)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM pragma_foreign_key_check`); n != 0 {
		t.Errorf("%d foreign key violations after the rebuild", n)
	}
	// Everything still works: the new NOT NULL, the keys, the cascade, the
	// triggers, the view, the counter.
	if _, err := db.Exec(`INSERT INTO nodes (label) VALUES (NULL)`); err == nil {
		t.Error("label accepted NULL after becoming NOT NULL")
	}
	if _, err := db.Exec(`INSERT INTO refers VALUES (9000, 99999)`); err == nil {
		t.Error("refers accepted a node that does not exist")
	}
	mustExec(t, db, `INSERT INTO nodes (label) VALUES ('new')`, `UPDATE nodes SET label = 'x' WHERE id = 3`, `INSERT INTO refers VALUES (9001, 3)`)
	if id := queryInt(t, db, `SELECT max(id) FROM nodes`); id != 2101 {
		t.Errorf("AUTOINCREMENT handed out %d, want 2101 (the old counter was 2100)", id)
	}
	if n := queryInt(t, db, `SELECT n FROM log`); n != 2001 {
		t.Errorf("log = %d, want 2001 (the refers trigger read the view)", n)
	}
	mustExec(t, db, `DELETE FROM refers`, `DELETE FROM nodes WHERE id = 1`)
	if n := queryInt(t, db, `SELECT count(*) FROM nodes`); n != 1 {
		t.Errorf("after deleting the root, %d nodes are left, want 1 (the new one): the self-reference's cascade is lost", n)
	}
}

// Turning defer_foreign_keys off forgets every pending count, so a rebuild
// made while a violation is pending (a DEFERRABLE INITIALLY DEFERRED key, or
// PRAGMA defer_foreign_keys on) must stop rather than let COMMIT pass it.
func TestBatchOneCopyKeepsPendingViolations(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		setup  []string
		before []ops.Op
	}{
		{"deferred key", []string{`CREATE TABLE later (node_id INTEGER REFERENCES refers (id) DEFERRABLE INITIALLY DEFERRED)`},
			[]ops.Op{&ops.Execute{SQL: "INSERT INTO later VALUES (777777)"}}},
		{"defer pragma", nil,
			[]ops.Op{&ops.Execute{SQL: "PRAGMA defer_foreign_keys = ON"}, &ops.Execute{SQL: "INSERT INTO refers VALUES (777777, 888888)"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, md := oneCopyDB(t)
			mustExec(t, db, tc.setup...)
			before := tableSums(t, db)
			list := append(tc.before, &ops.AlterColumn{Table: "nodes", Column: "label", Nullable: ptr(false)})
			err := apply(ctx, db, &dialect.RenderEnv{Current: md}, list...)
			if err == nil || !strings.Contains(err.Error(), "foreign key violation") {
				t.Fatalf("rebuild with a violation pending: err = %v, want the whole-database check to stop it", err)
			}
			if after := tableSums(t, db); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("the failed run changed the database:\nbefore %v\nafter  %v", before, after)
			}
			// Without the pending violation the same rebuild goes through.
			if err := apply(ctx, db, &dialect.RenderEnv{Current: md}, list[len(list)-1]); err != nil {
				t.Fatalf("rebuild with nothing pending: %v", err)
			}
		})
	}
}

// With foreign keys off (a script run by a sqlite3 shell that was not told to
// turn them on), the rename leaves a self-reference naming the scratch table:
// the rebuild must stop, naming the way out, and leave the database as it was.
func TestBatchOneCopySelfReferenceNeedsForeignKeys(t *testing.T) {
	ctx := context.Background()
	db, md := oneCopyDB(t)
	before := tableSums(t, db)
	st, err := Dialect{}.Render([]ops.Op{&ops.AlterColumn{Table: "nodes", Column: "label", Nullable: ptr(false)}}, &dialect.RenderEnv{Current: md})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "PRAGMA foreign_keys = ON") //nolint:errcheck
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // before the deferred PRAGMA, which waits for the transaction
	var failed error
	for _, s := range st {
		if s.ExpectNoRows {
			continue // what a script run without reading its output does
		}
		if _, err := tx.ExecContext(ctx, s.SQL); err != nil {
			failed = err
			break
		}
	}
	if failed == nil || !strings.Contains(failed.Error(), "foreign keys were off") || !strings.Contains(failed.Error(), "PRAGMA foreign_keys = ON") {
		t.Fatalf("rebuild with foreign keys off: err = %v, want the self-reference guard", failed)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if after := tableSums(t, db); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the stopped rebuild changed the database:\nbefore %v\nafter  %v", before, after)
	}
	if s := queryString(t, db, `SELECT sql FROM sqlite_schema WHERE name = 'nodes'`); strings.Contains(s, TempPrefix) || strings.Contains(s, "NOT NULL") {
		t.Errorf("nodes after the stopped rebuild: %s", s)
	}
}
