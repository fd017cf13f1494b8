package schema_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/schema"
)

func TestIndexDetailBuilders(t *testing.T) {
	m := schema.NewMetaData()
	tb := m.Table("doc",
		schema.Col("body", schema.Dialect("postgresql", "jsonb")),
		schema.Col("at", schema.Date()),
		schema.Index("ix_doc", "body", "at").Using("gin").Include("x").Opclass("jsonb_path_ops").Order("", "DESC"),
	).Table()
	want := &schema.IndexDef{Name: "ix_doc", Columns: []string{"body", "at"}, Using: "gin", Include: []string{"x"},
		Opclass: []string{"jsonb_path_ops"}, Order: []string{"", "DESC"}}
	if diff := cmp.Diff(want, tb.Indexes[0]); diff != "" {
		t.Errorf("index (-want +got):\n%s", diff)
	}
	src, err := schema.GoSource(m, "models")
	if err != nil {
		t.Fatal(err)
	}
	if w := `.Using("gin").Include("x").Opclass("jsonb_path_ops").Order("", "DESC")`; !strings.Contains(string(src), w) {
		t.Errorf("GoSource lacks %s:\n%s", w, src)
	}
}
