package schema

import (
	"strings"
	"testing"
)

// TestRenameHints: the hints land on the model, survive its JSON form (which
// carries the metadata from the user's module to the CLI), and mistakes are
// reported by Validate.
func TestRenameHints(t *testing.T) {
	m := NewMetaData(WithNamingConvention(DefaultNamingConvention))
	m.Table("accounts",
		Col("id", Integer()).PrimaryKey(),
		Col("email_address", Varchar(200)).RenamedFrom("email"),
		Col("org", Integer()).References("orgs.id"),
		Index("ix_mail", "email_address").RenamedFrom("ix_email"),
		UniqueConstraint("", "email_address"),
		Check("ck_org", "org > 0"),
		RenamedConstraint("uq_accounts_email_address", "uq_users_email"), // named by the convention
		RenamedConstraint("ck_org", "ck_old"),
		RenamedConstraint("fk_accounts_org_orgs", "fk_users_org"),
	).RenamedFrom("users")
	m.Table("orgs", Col("id", Integer()).PrimaryKey())
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	b, err := MarshalJSON(m)
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	a := back.Tables[0]
	got := []string{a.RenamedFrom, a.Columns[1].RenamedFrom, a.Indexes[0].RenamedFrom, a.Uniques[0].RenamedFrom, a.Checks[0].RenamedFrom, a.ForeignKeys[0].RenamedFrom}
	want := []string{"users", "email", "ix_email", "uq_users_email", "ck_old", "fk_users_org"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("hints after JSON: %q, want %q", got, want)
	}

	bad := NewMetaData()
	bad.Table("t",
		Col("a", Integer()).RenamedFrom("x"),
		Col("b", Integer()).RenamedFrom("x"),
		RenamedConstraint("uq_none", "uq_old"),
	)
	err = bad.Validate()
	for _, w := range []string{`columns "a" and "b" are both RenamedFrom("x")`, `RenamedConstraint("uq_none", "uq_old") names no unique, check or foreign-key constraint`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("Validate = %v, want it to say %s", err, w)
		}
	}
}
