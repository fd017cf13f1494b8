package schema

import (
	"fmt"
	"testing"
)

func indexNames(m *MetaData) string {
	s := ""
	for _, t := range m.Tables {
		s += t.Schema + "." + t.Name + " "
	}
	return s
}

// TestTableIndexFollowsChanges checks that LookupTable through an attached
// index answers as FindTable does after every kind of change, including
// changes made behind the index's back that it can notice.
func TestTableIndexFollowsChanges(t *testing.T) {
	m := &MetaData{}
	for i := 0; i < 5; i++ {
		m.Tables = append(m.Tables, &Table{Name: fmt.Sprint("t", i)})
	}
	x := AttachIndex(m)
	defer x.Detach()
	if IndexOf(m) != x {
		t.Fatal("IndexOf does not return the attached index")
	}
	check := func(step string, names ...string) {
		t.Helper()
		for _, n := range names {
			for _, sch := range []string{"", "s"} {
				if got, want := LookupTable(m, sch, n), m.FindTable(sch, n); got != want {
					t.Fatalf("%s: LookupTable(%q, %q) = %v, FindTable = %v (tables: %s)", step, sch, n, got, want, indexNames(m))
				}
			}
		}
	}
	all := []string{"t0", "t1", "t2", "t3", "t4", "t5", "u", "v"}
	check("attached", all...)
	AppendTable(m, &Table{Name: "t5"})
	AppendTable(m, &Table{Name: "t5", Schema: "s"})
	check("appended", all...)
	RemoveTable(m, "s", "t5") // the last one: cut off
	check("removed last", all...)
	RemoveTable(m, "", "t2") // in the middle: a new list
	check("removed middle", all...)
	tb := m.FindTable("", "t3")
	tb.Name = "u"
	TableRenamed(m, tb, "t3")
	check("renamed", all...)
	m.Tables = append(m.Tables, &Table{Name: "v"}) // behind the index's back
	check("appended directly", all...)
	m.Tables[0].Name = "zz" // renamed in place without TableRenamed: a hit is re-checked
	check("renamed directly", append(all, "zz")...)
	AppendTable(m, &Table{Name: "u"}) // a duplicate: the first still wins
	check("duplicate", all...)
	RemoveTable(m, "", "u")
	check("duplicates removed", all...)
	if m.FindTable("", "u") != nil {
		t.Fatalf("RemoveTable left a table u: %s", indexNames(m))
	}
	x.Detach()
	if IndexOf(m) != nil {
		t.Fatal("index still attached after Detach")
	}
	check("detached", all...)
}

// TestRemoveTableWithoutIndex keeps the old behaviour: every match removed,
// order kept, a new list.
func TestRemoveTableWithoutIndex(t *testing.T) {
	a, b, c := &Table{Name: "a"}, &Table{Name: "b"}, &Table{Name: "a"}
	m := &MetaData{Tables: []*Table{a, b, c}}
	old := m.Tables
	RemoveTable(m, "", "a")
	if len(m.Tables) != 1 || m.Tables[0] != b {
		t.Fatalf("got %s", indexNames(m))
	}
	if old[0] != a || old[2] != c {
		t.Fatal("RemoveTable changed the old list in place")
	}
}
