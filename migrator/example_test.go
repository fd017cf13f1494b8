package migrator_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing/fstest"

	"github.com/retortdb/migrate/migrator"
)

// revisionsFS stands in for an embed.FS of revision files.
var revisionsFS = fstest.MapFS{
	"migrations/versions/a1_create_books.yaml": {Data: []byte(`revision: a1
down_revision: null
message: create books
upgrade:
  - create_table:
      name: books
      columns:
        - {name: id, type: integer, nullable: false, autoincrement: true}
        - {name: title, type: varchar(200), nullable: false}
      primary_key: {name: pk_books, columns: [id]}
downgrade:
  - drop_table: {name: books}
`)},
	"migrations/versions/b2_add_isbn.yaml": {Data: []byte(`revision: b2
down_revision: a1
message: add isbn
upgrade:
  - add_column: {table: books, column: {name: isbn, type: varchar(17)}}
downgrade:
  - drop_column: {table: books, column: isbn}
`)},
}

// A service upgrades its own database at start-up.
func Example() {
	ctx := context.Background()
	dir, _ := tempDir()
	m, err := migrator.Open(ctx, "sqlite:///"+filepath.Join(dir, "app.db"), revisionsFS)
	if err != nil {
		fmt.Println("open:", err)
		return
	}
	defer m.Close()
	res, err := m.Upgrade(ctx, "head")
	if err != nil {
		fmt.Println("upgrade:", err)
		return
	}
	for _, s := range res.Steps {
		fmt.Println(s.Direction, s.Revision, s.Message)
	}
	cur, _ := m.Current(ctx)
	fmt.Println("current:", cur)
	// Output:
	// upgrade a1 create books
	// upgrade b2 add isbn
	// current: [b2]
}

// Downgrade by one revision, as `migrate downgrade -1`, with a *sql.DB the service
// already has.
func ExampleMigrator_Downgrade() {
	ctx := context.Background()
	dir, _ := tempDir()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "app.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	m, err := migrator.New(db, "sqlite", revisionsFS)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := m.Upgrade(ctx, "heads"); err != nil {
		fmt.Println(err)
		return
	}
	res, err := m.Downgrade(ctx, "-1")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Steps[0].Direction, res.Steps[0].Revision, "->", res.Current)
	// Output: downgrade b2 -> [a1]
}
