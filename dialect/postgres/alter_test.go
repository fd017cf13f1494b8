package postgres

import (
	"context"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// TestAlterColumnTypeOnServer runs type changes that need USING (and some that
// must not get it) on a real server, with a row whose value must survive.
func TestAlterColumnTypeOnServer(t *testing.T) {
	db := testdb.Postgres(t)
	ctx := context.Background()
	d := Dialect{}
	setup := []ops.Op{
		&ops.CreateEnum{Name: "old_mood", Values: []string{"happy", "sad"}},
		&ops.CreateEnum{Name: "New Mood", Values: []string{"sad", "happy"}},
	}
	cases := []struct {
		from, to schema.Type
		value    string // inserted as text, cast to from
		want     string // read back as text
	}{
		{schema.Text(), schema.Integer(), "42", "42"},
		{schema.Varchar(10), schema.Numeric(5, 1), "1.5", "1.5"},
		{schema.Text(), schema.Boolean(), "true", "true"},
		{schema.Integer(), schema.Boolean(), "1", "true"},
		{schema.Boolean(), schema.Integer(), "true", "1"},
		{schema.Boolean(), schema.BigInt(), "false", "0"},
		{schema.BigInt(), schema.Boolean(), "0", "false"},
		{schema.Text(), schema.JSON(), `{"a": 1}`, `{"a": 1}`},
		{schema.Text(), schema.UUID(), "6f1c2a5e-0000-4000-8000-000000000001", "6f1c2a5e-0000-4000-8000-000000000001"},
		{schema.Text(), schema.Enum("old_mood"), "sad", "sad"},
		{schema.Enum("old_mood"), schema.Enum("New Mood"), "happy", "happy"},
		{schema.Enum("old_mood"), schema.Text(), "sad", "sad"},
		{schema.Integer(), schema.BigInt(), "7", "7"},
		{schema.Integer(), schema.Text(), "7", "7"},
		{schema.JSON(), schema.Dialect("postgresql", "jsonb"), `{"b":2}`, `{"b": 2}`},
		{schema.Date(), schema.Timestamp(), "2026-01-02", "2026-01-02 00:00:00"},
	}
	var list []ops.Op
	list = append(list, setup...)
	for i, c := range cases {
		col := string(rune('a' + i))
		list = append(list, &ops.CreateTable{Table: &schema.Table{Name: "t_" + col, Columns: []*schema.Column{{Name: "Val", Type: c.from, Nullable: true}}}})
	}
	stmts, err := d.Render(list, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := db.SQL.ExecContext(ctx, s.SQL); err != nil {
			t.Fatalf("%s: %v", s.SQL, err)
		}
	}
	for i, c := range cases {
		table := "t_" + string(rune('a'+i))
		fromSQL, _ := d.TypeSQL(c.from)
		if _, err := db.SQL.ExecContext(ctx, `INSERT INTO `+table+` ("Val") VALUES ($1::text::`+fromSQL+`)`, c.value); err != nil {
			t.Fatalf("%s: insert: %v", table, err)
		}
		from, to := c.from, c.to
		stmts, err := d.Render([]ops.Op{&ops.AlterColumn{Table: table, Column: "Val", Type: &to, ExistingType: &from}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range stmts {
			if _, err := db.SQL.ExecContext(ctx, s.SQL); err != nil {
				t.Errorf("%s → %s: %s: %v", c.from, c.to, s.SQL, err)
				continue
			}
		}
		var got string
		if err := db.SQL.QueryRowContext(ctx, `SELECT "Val"::text FROM `+table).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s → %s: value reads %q, want %q", c.from, c.to, got, c.want)
		}
	}
}

// TestAlterColumnEverythingOnServer changes type, nullability, default, comment
// and name in one op, with a default that would block the type change.
func TestAlterColumnEverythingOnServer(t *testing.T) {
	db := testdb.Postgres(t)
	d := Dialect{}
	from, to := schema.Text(), schema.Integer()
	list := []ops.Op{
		&ops.CreateTable{Table: &schema.Table{Name: "t", Columns: []*schema.Column{{Name: "c", Type: from, Nullable: true, Default: ptr("'5'")}}}},
		&ops.BulkInsert{Table: "t", Columns: []string{"c"}, Rows: []map[string]any{{"c": "12"}}},
		&ops.AlterColumn{Table: "t", Column: "c", Type: &to, ExistingType: &from, Nullable: ptr(false),
			ServerDefault: &ops.Change{Value: ptr("0")}, Comment: &ops.Change{Value: ptr("a count")}, NewName: "n"},
	}
	stmts, err := d.Render(list, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := db.SQL.Exec(s.SQL); err != nil {
			t.Fatalf("%s: %v", s.SQL, err)
		}
	}
	var typ, def, cm string
	var notNull bool
	err = db.SQL.QueryRow(`SELECT format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid), col_description(a.attrelid, a.attnum)
		FROM pg_attribute a JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
		WHERE a.attrelid = 't'::regclass AND a.attname = 'n'`).Scan(&typ, &notNull, &def, &cm)
	if err != nil {
		t.Fatal(err)
	}
	if typ != "integer" || !notNull || def != "0" || cm != "a count" {
		t.Errorf("column n = (%s, not null %v, default %s, comment %q)", typ, notNull, def, cm)
	}
}
