package autogen

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

func TestRenameHints(t *testing.T) {
	all := Options{CompareType: true, CompareServerDefault: true}
	email := func(name string) *schema.ColumnBuilder { return schema.Col(name, schema.Varchar(255)).NotNull() }
	liveUsers := plain(tbl("users", idCol(), email("email"), schema.Index("ix_users_email", "email")))
	emailAlter := &ops.AlterColumn{Table: "users", Column: "email", NewName: "email_address",
		ExistingType: tp(schema.Varchar(255)), ExistingNullable: bp(false), ExistingAutoincrement: bp(false)}
	runCases(t, []testCase{{
		name:     "column renamed with a hint",
		declared: plain(tbl("users", idCol(), email("email_address").RenamedFrom("email"), schema.Index("ix_users_email", "email_address"))),
		live:     liveUsers, opts: all,
		want:     []ops.Op{emailAlter},
		findings: []string{"Detected renamed column 'users.email' to 'email_address'"},
	}, {
		name:     "a hint whose rename already ran does nothing",
		declared: plain(tbl("users", idCol(), email("email").RenamedFrom("mail"), schema.Index("ix_users_email", "email"))),
		live:     liveUsers, opts: all,
	}, {
		name:     "table renamed with a hint, a referring key follows",
		declared: plain(func(m *schema.MetaData) { m.Table("accounts", idCol(), email("email")).RenamedFrom("users") }, tbl("orders", idCol(), schema.Col("uid", schema.Integer()).References("accounts.id", schema.ConstraintName("fk_orders_uid")))),
		live:     plain(tbl("users", idCol(), email("email")), tbl("orders", idCol(), schema.Col("uid", schema.Integer()).References("users.id", schema.ConstraintName("fk_orders_uid")))),
		opts:     all,
		want:     []ops.Op{&ops.RenameTable{Name: "users", NewName: "accounts"}},
		findings: []string{"Detected renamed table 'users' to 'accounts'"},
	}, {
		name: "table and its column renamed together, the convention's index name hinted",
		declared: md(func(m *schema.MetaData) {
			m.Table("accounts", idCol(), email("login").RenamedFrom("email"), schema.Index("", "login").RenamedFrom("ix_users_email")).RenamedFrom("users")
		}),
		live: md(tbl("users", idCol(), email("email"), schema.Index("", "email"))),
		opts: all,
		want: []ops.Op{
			&ops.RenameTable{Name: "users", NewName: "accounts"},
			&ops.AlterColumn{Table: "accounts", Column: "email", NewName: "login", ExistingType: tp(schema.Varchar(255)), ExistingNullable: bp(false), ExistingAutoincrement: bp(false)},
			&ops.RenameIndex{Table: "accounts", Name: "ix_users_email", NewName: "ix_accounts_login"},
		},
		findings: []string{"Detected renamed table 'users' to 'accounts'", "Detected renamed column 'accounts.email' to 'login'", "Detected renamed index 'ix_users_email' to 'ix_accounts_login' on 'accounts'"},
	}, {
		name:     "index renamed with a hint",
		declared: plain(tbl("users", idCol(), email("email"), schema.Index("ix_users_mail", "email").RenamedFrom("ix_users_email"))),
		live:     liveUsers, opts: all,
		want:     []ops.Op{&ops.RenameIndex{Table: "users", Name: "ix_users_email", NewName: "ix_users_mail"}},
		findings: []string{"Detected renamed index 'ix_users_email' to 'ix_users_mail' on 'users'"},
	}, {
		name:     "constraints renamed with a hint",
		declared: plain(tbl("users", idCol(), email("email"), schema.Index("ix_users_email", "email"), schema.UniqueConstraint("uq_login", "email"), schema.Check("ck_id_new", "id > 0"), schema.RenamedConstraint("uq_login", "uq_email"), schema.RenamedConstraint("ck_id_new", "ck_id"))),
		live:     plain(tbl("users", idCol(), email("email"), schema.Index("ix_users_email", "email"), schema.UniqueConstraint("uq_email", "email"), schema.Check("ck_id", "id > 0"))),
		opts:     all,
		want: []ops.Op{
			&ops.RenameConstraint{Table: "users", Name: "uq_email", NewName: "uq_login", Type: ops.ConstraintUnique},
			&ops.RenameConstraint{Table: "users", Name: "ck_id", NewName: "ck_id_new", Type: ops.ConstraintCheck},
		},
		findings: []string{"Detected renamed unique constraint 'uq_email' to 'uq_login' on 'users'", "Detected renamed check constraint 'ck_id' to 'ck_id_new' on 'users'"},
	}, {
		name:     "renamed column and changed type: the rename, then the change on the new name",
		declared: plain(tbl("users", idCol(), schema.Col("email_address", schema.Text()).NotNull().RenamedFrom("email"), schema.Index("ix_users_email", "email_address"))),
		live:     liveUsers, opts: all,
		want: []ops.Op{emailAlter, &ops.AlterColumn{Table: "users", Column: "email_address", Type: tp(schema.Text()),
			ExistingType: tp(schema.Varchar(255)), ExistingNullable: bp(false), ExistingAutoincrement: bp(false)}},
		findings: []string{"Detected renamed column 'users.email' to 'email_address'", "Detected type change from varchar(255) to text on 'users.email_address'"},
	}})
}

func TestRenameSuggestions(t *testing.T) {
	all := Options{CompareType: true, CompareServerDefault: true}
	declared := plain(tbl("users", idCol(), schema.Col("email_address", schema.Varchar(255)).NotNull(), schema.Col("bio", schema.Text()), schema.Index("ix_users_mail", "email_address")))
	live := plain(tbl("users", idCol(), schema.Col("email", schema.Varchar(255)).NotNull(), schema.Col("nick", schema.Varchar(20)), schema.Index("ix_users_email", "email")))
	res, err := Compare(declared, live, pgLike, all)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`Detected removed column 'users.email' and added column 'users.email_address' of the same type and nullability: if it was renamed, declare schema.Col("email_address", …).RenamedFrom("email") and autogenerate writes alter_column with new_name instead of dropping the column with its values`,
	}
	if strings.Join(res.RenameSuggestions, "\n") != strings.Join(want, "\n") {
		t.Errorf("suggestions:\n%s\nwant:\n%s", strings.Join(res.RenameSuggestions, "\n"), strings.Join(want, "\n"))
	}
	// bio (text, nullable) and nick (varchar(20), nullable) differ in type:
	// no suggestion. The index moved to another column: no suggestion either.
	for _, s := range res.RenameSuggestions {
		if strings.Contains(s, "bio") || strings.Contains(s, "index") {
			t.Errorf("unexpected suggestion %q", s)
		}
	}
	if res.Findings[0] != want[0] {
		t.Errorf("the suggestion is not among the findings: %q", res.Findings)
	}
	// The same index on the same columns under a new name is suggested.
	res, err = Compare(plain(tbl("users", idCol(), schema.Col("email", schema.Varchar(255)).NotNull(), schema.Index("ix_new", "email"))), live, pgLike, all)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(res.RenameSuggestions, "\n"), `schema.Index("ix_new", …).RenamedFrom("ix_users_email")`) {
		t.Errorf("no index suggestion: %q", res.RenameSuggestions)
	}
}

// TestRenameUniqueIndexAsConstraint: where a unique index is a unique
// constraint (MySQL), the live side reports the old unique index as a
// constraint; its RenamedFrom hint still becomes rename_index, and nothing
// else is proposed.
func TestRenameUniqueIndexAsConstraint(t *testing.T) {
	d := &fakeDialect{name: "mylike", mysqlLike: true, caps: dialect.Capabilities{UniqueIndexesAreConstraints: true}}
	email := schema.Col("email", schema.Varchar(255)).NotNull()
	declared := plain(tbl("users", idCol(), email, schema.Index("ux_mail", "email").Unique().RenamedFrom("ux_email")))
	live := plain(tbl("users", idCol(), schema.Col("email", schema.Varchar(255)).NotNull(), schema.UniqueConstraint("ux_email", "email")))
	res, err := Compare(declared, live, d, Options{CompareType: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []ops.Op{&ops.RenameIndex{Table: "users", Name: "ux_email", NewName: "ux_mail"}}
	if diff := cmp.Diff(want, res.Upgrade, equateEmpty); diff != "" {
		t.Errorf("upgrade (-want +got):\n%s", diff)
	}
	// After the rename the server reports ux_mail as a constraint: nothing to do.
	after := plain(tbl("users", idCol(), schema.Col("email", schema.Varchar(255)).NotNull(), schema.UniqueConstraint("ux_mail", "email")))
	if res, err = Compare(declared, after, d, Options{CompareType: true}); err != nil || !res.Empty() {
		t.Errorf("after the rename: %v, %v", res, err)
	}
}
