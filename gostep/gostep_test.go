package gostep_test

import (
	"context"
	"strings"
	"testing"

	"github.com/retortdb/migrate/gostep"
)

func noop(context.Context, *gostep.Session) error { return nil }

func TestRegistry(t *testing.T) {
	r := gostep.Registry{}
	r.Add("b_step", noop)
	r.Add("a_step", noop, gostep.WithOfflineSQL(func(d string, x map[string]string) ([]string, error) {
		return []string{"-- " + d + " " + x["k"]}, nil
	}))
	if got := strings.Join(r.Names(), ","); got != "a_step,b_step" {
		t.Fatalf("Names = %s", got)
	}
	if r["b_step"].Offline != nil || r["a_step"].Offline == nil {
		t.Fatal("WithOfflineSQL not kept on its step alone")
	}
	for _, c := range []struct {
		name string
		fn   gostep.Func
		want string
	}{
		{"a_step", noop, "registered twice"},
		{"9lives", noop, "letters, digits and _"},
		{"has space", noop, "letters, digits and _"},
		{"nil_fn", nil, "the function is nil"},
	} {
		func() {
			defer func() {
				v := recover()
				if s, _ := v.(string); !strings.Contains(s, c.want) {
					t.Errorf("Add(%q): panic %v, want %q", c.name, v, c.want)
				}
			}()
			r.Add(c.name, c.fn)
		}()
	}
}

func TestDefaultRegistryIsACopy(t *testing.T) {
	gostep.Register("default_one", noop)
	d := gostep.Default()
	if _, ok := d["default_one"]; !ok {
		t.Fatal("Register did not reach Default")
	}
	delete(d, "default_one")
	if _, ok := gostep.Default()["default_one"]; !ok {
		t.Fatal("changing Default's result changed the registry")
	}
}
