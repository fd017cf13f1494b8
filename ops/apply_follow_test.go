package ops

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/retortdb/migrate/schema"
)

// followBase has a table "nodes" whose column a is used by every kind of
// object, a table "edges" referring to it, and a table in another schema with
// the same names, which no op below may touch.
func followBase() *schema.MetaData {
	nodes := func(sch string) *schema.Table {
		return &schema.Table{
			Name:   "nodes",
			Schema: sch,
			Columns: []*schema.Column{
				{Name: "a", Type: schema.Integer()},
				{Name: "b", Type: schema.Text()},
				{Name: "parent", Type: schema.Integer(), Nullable: true},
			},
			PrimaryKey:  &schema.PrimaryKeyDef{Name: "pk_nodes", Columns: []string{"a"}},
			ForeignKeys: []*schema.ForeignKeyDef{{Name: "fk_parent", Columns: []string{"parent"}, RefSchema: sch, RefTable: "nodes", RefColumns: []string{"a"}}},
			Uniques:     []*schema.UniqueDef{{Name: "uq_ab", Columns: []string{"a", "b"}}, {Name: "uq_b", Columns: []string{"b"}}},
			Checks: []*schema.CheckDef{
				{Name: "ck_a", Expr: "a > 0 AND b <> 'a'"},
				{Name: "ck_quoted", Expr: `"A" IS NOT NULL -- a comment about a`},
				{Name: "ck_b", Expr: "length(b) > 1 AND b <> 'a' /* a */"},
				{Name: "ck_func", Expr: "abs(parent) >= 0"},
			},
			Indexes: []*schema.IndexDef{
				{Name: "ix_expr", Columns: []string{"(a + 1)"}},
				{Name: "ix_incl", Columns: []string{"b"}, Include: []string{"a"}},
				{Name: "ix_where", Columns: []string{"b"}, Where: "a IS NOT NULL"},
				{Name: "ix_b", Columns: []string{"lower(b)"}},
			},
			Triggers: []*schema.TriggerDef{{Name: "tr", SQL: "CREATE TRIGGER tr AFTER INSERT ON nodes BEGIN SELECT 1; END"}},
		}
	}
	edges := func(sch string) *schema.Table {
		return &schema.Table{
			Name:   "edges",
			Schema: sch,
			Columns: []*schema.Column{
				{Name: "from_a", Type: schema.Integer()},
				{Name: "to_b", Type: schema.Text()},
			},
			ForeignKeys: []*schema.ForeignKeyDef{
				{Name: "fk_from", Columns: []string{"from_a"}, RefSchema: sch, RefTable: "nodes", RefColumns: []string{"a"}},
				{Name: "fk_to", Columns: []string{"to_b"}, RefSchema: sch, RefTable: "nodes", RefColumns: []string{"b"}},
			},
		}
	}
	return &schema.MetaData{Tables: []*schema.Table{nodes(""), edges(""), nodes("other"), edges("other")}}
}

func TestApplyRenameColumnFollows(t *testing.T) {
	m, want := followBase(), followBase()
	if err := Apply(m, &AlterColumn{Table: "nodes", Column: "a", NewName: "id"}); err != nil {
		t.Fatal(err)
	}
	n := want.Tables[0]
	n.Columns[0].Name = "id"
	n.PrimaryKey.Columns = []string{"id"}
	n.ForeignKeys[0].RefColumns = []string{"id"} // the self-reference
	n.Uniques[0].Columns = []string{"id", "b"}
	n.Checks[0].Expr = "id > 0 AND b <> 'a'"                   // not inside the string
	n.Checks[1].Expr = `"id" IS NOT NULL -- a comment about a` // quoted stays quoted; comment kept
	n.Indexes[0].Columns = []string{"(id + 1)"}
	n.Indexes[1].Include = []string{"id"}
	n.Indexes[2].Where = "id IS NOT NULL"
	want.Tables[1].ForeignKeys[0].RefColumns = []string{"id"} // another table's key
	if d := cmp.Diff(want, m, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("after renaming nodes.a (-want +got):\n%s", d)
	}
}

func TestApplyRenameTableFollows(t *testing.T) {
	m, want := followBase(), followBase()
	if err := Apply(m, &RenameTable{Name: "nodes", NewName: "vertices"}); err != nil {
		t.Fatal(err)
	}
	n := want.Tables[0]
	n.Name = "vertices"
	n.ForeignKeys[0].RefTable = "vertices"
	n.Triggers = nil // their SQL names the old table; the model forgets them
	for _, fk := range want.Tables[1].ForeignKeys {
		fk.RefTable = "vertices"
	}
	if d := cmp.Diff(want, m, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("after renaming nodes (-want +got):\n%s", d)
	}
}

func TestApplyDropColumnCascades(t *testing.T) {
	m, want := followBase(), followBase()
	if err := Apply(m, &DropColumn{Table: "nodes", Column: "a"}); err != nil {
		t.Fatal(err)
	}
	n := want.Tables[0]
	n.Columns = n.Columns[1:]
	n.PrimaryKey = nil
	// fk_parent (and edges' fk_from) only refer to a: a server refuses such a
	// drop unless told to cascade, and the model keeps them as they are.
	n.Uniques = n.Uniques[1:]
	n.Checks = []*schema.CheckDef{n.Checks[2], n.Checks[3]} // ck_a and ck_quoted ("A") use it
	n.Indexes = []*schema.IndexDef{n.Indexes[3]}            // by expression, INCLUDE and WHERE
	if d := cmp.Diff(want, m, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("after dropping nodes.a (-want +got):\n%s", d)
	}
	// Dropping a column that a foreign key lists drops that key.
	if err := Apply(m, &DropColumn{Table: "edges", Column: "to_b"}); err != nil {
		t.Fatal(err)
	}
	if e := m.Tables[1]; len(e.ForeignKeys) != 1 || e.ForeignKeys[0].Name != "fk_from" {
		t.Errorf("edges' foreign keys after dropping to_b: %+v", e.ForeignKeys)
	}
}

func TestApplyTableMatchesApply(t *testing.T) {
	list := []Op{
		&AlterColumn{Table: "nodes", Column: "b", NewName: "title", Type: tp(schema.Varchar(10))},
		&CreateIndex{Table: "nodes", Index: &schema.IndexDef{Name: "ix_new", Columns: []string{"title"}, Include: []string{"a"}}},
		&DropColumn{Table: "nodes", Column: "parent"},
		&CreateCheckConstraint{Table: "nodes", Check: &schema.CheckDef{Name: "ck_t", Expr: "title <> ''"}},
		&DropConstraint{Table: "nodes", Name: "uq_ab", Type: ConstraintUnique},
		&DropIndex{Table: "nodes", Name: "ix_b"},
		&CreateTableComment{Table: "nodes", Comment: "graph"},
		&RenameTable{Name: "nodes", NewName: "n2"},
	}
	m := followBase()
	tb := followBase().Tables[0]
	for _, o := range list {
		if err := Apply(m, o); err != nil {
			t.Fatal(err)
		}
		if err := ApplyTable(tb, o); err != nil {
			t.Fatal(err)
		}
	}
	if d := cmp.Diff(m.Tables[0], tb); d != "" {
		t.Errorf("ApplyTable and Apply disagree on the table (-Apply +ApplyTable):\n%s", d)
	}
	if err := ApplyTable(tb, &CreateEnum{Name: "e"}); err == nil || !strings.Contains(err.Error(), "not an op on one table") {
		t.Errorf("ApplyTable(create_enum) error = %v", err)
	}
	before := tb.Clone()
	if err := ApplyTable(tb, &AlterColumn{Column: "title", NewName: "a"}); err == nil {
		t.Error("renaming onto an existing column succeeded")
	}
	if d := cmp.Diff(before, tb, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("failed ApplyTable changed the table:\n%s", d)
	}
}

func TestFollowRefs(t *testing.T) {
	m := followBase()
	edges := m.Tables[1]
	ren := &AlterColumn{Table: "nodes", Column: "b", NewName: "title"}
	if !Refers(edges, ren) || Refers(m.Tables[0], &AlterColumn{Table: "edges", Column: "to_b", NewName: "x"}) {
		t.Fatal("Refers is wrong")
	}
	if Refers(edges, &AlterColumn{Table: "nodes", Column: "b", Nullable: bp(true)}) || Refers(edges, &AlterColumn{Schema: "other", Table: "nodes", Column: "b", NewName: "t"}) {
		t.Fatal("Refers reports an op that changes no reference")
	}
	if !FollowRefs(edges, ren) || edges.ForeignKeys[1].RefColumns[0] != "title" || edges.ForeignKeys[0].RefColumns[0] != "a" {
		t.Fatalf("FollowRefs: %+v %+v", edges.ForeignKeys[0], edges.ForeignKeys[1])
	}
	if FollowRefs(edges, &DropColumn{Table: "nodes", Column: "a"}) {
		t.Fatal("FollowRefs changed something for drop_column")
	}
}

func TestMentionsAndRenameIdent(t *testing.T) {
	cases := []struct {
		expr, from, to string
		mentions       bool
		renamed        string
	}{
		{"a > 0", "a", "b", true, "b > 0"},
		{"A > 0", "a", "b", true, "b > 0"},
		{"'a' = x", "a", "b", false, "'a' = x"},
		{"x = 'it''s a'", "a", "b", false, "x = 'it''s a'"},
		{"-- a\nx > 0", "a", "b", false, "-- a\nx > 0"},
		{"a(x) > 0", "a", "b", false, "a(x) > 0"},
		{"lower (name)", "lower", "b", false, "lower (name)"},
		{"x::text = 'a'", "text", "b", false, "x::text = 'a'"},
		{`"a" > 0`, "a", "my col", true, `"my col" > 0`},
		{"`a` > 0 AND a < 9", "a", "my`col", true, "`my``col` > 0 AND `my``col` < 9"},
		{"[a] > 0", "a", "b", true, "[b] > 0"},
		{"a > 0", "a", "order", true, `"order" > 0`},
		{"a > 0", "a", "Mixed", true, `"Mixed" > 0`},
		{"ab > 0 AND t.a = 1", "a", "b", true, "ab > 0 AND t.b = 1"},
		{"a1 > 1e5", "e5", "b", false, "a1 > 1e5"},
		{"x = 'open", "open", "b", true, "x = 'open"}, // does not lex: mentions errs on the side of the drop, rename leaves it
		{"", "a", "b", false, ""},
	}
	for _, c := range cases {
		if got := Mentions(c.expr, c.from); got != c.mentions {
			t.Errorf("Mentions(%q, %q) = %v", c.expr, c.from, got)
		}
		if got := RenameIdent(c.expr, c.from, c.to); got != c.renamed {
			t.Errorf("RenameIdent(%q, %q, %q) = %q, want %q", c.expr, c.from, c.to, got, c.renamed)
		}
	}
}
