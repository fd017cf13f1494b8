package dialecttest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// hostileBases are names that need quoting, escaping or careful lexing.
var hostileBases = []string{
	"select", "order", "user", "group", "BookTitle", "it's", `say "hi"`, "back`tick",
	`back\slash`, "semi;colon", "dash--dash", "bıgınt", "名前",
}

// hostileNames gives, for each base, the name of a table and its objects. The
// last base is the longest name the dialect keeps; its objects get distinct
// names of that same length.
type hostileNames struct {
	bases []string
	max   int
}

func newHostileNames(h Harness) hostileNames {
	max := h.MaxIdentifierLength
	if max == 0 {
		max = 100
	}
	return hostileNames{bases: append(slices.Clone(hostileBases), longName("t", max)), max: max}
}

func longName(prefix string, n int) string {
	return prefix + "_" + strings.Repeat("x", n-len(prefix)-2) + "z"
}

// name returns the name of role ("pk", "uq", "ck", "ix", "fk") for base i; the
// table and its first column are the base itself.
func (hn hostileNames) name(role string, i int) string {
	if i == len(hn.bases)-1 {
		return longName(role, hn.max)
	}
	return role + "_" + hn.bases[i]
}

// hostileModel returns the ops that create one table per hostile base, and the
// rows each table gets.
//
// Table i has columns bases[i] (bigint, primary key), bases[i+1] (varchar, unique)
// and, for i > 0, a column referring to table 0; a check and an index per table.
// Table 0 also has an enum column named "Kind of user", whose enum type is named
// `it's "enum"` (a table's row type would clash with `say "hi"`) and whose values are all the bases.
func hostileModel(hn hostileNames) []ops.Op {
	b := hn.bases
	enum := schema.Enum(`it's "enum"`, b...)
	list := []ops.Op{&ops.CreateEnum{Name: enum.EnumName, Values: b}}
	var idx []ops.Op
	for i, n := range b {
		other := b[(i+1)%len(b)]
		t := &schema.Table{Name: n, Columns: []*schema.Column{
			{Name: n, Type: schema.BigInt()},
			{Name: other, Type: schema.Varchar(120), Nullable: true},
		},
			PrimaryKey: &schema.PrimaryKeyDef{Name: hn.name("pk", i), Columns: []string{n}},
			Uniques:    []*schema.UniqueDef{{Name: hn.name("uq", i), Columns: []string{other}}},
			Checks:     []*schema.CheckDef{{Name: hn.name("ck", i), Expr: "%s > 0"}},
		}
		if i == 0 {
			t.Columns = append(t.Columns, &schema.Column{Name: "Kind of user", Type: enum, Nullable: true})
		} else {
			ref := b[0] + "_ref"
			t.Columns = append(t.Columns, &schema.Column{Name: ref, Type: schema.BigInt(), Nullable: true})
			t.ForeignKeys = []*schema.ForeignKeyDef{{Name: hn.name("fk", i), Columns: []string{ref},
				RefTable: b[0], RefColumns: []string{b[0]}, OnDelete: "CASCADE"}}
		}
		list = append(list, &ops.CreateTable{Table: t})
		idx = append(idx, &ops.CreateIndex{Table: n, Index: &schema.IndexDef{Name: hn.name("ix", i), Columns: []string{other, n}}})
	}
	return append(list, idx...)
}

// testHostileNames creates the hostile tables, inserts rows with bulk_insert,
// inspects (every name must read back exactly), reads the rows back through
// quoted names, then drops everything.
func testHostileNames(t *testing.T, h Harness) {
	s := newSession(t, h)
	hn := newHostileNames(h)
	b := hn.bases
	list := hostileModel(hn)
	for _, o := range list {
		if ct, ok := o.(*ops.CreateTable); ok {
			ct.Table.Checks[0].Expr = fmt.Sprintf(ct.Table.Checks[0].Expr, s.q(ct.Table.Name))
		}
	}
	model := &schema.MetaData{}
	if err := applyAll(model, list); err != nil {
		t.Fatal(err)
	}
	var rows []ops.Op
	for i, n := range b {
		other := b[(i+1)%len(b)]
		ins := &ops.BulkInsert{Table: n, Columns: []string{n, other}}
		if i == 0 {
			ins.Columns = append(ins.Columns, "Kind of user")
			for j, v := range b {
				ins.Rows = append(ins.Rows, map[string]any{n: int64(j + 1), other: v, "Kind of user": v})
			}
		} else {
			ins.Columns = append(ins.Columns, b[0]+"_ref")
			ins.Rows = []map[string]any{{n: int64(7), other: n + " row", b[0] + "_ref": int64(1)}}
		}
		rows = append(rows, ins)
	}
	if err := s.migrate(append(list, rows...), &schema.MetaData{}); err != nil {
		t.Fatalf("create and insert: %v", err)
	}
	s.checkSchema("hostile names", model)

	for i, n := range b {
		other := b[(i+1)%len(b)]
		q := "SELECT " + s.q(other) + " FROM " + s.q(n) + " ORDER BY " + s.q(n)
		var want []string
		if i == 0 {
			want = b
			q = "SELECT " + s.q("Kind of user") + " FROM " + s.q(n) + " ORDER BY " + s.q(n)
		} else {
			want = []string{n + " row"}
		}
		if got := s.strings(q); !slices.Equal(got, want) {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}

	var drops []ops.Op
	for i := len(list) - 1; i >= 0; i-- {
		if ct, ok := list[i].(*ops.CreateTable); ok {
			drops = append(drops, &ops.DropTable{Name: ct.Table.Name, Existing: ct.Table})
		}
	}
	drops = append(drops, &ops.DropEnum{Name: `it's "enum"`, Values: b})
	if err := s.migrate(drops, model); err != nil {
		t.Fatalf("drop: %v", err)
	}
	s.checkSchema("after dropping everything", &schema.MetaData{})
}

// strings runs a query returning one text column.
func (s *session) strings(q string) []string {
	s.t.Helper()
	rows, err := s.db.QueryContext(s.ctx, q)
	if err != nil {
		s.t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			s.t.Fatalf("%s: %v", q, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		s.t.Fatalf("%s: %v", q, err)
	}
	return out
}
