package mysql

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/schema"
)

// generatedClause renders " GENERATED ALWAYS AS (expr) VIRTUAL" or "… STORED"
// for a generated column, "" for any other, as SHOW CREATE TABLE writes it
// (MariaDB also accepts PERSISTENT for STORED). A generated column takes no
// DEFAULT and no AUTO_INCREMENT
// (https://dev.mysql.com/doc/refman/8.0/en/create-table-generated-columns.html,
// https://mariadb.com/kb/en/generated-columns/); those are errors. MariaDB
// refuses NOT NULL on a generated column, MySQL accepts it: the server says so.
func generatedClause(c *schema.Column) (string, error) {
	g := c.Generated
	if g == nil {
		return "", nil
	}
	switch {
	case strings.TrimSpace(g.Expr) == "":
		return "", fmt.Errorf("column %q: the generated column's expression is empty; write the SQL expression or make it a plain column", c.Name)
	case c.Default != nil:
		return "", fmt.Errorf("column %q: a generated column cannot also have a server default; remove one of them", c.Name)
	case c.Autoincrement && isIntegerType(c.Type):
		return "", fmt.Errorf("column %q: a generated column cannot also be AUTO_INCREMENT; remove one of them", c.Name)
	}
	kind := "VIRTUAL"
	if g.Stored {
		kind = "STORED"
	}
	return " GENERATED ALWAYS AS (" + g.Expr + ") " + kind, nil
}

// NormalizeExpr returns an SQL expression as the inspector reads CHECK
// conditions and generated columns' expressions back (NormalizeCheck), so
// that autogenerate compares declared and inspected text
// (dialect.ExprNormalizer).
func (Dialect) NormalizeExpr(expr string) string { return NormalizeCheck(expr) }

// ModelsProperty reports that MySQL and MariaDB store CHECK conditions close
// to how they were written, so autogenerate compares them
// (dialect.PropertyModeller).
func (Dialect) ModelsProperty(p dialect.Property) bool {
	return p == dialect.PropCheckConditions
}
