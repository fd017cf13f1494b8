package schema

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDeclareObjects(t *testing.T) {
	m := NewMetaData()
	m.Table("film", Col("id", Integer()).PrimaryKey())
	m.Extension("pg_trgm")
	m.ExtensionIn("btree_gin", "ext", "1.3")
	m.Schema("audit")
	m.Sequence("audit.ticket_seq", "START WITH 10")
	m.Domain("year", "integer CONSTRAINT year_check CHECK (VALUE >= 1901)")
	m.Function("public.last_day(timestamp with time zone)", "CREATE FUNCTION public.last_day(timestamp with time zone) RETURNS date LANGUAGE sql AS 'SELECT 1'")
	m.Function("f(public.film)", "CREATE FUNCTION f(public.film) RETURNS integer LANGUAGE sql AS 'SELECT 1'")
	m.View("film_ids", "SELECT id FROM film").Comment("ids").DependsOn("table:film")
	m.Trigger("public.film", "touch", "CREATE TRIGGER touch BEFORE UPDATE ON public.film FOR EACH ROW EXECUTE FUNCTION touch()")
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	want := []*ObjectDef{
		{Kind: KindExtension, Name: "pg_trgm"},
		{Kind: KindExtension, Schema: "ext", Name: "btree_gin", Definition: "1.3"},
		{Kind: KindSchema, Name: "audit"},
		{Kind: KindSequence, Schema: "audit", Name: "ticket_seq", Definition: "START WITH 10"},
		{Kind: KindDomain, Name: "year", Definition: "integer CONSTRAINT year_check CHECK (VALUE >= 1901)"},
		{Kind: KindFunction, Schema: "public", Name: "last_day(timestamp with time zone)", Definition: "CREATE FUNCTION public.last_day(timestamp with time zone) RETURNS date LANGUAGE sql AS 'SELECT 1'"},
		{Kind: KindFunction, Name: "f(public.film)", Definition: "CREATE FUNCTION f(public.film) RETURNS integer LANGUAGE sql AS 'SELECT 1'"},
		{Kind: KindView, Name: "film_ids", Definition: "SELECT id FROM film", Comment: "ids", DependsOn: []string{"table:film"}},
		{Kind: KindTrigger, Schema: "public", Table: "film", Name: "touch", Definition: "CREATE TRIGGER touch BEFORE UPDATE ON public.film FOR EACH ROW EXECUTE FUNCTION touch()"},
	}
	if d := cmp.Diff(want, m.Objects); d != "" {
		t.Errorf("declared objects (-want +got):\n%s", d)
	}
	if !m.ManagesKind(KindView) || m.ManagesKind(KindPolicy) {
		t.Errorf("ManagesKind: view %v, policy %v; want true, false", m.ManagesKind(KindView), m.ManagesKind(KindPolicy))
	}
	b, err := MarshalJSON(m)
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(m.Objects, back.Objects); d != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", d)
	}
	c := m.Clone()
	c.Objects[0].Name = "changed"
	c.Objects[7].DependsOn[0] = "changed"
	if m.Objects[0].Name != "pg_trgm" || m.Objects[7].DependsOn[0] != "table:film" {
		t.Error("Clone shares objects with the original")
	}
}

func TestValidateObjects(t *testing.T) {
	for _, tc := range []struct {
		decl func(m *MetaData)
		want string
	}{
		{func(m *MetaData) { m.View("v", "SELECT 1"); m.View("v", "SELECT 2") }, `view "view:v" is declared twice`},
		{func(m *MetaData) { m.Function("f", "CREATE FUNCTION f() …") }, `function "f": name it with its argument types`},
		{func(m *MetaData) { m.View("v", "  ") }, `view "v" has no definition`},
		{func(m *MetaData) { m.Objects = append(m.Objects, &ObjectDef{Kind: "rule", Name: "r"}) }, `unknown kind "rule"`},
		{func(m *MetaData) {
			m.Objects = append(m.Objects, &ObjectDef{Kind: KindTrigger, Name: "t", Definition: "x"})
		}, `trigger "t" names no table`},
		{func(m *MetaData) { m.ManageObjects("views") }, `unknown object kind "views"`},
	} {
		m := NewMetaData()
		tc.decl(m)
		err := m.Validate()
		if tc.want == "" {
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate() = %v, want it to say %q", err, tc.want)
		}
	}
}
