package sqlite

import (
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// The foreign_key_check statements, the trigger guard and the whole-database
// check of a move and copy must be marked ExpectNoRows, or the runner would ignore what they report.
func TestBatchMarksForeignKeyChecks(t *testing.T) {
	m := schema.NewMetaData()
	m.Table("t", schema.Col("id", schema.Integer()).PrimaryKey(), schema.Col("v", schema.Integer()))
	no := false
	stmts, err := Dialect{}.Render([]ops.Op{&ops.AlterColumn{Table: "t", Column: "v", Nullable: &no}}, &dialect.RenderEnv{Current: m})
	if err != nil {
		t.Fatal(err)
	}
	checks, guards, pendings := 0, 0, 0
	for _, s := range stmts {
		guard := strings.HasPrefix(s.SQL, guardPrefix)
		if guard {
			guards++
		}
		pending := strings.HasPrefix(s.SQL, pendingPrefix)
		if pending {
			pendings++
		}
		if (isFKCheck(s.SQL) || guard || pending) != s.ExpectNoRows {
			t.Errorf("statement %q: ExpectNoRows=%v", s.SQL, s.ExpectNoRows)
		}
		if s.ExpectNoRows {
			checks++
		}
	}
	if guards != 1 {
		t.Fatalf("move and copy has %d trigger guards, want 1:\n%v", guards, stmts)
	}
	if pendings != 1 {
		t.Fatalf("move and copy has %d whole-database checks, want 1:\n%v", pendings, stmts)
	}
	if checks < 3 {
		t.Fatalf("move and copy has no foreign_key_check statement:\n%v", stmts)
	}
}
