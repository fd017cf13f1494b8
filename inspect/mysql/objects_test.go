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
		{"MERGE", "DEFINER", "NONE", "ALGORITHM=MERGE"},
		{"UNDEFINED", "INVOKER", "NONE", "SQL SECURITY INVOKER"},
		{"UNDEFINED", "DEFINER", "CASCADED", "WITH CASCADED CHECK OPTION"},
	} {
		if _, err := viewObject("", "w", "select 1", c.algorithm, c.security, c.check, views); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), `view "w"`) {
			t.Errorf("%+v: err = %v, want one naming the view and %q", c, err, c.want)
		}
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
