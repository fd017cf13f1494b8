package sqlite

import (
	"context"
	"fmt"
	"testing"

	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/schema"
)

// queriesFor creates n linked tables, each with a key, a foreign key, a unique
// constraint, a check and an index, and returns how many catalog queries one
// inspection ran.
func queriesFor(t *testing.T, n int) int {
	t.Helper()
	db := testdb.SQLite(t)
	md := schema.NewMetaData(schema.WithNamingConvention(schema.DefaultNamingConvention))
	for i := 0; i < n; i++ {
		items := []schema.TableItem{
			schema.Col("id", schema.Integer()).PrimaryKey(),
			schema.Col("code", schema.Varchar(10)).Unique(),
			schema.Col("qty", schema.Integer()).Indexed(),
			schema.Check("", "qty >= 0"),
		}
		if i > 0 {
			items = append(items, schema.Col("prev_id", schema.Integer()).References(fmt.Sprintf("t%02d.id", i-1)))
		}
		md.Table(fmt.Sprintf("t%02d", i), items...)
	}
	create(t, db.SQL, md.Tables...)
	q := &querier{db: db.SQL}
	got, err := inspectDB(context.Background(), q, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Tables) != n {
		t.Fatalf("inspected %d tables, want %d", len(got.Tables), n)
	}
	last := got.Tables[n-1]
	if len(last.Indexes) != 1 || len(last.Uniques) != 1 || len(last.Checks) != 1 || (n > 1 && len(last.ForeignKeys) != 1) {
		t.Fatalf("table %s was not read completely: %+v", last.Name, last)
	}
	return q.n
}

func TestQueryCountIndependentOfTableCount(t *testing.T) {
	few, many := queriesFor(t, 3), queriesFor(t, 40)
	if few != many {
		t.Fatalf("inspecting 3 tables ran %d queries but 40 tables ran %d: the count must not grow with the tables", few, many)
	}
	if few != 4 {
		t.Fatalf("inspection ran %d queries, want 4 (sqlite_schema, columns, foreign keys, indexes)", few)
	}
}
