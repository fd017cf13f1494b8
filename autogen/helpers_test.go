package autogen

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// md builds a MetaData with the default naming convention from table builders.
func md(tables ...func(*schema.MetaData)) *schema.MetaData {
	m := schema.NewMetaData(schema.WithNamingConvention(schema.DefaultNamingConvention))
	for _, t := range tables {
		t(m)
	}
	return m
}

// plain builds a MetaData without naming convention, as an inspector returns it.
func plain(tables ...func(*schema.MetaData)) *schema.MetaData {
	m := schema.NewMetaData()
	for _, t := range tables {
		t(m)
	}
	return m
}

func tbl(name string, items ...schema.TableItem) func(*schema.MetaData) {
	return func(m *schema.MetaData) { m.Table(name, items...) }
}

func tblComment(name, comment string, items ...schema.TableItem) func(*schema.MetaData) {
	return func(m *schema.MetaData) { m.Table(name, items...).Comment(comment) }
}

func bp(b bool) *bool               { return &b }
func sp(s string) *string           { return &s }
func tp(t schema.Type) *schema.Type { return &t }

// cloneMeta deep-copies m.
func cloneMeta(m *schema.MetaData) *schema.MetaData {
	c := &schema.MetaData{Views: slices.Clone(m.Views), ManagedKinds: slices.Clone(m.ManagedKinds)}
	for _, o := range m.Objects {
		c.Objects = append(c.Objects, o.Clone())
	}
	for _, t := range m.Tables {
		c.Tables = append(c.Tables, t.Clone())
	}
	for _, e := range m.Enums {
		c.Enums = append(c.Enums, &schema.EnumDef{Schema: e.Schema, Name: e.Name, Values: slices.Clone(e.Values)})
	}
	if m.NamingConvention != nil {
		c.NamingConvention = schema.NamingConvention{}
		for k, v := range m.NamingConvention {
			c.NamingConvention[k] = v
		}
	}
	return c
}

// normalized returns a copy of m with tables, columns, keys, constraints,
// indexes and enums sorted, for comparing schemas whose order a migration cannot
// restore (a dropped and re-added column comes last).
func normalized(m *schema.MetaData) *schema.MetaData {
	c := cloneMeta(m)
	c.NamingConvention = nil
	byName := func(a, b string) int { return strings.Compare(a, b) }
	slices.SortFunc(c.Tables, func(a, b *schema.Table) int { return byName(a.Schema+"."+a.Name, b.Schema+"."+b.Name) })
	slices.SortFunc(c.Enums, func(a, b *schema.EnumDef) int { return byName(a.Name, b.Name) })
	slices.SortFunc(c.Objects, func(a, b *schema.ObjectDef) int { return byName(a.Key(), b.Key()) })
	for _, t := range c.Tables {
		slices.SortFunc(t.Columns, func(a, b *schema.Column) int { return byName(a.Name, b.Name) })
		slices.SortFunc(t.ForeignKeys, func(a, b *schema.ForeignKeyDef) int {
			return byName(a.Name+fkSignature(a), b.Name+fkSignature(b))
		})
		slices.SortFunc(t.Uniques, func(a, b *schema.UniqueDef) int {
			return byName(a.Name+strings.Join(a.Columns, ","), b.Name+strings.Join(b.Columns, ","))
		})
		slices.SortFunc(t.Checks, func(a, b *schema.CheckDef) int { return byName(a.Name+a.Expr, b.Name+b.Expr) })
		slices.SortFunc(t.Indexes, func(a, b *schema.IndexDef) int {
			return byName(a.Name+strings.Join(a.Columns, ","), b.Name+strings.Join(b.Columns, ","))
		})
	}
	return c
}

// scribble overwrites every string, bool and int reachable from v, to show that
// ops share no memory with Compare's inputs.
func scribble(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			scribble(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				scribble(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			scribble(v.Index(i))
		}
	case reflect.String:
		v.SetString("scribbled")
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int:
		v.SetInt(v.Int() + 7)
	}
}

// testCase is one Compare scenario. d defaults to pgLike.
type testCase struct {
	name           string
	declared, live *schema.MetaData
	d              *fakeDialect
	opts           Options
	want           []ops.Op
	findings       []string
}

// runCase checks the exact upgrade ops and findings, and then: that the
// downgrade is the reverse of the upgrade without add_enum_value; that the
// upgrade applied to live leaves nothing to propose; that the downgrade then
// restores live (but for enum values added, which it cannot remove); and that
// Compare neither changed its inputs nor shares memory with them.
func runCase(t *testing.T, c testCase) *Result {
	t.Helper()
	d := c.d
	if d == nil {
		d = pgLike
	}
	declSnap, liveSnap := cloneMeta(c.declared), cloneMeta(c.live)
	res, err := Compare(c.declared, c.live, d, c.opts)
	if err != nil {
		t.Fatalf("Compare: %v", err)
	}
	if diff := cmp.Diff(c.want, res.Upgrade, equateEmpty); diff != "" {
		t.Errorf("upgrade ops (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(c.findings, res.Findings, equateEmpty); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	checkDowngrade(t, res)
	checkRoundTrip(t, c, d, res)

	for _, o := range append(slices.Clone(res.Upgrade), res.Downgrade...) {
		scribble(reflect.ValueOf(o))
	}
	if diff := cmp.Diff(declSnap, c.declared, equateEmpty); diff != "" {
		t.Errorf("declared metadata changed (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(liveSnap, c.live, equateEmpty); diff != "" {
		t.Errorf("live metadata changed (-before +after):\n%s", diff)
	}
	return res
}

// checkDowngrade checks that Downgrade is ops.ReverseAll of Upgrade without its
// add_enum_value ops.
func checkDowngrade(t *testing.T, res *Result) {
	t.Helper()
	var reversible []ops.Op
	for _, o := range res.Upgrade {
		if _, ok := o.(*ops.AddEnumValue); !ok {
			reversible = append(reversible, o)
		}
	}
	want, err := ops.ReverseAll(reversible)
	if err != nil {
		t.Fatalf("ReverseAll(upgrade): %v", err)
	}
	if diff := cmp.Diff(want, res.Downgrade, equateEmpty); diff != "" {
		t.Errorf("downgrade is not the reverse of the upgrade (-want +got):\n%s", diff)
	}
}

// checkRoundTrip applies Upgrade to a copy of live, compares again, applies
// Downgrade and compares the result with live.
func checkRoundTrip(t *testing.T, c testCase, d *fakeDialect, res *Result) {
	t.Helper()
	named := d.caps.NamedEnums
	m := cloneMeta(c.live)
	if err := applyForTest(m, res.Upgrade, named); err != nil {
		t.Fatalf("applying the upgrade to live: %v", err)
	}
	again, err := Compare(c.declared, m, d, c.opts)
	if err != nil {
		t.Fatalf("Compare after upgrade: %v", err)
	}
	if len(again.Upgrade) != 0 {
		t.Errorf("after the upgrade, Compare still proposes %d ops; findings: %q", len(again.Upgrade), again.Findings)
	}
	if err := applyForTest(m, res.Downgrade, named); err != nil {
		t.Fatalf("applying the downgrade: %v", err)
	}
	want := cloneMeta(c.live)
	var enumAdds []ops.Op
	for _, o := range res.Upgrade {
		switch o.(type) {
		case *ops.AddEnumValue, *ops.ValidateConstraint: // their downgrade leaves them
			enumAdds = append(enumAdds, o)
		}
	}
	if err := applyForTest(want, enumAdds, named); err != nil {
		t.Fatalf("applying the enum values: %v", err)
	}
	if diff := cmp.Diff(normalized(want), normalized(m), equateEmpty); diff != "" {
		t.Errorf("upgrade then downgrade does not restore live (-want +got):\n%s", diff)
	}
}

// runCases runs each case as a subtest named by its name.
func runCases(t *testing.T, cases []testCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { runCase(t, c) })
	}
}
