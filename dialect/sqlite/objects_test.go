package sqlite

import (
	"errors"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// TestObjectOpsRefused checks that object ops this dialect does not render
// stop with an error naming the op and the object, never render nothing.
func TestObjectOpsRefused(t *testing.T) {
	v := &schema.ObjectDef{Kind: schema.KindView, Name: "v", Definition: "SELECT 1"}
	for _, o := range []ops.Op{
		&ops.CreateObject{Object: v},
		&ops.DropObject{Kind: schema.KindView, Name: "v", Existing: v},
		&ops.ReplaceObject{Object: v, Existing: v},
	} {
		stmts, err := Dialect{}.Render([]ops.Op{o}, nil)
		if !errors.Is(err, dialect.ErrObjectUnsupported) || !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("%s: statements %v, err %v; want ErrObjectUnsupported", ops.Name(o), stmts, err)
			continue
		}
		if !strings.Contains(err.Error(), ops.Name(o)+` of view "v"`) {
			t.Errorf("%s: %v does not name the op and the view", ops.Name(o), err)
		}
	}
}
