package revision

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckNameLengths(t *testing.T) {
	long := strings.Repeat("n", 64)
	file := func(op string) []byte {
		return []byte("revision: a1\ndown_revision: null\nupgrade:\n" + op + "downgrade:\n- drop_table: {name: t}\n")
	}
	cases := []struct {
		op        string
		line, col int
	}{
		{"- drop_table:\n    name: " + long + "\n", 5, 11},
		{"- create_index: {name: ix, table: t, columns: [a, " + long + "]}\n", 4, 51},
		{"- add_column:\n    table: t\n    column: {name: " + long + ", type: integer}\n", 6, 20},
		{"- bulk_insert:\n    table: t\n    rows:\n    - {id: 1, " + long + ": 2}\n", 7, 15},
		{"- create_foreign_key: {name: fk, table: t, columns: [a], ref_table: " + long + ", ref_columns: [b]}\n", 4, 69},
	}
	for _, c := range cases {
		data := file(c.op)
		if _, err := ParseFile("v/x.yaml", data); err != nil {
			t.Fatalf("fixture does not parse: %v\n%s", err, data)
		}
		err := CheckNameLengths("v/x.yaml", data, 63)
		var fe *FileError
		if !errors.As(err, &fe) || fe.Line != c.line || fe.Col != c.col || !strings.Contains(fe.Msg, "64 bytes") {
			t.Errorf("%q: error = %v, want at %d:%d", c.op, err, c.line, c.col)
		}
		if err := CheckNameLengths("v/x.yaml", data, 64); err != nil {
			t.Errorf("%q: a 64-byte name refused under a 64-byte limit: %v", c.op, err)
		}
		if err := CheckNameLengths("v/x.yaml", data, 0); err != nil {
			t.Errorf("no limit: %v", err)
		}
	}
	// An index expression is not a name.
	data := file("- create_index: {name: ix, table: t, columns: ['lower(" + long + ")']}\n")
	if err := CheckNameLengths("v/x.yaml", data, 63); err != nil {
		t.Errorf("expression refused: %v", err)
	}
}
