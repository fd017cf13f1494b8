package autogen

import (
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// TestPostgresConstraintDetails checks that NOT VALID over a declared valid
// constraint proposes validate_constraint (and the reverse case nothing), that
// MATCH and deferrability are part of a foreign key, and that NULLS NOT
// DISTINCT and key collations are part of a unique constraint and an index.
func TestPostgresConstraintDetails(t *testing.T) {
	withFK := func(opts ...schema.FKOption) *schema.MetaData {
		return md(authors, tbl("books", idCol(), schema.Col("author_id", schema.Integer()).References("authors.id", opts...),
			schema.Check("ck_pos", "id > 0")))
	}
	notValid := withFK()
	table(notValid, "books").ForeignKeys[0].NotValid = true
	table(notValid, "books").Checks[0].NotValid = true
	fk := func() *schema.ForeignKeyDef {
		return &schema.ForeignKeyDef{Name: "fk_books_author_id_authors", Columns: []string{"author_id"}, RefTable: "authors", RefColumns: []string{"id"}}
	}
	deferred := fk()
	deferred.Deferrable, deferred.InitiallyDeferred = true, true
	uq := func(opts ...schema.UniqueOption) *schema.MetaData {
		return md(tbl("t", idCol(), schema.Col("a", schema.Integer()), schema.UniqueConstraintWith("uq_a", []string{"a"}, opts...)))
	}
	ix := func(b *schema.IndexBuilder) *schema.MetaData {
		return md(tbl("t", idCol(), schema.Col("a", schema.Text()), b))
	}
	runCases(t, []testCase{{
		name: "validate", declared: withFK(), live: notValid,
		want: []ops.Op{
			&ops.ValidateConstraint{Table: "books", Name: "fk_books_author_id_authors"},
			&ops.ValidateConstraint{Table: "books", Name: "ck_pos"},
		},
		findings: []string{
			"Detected NOT VALID foreign key 'fk_books_author_id_authors' on table books declared valid",
			"Detected NOT VALID check constraint 'ck_pos' on table books declared valid",
		},
	}, {
		name: "declared not valid, live valid", declared: notValid, live: withFK(),
	}, {
		name: "deferrable differs", declared: withFK(schema.DeferrableFK(true)), live: withFK(),
		want: []ops.Op{
			&ops.DropConstraint{Table: "books", Name: "fk_books_author_id_authors", Type: ops.ConstraintForeignKey, ExistingForeignKey: fk()},
			&ops.CreateForeignKey{Table: "books", ForeignKey: deferred},
		},
		findings: []string{"Detected removed foreign key (author_id)(id) on table books", "Detected added foreign key (author_id)(id) on table books"},
	}, {
		name: "match simple is the default", declared: withFK(schema.Match("SIMPLE")), live: withFK(),
	}, {
		name: "unique nulls not distinct differs", declared: uq(schema.UniqueNullsNotDistinct()), live: uq(),
		want: []ops.Op{
			&ops.DropConstraint{Table: "t", Name: "uq_a", Type: ops.ConstraintUnique, ExistingUnique: &schema.UniqueDef{Name: "uq_a", Columns: []string{"a"}}},
			&ops.CreateUniqueConstraint{Table: "t", Unique: &schema.UniqueDef{Name: "uq_a", Columns: []string{"a"}, NullsNotDistinct: true}},
		},
		findings: []string{"Detected removed unique constraint 'uq_a' on 't'", "Detected added unique constraint 'uq_a' on ['a']"},
	}, {
		name: "index collation quoted or not", declared: ix(schema.Index("ix_a", "a").Collation(`"C"`)), live: ix(schema.Index("ix_a", "a").Collation("C")),
	}, {
		name: "index nulls not distinct differs", declared: ix(schema.Index("ix_a", "a").Unique().NullsNotDistinct()), live: ix(schema.Index("ix_a", "a").Unique()),
		want: []ops.Op{
			&ops.DropIndex{Table: "t", Name: "ix_a", Existing: &schema.IndexDef{Name: "ix_a", Columns: []string{"a"}, Unique: true}},
			&ops.CreateIndex{Table: "t", Index: &schema.IndexDef{Name: "ix_a", Columns: []string{"a"}, Unique: true, NullsNotDistinct: true}},
		},
		findings: []string{"Detected removed index 'ix_a' on 't'", "Detected added index 'ix_a' on ['a']"},
	}})
}
