package autogen

import "github.com/retortdb/migrate/ops"

// phase is a slot of the upgrade. Phases run in this order, which makes every op
// valid when it runs: what is dropped is dropped before what replaces it is
// created, and nothing is created before what it refers to exists.
type phase int

const (
	phaseRenames             phase = iota // rename_table, alter_column new_name, rename_index, rename_constraint (RenamedFrom hints), and rename suggestions
	phaseObjectsFirst                     // create_object, replace_object of extensions and schemas
	phaseEnums                            // create_enum, add_enum_value
	phaseObjectsBeforeTables              // create_object, replace_object of objects that need no table
	phaseDropObjectsEarly                 // drop_object of objects that need a table (views, triggers, …)
	phaseDropForeignKeys                  // drop_constraint(foreignkey)
	phaseDropConstraints                  // drop_index, drop_constraint(unique, check, primary)
	phaseCreateTables                     // create_table, each followed by its create_index
	phaseAddColumns                       // add_column
	phaseAlterColumns                     // alter_column
	phaseTableComments                    // create_table_comment, drop_table_comment
	phaseCreateConstraints                // create_primary_key, create_unique_constraint, create_check_constraint
	phaseCreateIndexes                    // create_index on existing tables
	phaseCreateForeignKeys                // create_foreign_key
	phaseObjectsAfterTables               // create_object, replace_object of objects that need a table
	phaseDropColumns                      // drop_column
	phaseDropTables                       // drop_index, drop_table of removed tables
	phaseDropObjectsLate                  // drop_object of objects that need no table
	phaseDropEnums                        // drop_enum
	phaseDropObjectsLast                  // drop_object of extensions and schemas
	numPhases
)

// step is one proposed op and the finding lines that explain it. A step with a
// nil op is a warning only.
type step struct {
	op       ops.Op
	findings []string
}

// plan collects steps per phase; within a phase, steps keep the order added.
type plan struct {
	phases [numPhases][]step
}

// add appends op, explained by findings, to phase ph.
func (p *plan) add(ph phase, op ops.Op, findings ...string) {
	p.phases[ph] = append(p.phases[ph], step{op: op, findings: findings})
}

// warn appends a finding that no op expresses to phase ph.
func (p *plan) warn(ph phase, finding string) {
	p.phases[ph] = append(p.phases[ph], step{findings: []string{finding}})
}

// flatten returns the upgrade ops, the findings and the warnings (the
// findings of steps without an op), all in phase order.
func (p *plan) flatten() (list []ops.Op, findings, warnings []string) {
	for _, steps := range p.phases {
		for _, s := range steps {
			if s.op != nil {
				list = append(list, s.op)
			} else {
				warnings = append(warnings, s.findings...)
			}
			findings = append(findings, s.findings...)
		}
	}
	return list, findings, warnings
}
