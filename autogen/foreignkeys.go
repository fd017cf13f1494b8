package autogen

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// compareForeignKeys matches foreign keys by signature, as Alembic's
// compare._compare_foreign_keys does: columns, referred schema, table and
// columns, ON DELETE and ON UPDATE (case-insensitive, "" meaning NO ACTION).
// Names are not part of the signature. A live key that no declared key matches
// is dropped; a declared key that no live key matches is created.
func (c *comparer) compareForeignKeys(dt, lt *schema.Table) {
	matched := make([]bool, len(lt.ForeignKeys))
	for _, dfk := range dt.ForeignKeys {
		sig, found := fkSignature(dfk), false
		for i, lfk := range lt.ForeignKeys {
			if !matched[i] && fkSignature(lfk) == sig {
				matched[i], found = true, true
				if lfk.NotValid && !dfk.NotValid {
					c.validate(lt.Schema, lt.Name, "foreign key", lfk.Name)
				}
				break
			}
		}
		if !found {
			c.addForeignKey(dt.Schema, dt.Name, dfk)
		}
	}
	for i, lfk := range lt.ForeignKeys {
		if !matched[i] {
			c.dropForeignKey(lt.Schema, lt.Name, lfk)
		}
	}
}

// addForeignKey proposes create_foreign_key for fk of table schemaName.table.
func (c *comparer) addForeignKey(schemaName, table string, fk *schema.ForeignKeyDef) {
	c.p.add(phaseCreateForeignKeys, &ops.CreateForeignKey{Schema: schemaName, Table: table, ForeignKey: cloneFK(fk)},
		fmt.Sprintf("Detected added foreign key %s on table %s", fkText(fk.Columns, fk.RefColumns), qualify(schemaName, table)))
}

// dropForeignKey proposes drop_constraint(foreignkey) for live key fk, with fk
// as Existing.
func (c *comparer) dropForeignKey(schemaName, table string, fk *schema.ForeignKeyDef) {
	c.p.add(phaseDropForeignKeys, &ops.DropConstraint{
		Schema: schemaName, Table: table, Name: fk.Name, Type: ops.ConstraintForeignKey,
		ExistingForeignKey: cloneFK(fk),
	}, fmt.Sprintf("Detected removed foreign key %s on table %s", fkText(fk.Columns, fk.RefColumns), qualify(schemaName, table)))
}

// fkSignature is what makes two foreign keys the same key: also the MATCH
// type ("" and SIMPLE alike) and deferrability (INITIALLY DEFERRED implying
// DEFERRABLE). NOT VALID is not part of it: a declared valid key over a live
// NOT VALID one is validated (validate_constraint), and a key declared NOT
// VALID is satisfied by a valid one.
func fkSignature(fk *schema.ForeignKeyDef) string {
	match := strings.ToUpper(strings.TrimSpace(fk.Match))
	if match == "SIMPLE" {
		match = ""
	}
	return strings.Join([]string{
		strings.Join(fk.Columns, ","), fk.RefSchema, fk.RefTable, strings.Join(fk.RefColumns, ","),
		fkAction(fk.OnDelete), fkAction(fk.OnUpdate), match,
		fmt.Sprint(fk.Deferrable || fk.InitiallyDeferred, fk.InitiallyDeferred),
	}, "\x00")
}

// validate proposes validate_constraint for live constraint name of table
// schemaName.table, declared valid but live NOT VALID.
func (c *comparer) validate(schemaName, table, kind, name string) {
	if name == "" {
		return
	}
	c.p.add(phaseCreateForeignKeys, &ops.ValidateConstraint{Schema: schemaName, Table: table, Name: name},
		fmt.Sprintf("Detected NOT VALID %s %s on table %s declared valid", kind, quoted(name), qualify(schemaName, table)))
}

// fkAction folds an action's case and spacing; "" is NO ACTION.
func fkAction(a string) string {
	a = strings.ToUpper(strings.Join(strings.Fields(a), " "))
	if a == "" {
		return "NO ACTION"
	}
	return a
}
