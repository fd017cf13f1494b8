package ops

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/schema"
)

func TestApplyObjects(t *testing.T) {
	m := &schema.MetaData{Tables: []*schema.Table{{Name: "film", Columns: []*schema.Column{{Name: "id", Type: schema.Integer()}}}}}
	view := &schema.ObjectDef{Kind: schema.KindView, Name: "v", Definition: "SELECT id FROM film", DependsOn: []string{"table:film"}}
	trig := &schema.ObjectDef{Kind: schema.KindTrigger, Name: "tr", Table: "film", Definition: "CREATE TRIGGER tr BEFORE UPDATE ON film FOR EACH ROW EXECUTE FUNCTION f()"}
	for _, o := range []Op{&CreateObject{Object: view}, &CreateObject{Object: trig}} {
		if err := Apply(m, o); err != nil {
			t.Fatal(err)
		}
	}
	view.Definition = "changed after the op" // the model must hold its own copy
	if got := m.FindObject(schema.KindView, "", "", "v"); got == nil || got.Definition != "SELECT id FROM film" {
		t.Fatalf("view after create_object: %+v", got)
	}
	if err := Apply(m, &CreateObject{Object: &schema.ObjectDef{Kind: schema.KindView, Name: "v", Definition: "x"}}); !errors.Is(err, ErrExists) {
		t.Errorf("creating the view twice: %v, want ErrExists", err)
	}
	if err := Apply(m, &ReplaceObject{Object: &schema.ObjectDef{Kind: schema.KindView, Name: "v", Definition: "SELECT 2", Comment: "c"}}); err != nil {
		t.Fatal(err)
	}
	if got := m.FindObject(schema.KindView, "", "", "v"); got.Definition != "SELECT 2" || got.Comment != "c" {
		t.Errorf("view after replace_object: %+v", got)
	}
	if err := Apply(m, &ReplaceObject{Object: &schema.ObjectDef{Kind: schema.KindView, Name: "nope", Definition: "x"}}); !errors.Is(err, ErrNotFound) {
		t.Errorf("replacing a missing view: %v, want ErrNotFound", err)
	}
	if err := Apply(m, &RenameTable{Name: "film", NewName: "movie"}); err != nil {
		t.Fatal(err)
	}
	if m.FindObject(schema.KindTrigger, "", "movie", "tr") == nil {
		t.Errorf("rename_table did not move the trigger: %+v", m.Objects)
	}
	if err := Apply(m, &DropTable{Name: "movie"}); err != nil {
		t.Fatal(err)
	}
	if m.FindObject(schema.KindTrigger, "", "movie", "tr") != nil {
		t.Errorf("drop_table left the table's trigger: %+v", m.Objects)
	}
	if err := Apply(m, &DropObject{Kind: schema.KindView, Name: "v"}); err != nil || len(m.Objects) != 0 {
		t.Errorf("drop_object: %v, objects %+v", err, m.Objects)
	}
	if err := Apply(m, &DropObject{Kind: schema.KindView, Name: "v"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("dropping a missing view: %v, want ErrNotFound", err)
	}
}

func TestReverseObjects(t *testing.T) {
	fn := &schema.ObjectDef{Kind: schema.KindFunction, Schema: "s", Name: "f(integer)", Definition: "CREATE FUNCTION s.f(integer) RETURNS integer LANGUAGE sql AS 'SELECT 1'", Comment: "c"}
	create := &CreateObject{Object: fn}
	drop, err := Reverse(create)
	if err != nil {
		t.Fatal(err)
	}
	want := &DropObject{Kind: schema.KindFunction, Schema: "s", Name: "f(integer)", Existing: fn}
	if d := cmp.Diff(want, drop); d != "" {
		t.Errorf("reverse of create_object (-want +got):\n%s", d)
	}
	back, err := Reverse(drop)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(Op(create), back); d != "" {
		t.Errorf("reverse of the reverse (-want +got):\n%s", d)
	}
	if _, err := Reverse(&DropObject{Kind: schema.KindView, Name: "v"}); !errors.Is(err, ErrIrreversible) {
		t.Errorf("drop_object without its definition: %v, want ErrIrreversible", err)
	}
	if _, err := Reverse(&DropObject{Kind: schema.KindExtension, Name: "pg_trgm", Existing: &schema.ObjectDef{Kind: schema.KindExtension, Name: "pg_trgm"}}); err != nil {
		t.Errorf("an extension needs no definition to be created again: %v", err)
	}
	rep := &ReplaceObject{Object: &schema.ObjectDef{Kind: schema.KindView, Name: "v", Definition: "SELECT 2"}, Existing: &schema.ObjectDef{Kind: schema.KindView, Name: "v", Definition: "SELECT 1", Comment: "old"}}
	r, err := Reverse(rep)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.(*ReplaceObject); got.Object.Definition != "SELECT 1" || got.Object.Comment != "old" || got.Existing.Definition != "SELECT 2" {
		t.Errorf("reverse of replace_object: %+v / %+v", got.Object, got.Existing)
	}
	if _, err := Reverse(&ReplaceObject{Object: rep.Object}); !errors.Is(err, ErrIrreversible) {
		t.Errorf("replace_object without existing: %v, want ErrIrreversible", err)
	}
}
