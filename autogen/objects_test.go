package autogen

import (
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// withObjects returns a declaration that adds objects to the metadata.
func withObjects(list ...*schema.ObjectDef) func(*schema.MetaData) {
	return func(m *schema.MetaData) {
		for _, o := range list {
			m.Objects = append(m.Objects, o.Clone())
		}
	}
}

func managing(kinds ...string) func(*schema.MetaData) {
	return func(m *schema.MetaData) { m.ManageObjects(kinds...) }
}

func TestObjects(t *testing.T) {
	ext := &schema.ObjectDef{Kind: schema.KindExtension, Name: "pg_trgm"}
	seq := &schema.ObjectDef{Kind: schema.KindSequence, Name: "ticket_seq", Definition: "START WITH 10"}
	fn := &schema.ObjectDef{Kind: schema.KindFunction, Name: "touch()", Definition: "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$"}
	// rows depends on books' row type: it must come after the tables.
	rows := &schema.ObjectDef{Kind: schema.KindFunction, Name: "all_books()", Definition: "CREATE FUNCTION all_books() RETURNS SETOF books LANGUAGE sql AS 'SELECT * FROM books'", DependsOn: []string{"table:books"}}
	v1 := &schema.ObjectDef{Kind: schema.KindView, Name: "v1", Definition: "SELECT id FROM books", DependsOn: []string{"table:books"}}
	v2 := &schema.ObjectDef{Kind: schema.KindView, Name: "v2", Definition: "SELECT id FROM v1", DependsOn: []string{"view:v1"}}
	trg := &schema.ObjectDef{Kind: schema.KindTrigger, Name: "touch", Table: "books", Definition: "CREATE TRIGGER touch BEFORE UPDATE ON books FOR EACH ROW EXECUTE FUNCTION touch()", DependsOn: []string{"table:books", "function:touch()"}}
	v1b := v1.Clone()
	v1b.Definition = "SELECT id, 1 AS one FROM books"
	v1c := v1.Clone()
	v1c.Comment = "ids"
	other := &schema.ObjectDef{Kind: schema.KindView, Schema: "audit", Name: "log_view", Definition: "SELECT 1"}

	books := tbl("books", idCol())
	runCases(t, []testCase{{
		name:     "everything added, in dependency order (v2 declared before v1)",
		declared: md(books, withObjects(v2, trg, rows, v1, fn, seq, ext)),
		live:     md(books),
		want: []ops.Op{
			&ops.CreateObject{Object: ext},
			&ops.CreateObject{Object: seq},
			&ops.CreateObject{Object: fn},
			&ops.CreateObject{Object: rows},
			&ops.CreateObject{Object: v1},
			&ops.CreateObject{Object: v2},
			&ops.CreateObject{Object: trg},
		},
		findings: []string{"Detected added extension 'pg_trgm'", "Detected added sequence 'ticket_seq'", "Detected added function 'touch()'",
			"Detected added function 'all_books()'", "Detected added view 'v1'", "Detected added view 'v2'", "Detected added trigger 'touch' on 'books'"},
	}, {
		name:     "everything removed: views before the table, functions after it, extensions last",
		declared: md(managing()),
		live:     md(books, withObjects(ext, seq, fn, rows, v1, v2, trg)),
		want: []ops.Op{
			&ops.DropObject{Kind: schema.KindTrigger, Name: "touch", Table: "books", Existing: trg},
			&ops.DropObject{Kind: schema.KindView, Name: "v2", Existing: v2},
			&ops.DropObject{Kind: schema.KindView, Name: "v1", Existing: v1},
			&ops.DropObject{Kind: schema.KindFunction, Name: "all_books()", Existing: rows},
			&ops.DropTable{Name: "books", Existing: md(books).Tables[0]},
			&ops.DropObject{Kind: schema.KindFunction, Name: "touch()", Existing: fn},
			&ops.DropObject{Kind: schema.KindSequence, Name: "ticket_seq", Existing: seq},
			&ops.DropObject{Kind: schema.KindExtension, Name: "pg_trgm", Existing: ext},
		},
		findings: []string{"Detected removed trigger 'touch' on 'books'", "Detected removed view 'v2'", "Detected removed view 'v1'",
			"Detected removed function 'all_books()'", "Detected removed table 'books'", "Detected removed function 'touch()'",
			"Detected removed sequence 'ticket_seq'", "Detected removed extension 'pg_trgm'"},
	}, {
		name:     "changed definition and comment are replaced",
		declared: md(books, withObjects(v1b)),
		live:     md(books, withObjects(v1)),
		want:     []ops.Op{&ops.ReplaceObject{Object: v1b, Existing: v1}},
		findings: []string{"Detected changed definition of view 'v1'"},
	}, {
		name:     "changed comment",
		declared: md(books, withObjects(v1c)),
		live:     md(books, withObjects(v1)),
		want:     []ops.Op{&ops.ReplaceObject{Object: v1c, Existing: v1}},
		findings: []string{"Detected changed comment of view 'v1'"},
	}, {
		name:     "same definition up to space and a final semicolon",
		declared: md(books, withObjects(&schema.ObjectDef{Kind: schema.KindView, Name: "v1", Definition: "  SELECT id FROM books;\n", DependsOn: v1.DependsOn})),
		live:     md(books, withObjects(v1)),
	}, {
		name:     "kinds the metadata does not manage are left alone",
		declared: md(books),
		live:     md(books, withObjects(ext, v1, trg, fn)),
	}, {
		name:     "declaring one view manages views only",
		declared: md(books, withObjects(v1)),
		live:     md(books, withObjects(v1, v2, fn)),
		want:     []ops.Op{&ops.DropObject{Kind: schema.KindView, Name: "v2", Existing: v2}},
		findings: []string{"Detected removed view 'v2'"},
	}, {
		name:     "excluded names and tables, and other schemas without include_schemas",
		declared: md(books, managing()),
		live:     md(books, withObjects(v1, trg, other)),
		opts:     Options{ExcludeTables: []string{"v1", "books"}},
	}, {
		name:     "other schemas with include_schemas",
		declared: md(books, managing(schema.KindView)),
		live:     md(books, withObjects(other)),
		opts:     Options{IncludeSchemas: true},
		want:     []ops.Op{&ops.DropObject{Kind: schema.KindView, Schema: "audit", Name: "log_view", Existing: other}},
		findings: []string{"Detected removed view 'audit.log_view'"},
	}})
}

func TestObjectTableNamedLikeLiveView(t *testing.T) {
	v := &schema.ObjectDef{Kind: schema.KindView, Name: "book_view", Definition: "SELECT 1"}
	res, err := Compare(md(tbl("book_view", idCol())), md(withObjects(v)), pgLike, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Upgrade) != 0 {
		t.Errorf("a declared table named like a live view was proposed: %v", res.Upgrade)
	}
}

// TestObjectsAroundColumnTypeChange: PostgreSQL refuses ALTER COLUMN … TYPE on
// a column a view reads, so the views reading the table (and those reading
// them) are dropped before the change and created again after it; a view of
// an unmanaged kind gets a finding instead.
func TestObjectsAroundColumnTypeChange(t *testing.T) {
	v1 := &schema.ObjectDef{Kind: schema.KindView, Name: "v1", Definition: "SELECT id, title FROM books", DependsOn: []string{"table:books"}}
	v2 := &schema.ObjectDef{Kind: schema.KindView, Name: "v2", Definition: "SELECT title FROM v1", DependsOn: []string{"view:v1"}}
	other := &schema.ObjectDef{Kind: schema.KindView, Name: "other", Definition: "SELECT 1"}
	declared := md(tbl("books", idCol(), schema.Col("title", schema.Text())), withObjects(v1, v2, other))
	live := md(tbl("books", idCol(), schema.Col("title", schema.Varchar(50))), withObjects(v1, v2, other))
	res, err := Compare(declared, live, pgLike, Options{CompareType: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range res.Upgrade {
		s := ops.Name(o)
		if x, ok := ops.ObjectOf(o); ok {
			s += " " + x.Name
		}
		got = append(got, s)
	}
	want := []string{"drop_object v2", "drop_object v1", "alter_column", "create_object v1", "create_object v2"}
	if !slices.Equal(got, want) {
		t.Errorf("upgrade %v, want %v", got, want)
	}
	var down []string
	for _, o := range res.Downgrade {
		down = append(down, ops.Name(o))
	}
	if want := []string{"drop_object", "drop_object", "alter_column", "create_object", "create_object"}; !slices.Equal(down, want) {
		t.Errorf("downgrade %v, want %v", down, want)
	}

	// Views not managed: a finding says what PostgreSQL will refuse.
	res, err = Compare(md(tbl("books", idCol(), schema.Col("title", schema.Text()))), live, pgLike, Options{CompareType: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(res.Findings, func(f string) bool {
		return strings.Contains(f, "view 'v1' reads table 'books', whose column type changes")
	}) {
		t.Errorf("no finding about the unmanaged view: %v", res.Findings)
	}
}

func TestObjectExtensionWithoutVersion(t *testing.T) {
	live := md(withObjects(&schema.ObjectDef{Kind: schema.KindExtension, Name: "pg_trgm", Definition: "1.6"}))
	res, err := Compare(md(withObjects(&schema.ObjectDef{Kind: schema.KindExtension, Name: "pg_trgm"})), live, pgLike, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Empty() {
		t.Errorf("an extension declared without a version is a change: %v %v", res.Upgrade, res.Findings)
	}
	res, err = Compare(md(withObjects(&schema.ObjectDef{Kind: schema.KindExtension, Name: "pg_trgm", Definition: "1.5"})), live, pgLike, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Upgrade) != 1 || ops.Name(res.Upgrade[0]) != "replace_object" {
		t.Errorf("another declared version: %v, want one replace_object", res.Upgrade)
	}
}
