package autogen

import (
	"fmt"
	"slices"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// comparePrimaryKey proposes replacing the primary key when its column list
// (in order) differs: drop_constraint(primary) with the live key as Existing,
// then create_primary_key. Names are not compared: databases name primary keys
// their own way (MySQL calls every one PRIMARY). Alembic does not compare
// primary keys at all; this is our addition.
func (c *comparer) comparePrimaryKey(dt, lt *schema.Table) {
	var dcols, lcols []string
	if dt.PrimaryKey != nil {
		dcols = dt.PrimaryKey.Columns
	}
	if lt.PrimaryKey != nil {
		lcols = lt.PrimaryKey.Columns
	}
	if slices.Equal(dcols, lcols) {
		return
	}
	table := qualify(dt.Schema, dt.Name)
	if len(lcols) > 0 {
		c.p.add(phaseDropConstraints, &ops.DropConstraint{
			Schema: lt.Schema, Table: lt.Name, Name: lt.PrimaryKey.Name, Type: ops.ConstraintPrimary,
			ExistingPrimaryKey: clonePK(lt.PrimaryKey),
		}, fmt.Sprintf("Detected removed primary key %s on '%s'", quoted(lt.PrimaryKey.Name), table))
	}
	if len(dcols) > 0 {
		c.p.add(phaseCreateConstraints, &ops.CreatePrimaryKey{Schema: dt.Schema, Table: dt.Name, PrimaryKey: clonePK(dt.PrimaryKey)},
			fmt.Sprintf("Detected added primary key %s on %s", quoted(dt.PrimaryKey.Name), pyList(dcols)))
	}
}
