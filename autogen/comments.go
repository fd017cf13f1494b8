package autogen

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// compareTableComment proposes create_table_comment for a new or changed table
// comment and drop_table_comment for a removed one, both recording the live
// comment, when the dialect stores comments (as Alembic's
// compare._compare_table_comment).
func (c *comparer) compareTableComment(dt, lt *schema.Table) {
	if !c.caps.Comments || dt.Comment == lt.Comment {
		return
	}
	finding := fmt.Sprintf("Detected table comment change on '%s'", qualify(dt.Schema, dt.Name))
	if dt.Comment == "" {
		c.p.add(phaseTableComments, &ops.DropTableComment{Schema: lt.Schema, Table: lt.Name, ExistingComment: lt.Comment}, finding)
		return
	}
	c.p.add(phaseTableComments, &ops.CreateTableComment{Schema: dt.Schema, Table: dt.Name, Comment: dt.Comment, ExistingComment: lt.Comment}, finding)
}

// compareTableOptions compares the MySQL table options the model declares
// (engine, default collation, other options; "" is not declared and not
// compared) with those the inspector reports (none on a dialect without them,
// where declared ones are not compared either, so one model serves every
// dialect). No op changes them, since ALTER TABLE … ENGINE= or COLLATE= rebuilds
// the table and does not convert its columns: a difference is refused, naming
// the table and the property, and the user changes them with an execute op and
// then the model.
func (c *comparer) compareTableOptions(dt, lt *schema.Table) {
	where := qualify(dt.Schema, dt.Name)
	for _, p := range []struct{ name, declared, live string }{
		{"engine", dt.Engine, lt.Engine},
		{"collation", dt.Collation, lt.Collation},
		{"options", dt.Options, lt.Options},
	} {
		if p.declared == "" || p.live == "" || strings.EqualFold(p.declared, p.live) {
			continue
		}
		c.refused = append(c.refused, fmt.Sprintf("table '%s' declares %s %q but the database has %q, and no migration op changes a table's %s: "+
			"write an execute op (ALTER TABLE …), then declare what the database has", where, p.name, p.declared, p.live, p.name))
	}
	if dt.PartitionBy != lt.PartitionBy {
		c.refused = append(c.refused, fmt.Sprintf("table '%s' declares partition_by %q but the database has %q, and PostgreSQL cannot change how a table is partitioned: "+
			"create a new table and move the rows with execute ops, then declare what the database has", where, dt.PartitionBy, lt.PartitionBy))
	}
}
