package sqlite

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

func TestRenderRenames(t *testing.T) {
	env := &dialect.RenderEnv{Current: authorsBooks()}
	got := sqls(render(t, env, &ops.RenameIndex{Table: "books", Name: "ix_books_title", NewName: "ix_title"}))
	want := []string{"DROP INDEX ix_books_title", "CREATE INDEX ix_title ON books (title)"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("rename_index (-want +got):\n%s", d)
	}
	// A constraint's name lives in the table's SQL: a move and copy that
	// writes the new name.
	cur := authorsBooks()
	cur.Tables[1].Checks = []*schema.CheckDef{{Name: "ck_a", Expr: "id > 0"}}
	got = sqls(render(t, &dialect.RenderEnv{Current: cur}, &ops.RenameConstraint{Table: "books", Name: "ck_a", NewName: "ck_b", Type: ops.ConstraintCheck}))
	joined := strings.Join(got, "\n")
	if !strings.Contains(joined, "CONSTRAINT ck_b CHECK") || strings.Contains(joined, "CONSTRAINT ck_a ") || !strings.Contains(joined, "INSERT INTO") {
		t.Errorf("rename_constraint is not a move and copy with the new name:\n%s", joined)
	}
	if _, err := (Dialect{}).Render([]ops.Op{&ops.RenameIndex{Table: "books", Name: "ix_x", NewName: "ix_y"}}, &dialect.RenderEnv{Current: authorsBooks()}); err == nil {
		t.Error("rename of an unknown index rendered")
	}
}
