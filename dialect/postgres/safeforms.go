package postgres

import (
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// SafeForms rewrites up so that no statement holds a lock that blocks writes
// (or reads) while it reads a table that exists in live (dialect.SafeFormer),
// the forms the pg-* lint rules name:
//
//   - create_index and drop_index get concurrently: true;
//   - create_foreign_key and create_check_constraint get not_valid: true and
//     are followed by validate_constraint, which reads the table under SHARE
//     UPDATE EXCLUSIVE;
//   - alter_column nullable: false is preceded by a CHECK (column IS NOT
//     NULL) added NOT VALID and validated, which lets PostgreSQL 12 and later
//     set NOT NULL without reading the table, and followed by dropping that
//     check (on PostgreSQL 11 and older SET NOT NULL still reads the table).
//
// When anything was rewritten the revision must not run in one transaction
// (transactional false): CREATE INDEX CONCURRENTLY refuses a transaction
// block, and in one transaction the ACCESS EXCLUSIVE lock of ADD CONSTRAINT
// … NOT VALID would last through the validation's read. Each statement then
// commits on its own; a failed run leaves the statements before the failure
// applied, as any transactional: false revision does.
func (d Dialect) SafeForms(up []ops.Op, live *schema.MetaData) ([]ops.Op, bool) {
	exists := func(sch, table string) bool { return live.FindTable(sch, table) != nil }
	out := make([]ops.Op, 0, len(up))
	changed := false
	for _, o := range up {
		switch o := o.(type) {
		case *ops.CreateIndex:
			if exists(o.Schema, o.Table) && !o.Concurrently {
				x := *o
				x.Concurrently = true
				out = append(out, &x)
				changed = true
				continue
			}
		case *ops.DropIndex:
			if exists(o.Schema, o.Table) && !o.Concurrently {
				x := *o
				x.Concurrently = true
				out = append(out, &x)
				changed = true
				continue
			}
		case *ops.CreateForeignKey:
			if o.ForeignKey != nil && o.ForeignKey.Name != "" && !o.ForeignKey.NotValid && exists(o.Schema, o.Table) {
				fk := *o.ForeignKey
				fk.NotValid = true
				out = append(out, &ops.CreateForeignKey{Schema: o.Schema, Table: o.Table, ForeignKey: &fk},
					&ops.ValidateConstraint{Schema: o.Schema, Table: o.Table, Name: fk.Name})
				changed = true
				continue
			}
		case *ops.CreateCheckConstraint:
			if o.Check != nil && o.Check.Name != "" && !o.Check.NotValid && exists(o.Schema, o.Table) {
				ck := *o.Check
				ck.NotValid = true
				out = append(out, &ops.CreateCheckConstraint{Schema: o.Schema, Table: o.Table, Check: &ck},
					&ops.ValidateConstraint{Schema: o.Schema, Table: o.Table, Name: ck.Name})
				changed = true
				continue
			}
		case *ops.AlterColumn:
			if o.Nullable != nil && !*o.Nullable && exists(o.Schema, o.Table) {
				name := notNullCheckName(o.Table, o.Column)
				ck := &schema.CheckDef{Name: name, Expr: d.QuoteIdent(o.Column) + " IS NOT NULL", NotValid: true}
				out = append(out,
					&ops.CreateCheckConstraint{Schema: o.Schema, Table: o.Table, Check: ck},
					&ops.ValidateConstraint{Schema: o.Schema, Table: o.Table, Name: name},
					o,
					&ops.DropConstraint{Schema: o.Schema, Table: o.Table, Name: name, Type: ops.ConstraintCheck,
						ExistingCheck: &schema.CheckDef{Name: name, Expr: ck.Expr}})
				changed = true
				continue
			}
		}
		out = append(out, o)
	}
	return out, !changed
}

// notNullCheckName names the temporary CHECK that proves column NOT NULL:
// ck_<table>_<column>_nn, cut to PostgreSQL's 63 bytes.
func notNullCheckName(table, column string) string {
	name := "ck_" + table + "_" + column + "_nn"
	if len(name) > 63 {
		name = name[:60] + "_nn"
	}
	return name
}
