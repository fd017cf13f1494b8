package autogen

import (
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// On a dialect where unique indexes are unique constraints, a declared unique index
// read back as a unique constraint is no change; anything else still is.
func TestUniqueIndexReadBackAsConstraint(t *testing.T) {
	uniq := &fakeDialect{name: "uniq", mysqlLike: true, caps: dialect.Capabilities{UniqueIndexesAreConstraints: true}}
	declared := md(tbl("books", idCol(), schema.Col("isbn", schema.Varchar(17)), schema.Index("ix_books_isbn", "isbn").Unique()))
	live := md(tbl("books", idCol(), schema.Col("isbn", schema.Varchar(17)), schema.UniqueConstraint("ix_books_isbn", "isbn")))
	res, err := Compare(declared, live, uniq, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Empty() {
		t.Fatalf("want no change, got %d ops: %v", len(res.Upgrade), res.Findings)
	}
	if len(live.Tables[0].Uniques) != 1 {
		t.Fatal("Compare modified the live metadata")
	}
	// Without the capability, the same pair is a change (drop constraint, create index).
	res, err = Compare(declared, live, myLike, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Upgrade) != 2 {
		t.Fatalf("without the capability want 2 ops, got %v", res.Findings)
	}
	// A live unique constraint of another name is still dropped.
	live2 := md(tbl("books", idCol(), schema.Col("isbn", schema.Varchar(17)), schema.UniqueConstraint("uq_other", "isbn")))
	res, err = Compare(declared, live2, uniq, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var dropped, created bool
	for _, o := range res.Upgrade {
		switch o := o.(type) {
		case *ops.DropConstraint:
			dropped = o.Name == "uq_other"
		case *ops.CreateIndex:
			created = o.Index.Name == "ix_books_isbn"
		}
	}
	if !dropped || !created {
		t.Fatalf("want uq_other dropped and ix_books_isbn created, got %v", res.Findings)
	}
}
