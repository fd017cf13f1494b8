package ops

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/schema"
)

// Generated columns, identity options and SQLite table options survive YAML
// both ways, in create_table, drop_table's record and add_column.
func TestYAMLTableProps(t *testing.T) {
	tab := &schema.Table{
		Name: "lines",
		Columns: []*schema.Column{
			{Name: "id", Type: schema.BigInt(), Autoincrement: true, AutoincrementKind: schema.AutoincrementAlways, IdentityStart: 100, IdentityIncrement: -10},
			{Name: "qty", Type: schema.Integer(), Nullable: true},
			{Name: "twice", Type: schema.Integer(), Nullable: true, Generated: &schema.GeneratedDef{Expr: "qty * 2"}},
			{Name: "label", Type: schema.Text(), Generated: &schema.GeneratedDef{Expr: "'n' || qty", Stored: true}},
		},
		PrimaryKey:         &schema.PrimaryKeyDef{Columns: []string{"id"}},
		SQLiteStrict:       true,
		SQLiteWithoutRowid: true,
	}
	list := []Op{
		&CreateTable{Table: tab},
		&AddColumn{Table: "lines", Column: tab.Columns[3].Clone()},
		&DropTable{Name: "lines", Existing: tab.Clone()},
	}
	node, err := EncodeList(list)
	if err != nil {
		t.Fatal(err)
	}
	text := string(yamlx.Encode(node))
	for _, want := range []string{"identity_start: 100", "identity_increment: -10", "generated: 'qty * 2'", "generated_stored: true", "sqlite_strict: true", "sqlite_without_rowid: true"} {
		if !strings.Contains(text, want) {
			t.Errorf("YAML lacks %q:\n%s", want, text)
		}
	}
	back, err := decodeText(t, text)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if d := cmp.Diff(list, back, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
}

func TestYAMLTablePropsErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"- add_column: {table: t, column: {name: c, type: integer, generated_stored: true}}", "generated_stored: needs generated"},
		{"- add_column: {table: t, column: {name: c, type: integer, generated: ''}}", "generated: must not be empty"},
		{"- add_column: {table: t, column: {name: c, type: integer, identity_start: x}}", "want an integer"},
		{"- create_table: {name: t, columns: [{name: c, type: integer}], sqlite_strict: 1}", "sqlite_strict"},
	} {
		_, err := decodeText(t, c.src)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.src, err, c.want)
		}
	}
}
