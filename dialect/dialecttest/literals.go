package dialecttest

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// literalColumn is one column of the literals table and the Go kind of its values.
type literalColumn struct {
	name string
	typ  schema.Type
	kind string // "bool", "int", "float", "string", "bytes", "time"
}

var literalColumns = []literalColumn{
	{"c_bool", schema.Boolean(), "bool"},
	{"c_int", schema.BigInt(), "int"},
	{"c_float", schema.Double(), "float"},
	{"c_text", schema.Text(), "string"},
	{"c_blob", schema.Blob(), "bytes"},
	{"c_ts", schema.Timestamp(), "time"},
	{"c_tstz", schema.TimestampTZ(), "time"},
}

// literalRows are the rows inserted, one value per literalColumns entry. A
// timestamp without time zone holds a wall clock, so c_ts gets UTC times only;
// c_tstz holds an instant and also gets a time with another offset.
func literalRows() [][]any {
	ist := time.FixedZone("IST", 5*3600+1800)
	return [][]any{
		{nil, nil, nil, nil, nil, nil, nil},
		{true, int64(math.MaxInt64), 0.1, "it's", []byte{0, 1, 2, 0xfe, 0xff},
			time.Date(2024, 2, 29, 13, 14, 15, 0, time.UTC), time.Date(2024, 2, 29, 13, 14, 15, 0, time.UTC)},
		{false, int64(math.MinInt64), -1.5e300, `back\slash \' "double" -- ; /* */ \n`, []byte(`'\"`),
			time.Date(1999, 12, 31, 23, 59, 59, 0, time.UTC), time.Date(2001, 9, 9, 1, 46, 40, 0, ist)},
		{true, int64(0), 3.141592653589793, "line one\nline two\r\n\ttabbed", []byte{},
			time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC)},
		{false, int64(-1), 1e-300, "ünïcödé 名前 🎉 bıgınt", []byte("\x00\x00"),
			time.Date(2037, 12, 31, 0, 0, 1, 0, time.UTC), time.Date(2037, 12, 31, 0, 0, 1, 0, time.UTC)},
		{nil, int64(42), math.Copysign(0, -1), "", []byte("x"), nil, nil},
	}
}

// testLiterals inserts every kind of Go value the dialect's Literal renders
// with bulk_insert into columns of matching types (a column whose type TypeSQL
// rejects is left out) and reads them back, compared by value in Go.
func testLiterals(t *testing.T, h Harness) {
	s := newSession(t, h)
	table := &schema.Table{Name: "literals", Columns: []*schema.Column{{Name: "id", Type: schema.BigInt()}},
		PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_literals", Columns: []string{"id"}}}
	var cols []literalColumn
	var idx []int
	for i, c := range literalColumns {
		if _, err := s.d.TypeSQL(c.typ); err != nil {
			t.Logf("column %s left out: TypeSQL(%s): %v", c.name, c.typ, err)
			continue
		}
		cols, idx = append(cols, c), append(idx, i)
		table.Columns = append(table.Columns, &schema.Column{Name: c.name, Type: c.typ, Nullable: true})
	}
	ins := &ops.BulkInsert{Table: "literals", Columns: table.ColumnNames()}
	var want [][]any
	for r, row := range literalRows() {
		m := map[string]any{"id": int64(r + 1)}
		w := []any{}
		for j, c := range cols {
			m[c.name] = row[idx[j]]
			w = append(w, row[idx[j]])
		}
		ins.Rows = append(ins.Rows, m)
		want = append(want, w)
	}
	if err := s.migrate([]ops.Op{&ops.CreateTable{Table: table}, ins}, &schema.MetaData{}); err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = s.q(c.name)
	}
	q := "SELECT " + strings.Join(names, ", ") + " FROM " + s.q("literals") + " ORDER BY id"
	rows, err := s.db.QueryContext(s.ctx, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var got [][]any
	for rows.Next() {
		raw := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range raw {
			ptrs[i] = &raw[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		row := make([]any, len(cols))
		for i, c := range cols {
			v, err := asKind(raw[i], c.kind)
			if err != nil {
				t.Fatalf("row %d, %s: %v", len(got)+1, c.name, err)
			}
			row[i] = v
		}
		got = append(got, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	timeEq := gocmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })
	if diff := gocmp.Diff(want, got, timeEq); diff != "" {
		t.Errorf("values read back differ from those inserted (-want +got):\n%s", diff)
	}
}

// asKind converts a value as the driver returned it to the Go kind it was
// inserted as. nil stays nil (SQL NULL).
func asKind(v any, kind string) (any, error) {
	if v == nil {
		return nil, nil
	}
	text, isText := "", false
	switch x := v.(type) {
	case []byte:
		if kind == "bytes" {
			return append([]byte{}, x...), nil
		}
		text, isText = string(x), true
	case string:
		if kind == "bytes" {
			return []byte(x), nil
		}
		text, isText = x, true
	}
	switch kind {
	case "bool":
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		}
		if isText {
			return strconv.ParseBool(strings.TrimSpace(text))
		}
	case "int":
		if x, ok := v.(int64); ok {
			return x, nil
		}
		if isText {
			return strconv.ParseInt(text, 10, 64)
		}
	case "float":
		switch x := v.(type) {
		case float64:
			return x, nil
		case float32:
			return float64(x), nil
		case int64:
			return float64(x), nil
		}
		if isText {
			return strconv.ParseFloat(text, 64)
		}
	case "string":
		if isText {
			return text, nil
		}
	case "time":
		if x, ok := v.(time.Time); ok {
			return x, nil
		}
		if isText {
			return parseTime(text)
		}
	}
	return nil, fmt.Errorf("cannot read a %T (%v) as %s", v, v, kind)
}

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{
		"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999-07",
		"2006-01-02 15:04:05.999999999", time.RFC3339Nano, "2006-01-02T15:04:05.999999999",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a timestamp", s)
}
