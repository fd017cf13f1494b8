package sqlite

import (
	"context"
	"database/sql"
	"testing"

	"github.com/retortdb/migrate/dialect"
	sq "github.com/retortdb/migrate/dialect/sqlite"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// create renders CreateTable and CreateIndex ops for tables and runs them in
// one transaction.
func create(t *testing.T, db *sql.DB, tables ...*schema.Table) {
	t.Helper()
	var list []ops.Op
	for _, tb := range tables {
		list = append(list, &ops.CreateTable{Table: tb})
	}
	for _, tb := range tables {
		for _, ix := range tb.Indexes {
			list = append(list, &ops.CreateIndex{Table: tb.Name, Index: ix})
		}
	}
	st, err := sq.Dialect{}.Render(list, &dialect.RenderEnv{})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, s := range st {
		if _, err := tx.Exec(s.SQL); err != nil {
			t.Fatalf("%s: %v", s.SQL, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}
