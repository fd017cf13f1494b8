package sqlite

import (
	"context"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// TestRenameFollowsThroughRebuild renames columns that a CHECK, an
// expression index, a partial index and another table's foreign key use, and
// rebuilds the table (in the same Render call as a rename, and in a later one
// from the model ops.Apply carries): every rebuild must restate the renamed
// columns, and SQLite's own catalog must agree with the model.
func TestRenameFollowsThroughRebuild(t *testing.T) {
	db := testdb.SQLite(t)
	ctx := context.Background()
	model := &schema.MetaData{}
	run := func(list ...ops.Op) {
		t.Helper()
		if err := apply(ctx, db.SQL, &dialect.RenderEnv{Current: model, Model: ops.NewModel(model)}, list...); err != nil {
			t.Fatal(err)
		}
		for _, o := range list {
			if err := ops.Apply(model, o); err != nil {
				t.Fatal(err)
			}
		}
	}
	run(
		&ops.CreateTable{Table: &schema.Table{Name: "t",
			Columns:    []*schema.Column{{Name: "a", Type: schema.Integer()}, {Name: "b", Type: schema.Text(), Nullable: true}},
			PrimaryKey: &schema.PrimaryKeyDef{Columns: []string{"a"}},
			Checks:     []*schema.CheckDef{{Name: "ck_t", Expr: "a > 0 AND b <> 'a'"}}}},
		&ops.CreateIndex{Table: "t", Index: &schema.IndexDef{Name: "ix_t_expr", Columns: []string{"(a + 1)"}}},
		&ops.CreateIndex{Table: "t", Index: &schema.IndexDef{Name: "ix_t_where", Columns: []string{"b"}, Where: "a IS NOT NULL"}},
		&ops.CreateTable{Table: &schema.Table{Name: "u",
			Columns:     []*schema.Column{{Name: "x", Type: schema.Integer(), Nullable: true}},
			ForeignKeys: []*schema.ForeignKeyDef{{Name: "fk_u_t", Columns: []string{"x"}, RefTable: "t", RefColumns: []string{"a"}}}}},
	)
	mustExec(t, db.SQL, "INSERT INTO t (a, b) VALUES (1, 'x')", "INSERT INTO u (x) VALUES (1)")
	// A native rename (SQLite rewrites the CHECK, the indexes and u's key),
	// then a rebuild from the model alone, which must restate them renamed.
	run(&ops.AlterColumn{Table: "t", Column: "a", NewName: "n"})
	run(&ops.AlterColumn{Table: "t", Column: "b", Nullable: ptr(false), ServerDefault: &ops.Change{Value: ptr("'-'")}})
	// A rename and a rebuild in one Render call: one move and copy.
	run(
		&ops.AlterColumn{Table: "t", Column: "b", NewName: "title"},
		&ops.AlterColumn{Table: "t", Column: "title", Type: ptr(schema.Varchar(20))},
	)
	// A rename of a column another table refers to, then a rebuild, in one
	// Render call: the rename stays native, so that SQLite rewrites u's key.
	run(
		&ops.AlterColumn{Table: "t", Column: "n", NewName: "k"},
		&ops.AlterColumn{Table: "t", Column: "title", Nullable: ptr(true)},
		&ops.AlterColumn{Table: "t", Column: "k", NewName: "n"},
	)

	if s := queryString(t, db.SQL, "SELECT sql FROM sqlite_schema WHERE name = 't'"); !strings.Contains(s, "n > 0 AND title <> 'a'") {
		t.Errorf("table t is %s; want its CHECK on n and title", s)
	}
	for name, want := range map[string]string{"ix_t_expr": "(n + 1)", "ix_t_where": "(title) WHERE n IS NOT NULL"} {
		if s := queryString(t, db.SQL, "SELECT sql FROM sqlite_schema WHERE name = '"+name+"'"); !strings.Contains(s, want) {
			t.Errorf("index %s is %s; want it to contain %s", name, s, want)
		}
	}
	if to := queryString(t, db.SQL, `SELECT "to" FROM pragma_foreign_key_list('u')`); to != "n" {
		t.Errorf("u's foreign key refers to t.%s, want t.n", to)
	}
	mt := model.FindTable("", "t")
	if mt.Checks[0].Expr != "n > 0 AND title <> 'a'" || mt.Indexes[0].Columns[0] != "(n + 1)" || mt.Indexes[1].Where != "n IS NOT NULL" {
		t.Errorf("model of t: checks %+v, indexes %+v %+v", mt.Checks[0], mt.Indexes[0], mt.Indexes[1])
	}
	if fk := model.FindTable("", "u").ForeignKeys[0]; fk.RefColumns[0] != "n" {
		t.Errorf("model of u's key: %+v", fk)
	}
	if n := queryInt(t, db.SQL, "SELECT count(*) FROM t JOIN u ON u.x = t.n"); n != 1 {
		t.Errorf("rows after the rebuilds: %d, want 1", n)
	}
}
