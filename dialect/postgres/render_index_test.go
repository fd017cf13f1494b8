package postgres

import (
	"strings"
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

func TestRenderIndexDetails(t *testing.T) {
	render := func(ix *schema.IndexDef) (string, error) {
		st, err := Dialect{}.Render([]ops.Op{&ops.CreateIndex{Table: "Doc", Index: ix}}, nil)
		if err != nil {
			return "", err
		}
		return st[0].SQL, nil
	}
	got, err := render(&schema.IndexDef{Name: "ix", Columns: []string{"lower(title)", "order", "at"}, Using: "GIN",
		Opclass: []string{"gin_trgm_ops"}, Order: []string{"", "desc  nulls last"}, Include: []string{"id", "Big"}, Where: "at IS NOT NULL"})
	if err != nil {
		t.Fatal(err)
	}
	want := `CREATE INDEX ix ON "Doc" USING gin ((lower(title)) gin_trgm_ops, "order" DESC NULLS LAST, at) INCLUDE (id, "Big") WHERE at IS NOT NULL`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got, _ := render(&schema.IndexDef{Name: "ix", Columns: []string{"a"}, Using: "btree"}); got != "CREATE INDEX ix ON \"Doc\" (a)" {
		t.Errorf("btree rendered a USING clause: %s", got)
	}
	for _, tc := range []struct {
		ix   *schema.IndexDef
		want string
	}{
		{&schema.IndexDef{Name: "ix", Columns: []string{"a"}, Order: []string{"DESC", "ASC"}}, "1 columns but 0 opclass, 2 order"},
		{&schema.IndexDef{Name: "ix", Columns: []string{"a"}, Order: []string{"DOWN"}}, `order "DOWN"`},
		{&schema.IndexDef{Name: "ix", Columns: []string{"a"}, Opclass: []string{"x; DROP TABLE y"}}, "operator class"},
		{&schema.IndexDef{Name: "ix", Columns: []string{"a"}, Using: "gin (a); --"}, "access method"},
	} {
		if _, err := render(tc.ix); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one containing %q", tc.ix, err, tc.want)
		}
	}
}
