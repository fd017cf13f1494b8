package ops

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/schema"
)

// TestYAMLIndexDetailsRoundTrip checks that using, include, opclass and order
// survive encode and decode on create_index, drop_index and drop_table's
// record of indexes, and that defaults are left out of the text.
func TestYAMLIndexDetailsRoundTrip(t *testing.T) {
	full := &schema.IndexDef{Name: "ix_doc", Columns: []string{"doc", "lower(title)", "at"}, Using: "gin",
		Include: []string{"id", "it's"}, Opclass: []string{"jsonb_path_ops", "", ""}, Order: []string{"", "DESC", "NULLS FIRST"}}
	plain := &schema.IndexDef{Name: "ix_plain", Columns: []string{"a"}, Opclass: []string{""}, Order: []string{""}}
	table := &schema.Table{Name: "t", Columns: []*schema.Column{{Name: "a", Type: schema.Integer()}}, Indexes: []*schema.IndexDef{full.Clone()}}
	list := []Op{
		&CreateIndex{Table: "t", Index: full.Clone()},
		&DropIndex{Table: "t", Name: full.Name, Existing: full.Clone()},
		&CreateIndex{Table: "t", Index: plain.Clone()},
		&DropTable{Name: "t", Existing: table},
	}
	node, err := EncodeList(list)
	if err != nil {
		t.Fatal(err)
	}
	text := string(yamlx.Encode(node))
	for _, want := range []string{"using: gin", "include: [id, 'it''s']", "opclass: [jsonb_path_ops, '', '']", "order: ['', DESC, NULLS FIRST]"} {
		if !strings.Contains(text, want) {
			t.Errorf("encoded YAML lacks %q:\n%s", want, text)
		}
	}
	plainLine := strings.Split(text, "\n")[2]
	if strings.Contains(plainLine, "opclass") || strings.Contains(plainLine, "order") {
		t.Errorf("all-default opclass/order were written: %s", plainLine)
	}
	parsed, err := yamlx.Parse([]byte(text))
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, text)
	}
	back, err := DecodeList(parsed)
	if err != nil {
		t.Fatalf("DecodeList: %v\n%s", err, text)
	}
	plain.Opclass, plain.Order = nil, nil // all-default lists are not written
	list[2] = &CreateIndex{Table: "t", Index: plain}
	if d := cmp.Diff(list, back, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("round trip differs (-want +got):\n%s\n%s", d, text)
	}
}

func TestYAMLIndexDetailsErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"- create_index: {name: i, table: t, columns: [a], order: [DESC, DESC]}", "create_index.order: has 2 entries but columns has 1"},
		{"- create_index: {name: i, table: t, columns: [a], using: 3}", "create_index.using"},
		{"- drop_table: {name: t, indexes: [{name: i, columns: [a], opclass: [x, y]}]}", "opclass: has 2 entries but columns has 1"},
	} {
		_, err := decodeText(t, tc.src)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.src, err, tc.want)
		}
	}
}
