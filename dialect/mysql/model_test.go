package mysql

import (
	"errors"
	"slices"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/dialect/postgres"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

func modelOf() *ops.Model {
	t := &schema.Table{Name: "t", Columns: []*schema.Column{{Name: "a"}, {Name: "b"}, {Name: "c"}},
		PrimaryKey: &schema.PrimaryKeyDef{Name: "pk", Columns: []string{"a", "b"}},
		Uniques:    []*schema.UniqueDef{{Name: "uq_bc", Columns: []string{"b", "c"}}},
		Indexes:    []*schema.IndexDef{{Name: "ix_b", Columns: []string{"b"}}, {Name: "ix_ab", Columns: []string{"a", "b"}}}}
	return ops.NewModel(&schema.MetaData{Tables: []*schema.Table{t}})
}

// TestApplyModel: through dialect.ApplyModel, MySQL's model keeps the keys a
// dropped column was one of several columns of, on the remaining ones, and
// drops a one-column key; PostgreSQL's (the fallback, ops.Apply) drops them
// all. A failing op leaves the model as it was and wraps ops.ErrNotFound.
func TestApplyModel(t *testing.T) {
	m := modelOf()
	if err := dialect.ApplyModel(Dialect{}, m, &ops.DropColumn{Table: "t", Column: "b"}); err != nil {
		t.Fatal(err)
	}
	tb := m.Table("", "t")
	if tb.PrimaryKey == nil || !slices.Equal(tb.PrimaryKey.Columns, []string{"a"}) {
		t.Errorf("primary key = %+v, want (a)", tb.PrimaryKey)
	}
	if len(tb.Uniques) != 1 || !slices.Equal(tb.Uniques[0].Columns, []string{"c"}) {
		t.Errorf("uniques = %+v, want uq_bc on (c)", tb.Uniques)
	}
	if len(tb.Indexes) != 1 || tb.Indexes[0].Name != "ix_ab" || !slices.Equal(tb.Indexes[0].Columns, []string{"a"}) {
		t.Errorf("indexes = %+v, want ix_ab on (a) only", tb.Indexes)
	}
	if err := dialect.ApplyModel(Dialect{}, m, &ops.DropIndex{Table: "t", Name: "ix_ab"}); err != nil {
		t.Errorf("drop_index of the kept key: %v", err)
	}
	before := m.Table("", "t").Clone()
	err := dialect.ApplyModel(Dialect{}, m, &ops.DropColumn{Table: "t", Column: "nope"})
	if !errors.Is(err, ops.ErrNotFound) {
		t.Errorf("drop_column of a missing column: %v, want ops.ErrNotFound", err)
	}
	if after := m.Table("", "t"); len(after.Columns) != len(before.Columns) || len(after.Uniques) != len(before.Uniques) {
		t.Errorf("a failed op changed the model: %+v", after)
	}

	pg := modelOf()
	if err := dialect.ApplyModel(postgres.Dialect{}, pg, &ops.DropColumn{Table: "t", Column: "b"}); err != nil {
		t.Fatal(err)
	}
	if tb := pg.Table("", "t"); tb.PrimaryKey != nil || len(tb.Uniques) != 0 || len(tb.Indexes) != 0 {
		t.Errorf("fallback: keys with b left: %+v", tb)
	}
}
