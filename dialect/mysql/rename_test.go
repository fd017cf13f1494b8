package mysql

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

func TestRenderRenames(t *testing.T) {
	cur := &schema.MetaData{Tables: []*schema.Table{books()}}
	cases := []struct {
		o    ops.Op
		want []string
	}{
		{&ops.RenameIndex{Table: "books", Name: "ix_a", NewName: "ix_b"}, []string{"ALTER TABLE books RENAME INDEX ix_a TO ix_b"}},
		{&ops.RenameConstraint{Table: "books", Name: "uq_books_title", NewName: "uq_title", Type: ops.ConstraintUnique}, []string{"ALTER TABLE books RENAME INDEX uq_books_title TO uq_title"}},
		{&ops.RenameConstraint{Table: "books", Name: "ck_books_id", NewName: "ck_id", Type: ops.ConstraintCheck}, []string{"ALTER TABLE books DROP CONSTRAINT ck_books_id, ADD CONSTRAINT ck_id CHECK (id > 0)"}},
		// The key's own index (no declared index serves author_id) goes
		// with it; the server makes it again under the new name.
		{&ops.RenameConstraint{Table: "books", Name: "fk_books_author", NewName: "fk_author", Type: ops.ConstraintForeignKey}, []string{
			"ALTER TABLE books DROP FOREIGN KEY fk_books_author, DROP INDEX fk_books_author, ADD CONSTRAINT fk_author FOREIGN KEY (author_id) REFERENCES authors (id) ON DELETE CASCADE"}},
		{&ops.RenameConstraint{Table: "books", Name: "pk_books", NewName: "pk", Type: ops.ConstraintPrimary}, nil},
	}
	for _, c := range cases {
		if d := cmp.Diff(c.want, renderOne(t, c.o, cur)); d != "" {
			t.Errorf("%s (-want +got):\n%s", ops.Name(c.o), d)
		}
	}
	// Without the table's definition a foreign key cannot be restated.
	_, err := Dialect{}.Render([]ops.Op{&ops.RenameConstraint{Table: "books", Name: "fk_books_author", NewName: "fk_author", Type: ops.ConstraintForeignKey}}, &dialect.RenderEnv{})
	if err == nil || !strings.Contains(err.Error(), "cannot rename foreignkey constraint") {
		t.Errorf("rename of an unknown foreign key: %v", err)
	}
}
