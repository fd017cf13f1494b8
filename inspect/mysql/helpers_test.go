package mysql

import (
	"context"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/dialect"
	mysqldialect "github.com/retortdb/migrate/dialect/mysql"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// apply renders list with the MySQL dialect and runs each statement on db.
func apply(t *testing.T, db *testdb.DB, cur *schema.MetaData, list ...ops.Op) {
	t.Helper()
	stmts, err := mysqldialect.Dialect{}.Render(list, &dialect.RenderEnv{Current: cur})
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	for _, s := range stmts {
		if _, err := db.SQL.Exec(s.SQL); err != nil {
			t.Fatalf("op %d: %v\n%s", s.Op, err, s.SQL)
		}
	}
}

// createAll returns CreateTable and CreateIndex ops for every table of m.
func createAll(m *schema.MetaData) []ops.Op {
	var list []ops.Op
	for _, tb := range m.Tables {
		list = append(list, &ops.CreateTable{Table: tb})
	}
	for _, tb := range m.Tables {
		for _, ix := range tb.Indexes {
			list = append(list, &ops.CreateIndex{Schema: tb.Schema, Table: tb.Name, Index: ix})
		}
	}
	return list
}

// inspectT inspects db and fails the test on error; it also returns the number of
// catalog queries.
func inspectT(t *testing.T, db *testdb.DB, opts inspect.Options) (*schema.MetaData, int) {
	t.Helper()
	m, n, err := inspectDB(context.Background(), db.SQL, opts)
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	return m, n
}

// asMySQLStores projects declared metadata onto what MySQL can store and this
// inspector documents it reports: no primary-key names, enums named after their
// column and no MetaData.Enums, unique indexes over plain columns as unique
// constraints, no naming convention, and the inspector's sort order.
func asMySQLStores(m *schema.MetaData) *schema.MetaData {
	out := &schema.MetaData{Tables: []*schema.Table{}}
	for _, t := range m.Tables {
		c := t.Clone()
		if c.PrimaryKey != nil {
			c.PrimaryKey.Name = ""
		}
		for _, col := range c.Columns {
			if col.Type.Name == schema.TEnum {
				col.Type.EnumName = col.Name
			}
		}
		var idx []*schema.IndexDef
		for _, ix := range c.Indexes {
			if ix.Unique {
				c.Uniques = append(c.Uniques, &schema.UniqueDef{Name: ix.Name, Columns: ix.Columns})
				continue
			}
			idx = append(idx, ix)
		}
		c.Indexes = idx
		out.Tables = append(out.Tables, c)
	}
	sortMetaData(out)
	return out
}

func diffMeta(want, got *schema.MetaData) string {
	norm := func(m *schema.MetaData) *schema.MetaData {
		c := *m
		sort.Strings(c.Views)
		return &c
	}
	return cmp.Diff(norm(want), norm(got))
}
