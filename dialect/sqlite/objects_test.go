package sqlite

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

// View and trigger ops render as SQLite writes them, a replace as a drop and
// a create, and a trigger created earlier in the same ops is re-created by a
// later rebuild of its table.
func TestObjectOpsRenderAndRebuild(t *testing.T) {
	md := schema.NewMetaData()
	md.Table("t", schema.Col("id", schema.Integer()).PrimaryKey(), schema.Col("a", schema.Integer()))
	trig := &schema.ObjectDef{Kind: schema.KindTrigger, Name: "tr", Table: "t", Definition: "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;"}
	view := &schema.ObjectDef{Kind: schema.KindView, Name: "v", Definition: "SELECT a FROM t;"}
	st, err := Dialect{}.Render([]ops.Op{
		&ops.CreateObject{Object: view},
		&ops.ReplaceObject{Object: view, Existing: view},
		&ops.CreateObject{Object: trig},
		&ops.AlterColumn{Table: "t", Column: "a", Nullable: ptr(false), ServerDefault: &ops.Change{Value: ptr("0")}},
		&ops.DropObject{Kind: schema.KindTrigger, Name: "tr", Table: "t"},
	}, &dialect.RenderEnv{Current: md})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range st {
		got = append(got, s.SQL)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"CREATE VIEW v AS SELECT a FROM t\nDROP VIEW v\nCREATE VIEW v AS SELECT a FROM t\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END\n",
		"AND name NOT IN ('tr')",
		"PRAGMA defer_foreign_keys = OFF\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END\n",
		"\nDROP TRIGGER tr",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("statements lack %q:\n%s", want, all)
		}
	}
}
