package autogen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// compareChecks matches check constraints by name. The conditions of two
// constraints with the same name are compared only where the dialect says its
// server keeps them comparable (dialect.PropCheckConditions: MySQL and
// MariaDB, after dialect.NormalizeExpr and exprKey on both sides), and a
// changed one is dropped and created again; elsewhere they are not compared:
// databases store a condition rewritten (PostgreSQL adds casts and
// parentheses, SQLite keeps any spelling), so the text read back would rarely
// equal the declared text and every run would propose a spurious drop and
// create. An unnamed declared
// check matches a remaining live check whose condition is the same once
// whitespace is normalised. Unmatched live checks are dropped, unmatched declared
// ones created. Alembic does not compare check constraints; this is our addition.
func (c *comparer) compareChecks(dt, lt *schema.Table) {
	matched := make([]bool, len(lt.Checks))
	var create []*schema.CheckDef
	declared := func(name string) bool {
		return name != "" && slices.ContainsFunc(dt.Checks, func(k *schema.CheckDef) bool { return k.Name == name })
	}
	for _, dk := range dt.Checks {
		if dk.Name == "" {
			continue
		}
		i := slices.IndexFunc(lt.Checks, func(lk *schema.CheckDef) bool { return lk.Name == dk.Name })
		if i < 0 || matched[i] || c.checkChanged(dk, lt.Checks[i]) {
			create = append(create, dk) // a changed one is dropped below and created again
			continue
		}
		matched[i] = true
		if lt.Checks[i].NotValid && !dk.NotValid {
			c.validate(lt.Schema, lt.Name, "check constraint", lt.Checks[i].Name)
		}
	}
	for _, dk := range dt.Checks {
		if dk.Name != "" {
			continue
		}
		i := -1
		for j, lk := range lt.Checks {
			if !matched[j] && !declared(lk.Name) && normalizeSpace(lk.Expr) == normalizeSpace(dk.Expr) {
				i = j
				break
			}
		}
		if i < 0 {
			create = append(create, dk)
			continue
		}
		matched[i] = true
	}
	table := qualify(lt.Schema, lt.Name)
	for i, lk := range lt.Checks {
		if !matched[i] {
			c.p.add(phaseDropConstraints, &ops.DropConstraint{
				Schema: lt.Schema, Table: lt.Name, Name: lk.Name, Type: ops.ConstraintCheck, ExistingCheck: cloneCheck(lk),
			}, fmt.Sprintf("Detected removed check constraint %s on '%s'", quoted(lk.Name), table))
		}
	}
	for _, dk := range dt.Checks {
		if slices.Contains(create, dk) {
			c.p.add(phaseCreateConstraints, &ops.CreateCheckConstraint{Schema: dt.Schema, Table: dt.Name, Check: cloneCheck(dk)},
				fmt.Sprintf("Detected added check constraint %s on '%s'", quoted(dk.Name), table))
		}
	}
}

// normalizeSpace trims s and folds each run of white space to one space.
func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
