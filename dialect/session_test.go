package dialect_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"

	_ "github.com/retortdb/migrate/dialect/mysql"
)

// Every connection a dialect's Open makes runs the URL's SessionSetup first:
// two connections held at once both read back what it set, from the server;
// a failing statement fails the connection, naming it. On every dialect.
func TestSessionSetupOnEveryConnection(t *testing.T) {
	cases := []struct {
		name  string
		open  func(testing.TB) *testdb.DB
		setup string
		read  string
	}{
		{"postgresql", testdb.Postgres, "SET application_name = 'session_setup_x'", "SELECT current_setting('application_name')"},
		{"mysql", testdb.MySQL, "SET @session_setup = 'session_setup_x'", "SELECT @session_setup"},
		{"sqlite", testdb.SQLite, "PRAGMA cache_size = -4321", "SELECT CASE WHEN cache_size = -4321 THEN 'session_setup_x' ELSE cache_size END FROM pragma_cache_size"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tdb := c.open(t)
			d, err := dialect.Get(c.name)
			if err != nil {
				t.Fatal(err)
			}
			u, err := dialect.ParseURL(tdb.URL)
			if err != nil {
				t.Fatal(err)
			}
			u.SessionSetup = []string{c.setup}
			db, err := d.Open(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx := context.Background()
			c1, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer c1.Close()
			c2, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer c2.Close()
			for i, conn := range []*sql.Conn{c1, c2} {
				var got string
				if err := conn.QueryRowContext(ctx, c.read).Scan(&got); err != nil || got != "session_setup_x" {
					t.Fatalf("connection %d: %q, %v", i+1, got, err)
				}
			}
			u.SessionSetup = []string{"SELEKT 1"}
			bad, err := d.Open(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			defer bad.Close()
			if err := bad.PingContext(ctx); err == nil || !strings.Contains(err.Error(), `session set-up statement "SELEKT 1"`) {
				t.Fatalf("failing set-up: %v", err)
			}
		})
	}
}
