package autogen

import (
	"fmt"

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
