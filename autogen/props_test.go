package autogen

import (
	"github.com/google/go-cmp/cmp"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// propsDialect is pgLike that stores the properties listed.
type propsDialect struct {
	*fakeDialect
	props []dialect.Property
}

func (p propsDialect) ModelsProperty(x dialect.Property) bool {
	for _, q := range p.props {
		if q == x {
			return true
		}
	}
	return false
}

func TestExprKey(t *testing.T) {
	for _, c := range [][2]string{
		{"qty * price", "(qty*price)"},
		{"concat(`first`,' ',`last`)", "CONCAT(first, ' ', last)"},
		{`("a" + b)`, "A+B"},
		{"(a) + (b)", "(a) + (b)"},
	} {
		if exprKey(c[0]) != exprKey(c[1]) {
			t.Errorf("exprKey(%q) = %q, exprKey(%q) = %q; want equal", c[0], exprKey(c[0]), c[1], exprKey(c[1]))
		}
	}
	for _, c := range [][2]string{
		{"a + b", "a - b"},
		{"'Ab'", "'ab'"},
		{`"Qty" * 2`, "qty * 2"},
		{"(a) + (b)", "a + b"},
	} {
		if exprKey(c[0]) == exprKey(c[1]) {
			t.Errorf("exprKey(%q) = exprKey(%q) = %q; want different", c[0], c[1], exprKey(c[0]))
		}
	}
}

// A generated column is added like any other, and the same generation written
// differently (spacing, quoting, outer parentheses) is no change.
func TestGeneratedColumnCompare(t *testing.T) {
	base := []schema.TableItem{idCol(), schema.Col("qty", schema.Integer())}
	with := func(g *schema.ColumnBuilder) []schema.TableItem {
		return append(append([]schema.TableItem(nil), base...), g)
	}
	runCases(t, []testCase{{
		name:     "same expression written differently",
		declared: md(tbl("l", with(schema.Col("twice", schema.Integer()).GeneratedStored("qty*2"))...)),
		live:     plain(tbl("l", with(schema.Col("twice", schema.Integer()).GeneratedStored(`("qty" * 2)`))...)),
	}, {
		name:     "added generated column",
		declared: md(tbl("l", with(schema.Col("twice", schema.Integer()).Generated("qty * 2"))...)),
		live:     plain(tbl("l", base...)),
		want: []ops.Op{&ops.AddColumn{Table: "l", Column: &schema.Column{Name: "twice", Type: schema.Integer(), Nullable: true,
			Generated: &schema.GeneratedDef{Expr: "qty * 2"}}}},
		findings: []string{"Detected added column 'l.twice'"},
	}})
	// A changed expression or storage drops the column (no data lost) and
	// adds it again, with its index dropped before and created after.
	for _, c := range []struct {
		name       string
		decl, live *schema.ColumnBuilder
	}{
		{"expression", schema.Col("twice", schema.Integer()).GeneratedStored("qty * 3"), schema.Col("twice", schema.Integer()).GeneratedStored("qty * 2")},
		{"storage", schema.Col("twice", schema.Integer()).Generated("qty * 2"), schema.Col("twice", schema.Integer()).GeneratedStored("qty * 2")},
	} {
		ix := schema.Index("ix_twice", "twice")
		res, err := Compare(md(tbl("l", append(with(c.decl), ix)...)), plain(tbl("l", append(with(c.live), ix)...)), pgLike, Options{})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		var names []string
		for _, o := range res.Upgrade {
			names = append(names, ops.Name(o))
			if l := ops.DataLoss(o); l != "" {
				t.Errorf("%s: %s is marked as losing data: %s", c.name, ops.Name(o), l)
			}
		}
		if got := strings.Join(names, " "); got != "drop_index drop_column add_column create_index" {
			t.Errorf("%s: upgrade %s", c.name, got)
		}
		names = nil
		for _, o := range res.Downgrade {
			names = append(names, ops.Name(o))
		}
		if got := strings.Join(names, " "); got != "drop_index drop_column add_column create_index" {
			t.Errorf("%s: downgrade %s", c.name, got)
		}
	}
	_, err := Compare(md(tbl("l", with(schema.Col("twice", schema.Integer()))...)), plain(tbl("l", with(schema.Col("twice", schema.Integer()).GeneratedStored("qty * 2"))...)), pgLike, Options{})
	if want := "declared as a plain column but the database has generated"; err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "drop_column, then add_column") {
		t.Errorf("made plain: Compare = %v, want a refusal containing %q and what to do", err, want)
	}
}

// Identity START, INCREMENT and ALWAYS/BY DEFAULT are compared where the
// dialect stores them, and a difference is one alter_column that records the
// existing values and reverses to them; an increment changing sign is
// refused; elsewhere declared options are ignored.
func TestIdentityOptionsCompare(t *testing.T) {
	decl := md(tbl("t", schema.Col("id", schema.BigInt()).PrimaryKey().IdentityAlways().IdentityStart(100).IdentityIncrement(10)))
	same := plain(tbl("t", schema.Col("id", schema.BigInt()).PrimaryKey().IdentityAlways().IdentityStart(100).IdentityIncrement(10)))
	other := plain(tbl("t", schema.Col("id", schema.BigInt()).PrimaryKey().IdentityStart(5)))
	pg := propsDialect{pgLike, []dialect.Property{dialect.PropIdentityOptions}}
	if res, err := Compare(decl, same, pg, Options{}); err != nil || len(res.Upgrade) != 0 {
		t.Errorf("same options: %v, %d ops", err, len(res.Upgrade))
	}
	res, err := Compare(decl, other, pg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	i64 := func(v int64) *int64 { return &v }
	want := []ops.Op{&ops.AlterColumn{Table: "t", Column: "id",
		ExistingType: ptrType(schema.BigInt()), ExistingNullable: boolPtr(false), ExistingAutoincrement: boolPtr(true),
		IdentityGenerated: ops.IdentityAlways, IdentityStart: i64(100), IdentityIncrement: i64(10),
		ExistingIdentityGenerated: ops.IdentityByDefault, ExistingIdentityStart: i64(5), ExistingIdentityIncrement: i64(0)}}
	if d := cmp.Diff(want, res.Upgrade); d != "" {
		t.Fatalf("upgrade (-want +got):\n%s", d)
	}
	back := []ops.Op{&ops.AlterColumn{Table: "t", Column: "id",
		ExistingType: ptrType(schema.BigInt()), ExistingNullable: boolPtr(false), ExistingAutoincrement: boolPtr(true),
		IdentityGenerated: ops.IdentityByDefault, IdentityStart: i64(5), IdentityIncrement: i64(0),
		ExistingIdentityGenerated: ops.IdentityAlways, ExistingIdentityStart: i64(100), ExistingIdentityIncrement: i64(10)}}
	if d := cmp.Diff(back, res.Downgrade); d != "" {
		t.Fatalf("downgrade (-want +got):\n%s", d)
	}
	if got := strings.Join(res.Findings, "\n"); !strings.Contains(got, "Detected identity change from GENERATED BY DEFAULT to GENERATED ALWAYS on 't.id'") ||
		!strings.Contains(got, "Detected identity options change from START 5 INCREMENT default to START 100 INCREMENT 10 on 't.id'") {
		t.Errorf("findings:\n%s", got)
	}
	down := plain(tbl("t", schema.Col("id", schema.BigInt()).PrimaryKey().IdentityAlways().IdentityIncrement(-1)))
	_, err = Compare(decl, down, pg, Options{})
	if err == nil || !strings.Contains(err.Error(), "identity column 't.id' is declared with START 100 INCREMENT 10 but the database has START default INCREMENT -1: the increment changes sign") {
		t.Errorf("sign change: Compare = %v, want a refusal", err)
	}
	if res, err := Compare(decl, other, pgLike, Options{}); err != nil || len(res.Upgrade) != 0 {
		t.Errorf("a dialect without identity options: %v, %d ops; want nothing", err, len(res.Upgrade))
	}
}

// STRICT and WITHOUT ROWID are compared where the dialect stores them.
func TestSQLiteTableOptionsCompare(t *testing.T) {
	decl := md(func(m *schema.MetaData) { m.Table("kv", idCol()).SQLiteStrict().SQLiteWithoutRowid() })
	live := plain(tbl("kv", idCol()))
	lite := propsDialect{pgLike, []dialect.Property{dialect.PropSQLiteTableOptions}}
	_, err := Compare(decl, live, lite, Options{})
	if err == nil || !strings.Contains(err.Error(), "table 'kv' is declared STRICT but the database's is not STRICT") ||
		!strings.Contains(err.Error(), "declared WITHOUT ROWID but the database's is not WITHOUT ROWID") {
		t.Errorf("Compare = %v, want refusals for both options", err)
	}
	if res, err := Compare(decl, live, pgLike, Options{}); err != nil || len(res.Upgrade) != 0 {
		t.Errorf("a dialect without SQLite options: %v, %d ops; want nothing", err, len(res.Upgrade))
	}
	// A new table carries its options in create_table.
	res, err := Compare(decl, plain(), lite, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ct, ok := res.Upgrade[0].(*ops.CreateTable)
	if !ok || !ct.Table.SQLiteStrict || !ct.Table.SQLiteWithoutRowid {
		t.Fatalf("upgrade = %#v, want create_table with both options", res.Upgrade)
	}
}

func TestLooseKey(t *testing.T) {
	for _, c := range [][2]string{
		{"((`a` > 0) and (`b` < 1))", "a > 0 AND b < 1"},
		{"status in ('x', 'y')", "(`status` in ('x','y'))"},
		{"lower(name) <> ''", "(lower(`name`) <> '')"},
	} {
		if looseKey(c[0]) != looseKey(c[1]) {
			t.Errorf("looseKey(%q) = %q, looseKey(%q) = %q; want equal", c[0], looseKey(c[0]), c[1], looseKey(c[1]))
		}
	}
	for _, c := range [][2]string{
		{"a > 0", "a >= 0"},
		{"status in ('x')", "status in ('x', 'y')"},
		{"f(a, b)", "f(a), b"},
	} {
		if looseKey(c[0]) == looseKey(c[1]) {
			t.Errorf("looseKey(%q) = looseKey(%q) = %q; want different", c[0], c[1], looseKey(c[0]))
		}
	}
}

// Where the dialect keeps check conditions comparable, a named check whose
// condition changed is dropped and created again; the same condition written
// as the server stores it is no change.
func TestCheckConditionCompare(t *testing.T) {
	my := propsDialect{pgLike, []dialect.Property{dialect.PropCheckConditions}}
	live := plain(tbl("t", idCol(), schema.Col("n", schema.Integer()), schema.Check("t_n", "(`n` > 0 and `n` < 10)")))
	if res, err := Compare(md(tbl("t", idCol(), schema.Col("n", schema.Integer()), schema.Check("t_n", "n > 0 AND n < 10"))), live, my, Options{}); err != nil || len(res.Upgrade) != 0 {
		t.Errorf("same condition: %v, %v", err, res.Upgrade)
	}
	res, err := Compare(md(tbl("t", idCol(), schema.Col("n", schema.Integer()), schema.Check("t_n", "n > 0 AND n < 20"))), live, my, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Upgrade) != 2 {
		t.Fatalf("upgrade = %#v, want a drop and a create", res.Upgrade)
	}
	if d, ok := res.Upgrade[0].(*ops.DropConstraint); !ok || d.Name != "t_n" {
		t.Errorf("first op %#v, want drop_constraint t_n", res.Upgrade[0])
	}
	if c, ok := res.Upgrade[1].(*ops.CreateCheckConstraint); !ok || c.Check.Expr != "n > 0 AND n < 20" {
		t.Errorf("second op %#v, want create_check_constraint with the new condition", res.Upgrade[1])
	}
	// Without the property the conditions are not compared, as before.
	if res, err := Compare(md(tbl("t", idCol(), schema.Col("n", schema.Integer()), schema.Check("t_n", "n > 0 AND n < 20"))), live, pgLike, Options{}); err != nil || len(res.Upgrade) != 0 {
		t.Errorf("a dialect without the property: %v, %v", err, res.Upgrade)
	}
}

func ptrType(t schema.Type) *schema.Type { return &t }
