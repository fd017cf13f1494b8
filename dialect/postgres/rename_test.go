package postgres

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/ops"
)

func TestRenderRenames(t *testing.T) {
	cases := []struct {
		o    ops.Op
		want []string
	}{
		{&ops.RenameIndex{Schema: "lib", Table: "books", Name: "ix_a", NewName: "ix_B"}, []string{`ALTER INDEX lib.ix_a RENAME TO "ix_B"`}},
		{&ops.RenameConstraint{Table: "books", Name: "uq_a", NewName: "uq_b", Type: ops.ConstraintUnique}, []string{`ALTER TABLE books RENAME CONSTRAINT uq_a TO uq_b`}},
		{&ops.RenameConstraint{Table: "books", Name: "fk_a", NewName: "fk_b", Type: ops.ConstraintForeignKey}, []string{`ALTER TABLE books RENAME CONSTRAINT fk_a TO fk_b`}},
	}
	for _, c := range cases {
		if d := cmp.Diff(c.want, renderOne(t, c.o)); d != "" {
			t.Errorf("%s (-want +got):\n%s", ops.Name(c.o), d)
		}
	}
	if _, err := (Dialect{}).Render([]ops.Op{&ops.RenameIndex{Table: "books", Name: "ix_a"}}, nil); err == nil {
		t.Error("rename_index without new_name rendered")
	}
}
