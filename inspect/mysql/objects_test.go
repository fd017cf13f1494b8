package mysql

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUnqualify(t *testing.T) {
	in := "select `db`.`t`.`id` AS `id`,'`db`.x' AS `s`,`db``x`.`t`.`a` AS `a` from `db`.`t`"
	want := "select `t`.`id` AS `id`,'`db`.x' AS `s`,`db``x`.`t`.`a` AS `a` from `t`"
	if got := unqualify(in, "db"); got != want {
		t.Errorf("unqualify = %q, want %q", got, want)
	}
}

func TestViewObject(t *testing.T) {
	views := map[string]bool{"v": true, "w": true}
	o, err := viewObject("", "w", "select `v`.`id` AS `id` from `v` join `t`", "UNDEFINED", "DEFINER", "NONE", views)
	if err != nil {
		t.Fatal(err)
	}
	if o.Definition != "select `v`.`id` AS `id` from `v` join `t`" || !cmp.Equal(o.DependsOn, []string{"view:v"}) {
		t.Errorf("view = %+v", o)
	}
	for _, c := range []struct{ algorithm, security, check, want string }{
		{"MERGE", "DEFINER", "NONE", "CREATE ALGORITHM=MERGE VIEW `w` AS select 1"},
		{"UNDEFINED", "INVOKER", "NONE", "CREATE SQL SECURITY INVOKER VIEW `w` AS select 1"},
		{"UNDEFINED", "DEFINER", "CASCADED", "CREATE VIEW `w` AS select 1 WITH CASCADED CHECK OPTION"},
		{"TEMPTABLE", "INVOKER", "LOCAL", "CREATE ALGORITHM=TEMPTABLE SQL SECURITY INVOKER VIEW `w` AS select 1 WITH LOCAL CHECK OPTION"},
	} {
		o, err := viewObject("", "w", "select 1", c.algorithm, c.security, c.check, views)
		if err != nil || o.Definition != c.want {
			t.Errorf("%+v: definition %q (%v), want %q", c, o.Definition, err, c.want)
		}
	}
	if _, err := viewObject("", "w", "", "UNDEFINED", "DEFINER", "NONE", views); err == nil || !strings.Contains(err.Error(), `view "w"`) || !strings.Contains(err.Error(), "SHOW VIEW") {
		t.Errorf("a view with no definition shown: %v, want an error naming it and the privilege", err)
	}
}

func TestRoutineObject(t *testing.T) {
	f := routineRow{name: "twice", typ: "FUNCTION", returns: "int(11)", body: "RETURN x * 2", deterministic: "YES", access: "CONTAINS SQL",
		security: "DEFINER", params: "IN\x1fx\x1fint(11)"}.object("")
	if f.Name != "twice(int(11))" || f.Definition != "CREATE FUNCTION `twice`(`x` int(11)) RETURNS int(11)\n    DETERMINISTIC\nRETURN x * 2" {
		t.Errorf("function = %q: %q", f.Name, f.Definition)
	}
	p := routineRow{name: "bump", typ: "PROCEDURE", body: "BEGIN END", deterministic: "NO", access: "MODIFIES SQL DATA",
		security: "INVOKER", comment: "it's", params: "IN\x1fk\x1fint(11)\x1eOUT\x1fn\x1fvarchar(10)"}.object("")
	if p.Name != "bump(int(11), varchar(10))" || p.Definition != "CREATE PROCEDURE `bump`(IN `k` int(11), OUT `n` varchar(10))\n    MODIFIES SQL DATA\n    SQL SECURITY INVOKER\n    COMMENT 'it''s'\nBEGIN END" {
		t.Errorf("procedure = %q: %q", p.Name, p.Definition)
	}
}
