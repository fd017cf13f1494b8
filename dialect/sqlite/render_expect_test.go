package sqlite

import (
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// The foreign_key_check statements of a move and copy must be marked
// ExpectNoRows, or the runner would ignore the violations they report.
func TestBatchMarksForeignKeyChecks(t *testing.T) {
	m := schema.NewMetaData()
	m.Table("t", schema.Col("id", schema.Integer()).PrimaryKey(), schema.Col("v", schema.Integer()))
	no := false
	stmts, err := Dialect{}.Render([]ops.Op{&ops.AlterColumn{Table: "t", Column: "v", Nullable: &no}}, &dialect.RenderEnv{Current: m})
	if err != nil {
		t.Fatal(err)
	}
	checks := 0
	for _, s := range stmts {
		if isFKCheck(s.SQL) != s.ExpectNoRows {
			t.Errorf("statement %q: ExpectNoRows=%v", s.SQL, s.ExpectNoRows)
		}
		if s.ExpectNoRows {
			checks++
		}
	}
	if checks == 0 {
		t.Fatalf("move and copy has no foreign_key_check statement:\n%v", stmts)
	}
}
