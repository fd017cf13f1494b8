package mysql

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWithoutDefiner(t *testing.T) {
	for in, want := range map[string]string{
		"CREATE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1": "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1",
		"CREATE DEFINER=`a``b`@`%` FUNCTION `f`(x int) RETURNS int\n    DETERMINISTIC\nRETURN x":     "CREATE FUNCTION `f`(x int) RETURNS int\n    DETERMINISTIC\nRETURN x",
		"CREATE DEFINER='u'@'h' PROCEDURE p() SELECT 1":                                              "CREATE PROCEDURE p() SELECT 1",
		"CREATE PROCEDURE p() SELECT 'DEFINER=x'":                                                    "CREATE PROCEDURE p() SELECT 'DEFINER=x'",
	} {
		if got := withoutDefiner(in); got != want {
			t.Errorf("withoutDefiner(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestViewObject(t *testing.T) {
	views := map[string]bool{"v": true, "w": true}
	o, err := viewObject("", "w", "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `w` AS select `v`.`id` AS `id` from `v` join `t`", views)
	if err != nil {
		t.Fatal(err)
	}
	if o.Definition != "select `v`.`id` AS `id` from `v` join `t`" || !cmp.Equal(o.DependsOn, []string{"view:v"}) {
		t.Errorf("view = %+v", o)
	}
	for text, want := range map[string]string{
		"CREATE ALGORITHM=MERGE DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `w` AS select 1":                       "ALGORITHM=MERGE",
		"CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY INVOKER VIEW `w` AS select 1":                   "SQL SECURITY INVOKER",
		"CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `w` AS select 1 WITH CHECK OPTION": "WITH CHECK OPTION",
	} {
		if _, err := viewObject("", "w", text, views); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), `view "w"`) {
			t.Errorf("%s: err = %v, want one naming the view and %q", text, err, want)
		}
	}
}
