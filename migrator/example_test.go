package migrator_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing/fstest"

	"github.com/retortdb/migrate/gostep"
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

// A revision's Go step (go: {func: NAME}) calls a function the service passes
// in with WithGoSteps, inside the revision's transaction.
func ExampleWithGoSteps() {
	ctx := context.Background()
	dir, _ := tempDir()
	revs := fstest.MapFS{
		"a1.yaml": revisionsFS["migrations/versions/a1_create_books.yaml"],
		"c3.yaml": {Data: []byte(`revision: c3
down_revision: a1
message: seed books in Go
upgrade:
  - go: {func: seed_books}
downgrade: []
`)},
	}
	steps := gostep.Registry{}
	steps.Add("seed_books", func(ctx context.Context, s *gostep.Session) error {
		for _, title := range []string{"Dune", "Solaris"} {
			if _, err := s.DB.ExecContext(ctx, "INSERT INTO books (title) VALUES (?)", title); err != nil {
				return err
			}
		}
		s.Log.Info("seeded", "dialect", s.Dialect)
		return nil
	})
	m, err := migrator.Open(ctx, "sqlite:///"+filepath.Join(dir, "app.db"), revs, migrator.WithGoSteps(steps))
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
	fmt.Println(len(res.Steps), "revisions, current:", res.Current)
	// Output: 2 revisions, current: [c3]
}
