package ops

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/schema"
)

func TestWidens(t *testing.T) {
	cases := []struct {
		from, to schema.Type
		want     bool
	}{
		{schema.Integer(), schema.BigInt(), true},
		{schema.BigInt(), schema.Integer(), false},
		{schema.Varchar(50), schema.Varchar(100), true},
		{schema.Varchar(100), schema.Varchar(50), false},
		{schema.Varchar(100), schema.Text(), true},
		{schema.Text(), schema.Varchar(100), false},
		{schema.Char(2), schema.Varchar(2), true},
		{schema.Numeric(10, 2), schema.Numeric(12, 2), true},
		{schema.Numeric(10, 2), schema.Numeric(10, 3), false}, // one integer digit fewer
		{schema.Numeric(10, 2), schema.Numeric(0, 0), true},
		{schema.Numeric(0, 0), schema.Numeric(30, 2), false},
		{schema.Integer(), schema.Numeric(10, 0), true},
		{schema.BigInt(), schema.Numeric(10, 0), false},
		{schema.Real(), schema.Double(), true},
		{schema.Double(), schema.Real(), false},
		{schema.Integer(), schema.Text(), true},
		{schema.Blob(), schema.Text(), false},
		{schema.Date(), schema.TimestampTZ(), true},
		{schema.TimestampTZ(), schema.Date(), false},
		{schema.Enum("s", "a", "b"), schema.Enum("s", "a", "b", "c"), true},
		{schema.Enum("s", "a", "b"), schema.Enum("s", "a"), false},
		{schema.Dialect("postgresql", "jsonb"), schema.JSON(), false},
		{schema.Text(), schema.Text(), true},
	}
	for _, c := range cases {
		if got := Widens(c.from, c.to); got != c.want {
			t.Errorf("Widens(%s, %s) = %v, want %v", c.from, c.to, got, c.want)
		}
	}
}

func TestDestructive(t *testing.T) {
	ack := true
	list := []Op{
		&CreateTable{Table: &schema.Table{Name: "a", Columns: []*schema.Column{{Name: "id", Type: schema.Integer()}}}},
		&DropTable{Name: "old"},
		&DropColumn{Schema: "s", Table: "users", Column: "nick", AcknowledgeDestructive: &ack},
		&AlterColumn{Table: "users", Column: "name", Type: tp(schema.Varchar(10)), ExistingType: tp(schema.Varchar(100))},
		&AlterColumn{Table: "users", Column: "n", Type: tp(schema.BigInt()), ExistingType: tp(schema.Integer())},
		&AlterColumn{Table: "users", Column: "m", Type: tp(schema.BigInt())},
		&AlterColumn{Table: "users", Column: "name", NewName: "full_name"},
		&DropEnumValue{Name: "mood", Value: "sad"},
		&DropIndex{Name: "ix"},
		&DropConstraint{Table: "users", Name: "uq", Type: ConstraintUnique},
		&DropEnum{Name: "mood"},
		&RenameTable{Name: "a", NewName: "b"},
	}
	got := Destructive(list)
	want := []DestructiveOp{
		{Index: 1, Op: "drop_table", Reason: "drops table old and every row in it"},
		{Index: 2, Op: "drop_column", Reason: "drops column s.users.nick and every value in it", Acknowledged: true},
		{Index: 3, Op: "alter_column", Reason: "changes the type of users.name from varchar(100) to varchar(10), which may truncate, round or refuse values"},
		{Index: 5, Op: "alter_column", Reason: "changes the type of users.m to bigint without existing_type, so whether every value fits cannot be told"},
		{Index: 7, Op: "drop_enum_value", Reason: `removes value "sad" from enum mood; rows holding it lose it`},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Destructive (-want +got):\n%s", d)
	}
	if s := got[0].String(); !strings.Contains(s, "op 2 (drop_table)") || !strings.Contains(s, "not acknowledged") {
		t.Errorf("String() = %q", s)
	}

	// MarkDestructive writes false on the unmarked destructive ops only, and
	// the encoded list carries the key and, with CommentDestructive, a comment.
	MarkDestructive(list)
	for i, o := range list {
		p := ackField(o)
		switch {
		case p == nil:
		case DataLoss(o) == "" && *p != nil:
			t.Errorf("op %d (%s): marked, but loses nothing", i+1, Name(o))
		case DataLoss(o) != "" && *p == nil:
			t.Errorf("op %d (%s): not marked", i+1, Name(o))
		}
	}
	if !Acknowledged(list[2]) || Acknowledged(list[1]) {
		t.Error("MarkDestructive changed an acknowledgement")
	}
	seq, err := EncodeList(list)
	if err != nil {
		t.Fatal(err)
	}
	CommentDestructive(seq, list)
	text := string(yamlx.Encode(yamlx.NewMap().Set("upgrade", seq)))
	for _, w := range []string{
		"  # DESTRUCTIVE: drops table old and every row in it; review, then set acknowledge_destructive: true\n  - drop_table: {name: old, acknowledge_destructive: false}\n",
		"  # DESTRUCTIVE (acknowledged): drops column s.users.nick and every value in it\n  - drop_column: {table: users, schema: s, column: nick, acknowledge_destructive: true}\n",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("encoded list lacks\n%s\nin\n%s", w, text)
		}
	}
	n, err := yamlx.Parse([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeList(n.Get("upgrade"))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(list, back); d != "" {
		t.Errorf("decode(encode) differs (-want +got):\n%s", d)
	}
}

func TestRenameOps(t *testing.T) {
	m := &schema.MetaData{Tables: []*schema.Table{{Name: "users",
		Columns:     []*schema.Column{{Name: "id", Type: schema.Integer()}, {Name: "org", Type: schema.Integer()}},
		PrimaryKey:  &schema.PrimaryKeyDef{Name: "pk_users", Columns: []string{"id"}},
		Uniques:     []*schema.UniqueDef{{Name: "uq_a", Columns: []string{"org"}}},
		Checks:      []*schema.CheckDef{{Name: "ck_a", Expr: "id > 0"}},
		ForeignKeys: []*schema.ForeignKeyDef{{Name: "fk_a", Columns: []string{"org"}, RefTable: "users", RefColumns: []string{"id"}}},
		Indexes:     []*schema.IndexDef{{Name: "ix_a", Columns: []string{"org"}}, {Name: "ix_b", Columns: []string{"id"}}},
	}}}
	before := m.Clone()
	list := []Op{
		&RenameIndex{Table: "users", Name: "ix_a", NewName: "ix_c"},
		&RenameConstraint{Table: "users", Name: "uq_a", NewName: "uq_b", Type: ConstraintUnique},
		&RenameConstraint{Table: "users", Name: "ck_a", NewName: "ck_b", Type: ConstraintCheck},
		&RenameConstraint{Table: "users", Name: "fk_a", NewName: "fk_b", Type: ConstraintForeignKey},
		&RenameConstraint{Table: "users", Name: "pk_users", NewName: "users_pkey", Type: ConstraintPrimary},
	}
	for _, o := range list {
		if err := Apply(m, o); err != nil {
			t.Fatalf("Apply(%s): %v", Name(o), err)
		}
	}
	u := m.Tables[0]
	if u.Indexes[0].Name != "ix_c" || u.Uniques[0].Name != "uq_b" || u.Checks[0].Name != "ck_b" || u.ForeignKeys[0].Name != "fk_b" || u.PrimaryKey.Name != "users_pkey" {
		t.Errorf("after the renames: %+v", u)
	}
	for _, c := range []struct {
		o    Op
		want error
	}{
		{&RenameIndex{Table: "users", Name: "ix_a", NewName: "ix_d"}, ErrNotFound},
		{&RenameIndex{Table: "users", Name: "ix_c", NewName: "ix_b"}, ErrExists},
		{&RenameConstraint{Table: "users", Name: "uq_b", NewName: "ck_b", Type: ConstraintUnique}, ErrExists},
		{&RenameConstraint{Table: "users", Name: "uq_b", NewName: "x", Type: ConstraintCheck}, ErrNotFound},
	} {
		snap := m.Clone()
		if err := Apply(m, c.o); !errors.Is(err, c.want) {
			t.Errorf("Apply(%+v) = %v, want %v", c.o, err, c.want)
		}
		if d := cmp.Diff(snap, m); d != "" {
			t.Errorf("a failed Apply changed the model:\n%s", d)
		}
	}
	back, err := ReverseAll(list)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range back {
		if err := Apply(m, o); err != nil {
			t.Fatalf("Apply(reverse %s): %v", Name(o), err)
		}
	}
	if d := cmp.Diff(before, m); d != "" {
		t.Errorf("the reversed renames do not restore the model (-want +got):\n%s", d)
	}
	seq, err := EncodeList(list)
	if err != nil {
		t.Fatal(err)
	}
	text := string(yamlx.Encode(seq))
	if !strings.Contains(text, "- rename_index: {name: ix_a, new_name: ix_c, table: users}\n") || !strings.Contains(text, "- rename_constraint: {name: uq_a, new_name: uq_b, table: users, type: unique}\n") {
		t.Errorf("encoded:\n%s", text)
	}
	n, err := yamlx.Parse([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	dec, err := DecodeList(n)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(list, dec); d != "" {
		t.Errorf("decode(encode) differs:\n%s", d)
	}
	if _, err := decodeText(t, "- rename_constraint: {name: a, new_name: b, table: t, type: index}"); err == nil || !strings.Contains(err.Error(), "want foreignkey, unique, check or primary") {
		t.Errorf("a wrong type decodes: %v", err)
	}
}
