package sqlite

import (
	"context"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/dialect"
	sq "github.com/retortdb/migrate/dialect/sqlite"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// TestMoveAndCopyRoundTrip rebuilds tables of the torture set and checks that
// the inspector reads back exactly the declared result: names of constraints
// and indexes, enums, quoted names and untouched tables all survive.
func TestMoveAndCopyRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := testdb.SQLite(t)
	md := torture()
	create(t, db.SQL, md.Tables...)
	if _, err := db.SQL.Exec(`INSERT INTO "Users" (id, "select", "Email", active, state) VALUES (1, 'a', 'A@x', 1, 'new'), (2, 'b', NULL, 0, NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL.Exec(`INSERT INTO shipments (id, order_id, line_no, user_id) VALUES (1, 1, 1, 1)`); err == nil {
		t.Fatal("foreign keys are not enforced on the test connection")
	}
	if _, err := db.SQL.Exec(`INSERT INTO all_types (id, v, mood) VALUES (1, 'a@b', 'it''s sad')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL.Exec(`INSERT INTO order_lines VALUES (1, 1, 2)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL.Exec(`INSERT INTO shipments (id, order_id, line_no, user_id) VALUES (1, 1, 1, NULL)`); err != nil {
		t.Fatal(err)
	}
	list := []ops.Op{
		&ops.AlterColumn{Table: "all_types", Column: "v", Type: ptr(schema.Varchar(80))},
		&ops.CreateCheckConstraint{Table: "all_types", Check: &schema.CheckDef{Name: "ck all_types v", Expr: `"v" LIKE '%@%'`}},
		&ops.DropConstraint{Table: "all_types", Name: "ck_all_types_num", Type: ops.ConstraintCheck},
		&ops.AlterColumn{Table: "all_types", Column: "mood", Type: ptr(schema.Enum("mood", "happy", "it's sad", "meh"))},
		&ops.AlterColumn{Table: "shipments", Column: "user_id", Nullable: ptr(false), ServerDefault: &ops.Change{Value: ptr("1")}, ExistingNullable: ptr(true)},
		&ops.DropConstraint{Table: "shipments", Name: "fk_shipments_line", Type: ops.ConstraintForeignKey},
	}
	st, err := sq.Dialect{}.Render(list, &dialect.RenderEnv{Current: md})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, s := range st {
		rows, err := tx.Query(s.SQL)
		if err != nil {
			t.Fatalf("%s: %v", s.SQL, err)
		}
		if rows.Next() {
			t.Fatalf("%s returned a row: foreign key violation", s.SQL)
		}
		rows.Close()
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	at := md.FindTable("", "all_types")
	at.FindColumn("v").Type = schema.Varchar(80)
	at.FindColumn("mood").Type = schema.Enum("mood", "happy", "it's sad", "meh")
	at.Checks = []*schema.CheckDef{{Name: "ck all_types v", Expr: `"v" LIKE '%@%'`}}
	ship := md.FindTable("", "shipments")
	ship.FindColumn("user_id").Nullable = false
	ship.FindColumn("user_id").Default = ptr("1")
	ship.ForeignKeys = ship.ForeignKeys[:1]

	got, err := Inspector{}.Inspect(ctx, db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := gocmp.Diff(expected(md), got.Tables); d != "" {
		t.Fatalf("after move and copy (-want +inspected):\n%s", d)
	}
	var mood string
	if err := db.SQL.QueryRow(`SELECT mood FROM all_types WHERE id = 1`).Scan(&mood); err != nil || mood != "it's sad" {
		t.Errorf("all_types.mood = %q (%v), want the row kept", mood, err)
	}
	if _, err := db.SQL.Exec(`UPDATE all_types SET mood = 'meh'`); err != nil {
		t.Errorf("the enum's new value is refused: %v", err)
	}
	var uid int
	if err := db.SQL.QueryRow(`SELECT user_id FROM shipments WHERE id = 1`).Scan(&uid); err != nil || uid != 1 {
		t.Errorf("shipments.user_id = %d (%v), want the new default 1 in place of NULL", uid, err)
	}
}

func ptr[T any](v T) *T { return &v }
