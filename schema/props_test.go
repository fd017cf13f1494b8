package schema

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func propsMeta() *MetaData {
	m := NewMetaData()
	m.Table("lines",
		Col("id", BigInt()).PrimaryKey().IdentityAlways().IdentityStart(100).IdentityIncrement(-5),
		Col("n", Integer()).IdentityStart(7),
		Col("qty", Integer()),
		Col("twice", Integer()).Generated("qty * 2"),
		Col("label", Text()).NotNull().GeneratedStored(`'n' || "qty"`),
	).SQLiteStrict().SQLiteWithoutRowid()
	return m
}

// The Go API sets the fields, JSON keeps them, and GoSource writes the calls
// that declare them again.
func TestTablePropsDeclareJSONGoSource(t *testing.T) {
	m := propsMeta()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	tab := m.Tables[0]
	id, n := tab.FindColumn("id"), tab.FindColumn("n")
	if !id.Autoincrement || id.AutoincrementKind != AutoincrementAlways || id.IdentityStart != 100 || id.IdentityIncrement != -5 {
		t.Errorf("id = %+v", id)
	}
	if !n.Autoincrement || n.AutoincrementKind != "" || n.IdentityStart != 7 {
		t.Errorf("n = %+v", n)
	}
	if g := tab.FindColumn("label").Generated; g == nil || !g.Stored || g.Expr != `'n' || "qty"` {
		t.Errorf("label generation = %+v", g)
	}
	if !tab.SQLiteStrict || !tab.SQLiteWithoutRowid {
		t.Errorf("table options: strict %v, without rowid %v", tab.SQLiteStrict, tab.SQLiteWithoutRowid)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"identity_start":100`, `"identity_increment":-5`, `"generated":{"expr":"qty * 2"}`, `"stored":true`, `"sqlite_strict":true`, `"sqlite_without_rowid":true`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("JSON lacks %s:\n%s", k, b)
		}
	}
	var back MetaData
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(m.Tables, back.Tables); d != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", d)
	}
	if c := tab.Clone(); c.FindColumn("twice").Generated == tab.FindColumn("twice").Generated {
		t.Error("Clone shares the generation")
	}
	src, err := GoSource(m, "models")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`schema.Col("id", schema.BigInt()).NotNull().IdentityAlways().IdentityStart(100).IdentityIncrement(-5)`,
		`schema.Col("n", schema.Integer()).IdentityStart(7)`,
		`schema.Col("twice", schema.Integer()).Generated("qty * 2")`,
		"schema.Col(\"label\", schema.Text()).NotNull().GeneratedStored(`'n' || \"qty\"`)",
		`.SQLiteStrict().SQLiteWithoutRowid()`,
	} {
		if !strings.Contains(string(src), want) {
			t.Errorf("GoSource lacks %s:\n%s", want, src)
		}
	}
}

func TestTablePropsValidate(t *testing.T) {
	m := NewMetaData()
	m.Table("bad",
		Col("a", Integer()).Generated("").ServerDefault("1"),
		Col("b", Integer()).Generated("1").ServerDefault("1"),
		Col("c", Integer()).Serial().IdentityStart(5),
	).SQLiteWithoutRowid()
	err := m.Validate()
	for _, want := range []string{
		`generated column "a" has an empty expression`,
		`generated column "b" also has a server default`,
		`column "c" is serial but has identity options`,
		`a WITHOUT ROWID table needs a primary key`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %v, want %q", err, want)
		}
	}
}
