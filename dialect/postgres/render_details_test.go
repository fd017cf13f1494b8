package postgres

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// TestRenderPostgresDetails checks the SQL of the PostgreSQL-only details:
// NULLS NOT DISTINCT, key collations, MATCH FULL, deferrable and NOT VALID
// constraints (NOT VALID ones after CREATE TABLE), serial and ALWAYS identity
// columns, parenthesised defaults and validate_constraint.
func TestRenderPostgresDetails(t *testing.T) {
	cases := []struct {
		name string
		op   ops.Op
		want []string
	}{
		{"unique index nulls not distinct, collation", &ops.CreateIndex{Table: "t", Index: &schema.IndexDef{Name: "ix", Columns: []string{"a", "b"}, Unique: true,
			NullsNotDistinct: true, Collation: []string{"C", ""}, Include: []string{"c"}, Where: "a > 0"}},
			[]string{`CREATE UNIQUE INDEX ix ON t (a COLLATE "C", b) INCLUDE (c) NULLS NOT DISTINCT WHERE a > 0`}},
		{"qualified collation kept", &ops.CreateIndex{Table: "t", Index: &schema.IndexDef{Name: "ix", Columns: []string{"a"}, Collation: []string{`s."my coll"`}}},
			[]string{`CREATE INDEX ix ON t (a COLLATE s."my coll")`}},
		{"unique constraint details", &ops.CreateUniqueConstraint{Table: "t", Unique: &schema.UniqueDef{Name: "uq", Columns: []string{"a"}, NullsNotDistinct: true, Deferrable: true, InitiallyDeferred: true}},
			[]string{"ALTER TABLE t ADD CONSTRAINT uq UNIQUE NULLS NOT DISTINCT (a) DEFERRABLE INITIALLY DEFERRED"}},
		{"foreign key details", &ops.CreateForeignKey{Table: "t", ForeignKey: &schema.ForeignKeyDef{Name: "fk", Columns: []string{"a", "b"}, RefTable: "u", RefColumns: []string{"x", "y"},
			Match: "full", OnDelete: "CASCADE", Deferrable: true, NotValid: true}},
			[]string{"ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a, b) REFERENCES u (x, y) MATCH FULL ON DELETE CASCADE DEFERRABLE NOT VALID"}},
		{"check not valid", &ops.CreateCheckConstraint{Table: "t", Check: &schema.CheckDef{Name: "ck", Expr: "a > 0", NotValid: true}},
			[]string{"ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0) NOT VALID"}},
		{"create_table adds NOT VALID constraints after", &ops.CreateTable{Table: &schema.Table{Name: "t",
			Columns:     []*schema.Column{{Name: "id", Type: schema.Integer(), Autoincrement: true, AutoincrementKind: schema.AutoincrementSerial}, {Name: "a", Type: schema.BigInt(), Autoincrement: true, AutoincrementKind: schema.AutoincrementAlways}},
			ForeignKeys: []*schema.ForeignKeyDef{{Name: "fk", Columns: []string{"a"}, RefTable: "u", RefColumns: []string{"x"}, NotValid: true}},
			Checks:      []*schema.CheckDef{{Name: "ck", Expr: "a > 0", NotValid: true}, {Name: "ok", Expr: "id > 0"}},
		}}, []string{
			"CREATE TABLE t (\n    id SERIAL NOT NULL,\n    a BIGINT GENERATED ALWAYS AS IDENTITY NOT NULL,\n    CONSTRAINT ok CHECK (id > 0)\n)",
			"ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (x) NOT VALID",
			"ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0) NOT VALID",
		}},
		{"defaults parenthesised", &ops.AddColumn{Table: "t", Column: &schema.Column{Name: "at", Type: schema.Timestamp(), Nullable: true, Default: ptr("now() AT TIME ZONE 'utc'::text")}},
			[]string{"ALTER TABLE t ADD COLUMN at TIMESTAMP WITHOUT TIME ZONE DEFAULT (now() AT TIME ZONE 'utc'::text)"}},
		{"set default parenthesised", &ops.AlterColumn{Table: "t", Column: "d", ServerDefault: &ops.Change{Value: ptr("NOT false")}},
			[]string{"ALTER TABLE t ALTER COLUMN d SET DEFAULT (NOT false)"}},
		{"validate_constraint", &ops.ValidateConstraint{Schema: "s", Table: "t", Name: "Fk"},
			[]string{`ALTER TABLE s.t VALIDATE CONSTRAINT "Fk"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, renderOne(t, c.op)); diff != "" {
				t.Errorf("Render(%s) mismatch (-want +got):\n%s", ops.Name(c.op), diff)
			}
		})
	}
	for _, bad := range []ops.Op{
		&ops.CreateIndex{Table: "t", Index: &schema.IndexDef{Name: "ix", Columns: []string{"a"}, NullsNotDistinct: true}},
		&ops.CreateForeignKey{Table: "t", ForeignKey: &schema.ForeignKeyDef{Name: "fk", Columns: []string{"a"}, RefTable: "u", RefColumns: []string{"x"}, Match: "PARTIAL"}},
		&ops.ValidateConstraint{Table: "t"},
	} {
		if _, err := (Dialect{}).Render([]ops.Op{bad}, nil); err == nil {
			t.Errorf("Render(%s %+v) succeeded, want an error", ops.Name(bad), bad)
		}
	}
}
