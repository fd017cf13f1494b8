package ops

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/schema"
)

// TestYAMLPostgresDetailsRoundTrip checks that the PostgreSQL details of
// columns, constraints and indexes, and validate_constraint, survive encode
// and decode, and that validate_constraint reverses to nothing.
func TestYAMLPostgresDetailsRoundTrip(t *testing.T) {
	table := &schema.Table{Name: "t",
		Columns: []*schema.Column{
			{Name: "id", Type: schema.Integer(), Autoincrement: true, AutoincrementKind: schema.AutoincrementSerial},
			{Name: "a", Type: schema.Integer(), Nullable: true},
		},
		ForeignKeys: []*schema.ForeignKeyDef{{Name: "fk", Columns: []string{"a"}, RefTable: "u", RefColumns: []string{"x"}, Match: "FULL", Deferrable: true, InitiallyDeferred: true, NotValid: true}},
		Uniques:     []*schema.UniqueDef{{Name: "uq", Columns: []string{"a"}, NullsNotDistinct: true, Deferrable: true}},
		Checks:      []*schema.CheckDef{{Name: "ck", Expr: "a > 0", NotValid: true}},
	}
	list := []Op{
		&CreateTable{Table: table},
		&CreateIndex{Table: "t", Index: &schema.IndexDef{Name: "ix", Columns: []string{"a"}, Unique: true, NullsNotDistinct: true, Collation: []string{"C"}}},
		&CreateUniqueConstraint{Table: "t", Unique: &schema.UniqueDef{Name: "uq2", Columns: []string{"id"}, NullsNotDistinct: true}},
		&CreateCheckConstraint{Table: "t", Check: &schema.CheckDef{Name: "ck2", Expr: "id > 0", NotValid: true}},
		&DropConstraint{Table: "t", Name: "uq", Type: ConstraintUnique, ExistingUnique: &schema.UniqueDef{Name: "uq", Columns: []string{"a"}, InitiallyDeferred: true}},
		&ValidateConstraint{Table: "t", Name: "fk"},
	}
	node, err := EncodeList(list)
	if err != nil {
		t.Fatal(err)
	}
	text := string(yamlx.Encode(node))
	for _, want := range []string{"autoincrement_kind: serial", "match: FULL", "not_valid: true", "nulls_not_distinct: true", "collation: [C]", "validate_constraint: {name: fk, table: t}"} {
		if !strings.Contains(text, want) {
			t.Errorf("encoded YAML lacks %q:\n%s", want, text)
		}
	}
	parsed, err := yamlx.Parse([]byte(text))
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, text)
	}
	back, err := DecodeList(parsed)
	if err != nil {
		t.Fatalf("DecodeList: %v\n%s", err, text)
	}
	if d := cmp.Diff(list, back, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("round trip differs (-want +got):\n%s\n%s", d, text)
	}
	if r, err := Reverse(&ValidateConstraint{Table: "t", Name: "fk"}); r != nil || err != nil {
		t.Errorf("Reverse(validate_constraint) = %v, %v; want nothing", r, err)
	}
	down, err := ReverseAll([]Op{&CreateCheckConstraint{Table: "t", Check: &schema.CheckDef{Name: "ck", Expr: "a > 0"}}, &ValidateConstraint{Table: "t", Name: "ck"}})
	if err != nil || len(down) != 1 {
		t.Errorf("ReverseAll = %v, %v; want only the drop of the check", down, err)
	}
	if _, err := decodeText(t, "- create_table: {name: t, columns: [{name: id, type: integer, autoincrement_kind: loop}]}"); err == nil || !strings.Contains(err.Error(), "want serial or always") {
		t.Errorf("bad autoincrement_kind: error %v", err)
	}
	m := &schema.MetaData{Tables: []*schema.Table{table.Clone()}}
	if err := Apply(m, &ValidateConstraint{Table: "t", Name: "fk"}); err != nil || m.Tables[0].ForeignKeys[0].NotValid {
		t.Errorf("Apply(validate_constraint): %v, NotValid = %v", err, m.Tables[0].ForeignKeys[0].NotValid)
	}
	if err := Apply(m, &ValidateConstraint{Table: "t", Name: "nope"}); err == nil {
		t.Error("Apply(validate_constraint) of an unknown constraint succeeded")
	}
}
