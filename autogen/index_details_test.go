package autogen

import (
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

func TestIndexDetails(t *testing.T) {
	withIndex := func(mod func(ix *schema.IndexDef)) *schema.MetaData {
		m := md(tbl("docs", idCol(), schema.Col("body", schema.Text()), schema.Col("at", schema.Date()),
			schema.Index("ix_docs_body", "body", "at")))
		mod(table(m, "docs").Indexes[0])
		return m
	}
	none := func(*schema.IndexDef) {}
	gin := func(ix *schema.IndexDef) { ix.Using = "gin" }
	desc := func(ix *schema.IndexDef) { ix.Order = []string{"", "DESC"} }
	opclass := func(ix *schema.IndexDef) { ix.Opclass = []string{"text_pattern_ops"} }
	include := func(ix *schema.IndexDef) { ix.Include = []string{"id"} }
	changed := func(name string, declared, live func(*schema.IndexDef)) testCase {
		d, l := withIndex(declared), withIndex(live)
		return testCase{
			name: name, declared: d, live: l,
			want: []ops.Op{
				&ops.DropIndex{Table: "docs", Name: "ix_docs_body", Existing: table(l, "docs").Indexes[0].Clone()},
				&ops.CreateIndex{Table: "docs", Index: table(d, "docs").Indexes[0].Clone()},
			},
			findings: []string{"Detected removed index 'ix_docs_body' on 'docs'", "Detected added index 'ix_docs_body' on ['body', 'at']"},
		}
	}
	runCases(t, []testCase{
		changed("method added", gin, none),
		changed("order added", desc, none),
		changed("order removed", none, desc),
		changed("opclass added", opclass, none),
		changed("include added", include, none),
		{name: "btree is the default method", declared: withIndex(func(ix *schema.IndexDef) { ix.Using = "BTREE" }), live: withIndex(none)},
		{name: "default orderings", declared: withIndex(func(ix *schema.IndexDef) { ix.Order = []string{"asc nulls last", "DESC NULLS FIRST"} }), live: withIndex(desc)},
		{name: "missing entries are defaults", declared: withIndex(func(ix *schema.IndexDef) { ix.Opclass = []string{"", ""}; ix.Order = []string{""} }), live: withIndex(none)},
	})
}

func TestIndexOrder(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "ASC": "", "asc nulls last": "", "NULLS FIRST": "NULLS FIRST", "DESC": "DESC",
		"desc  nulls first": "DESC", "DESC NULLS LAST": "DESC NULLS LAST", "ASC NULLS FIRST": "NULLS FIRST",
	} {
		if got := indexOrder(in); got != want {
			t.Errorf("indexOrder(%q) = %q, want %q", in, got, want)
		}
	}
}
