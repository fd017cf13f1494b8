package mysql

import (
	"errors"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// TestObjectOpsRefused checks that object ops of a kind this dialect does not render
// stop with an error naming the op and the object, never render nothing.
func TestObjectOpsRefused(t *testing.T) {
	v := &schema.ObjectDef{Kind: schema.KindSequence, Name: "v", Definition: "START WITH 1"}
	for _, o := range []ops.Op{
		&ops.CreateObject{Object: v},
		&ops.DropObject{Kind: schema.KindSequence, Name: "v", Existing: v},
		&ops.ReplaceObject{Object: v, Existing: v},
	} {
		stmts, err := Dialect{}.Render([]ops.Op{o}, nil)
		if !errors.Is(err, dialect.ErrObjectUnsupported) || !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("%s: statements %v, err %v; want ErrObjectUnsupported", ops.Name(o), stmts, err)
			continue
		}
		if !strings.Contains(err.Error(), ops.Name(o)+` of sequence "v"`) {
			t.Errorf("%s: %v does not name the op and the view", ops.Name(o), err)
		}
	}
	// PostgreSQL's exclusion constraints and CLUSTER ON are refused by name.
	for _, x := range []*schema.ObjectDef{
		{Kind: schema.KindExclusion, Table: "booking", Name: "no_overlap", Definition: "EXCLUDE USING gist (during WITH &&)"},
		{Kind: schema.KindClusterOn, Table: "booking", Name: "booking", Definition: "booking_pkey"},
	} {
		stmts, err := Dialect{}.Render([]ops.Op{&ops.CreateObject{Object: x}}, nil)
		if !errors.Is(err, dialect.ErrObjectUnsupported) || !strings.Contains(err.Error(), "create_object of "+x.Kind+` "`+x.Name+` on booking"`) {
			t.Errorf("create_object of %s: statements %v, err %v; want a refusal naming it", x.Kind, stmts, err)
		}
	}
}

func TestObjectOpsRender(t *testing.T) {
	trig := &schema.ObjectDef{Kind: schema.KindTrigger, Name: "tr", Table: "t", Definition: "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1;"}
	fn := &schema.ObjectDef{Kind: schema.KindFunction, Name: "f(int)", Definition: "CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC RETURN x"}
	view := &schema.ObjectDef{Kind: schema.KindView, Name: "v", Definition: "select 1 AS `one`;"}
	for _, c := range []struct {
		op   ops.Op
		want []string
	}{
		{&ops.CreateObject{Object: view}, []string{"CREATE VIEW v AS select 1 AS `one`"}},
		{&ops.ReplaceObject{Object: view, Existing: view}, []string{"CREATE OR REPLACE VIEW v AS select 1 AS `one`"}},
		{&ops.DropObject{Kind: schema.KindView, Name: "v"}, []string{"DROP VIEW v"}},
		{&ops.CreateObject{Object: trig}, []string{"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1"}},
		{&ops.ReplaceObject{Object: trig, Existing: trig}, []string{"DROP TRIGGER tr", "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1"}},
		{&ops.DropObject{Kind: schema.KindFunction, Name: "f(int)"}, []string{"DROP FUNCTION f"}},
		{&ops.DropObject{Kind: schema.KindProcedure, Name: "p()"}, []string{"DROP PROCEDURE p"}},
		{&ops.CreateObject{Object: fn}, []string{fn.Definition}},
	} {
		st, err := Dialect{}.Render([]ops.Op{c.op}, nil)
		if err != nil {
			t.Errorf("%s: %v", ops.Name(c.op), err)
			continue
		}
		var got []string
		for _, s := range st {
			got = append(got, s.SQL)
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s = %q, want %q", ops.Name(c.op), got, c.want)
		}
	}
	bad := &schema.ObjectDef{Kind: schema.KindTrigger, Name: "tr", Table: "t", Definition: "SET NEW.a = 1"}
	if _, err := (Dialect{}).Render([]ops.Op{&ops.CreateObject{Object: bad}}, nil); err == nil || !strings.Contains(err.Error(), "whole CREATE TRIGGER statement") {
		t.Errorf("a trigger body alone: %v, want an error", err)
	}
}

// TestViewOptionsRender: a view whose definition is the whole CREATE VIEW
// statement keeps its ALGORITHM, SQL SECURITY and CHECK OPTION, is written
// under the object's (qualified) name, and gets OR REPLACE on a replace; a
// statement naming another view is refused.
func TestViewOptionsRender(t *testing.T) {
	def := "create algorithm = merge definer=CURRENT_USER sql security invoker view `db`.`v` AS select a from t with local check option"
	v, ok, err := ParseViewDefinition(def)
	if err != nil || !ok {
		t.Fatalf("ParseViewDefinition: %v %v", ok, err)
	}
	if v.Name != "v" || v.Algorithm != "MERGE" || v.Security != "INVOKER" || v.CheckOption != "LOCAL" || v.Query != "select a from t" {
		t.Errorf("parsed %+v", v)
	}
	if _, ok, err := ParseViewDefinition("select 1"); ok || err != nil {
		t.Errorf("a query alone: %v %v, want not a statement", ok, err)
	}
	if _, _, err := ParseViewDefinition("CREATE TABLE t (a int)"); err == nil {
		t.Error("CREATE TABLE as a view's definition: no error")
	}
	view := &schema.ObjectDef{Kind: schema.KindView, Schema: "s", Name: "v", Definition: "CREATE SQL SECURITY INVOKER VIEW v AS select 1 WITH CHECK OPTION"}
	for _, c := range []struct {
		op   ops.Op
		want string
	}{
		{&ops.CreateObject{Object: view}, "CREATE SQL SECURITY INVOKER VIEW s.v AS select 1 WITH CHECK OPTION"},
		{&ops.ReplaceObject{Object: view, Existing: view}, "CREATE OR REPLACE SQL SECURITY INVOKER VIEW s.v AS select 1 WITH CHECK OPTION"},
	} {
		st, err := Dialect{}.Render([]ops.Op{c.op}, nil)
		if err != nil || len(st) != 1 || st[0].SQL != c.want {
			t.Errorf("%s = %v (%v), want %q", ops.Name(c.op), st, err, c.want)
		}
	}
	other := &schema.ObjectDef{Kind: schema.KindView, Name: "v", Definition: "CREATE VIEW w AS select 1"}
	if _, err := (Dialect{}).Render([]ops.Op{&ops.CreateObject{Object: other}}, nil); err == nil || !strings.Contains(err.Error(), `creates view "w"`) {
		t.Errorf("a statement naming another view: %v", err)
	}
	if got := ViewDefinition("v", "select 1", "UNDEFINED", "DEFINER", "NONE"); got != "select 1" {
		t.Errorf("ViewDefinition with the defaults = %q, want the query alone", got)
	}
}

func TestScriptStatement(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"CREATE TABLE t (a int)", "CREATE TABLE t (a int);"},
		{"INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`) -- x;y", "INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`) -- x;y;"},
		{"INSERT INTO t VALUES ('it''s; \\' ;') /* ; */", "INSERT INTO t VALUES ('it''s; \\' ;') /* ; */;"},
		{"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END", "DELIMITER $$\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END\n$$\nDELIMITER ;"},
		{"CREATE PROCEDURE p() BEGIN SELECT '$$'; END", "DELIMITER $$0$$\nCREATE PROCEDURE p() BEGIN SELECT '$$'; END\n$$0$$\nDELIMITER ;"},
	} {
		if got := (Dialect{}).ScriptStatement(c.in); got != c.want {
			t.Errorf("ScriptStatement(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
