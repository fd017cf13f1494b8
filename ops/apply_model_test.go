package ops

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/retortdb/migrate/schema"
)

func modelNames(m *schema.MetaData) string {
	s := ""
	for _, t := range m.Tables {
		s += t.Schema + "." + t.Name + " "
	}
	return s
}

// TestModelIndexFollowsChanges checks that Model.Table answers as FindTable
// does after every kind of change Apply makes, and after changes made behind
// the model's back that it can notice; and that Model.Apply and Apply leave
// the same schema.
func TestModelIndexFollowsChanges(t *testing.T) {
	md := &schema.MetaData{}
	for i := 0; i < 5; i++ {
		md.Tables = append(md.Tables, &schema.Table{Name: fmt.Sprint("t", i), Columns: []*schema.Column{{Name: "id", Type: schema.Integer()}}})
	}
	plain := md.Clone()
	m := NewModel(md)
	if m.MetaData() != md {
		t.Fatal("MetaData is not the schema given")
	}
	check := func(step string, names ...string) {
		t.Helper()
		for _, n := range names {
			for _, sch := range []string{"", "s"} {
				if got, want := m.Table(sch, n), md.FindTable(sch, n); got != want {
					t.Fatalf("%s: Table(%q, %q) = %v, FindTable = %v (tables: %s)", step, sch, n, got, want, modelNames(md))
				}
			}
		}
		if d := cmp.Diff(plain, md, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("%s: Model.Apply and Apply disagree (-Apply +Model.Apply):\n%s", step, d)
		}
	}
	apply := func(o Op) {
		t.Helper()
		if err := m.Apply(o); err != nil {
			t.Fatal(err)
		}
		if err := Apply(plain, o); err != nil {
			t.Fatal(err)
		}
	}
	all := []string{"t0", "t1", "t2", "t3", "t4", "t5", "u", "v"}
	check("new", all...)
	apply(&CreateTable{Table: &schema.Table{Name: "t5"}})
	apply(&CreateTable{Table: &schema.Table{Name: "t5", Schema: "s"}})
	check("created", all...)
	apply(&DropTable{Schema: "s", Name: "t5"}) // the last one: cut off
	check("dropped last", all...)
	apply(&DropTable{Name: "t2"}) // in the middle: a new list
	check("dropped middle", all...)
	apply(&RenameTable{Name: "t3", NewName: "u"})
	check("renamed", all...)
	apply(&AddColumn{Table: "u", Column: &schema.Column{Name: "x", Type: schema.Text()}})
	check("column added", all...)
	if err := m.Apply(&CreateTable{Table: &schema.Table{Name: "u"}}); err == nil {
		t.Fatal("created a second table u")
	}
	// Behind the model's back: noticed by the length, or by a hit's name.
	md.Tables = append(md.Tables, &schema.Table{Name: "v"})
	plain.Tables = append(plain.Tables, &schema.Table{Name: "v"})
	check("appended directly", all...)
	md.Tables[0].Name, plain.Tables[0].Name = "zz", "zz"
	check("renamed directly", append(all, "zz")...)
	if m.Table("", "t0") != nil || m.Table("", "zz") != md.Tables[0] {
		t.Fatal("a table renamed in place is not found by its new name only")
	}
}

func TestApplyNilModel(t *testing.T) {
	var m *Model
	if err := m.Apply(&Execute{}); err == nil {
		t.Error("Apply on a nil Model succeeded")
	}
	if m.Table("", "x") != nil || m.MetaData() != nil {
		t.Error("a nil Model has tables")
	}
	if md := NewModel(nil).MetaData(); md == nil || len(md.Tables) != 0 {
		t.Errorf("NewModel(nil) = %+v, want an empty schema", md)
	}
}
