package dialecttest

import (
	"errors"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// testRenderErrors renders lists whose op at a known index uses a type of
// another dialect (or of no dialect), or an execute with no SQL for this
// dialect. Render must fail with a *dialect.RenderError naming this dialect,
// that index and the op.
func testRenderErrors(t *testing.T, h Harness) {
	d := h.Dialect
	cur := &schema.MetaData{Tables: []*schema.Table{{Name: "t", Columns: []*schema.Column{
		{Name: "a", Type: schema.Integer(), Nullable: true},
	}}}}
	ok := []ops.Op{
		&ops.AddColumn{Table: "t", Column: &schema.Column{Name: "b", Type: schema.Text(), Nullable: true}},
		&ops.CreateIndex{Table: "t", Index: &schema.IndexDef{Name: "ix_t_a", Columns: []string{"a"}}},
	}
	var bad []ops.Op
	for _, n := range append(otherDialects(d.Name()), "oracle") {
		typ := schema.Dialect(n, "x")
		bad = append(bad,
			&ops.CreateTable{Table: &schema.Table{Name: "u", Columns: []*schema.Column{{Name: "c", Type: typ, Nullable: true}}}},
			&ops.AddColumn{Table: "t", Column: &schema.Column{Name: "c", Type: typ, Nullable: true}},
		)
	}
	bad = append(bad, &ops.Execute{Dialects: map[string]string{"oracle": "SELECT 1 FROM dual"}})
	for _, b := range bad {
		for at := 0; at <= len(ok); at++ {
			list := append(append(append([]ops.Op{}, ok[:at]...), b), ok[at:]...)
			_, err := d.Render(list, &dialect.RenderEnv{Current: cloneMeta(cur)})
			var re *dialect.RenderError
			switch {
			case err == nil:
				t.Errorf("%s at index %d: Render succeeded, want a *dialect.RenderError", describe(b), at)
			case !errors.As(err, &re):
				t.Errorf("%s at index %d: got %T (%v), want a *dialect.RenderError", describe(b), at, err, err)
			case re.Op != at || re.OpName != ops.Name(b) || re.Dialect != d.Name():
				t.Errorf("%s at index %d: RenderError names op %d (%s) of dialect %q, want op %d (%s) of %q: %v",
					describe(b), at, re.Op, re.OpName, re.Dialect, at, ops.Name(b), d.Name(), err)
			}
		}
	}
}

func describe(o ops.Op) string {
	switch o := o.(type) {
	case *ops.CreateTable:
		return "create_table with type " + o.Table.Columns[0].Type.Name
	case *ops.AddColumn:
		return "add_column with type " + o.Column.Type.Name
	}
	return ops.Name(o)
}
