package revision

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// TestParseFileReusedArena checks that a revision read by ParseFile does not
// change when later files are parsed into the same pooled node arena: its
// ops keep nothing of the tree.
func TestParseFileReusedArena(t *testing.T) {
	file := func(i int) []byte {
		r := &Revision{ID: fmt.Sprintf("r%03d", i), Message: fmt.Sprintf("revision %d", i), Transactional: true}
		cols := []*schema.Column{{Name: "id", Type: schema.Integer()}}
		for k := 0; k < i%7; k++ {
			cols = append(cols, &schema.Column{Name: fmt.Sprintf("c%d", k), Type: schema.Varchar(10 + k), Nullable: true})
		}
		r.Upgrade = []ops.Op{
			&ops.CreateTable{Table: &schema.Table{Name: fmt.Sprintf("t%d", i), Columns: cols}},
			&ops.CreateIndex{Table: fmt.Sprintf("t%d", i), Index: &schema.IndexDef{Name: fmt.Sprintf("ix%d", i), Columns: []string{"id"}}},
		}
		r.Downgrade = []ops.Op{&ops.DropTable{Name: fmt.Sprintf("t%d", i)}}
		data, err := Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	var first []*Revision
	for i := 0; i < 50; i++ {
		r, err := ParseFile("f.yaml", file(i))
		if err != nil {
			t.Fatal(err)
		}
		first = append(first, r)
	}
	for i, r := range first {
		again, err := ParseFile("f.yaml", file(i))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(r, again) {
			t.Fatalf("revision %d changed after later parses:\n%#v\nwant %#v", i, r, again)
		}
	}
}
