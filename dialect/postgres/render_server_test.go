package postgres

import (
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// TestEveryOpRunsOnServer renders a revision that uses every op, in a schema
// whose name needs quoting, runs it on a real server in one transaction, and
// checks a few of its effects in the catalog.
func TestEveryOpRunsOnServer(t *testing.T) {
	db := testdb.Postgres(t)
	const s = "Sales"
	list := []ops.Op{
		&ops.Execute{SQL: `CREATE SCHEMA "Sales";`},
		&ops.CreateEnum{Schema: s, Name: "state", Values: []string{"new", "done"}},
		&ops.AddEnumValue{Schema: s, Name: "state", Value: "doing", After: "new"},
		&ops.CreateEnum{Schema: s, Name: "gone", Values: []string{"x"}},
		&ops.DropEnum{Schema: s, Name: "gone"},
		&ops.CreateTable{Table: &schema.Table{Schema: s, Name: "order", Columns: []*schema.Column{
			{Name: "id", Type: schema.Integer(), Autoincrement: true},
			{Name: "code", Type: schema.Varchar(10)},
			{Name: "total", Type: schema.Numeric(10, 2), Nullable: true, Default: ptr("0")},
		}, PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_order", Columns: []string{"id"}}, Comment: "orders"}},
		&ops.CreateTable{Table: &schema.Table{Schema: s, Name: "line", Columns: []*schema.Column{
			{Name: "order_id", Type: schema.Integer()},
			{Name: "n", Type: schema.SmallInt()},
			{Name: "qty", Type: schema.Integer(), Comment: "how many"},
		}}},
		&ops.RenameTable{Schema: s, Name: "line", NewName: "Order Line"},
		&ops.AddColumn{Schema: s, Table: "Order Line", Column: &schema.Column{Name: "note", Type: schema.Text(), Nullable: true, Comment: "free text"}},
		&ops.AddColumn{Schema: s, Table: "Order Line", Column: &schema.Column{Name: "tmp", Type: schema.Integer(), Nullable: true}},
		&ops.DropColumn{Schema: s, Table: "Order Line", Column: "tmp"},
		&ops.AlterColumn{Schema: s, Table: "Order Line", Column: "note", Type: ptr(schema.Varchar(200)), ExistingType: ptr(schema.Text()),
			ServerDefault: &ops.Change{Value: ptr("''")}, Comment: &ops.Change{}, NewName: "remark"},
		&ops.CreatePrimaryKey{Schema: s, Table: "Order Line", PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_order_line", Columns: []string{"order_id", "n"}}},
		&ops.CreateForeignKey{Schema: s, Table: "Order Line", ForeignKey: &schema.ForeignKeyDef{Name: "fk_line_order", Columns: []string{"order_id"}, RefSchema: s, RefTable: "order", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
		&ops.CreateUniqueConstraint{Schema: s, Table: "order", Unique: &schema.UniqueDef{Name: "uq_order_code", Columns: []string{"code"}}},
		&ops.CreateCheckConstraint{Schema: s, Table: "Order Line", Check: &schema.CheckDef{Name: "ck_qty", Expr: "qty > 0"}},
		&ops.CreateCheckConstraint{Schema: s, Table: "Order Line", Check: &schema.CheckDef{Name: "ck_gone", Expr: "n >= 0"}},
		&ops.DropConstraint{Schema: s, Table: "Order Line", Name: "ck_gone", Type: ops.ConstraintCheck},
		&ops.CreateIndex{Schema: s, Table: "Order Line", Index: &schema.IndexDef{Name: "ix_line_remark", Columns: []string{"lower(remark)"}, Where: "qty > 1"}},
		&ops.CreateIndex{Schema: s, Table: "Order Line", Index: &schema.IndexDef{Name: "ix_gone", Columns: []string{"qty"}}},
		&ops.DropIndex{Schema: s, Table: "Order Line", Name: "ix_gone"},
		&ops.CreateTableComment{Schema: s, Table: "Order Line", Comment: "lines"},
		&ops.DropTableComment{Schema: s, Table: "order", ExistingComment: "orders"},
		&ops.BulkInsert{Schema: s, Table: "order", Columns: []string{"code", "total"}, Rows: []map[string]any{{"code": "A'1", "total": 1.5}, {"code": "B2"}}},
		&ops.CreateTable{Table: &schema.Table{Schema: s, Name: "scratch", Columns: []*schema.Column{{Name: "a", Type: schema.Integer(), Nullable: true}}}},
		&ops.DropTable{Schema: s, Name: "scratch"},
	}
	stmts, err := Dialect{}.Render(list, nil)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.SQL.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck
	for _, st := range stmts {
		if _, err := tx.Exec(st.SQL); err != nil {
			t.Fatalf("op %d (%s): %s: %v", st.Op, ops.Name(list[st.Op]), st.SQL, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	facts := []struct{ q, want string }{
		{`SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = '"Sales".state'::regtype`, "new,doing,done"},
		{`SELECT count(*)::text FROM pg_type WHERE typname = 'gone'`, "0"},
		{`SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE conrelid = '"Sales"."Order Line"'::regclass`, "ck_qty,fk_line_order,pk_order_line"},
		{`SELECT coalesce(obj_description('"Sales"."Order Line"'::regclass, 'pg_class'), '-') || '/' || coalesce(obj_description('"Sales"."order"'::regclass, 'pg_class'), '-')`, "lines/-"},
		{`SELECT format_type(atttypid, atttypmod) || ' ' || coalesce(col_description(attrelid, attnum), '-') FROM pg_attribute WHERE attrelid = '"Sales"."Order Line"'::regclass AND attname = 'remark'`, "character varying(200) -"},
		{`SELECT string_agg(code || '=' || coalesce(total::text, 'null'), ',' ORDER BY id) FROM "Sales"."order"`, "A'1=1.50,B2=null"},
		{`SELECT string_agg(indexrelid::regclass::text, ',' ORDER BY 1) FROM pg_index WHERE indrelid = '"Sales"."Order Line"'::regclass AND NOT indisprimary`, `"Sales".ix_line_remark`},
		{`SELECT count(*)::text FROM pg_class WHERE relname = 'scratch'`, "0"},
	}
	for _, f := range facts {
		var got string
		if err := db.SQL.QueryRow(f.q).Scan(&got); err != nil {
			t.Fatalf("%s: %v", f.q, err)
		}
		if got != f.want {
			t.Errorf("%s = %q, want %q", f.q, got, f.want)
		}
	}
}

// TestCreateTableKeepsRepeatedUniques creates a table whose UNIQUE constraints
// repeat the primary key's and each other's columns: CREATE TABLE alone would
// leave the repeats out, so every named constraint must be in pg_constraint.
func TestCreateTableKeepsRepeatedUniques(t *testing.T) {
	db := testdb.Postgres(t)
	list := []ops.Op{&ops.CreateTable{Table: &schema.Table{Name: "t", Columns: []*schema.Column{
		{Name: "a", Type: schema.Integer()}, {Name: "b", Type: schema.Integer(), Nullable: true},
	}, PrimaryKey: &schema.PrimaryKeyDef{Name: "pk_t", Columns: []string{"a"}},
		Uniques: []*schema.UniqueDef{{Name: "uq_a", Columns: []string{"a"}}, {Name: "uq_b", Columns: []string{"b"}}, {Name: "uq_b2", Columns: []string{"b"}}}}}}
	stmts, err := Dialect{}.Render(list, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range stmts {
		if _, err := db.SQL.Exec(st.SQL); err != nil {
			t.Fatalf("%s: %v", st.SQL, err)
		}
	}
	var got string
	q := `SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE conrelid = 't'::regclass`
	if err := db.SQL.QueryRow(q).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "pk_t,uq_a,uq_b,uq_b2"; got != want {
		t.Errorf("%s = %q, want %q", q, got, want)
	}
}
