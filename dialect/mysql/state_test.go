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

// stateOps renames a column other tables' keys refer to and one an index uses
// by prefix, then drops a column of a two-column index and a unique key.
func stateOps() []ops.Op {
	return []ops.Op{
		&ops.CreateTable{Table: &schema.Table{Name: "p", Columns: []*schema.Column{{Name: "id", Type: schema.Integer()}},
			PrimaryKey: &schema.PrimaryKeyDef{Columns: []string{"id"}}}},
		&ops.CreateTable{Table: &schema.Table{Name: "c", Columns: []*schema.Column{
			{Name: "a", Type: schema.Integer(), Nullable: true}, {Name: "b", Type: schema.Integer(), Nullable: true}, {Name: "body", Type: schema.Text(), Nullable: true}}}},
		&ops.CreateIndex{Table: "c", Index: &schema.IndexDef{Name: "ix_c_ab", Columns: []string{"a", "b"}}},
		&ops.CreateIndex{Table: "c", Index: &schema.IndexDef{Name: "ix_c_body", Columns: []string{"body(20)"}}},
		&ops.CreateUniqueConstraint{Table: "c", Unique: &schema.UniqueDef{Name: "uq_c_b", Columns: []string{"b"}}},
		&ops.CreateForeignKey{Table: "c", ForeignKey: &schema.ForeignKeyDef{Name: "fk_c_a", Columns: []string{"a"}, RefTable: "p", RefColumns: []string{"id"}}},
		&ops.AlterColumn{Table: "p", Column: "id", NewName: "pid", ExistingType: ptr(schema.Integer()), ExistingNullable: ptr(false)},
		&ops.AlterColumn{Table: "c", Column: "body", NewName: "content", ExistingType: ptr(schema.Text()), ExistingNullable: ptr(true)},
		&ops.DropColumn{Table: "c", Column: "b"},
	}
}

// TestStateMatchesServer runs stateOps on the server and checks that the
// rendering state ends with the indexes and foreign keys the server reports.
func TestStateMatchesServer(t *testing.T) {
	db := testdb.MySQL(t)
	ctx := context.Background()
	list := stateOps()
	stmts, err := Dialect{}.Render(list, &dialect.RenderEnv{Current: &schema.MetaData{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := db.SQL.ExecContext(ctx, s.SQL); err != nil {
			t.Fatalf("%s: %v", s.SQL, err)
		}
	}
	st := newState(&dialect.RenderEnv{Current: &schema.MetaData{}})
	for _, o := range list {
		st.apply(o)
	}
	c := st.table("", "c")
	var model []string
	for _, ix := range c.Indexes {
		cols := make([]string, len(ix.Columns))
		for i, p := range ix.Columns {
			cols[i] = p
			if col, _, ok := prefixPart(p); ok {
				cols[i] = col
			}
		}
		model = append(model, ix.Name+": "+strings.Join(cols, ", "))
	}
	for _, u := range c.Uniques {
		model = append(model, u.Name+": "+strings.Join(u.Columns, ", "))
	}
	sort.Strings(model)
	if d := cmp.Diff(liveIndexes(t, db, "c"), model); d != "" {
		t.Errorf("indexes of c (-server +state):\n%s", d)
	}
	var refCol string
	if err := db.SQL.QueryRowContext(ctx, `SELECT REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'c' AND CONSTRAINT_NAME = 'fk_c_a'`).Scan(&refCol); err != nil {
		t.Fatal(err)
	}
	if len(c.ForeignKeys) != 1 || c.ForeignKeys[0].RefColumns[0] != refCol {
		t.Errorf("state's foreign keys of c = %+v; the server's refers to p.%s", c.ForeignKeys, refCol)
	}
}

// TestApplyTableExtensions covers what MySQL does its own way.
func TestApplyTableExtensions(t *testing.T) {
	base := func() *schema.Table {
		return &schema.Table{Name: "c",
			Columns:    []*schema.Column{{Name: "a"}, {Name: "b"}},
			PrimaryKey: &schema.PrimaryKeyDef{Name: "PRIMARY", Columns: []string{"a", "b"}},
			Uniques:    []*schema.UniqueDef{{Name: "uq", Columns: []string{"b"}}},
			Indexes:    []*schema.IndexDef{{Name: "ux", Columns: []string{"a"}, Unique: true}}}
	}
	tb := base()
	if err := applyTable(tb, &ops.DropColumn{Table: "c", Column: "b"}); err != nil {
		t.Fatal(err)
	}
	if tb.PrimaryKey == nil || !cmp.Equal(tb.PrimaryKey.Columns, []string{"a"}) || len(tb.Uniques) != 0 {
		t.Errorf("after drop_column b: pk %+v, uniques %+v; want pk (a), no unique", tb.PrimaryKey, tb.Uniques)
	}
	tb = base()
	if err := applyTable(tb, &ops.DropConstraint{Table: "c", Name: "pk_c", Type: ops.ConstraintPrimary}); err != nil || tb.PrimaryKey != nil {
		t.Errorf("drop of the primary key by another name: %v, %+v", err, tb.PrimaryKey)
	}
	if err := applyTable(tb, &ops.DropConstraint{Table: "c", Name: "ux", Type: ops.ConstraintUnique}); err != nil || len(tb.Indexes) != 0 {
		t.Errorf("drop_constraint unique of a unique index: %v, %+v", err, tb.Indexes)
	}
	if err := applyTable(tb, &ops.DropConstraint{Table: "c", Name: "nope", Type: ops.ConstraintUnique}); err == nil {
		t.Error("drop of a missing unique constraint succeeded")
	}
}
