package cmd

import (
	"slices"
	"testing"

	"github.com/retortdb/migrate/schema"
)

// TestObjectsOnTables: `inspect --tables` keeps the objects on the kept tables
// and those that read only kept tables, never one that needs a table left out.
func TestObjectsOnTables(t *testing.T) {
	kept := []*schema.Table{{Name: "film"}, {Schema: "audit", Name: "log"}}
	list := []*schema.ObjectDef{
		{Kind: schema.KindTrigger, Name: "touch", Table: "film"},
		{Kind: schema.KindTrigger, Name: "touch", Table: "actor"},
		{Kind: schema.KindView, Name: "films", DependsOn: []string{"table:film"}},
		{Kind: schema.KindView, Name: "casting", DependsOn: []string{"table:film", "table:actor"}},
		{Kind: schema.KindView, Name: "logs", Schema: "audit", DependsOn: []string{"table:audit.log"}},
		{Kind: schema.KindFunction, Name: "f()"},
		{Kind: schema.KindPartition, Name: "film_2026", Table: "film", DependsOn: []string{"table:film", "table:film_2026"}},
	}
	var got []string
	for _, o := range objectsOnTables(list, kept) {
		got = append(got, o.Key())
	}
	want := []string{"trigger:film.touch", "view:films", "view:audit.logs", "function:f()"}
	if !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
}
