package mysql

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// fkScenario is a list of ops run from an empty database, and the indexes
// (name: columns) that table c must have at the end, PRIMARY included.
type fkScenario struct {
	name string
	ops  []ops.Op
	want []string
	// sql, when set, is the SQL the last op must render to.
	sql string
}

func parentAndChild(extra ...*schema.Column) []ops.Op {
	cols := []*schema.Column{
		{Name: "a", Type: schema.Integer()},
		{Name: "b", Type: schema.Integer()},
	}
	return []ops.Op{
		&ops.CreateTable{Table: &schema.Table{Name: "p", Columns: []*schema.Column{{Name: "id", Type: schema.Integer()}},
			PrimaryKey: &schema.PrimaryKeyDef{Columns: []string{"id"}}}},
		&ops.CreateTable{Table: &schema.Table{Name: "p2", Columns: []*schema.Column{{Name: "x", Type: schema.Integer()}, {Name: "y", Type: schema.Integer()}},
			PrimaryKey: &schema.PrimaryKeyDef{Columns: []string{"x", "y"}}}},
		&ops.CreateTable{Table: &schema.Table{Name: "c", Columns: append(cols, extra...)}},
	}
}

func fk(name string, cols ...string) *ops.CreateForeignKey {
	return &ops.CreateForeignKey{Table: "c", ForeignKey: &schema.ForeignKeyDef{Name: name, Columns: cols, RefTable: "p", RefColumns: []string{"id"}}}
}

func fkScenarios() []fkScenario {
	seq := func(more ...ops.Op) []ops.Op { return append(parentAndChild(), more...) }
	return []fkScenario{
		{
			name: "drop index the server adopted for a key",
			ops: seq(fk("fk_c_a", "a"),
				&ops.CreateIndex{Table: "c", Index: &schema.IndexDef{Name: "ux_c_ab", Columns: []string{"a", "b"}, Unique: true}},
				&ops.DropIndex{Table: "c", Name: "ux_c_ab"}),
			want: []string{"fk_c_a: a"},
			sql:  "ALTER TABLE c DROP INDEX ux_c_ab, ADD INDEX fk_c_a (a)",
		},
		{
			name: "drop unique constraint a key uses",
			ops: seq(fk("fk_c_a", "a"),
				&ops.CreateUniqueConstraint{Table: "c", Unique: &schema.UniqueDef{Name: "uq_c_ab", Columns: []string{"a", "b"}}},
				&ops.DropConstraint{Table: "c", Name: "uq_c_ab", Type: ops.ConstraintUnique}),
			want: []string{"fk_c_a: a"},
			sql:  "ALTER TABLE c DROP INDEX uq_c_ab, ADD INDEX fk_c_a (a)",
		},
		{
			name: "drop foreign key drops the server's index",
			ops:  seq(fk("fk_c_a", "a"), &ops.DropConstraint{Table: "c", Name: "fk_c_a", Type: ops.ConstraintForeignKey}),
			want: nil,
			sql:  "ALTER TABLE c DROP FOREIGN KEY fk_c_a, DROP INDEX fk_c_a",
		},
		{
			name: "drop foreign key keeps a declared index",
			ops: seq(&ops.CreateIndex{Table: "c", Index: &schema.IndexDef{Name: "ix_c_a", Columns: []string{"a"}}},
				fk("fk_c_a", "a"), &ops.DropConstraint{Table: "c", Name: "fk_c_a", Type: ops.ConstraintForeignKey}),
			want: []string{"ix_c_a: a"},
			sql:  "ALTER TABLE c DROP FOREIGN KEY fk_c_a",
		},
		{
			name: "two keys on one column share an index",
			ops: seq(fk("fk_c_a1", "a"), fk("fk_c_a2", "a"),
				&ops.DropConstraint{Table: "c", Name: "fk_c_a1", Type: ops.ConstraintForeignKey}),
			want: []string{"fk_c_a2: a"},
			sql:  "ALTER TABLE c DROP FOREIGN KEY fk_c_a1",
		},
		{
			name: "the later of two keys on one column names the index",
			ops: seq(fk("fk_c_a1", "a"), fk("fk_c_a2", "a"),
				&ops.DropConstraint{Table: "c", Name: "fk_c_a2", Type: ops.ConstraintForeignKey}),
			want: []string{"fk_c_a1: a"},
			sql:  "ALTER TABLE c DROP FOREIGN KEY fk_c_a2, DROP INDEX fk_c_a2, ADD INDEX fk_c_a1 (a)",
		},
		{
			name: "a longer key's index serves a shorter one",
			ops: seq(fk("fk_c_a", "a"), &ops.CreateForeignKey{Table: "c", ForeignKey: &schema.ForeignKeyDef{Name: "fk_c_ab", Columns: []string{"a", "b"}, RefTable: "p2", RefColumns: []string{"x", "y"}}},
				&ops.DropConstraint{Table: "c", Name: "fk_c_ab", Type: ops.ConstraintForeignKey}),
			want: []string{"fk_c_a: a"},
			sql:  "ALTER TABLE c DROP FOREIGN KEY fk_c_ab, DROP INDEX fk_c_ab, ADD INDEX fk_c_a (a)",
		},
		{
			name: "drop primary key a key uses",
			ops: seq(&ops.AlterColumn{Table: "c", Column: "a", Nullable: ptr(false)},
				&ops.AlterColumn{Table: "c", Column: "b", Nullable: ptr(false)},
				&ops.CreatePrimaryKey{Table: "c", PrimaryKey: &schema.PrimaryKeyDef{Columns: []string{"a", "b"}}},
				fk("fk_c_a", "a"),
				&ops.DropConstraint{Table: "c", Name: "pk_c", Type: ops.ConstraintPrimary}),
			want: []string{"fk_c_a: a"},
			sql:  "ALTER TABLE c DROP PRIMARY KEY, ADD INDEX fk_c_a (a)",
		},
		{
			// MySQL shrinks ix_c_ab to (a) when b goes, and it still serves the
			// key: dropping the key then leaves ix_c_ab alone.
			name: "drop column keeps the shrunk index serving the key",
			ops: seq(&ops.CreateIndex{Table: "c", Index: &schema.IndexDef{Name: "ix_c_ab", Columns: []string{"a", "b"}}},
				fk("fk_c_a", "a"),
				&ops.DropColumn{Table: "c", Column: "b"},
				&ops.DropConstraint{Table: "c", Name: "fk_c_a", Type: ops.ConstraintForeignKey}),
			want: []string{"ix_c_ab: a"},
			sql:  "ALTER TABLE c DROP FOREIGN KEY fk_c_a",
		},
		{
			name: "drop key then its column",
			ops: seq(fk("fk_c_a", "a"),
				&ops.DropConstraint{Table: "c", Name: "fk_c_a", Type: ops.ConstraintForeignKey},
				&ops.DropColumn{Table: "c", Column: "a"}),
			want: nil,
			sql:  "ALTER TABLE c DROP COLUMN a",
		},
	}
}

func TestFKIndexRendering(t *testing.T) {
	for _, sc := range fkScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			st, err := Dialect{}.Render(sc.ops, &dialect.RenderEnv{Current: &schema.MetaData{}})
			if err != nil {
				t.Fatal(err)
			}
			last := st[len(st)-1]
			if last.Op != len(sc.ops)-1 || last.SQL != sc.sql {
				t.Errorf("last statement = op %d %q, want op %d %q", last.Op, last.SQL, len(sc.ops)-1, sc.sql)
			}
		})
	}
}

// TestFKIndexRenderingUnknownTable: without the table in the model the dialect
// cannot know about the keys, and renders the plain statement.
func TestFKIndexRenderingUnknownTable(t *testing.T) {
	got := renderOne(t, &ops.DropConstraint{Table: "c", Name: "fk_c_a", Type: ops.ConstraintForeignKey}, nil)
	if want := []string{"ALTER TABLE c DROP FOREIGN KEY fk_c_a"}; !cmp.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestDropColumnOfKeyRefused(t *testing.T) {
	list := append(parentAndChild(), fk("fk_c_a", "a"), &ops.DropColumn{Table: "c", Column: "a"})
	_, err := Dialect{}.Render(list, &dialect.RenderEnv{Current: &schema.MetaData{}})
	if err == nil || !strings.Contains(err.Error(), `column "a" is used by foreign key fk_c_a`) || !strings.Contains(err.Error(), "drop the key first") {
		t.Fatalf("err = %v, want a refusal naming the key and what to do", err)
	}
}

// TestFKIndexLive runs every scenario on the server and compares the indexes
// table c ends with.
func TestFKIndexLive(t *testing.T) {
	db := testdb.MySQL(t)
	ctx := context.Background()
	for i, sc := range fkScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			t.Cleanup(func() {
				_, _ = db.SQL.ExecContext(ctx, "DROP TABLE IF EXISTS c")
				_, _ = db.SQL.ExecContext(ctx, "DROP TABLE IF EXISTS p2")
				_, _ = db.SQL.ExecContext(ctx, "DROP TABLE IF EXISTS p")
			})
			st, err := Dialect{}.Render(sc.ops, &dialect.RenderEnv{Current: &schema.MetaData{}})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range st {
				if _, err := db.SQL.ExecContext(ctx, s.SQL); err != nil {
					t.Fatalf("scenario %d: %s: %v", i, s.SQL, err)
				}
			}
			got := liveIndexes(t, db, "c")
			if diff := cmp.Diff(sc.want, got); diff != "" {
				t.Errorf("indexes of c (-want +got):\n%s", diff)
			}
		})
	}
}

// liveIndexes lists table's indexes other than PRIMARY as "name: col, col".
func liveIndexes(t *testing.T, db *testdb.DB, table string) []string {
	t.Helper()
	rows, err := db.SQL.Query(`SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME <> 'PRIMARY' ORDER BY INDEX_NAME, SEQ_IN_INDEX`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols := map[string][]string{}
	for rows.Next() {
		var n, c string
		if err := rows.Scan(&n, &c); err != nil {
			t.Fatal(err)
		}
		cols[n] = append(cols[n], c)
	}
	var out []string
	for n, c := range cols {
		out = append(out, n+": "+strings.Join(c, ", "))
	}
	sort.Strings(out)
	return out
}

// TestDropIndexLeftToDropTable: the indexes of a table dropped later in the
// same revision are left to DROP TABLE (a key of the table may still need them);
// anything else on the table in between keeps the DROP INDEX.
func TestDropIndexLeftToDropTable(t *testing.T) {
	drop := &ops.DropIndex{Table: "c", Name: "ix_c_a"}
	cases := []struct {
		list []ops.Op
		want []string
	}{
		{[]ops.Op{drop, &ops.DropConstraint{Table: "c", Name: "uq_c_b", Type: ops.ConstraintUnique}, &ops.DropIndex{Table: "other", Name: "ix_o"}, &ops.DropTable{Name: "c"}},
			[]string{"DROP INDEX ix_o ON other", "DROP TABLE c"}},
		{[]ops.Op{drop, &ops.CreateIndex{Table: "c", Index: &schema.IndexDef{Name: "ix_c_a", Columns: []string{"b"}}}, &ops.DropTable{Name: "c"}},
			[]string{"DROP INDEX ix_c_a ON c", "CREATE INDEX ix_c_a ON c (b)", "DROP TABLE c"}},
		{[]ops.Op{drop, &ops.Execute{SQL: "SELECT 1"}, &ops.DropTable{Name: "c"}},
			[]string{"DROP INDEX ix_c_a ON c", "SELECT 1", "DROP TABLE c"}},
		{[]ops.Op{drop, &ops.RenameTable{Name: "d", NewName: "c"}, &ops.DropTable{Name: "c"}},
			[]string{"DROP INDEX ix_c_a ON c", "RENAME TABLE d TO c", "DROP TABLE c"}},
		{[]ops.Op{drop}, []string{"DROP INDEX ix_c_a ON c"}},
	}
	for i, c := range cases {
		st, err := Dialect{}.Render(c.list, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range st {
			got = append(got, s.SQL)
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("case %d (-want +got):\n%s", i, diff)
		}
	}
}
