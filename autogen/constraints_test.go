package autogen

import (
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

func TestPrimaryKeys(t *testing.T) {
	cols := func() []schema.TableItem {
		return []schema.TableItem{schema.Col("id", schema.Integer()).NotNull(), schema.Col("code", schema.Text()).NotNull()}
	}
	pk := func(c ...string) func(*schema.MetaData) {
		return tbl("t", append(cols(), schema.PrimaryKeyConstraint(c...))...)
	}
	runCases(t, []testCase{{
		name: "column list changed", declared: md(pk("id", "code")), live: md(pk("id")),
		want: []ops.Op{
			&ops.DropConstraint{Table: "t", Name: "pk_t", Type: ops.ConstraintPrimary, ExistingPrimaryKey: &schema.PrimaryKeyDef{Name: "pk_t", Columns: []string{"id"}}},
			&ops.CreatePrimaryKey{Table: "t", PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_t", Columns: []string{"id", "code"}}},
		},
		findings: []string{"Detected removed primary key 'pk_t' on 't'", "Detected added primary key 'pk_t' on ['id', 'code']"},
	}, {
		name: "column order matters", declared: md(pk("code", "id")), live: md(pk("id", "code")),
		want: []ops.Op{
			&ops.DropConstraint{Table: "t", Name: "pk_t", Type: ops.ConstraintPrimary, ExistingPrimaryKey: &schema.PrimaryKeyDef{Name: "pk_t", Columns: []string{"id", "code"}}},
			&ops.CreatePrimaryKey{Table: "t", PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_t", Columns: []string{"code", "id"}}},
		},
		findings: []string{"Detected removed primary key 'pk_t' on 't'", "Detected added primary key 'pk_t' on ['code', 'id']"},
	}, {
		name: "names are not compared", declared: plain(pk("id")), live: md(pk("id")),
	}, {
		name: "added", declared: md(pk("id")), live: md(tbl("t", cols()...)),
		want:     []ops.Op{&ops.CreatePrimaryKey{Table: "t", PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_t", Columns: []string{"id"}}}},
		findings: []string{"Detected added primary key 'pk_t' on ['id']"},
	}, {
		name: "removed", declared: md(tbl("t", cols()...)), live: md(pk("id")),
		want:     []ops.Op{&ops.DropConstraint{Table: "t", Name: "pk_t", Type: ops.ConstraintPrimary, ExistingPrimaryKey: &schema.PrimaryKeyDef{Name: "pk_t", Columns: []string{"id"}}}},
		findings: []string{"Detected removed primary key 'pk_t' on 't'"},
	}})
}

func TestForeignKeys(t *testing.T) {
	withFK := func(opts ...schema.FKOption) *schema.MetaData {
		return md(authors, tbl("books", idCol(), schema.Col("author_id", schema.Integer()).References("authors.id", opts...)))
	}
	noFK := md(authors, tbl("books", idCol(), schema.Col("author_id", schema.Integer())))
	renamed := withFK(schema.ConstraintName("books_author_id_fkey"))
	lowerCase := withFK(schema.OnDelete("CASCADE"))
	table(lowerCase, "books").ForeignKeys[0].OnDelete = "cascade"
	fk := func(onDelete string) *schema.ForeignKeyDef {
		return &schema.ForeignKeyDef{Name: "fk_books_author_id_authors", Columns: []string{"author_id"}, RefTable: "authors", RefColumns: []string{"id"}, OnDelete: onDelete}
	}
	runCases(t, []testCase{{
		name: "added", declared: withFK(), live: noFK,
		want:     []ops.Op{&ops.CreateForeignKey{Table: "books", ForeignKey: fk("")}},
		findings: []string{"Detected added foreign key (author_id)(id) on table books"},
	}, {
		name: "removed", declared: noFK, live: withFK(),
		want:     []ops.Op{&ops.DropConstraint{Table: "books", Name: "fk_books_author_id_authors", Type: ops.ConstraintForeignKey, ExistingForeignKey: fk("")}},
		findings: []string{"Detected removed foreign key (author_id)(id) on table books"},
	}, {
		name: "names are not part of the signature", declared: withFK(), live: renamed,
	}, {
		name: "empty action is NO ACTION", declared: withFK(), live: withFK(schema.OnDelete("NO ACTION"), schema.OnUpdate("no action")),
	}, {
		name: "actions compare case-insensitively", declared: withFK(schema.OnDelete("CASCADE")), live: lowerCase,
	}, {
		name: "changed action is drop then create", declared: withFK(schema.OnDelete("CASCADE")), live: withFK(schema.OnDelete("SET NULL")),
		want: []ops.Op{
			&ops.DropConstraint{Table: "books", Name: "fk_books_author_id_authors", Type: ops.ConstraintForeignKey, ExistingForeignKey: fk("SET NULL")},
			&ops.CreateForeignKey{Table: "books", ForeignKey: fk("CASCADE")},
		},
		findings: []string{"Detected removed foreign key (author_id)(id) on table books", "Detected added foreign key (author_id)(id) on table books"},
	}})
}

func TestUniqueConstraints(t *testing.T) {
	cols := func(items ...schema.TableItem) func(*schema.MetaData) {
		return tbl("t", append([]schema.TableItem{idCol(), schema.Col("a", schema.Text()), schema.Col("b", schema.Text())}, items...)...)
	}
	uq := func(name string, c ...string) *schema.UniqueDef { return &schema.UniqueDef{Name: name, Columns: c} }
	drop := func(u *schema.UniqueDef) ops.Op {
		return &ops.DropConstraint{Table: "t", Name: u.Name, Type: ops.ConstraintUnique, ExistingUnique: u}
	}
	runCases(t, []testCase{{
		name: "named, columns changed", declared: md(cols(schema.UniqueConstraint("uq_ab", "a", "b"))), live: md(cols(schema.UniqueConstraint("uq_ab", "a"))),
		want:     []ops.Op{drop(uq("uq_ab", "a")), &ops.CreateUniqueConstraint{Table: "t", Unique: uq("uq_ab", "a", "b")}},
		findings: []string{"Detected removed unique constraint 'uq_ab' on 't'", "Detected added unique constraint 'uq_ab' on ['a', 'b']"},
	}, {
		name: "named matches by name, not by columns", declared: md(cols(schema.UniqueConstraint("uq_new", "a"))), live: md(cols(schema.UniqueConstraint("t_a_key", "a"))),
		want: []ops.Op{drop(uq("t_a_key", "a")), &ops.CreateUniqueConstraint{Table: "t", Unique: uq("uq_new", "a")}},
		findings: []string{
			`Detected removed unique constraint 't_a_key' and added unique constraint 'uq_new' of the same shape on 't': if it was renamed, declare schema.RenamedConstraint("uq_new", "t_a_key") in the table and autogenerate writes rename_constraint instead of dropping and adding it`,
			"Detected removed unique constraint 't_a_key' on 't'", "Detected added unique constraint 'uq_new' on ['a']"},
	}, {
		name: "unnamed matches by columns", declared: plain(cols(schema.UniqueConstraint("", "a"))), live: md(cols(schema.UniqueConstraint("t_a_key", "a"))),
	}, {
		name: "unnamed added", declared: plain(cols(schema.UniqueConstraint("", "b"))), live: plain(cols(schema.UniqueConstraint("t_a_key", "a"))),
		want:     []ops.Op{drop(uq("t_a_key", "a")), &ops.CreateUniqueConstraint{Table: "t", Unique: uq("", "b")}},
		findings: []string{"Detected removed unique constraint 't_a_key' on 't'", "Detected added unique constraint (unnamed) on ['b']"},
	}, {
		name: "added by the naming convention", declared: md(cols(schema.UniqueConstraint("", "a", "b"))), live: md(cols()),
		want:     []ops.Op{&ops.CreateUniqueConstraint{Table: "t", Unique: uq("uq_t_a_b", "a", "b")}},
		findings: []string{"Detected added unique constraint 'uq_t_a_b' on ['a', 'b']"},
	}})
}

func TestCheckConstraints(t *testing.T) {
	cols := func(items ...schema.TableItem) func(*schema.MetaData) {
		return tbl("t", append([]schema.TableItem{idCol(), schema.Col("n", schema.Integer())}, items...)...)
	}
	runCases(t, []testCase{{
		name:     "same name, condition rewritten by the database: not compared",
		declared: md(cols(schema.Check("ck_n", "n > 0"))), live: md(cols(schema.Check("ck_n", "(n > 0)"))),
	}, {
		name:     "unnamed matches a condition equal but for white space",
		declared: plain(cols(schema.Check("", "n  >\n 0"))), live: plain(cols(schema.Check("t_n_check", " n > 0"))),
	}, {
		name: "added and removed", declared: md(cols(schema.Check("ck_n_small", "n < 10"))), live: md(cols(schema.Check("ck_n", "n > 0"))),
		want: []ops.Op{
			&ops.DropConstraint{Table: "t", Name: "ck_n", Type: ops.ConstraintCheck, ExistingCheck: &schema.CheckDef{Name: "ck_n", Expr: "n > 0"}},
			&ops.CreateCheckConstraint{Table: "t", Check: &schema.CheckDef{Name: "ck_n_small", Expr: "n < 10"}},
		},
		findings: []string{"Detected removed check constraint 'ck_n' on 't'", "Detected added check constraint 'ck_n_small' on 't'"},
	}, {
		name:     "a changed condition under the naming convention is a new name",
		declared: md(cols(schema.Check("", "n >= 0"))), live: md(cols(schema.Check("", "n > 0"))),
		want: []ops.Op{
			&ops.DropConstraint{Table: "t", Name: table(md(cols(schema.Check("", "n > 0"))), "t").Checks[0].Name, Type: ops.ConstraintCheck,
				ExistingCheck: table(md(cols(schema.Check("", "n > 0"))), "t").Checks[0]},
			&ops.CreateCheckConstraint{Table: "t", Check: table(md(cols(schema.Check("", "n >= 0"))), "t").Checks[0]},
		},
		findings: []string{
			"Detected removed check constraint '" + table(md(cols(schema.Check("", "n > 0"))), "t").Checks[0].Name + "' on 't'",
			"Detected added check constraint '" + table(md(cols(schema.Check("", "n >= 0"))), "t").Checks[0].Name + "' on 't'",
		},
	}})
}

func TestIndexes(t *testing.T) {
	cols := func(items ...schema.TableItem) func(*schema.MetaData) {
		return tbl("t", append([]schema.TableItem{idCol(), schema.Col("a", schema.Text()), schema.Col("b", schema.Text())}, items...)...)
	}
	ix := func(name string, unique bool, c ...string) *schema.IndexDef {
		return &schema.IndexDef{Name: name, Columns: c, Unique: unique}
	}
	runCases(t, []testCase{{
		name: "added and removed", declared: md(cols(schema.Index("ix_b", "b"))), live: md(cols(schema.Index("ix_a", "a"))),
		want: []ops.Op{
			&ops.DropIndex{Table: "t", Name: "ix_a", Existing: ix("ix_a", false, "a")},
			&ops.CreateIndex{Table: "t", Index: ix("ix_b", false, "b")},
		},
		findings: []string{"Detected removed index 'ix_a' on 't'", "Detected added index 'ix_b' on ['b']"},
	}, {
		name: "same name, other columns", declared: md(cols(schema.Index("ix", "a", "b"))), live: md(cols(schema.Index("ix", "a"))),
		want: []ops.Op{
			&ops.DropIndex{Table: "t", Name: "ix", Existing: ix("ix", false, "a")},
			&ops.CreateIndex{Table: "t", Index: ix("ix", false, "a", "b")},
		},
		findings: []string{"Detected removed index 'ix' on 't'", "Detected added index 'ix' on ['a', 'b']"},
	}, {
		name: "same name, other uniqueness", declared: md(cols(schema.Index("ix", "a").Unique())), live: md(cols(schema.Index("ix", "a"))),
		want: []ops.Op{
			&ops.DropIndex{Table: "t", Name: "ix", Existing: ix("ix", false, "a")},
			&ops.CreateIndex{Table: "t", Index: ix("ix", true, "a")},
		},
		findings: []string{"Detected removed index 'ix' on 't'", "Detected added index 'ix' on ['a']"},
	}, {
		name: "WHERE text is not compared", declared: md(cols(schema.Index("ix", "a").Where("b IS NOT NULL"))), live: md(cols(schema.Index("ix", "a").Where("(b IS NOT NULL)"))),
	}, {
		name: "unnamed matches by columns and uniqueness", declared: plain(cols(schema.Index("", "a", "b"))), live: plain(cols(schema.Index("t_a_b_idx", "a", "b"))),
	}, {
		name: "named by the convention", declared: md(cols(schema.Index("", "a", "b"))), live: md(cols()),
		want:     []ops.Op{&ops.CreateIndex{Table: "t", Index: ix("ix_t_a_b", false, "a", "b")}},
		findings: []string{"Detected added index 'ix_t_a_b' on ['a', 'b']"},
	}})
}

func TestTableComments(t *testing.T) {
	cols := idCol
	runCases(t, []testCase{{
		name: "changed", declared: md(tblComment("t", "new", cols())), live: md(tblComment("t", "old", cols())),
		want:     []ops.Op{&ops.CreateTableComment{Table: "t", Comment: "new", ExistingComment: "old"}},
		findings: []string{"Detected table comment change on 't'"},
	}, {
		name: "added", declared: md(tblComment("t", "new", cols())), live: md(tbl("t", cols())),
		want:     []ops.Op{&ops.CreateTableComment{Table: "t", Comment: "new"}},
		findings: []string{"Detected table comment change on 't'"},
	}, {
		name: "removed", declared: md(tbl("t", cols())), live: md(tblComment("t", "old", cols())),
		want:     []ops.Op{&ops.DropTableComment{Table: "t", ExistingComment: "old"}},
		findings: []string{"Detected table comment change on 't'"},
	}, {
		name: "not on a dialect without comments", d: myLike, declared: md(tblComment("t", "new", cols())), live: md(tblComment("t", "old", cols())),
	}})
}
