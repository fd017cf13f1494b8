package dialect_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"

	_ "github.com/retortdb/migrate/dialect/mysql"
	_ "github.com/retortdb/migrate/dialect/postgres"
	_ "github.com/retortdb/migrate/dialect/sqlite"
)

// TestIdentifierLimits checks each dialect's limit and that Render refuses a
// longer name, naming the op, before any SQL exists (PostgreSQL would drop
// the table whose name shares the first 63 bytes).
func TestIdentifierLimits(t *testing.T) {
	prefix := strings.Repeat("t", 63)
	for name, max := range map[string]int{"postgresql": 63, "mysql": 64, "sqlite": 0} {
		d, err := dialect.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := dialect.MaxIdentifierBytes(d); got != max {
			t.Errorf("%s: MaxIdentifierBytes = %d, want %d", name, got, max)
		}
		long := prefix + "xx"
		list := []ops.Op{&ops.DropTable{Name: "ok"}, &ops.DropTable{Name: long}}
		_, err = d.Render(list, &dialect.RenderEnv{Offline: true})
		var re *dialect.RenderError
		var ie *dialect.IdentifierError
		if max == 0 {
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		if !errors.As(err, &re) || re.Op != 1 || !errors.As(err, &ie) || ie.Bytes != 65 || !strings.Contains(err.Error(), "drop_table") {
			t.Errorf("%s: error = %v", name, err)
		}
		col := &schema.Column{Name: prefix + "cc", Type: schema.Integer()}
		_, err = d.Render([]ops.Op{&ops.AddColumn{Table: "t", Column: col}}, &dialect.RenderEnv{Offline: true})
		if !errors.As(err, &ie) || ie.Where != "column" {
			t.Errorf("%s: add_column: %v", name, err)
		}
		ix := &schema.IndexDef{Name: "ix", Columns: []string{"lower(" + prefix + "cc)"}}
		if _, err := d.Render([]ops.Op{&ops.CreateIndex{Table: "t", Index: ix}}, &dialect.RenderEnv{Offline: true}); errors.As(err, &ie) {
			t.Errorf("%s: an index expression was taken for a name: %v", name, err)
		}
		m := &schema.MetaData{Tables: []*schema.Table{{Name: "t", Columns: []*schema.Column{col}}}}
		if err := dialect.CheckSchemaIdentifiers(d, m); !errors.As(err, &ie) || ie.Name != col.Name {
			t.Errorf("%s: CheckSchemaIdentifiers = %v", name, err)
		}
	}
}
