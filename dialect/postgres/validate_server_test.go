package postgres

import (
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// TestValidateConstraintOnServer creates a table with a NOT VALID foreign key
// and check over rows that break them, checks in pg_constraint that both stay
// NOT VALID, then that validate_constraint fails on the bad rows and, once
// they are fixed, marks both valid.
func TestValidateConstraintOnServer(t *testing.T) {
	db := testdb.Postgres(t)
	run := func(list ...ops.Op) error {
		stmts, err := Dialect{}.Render(list, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range stmts {
			if _, err := db.SQL.Exec(st.SQL); err != nil {
				return err
			}
		}
		return nil
	}
	if err := run(
		&ops.CreateTable{Table: &schema.Table{Name: "p", Columns: []*schema.Column{{Name: "id", Type: schema.Integer()}}, PrimaryKey: &schema.PrimaryKeyDef{Columns: []string{"id"}}}},
		&ops.CreateTable{Table: &schema.Table{Name: "c", Columns: []*schema.Column{{Name: "id", Type: schema.Integer()}, {Name: "p_id", Type: schema.Integer(), Nullable: true}}}},
		&ops.Execute{SQL: "INSERT INTO c VALUES (-1, 7)"},
		&ops.CreateForeignKey{Table: "c", ForeignKey: &schema.ForeignKeyDef{Name: "c_p_fk", Columns: []string{"p_id"}, RefTable: "p", RefColumns: []string{"id"}, NotValid: true}},
		&ops.CreateCheckConstraint{Table: "c", Check: &schema.CheckDef{Name: "c_id_pos", Expr: "id > 0", NotValid: true}},
	); err != nil {
		t.Fatal(err)
	}
	validated := func() string {
		var got string
		if err := db.SQL.QueryRow(`SELECT string_agg(conname || '=' || convalidated::text, ',' ORDER BY conname) FROM pg_constraint WHERE conrelid = 'c'::regclass`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := validated(); got != "c_id_pos=false,c_p_fk=false" {
		t.Fatalf("after NOT VALID: %s", got)
	}
	if err := run(&ops.ValidateConstraint{Table: "c", Name: "c_id_pos"}); err == nil {
		t.Fatal("validate_constraint passed over a row that breaks the check")
	}
	if err := run(
		&ops.Execute{SQL: "INSERT INTO p VALUES (7); UPDATE c SET id = 1"},
		&ops.ValidateConstraint{Table: "c", Name: "c_id_pos"},
		&ops.ValidateConstraint{Table: "c", Name: "c_p_fk"},
	); err != nil {
		t.Fatal(err)
	}
	if got := validated(); got != "c_id_pos=true,c_p_fk=true" {
		t.Errorf("after validate_constraint: %s", got)
	}
}
