package postgres

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/retortdb/migrate/schema"
)

// identityOptions renders an identity column's sequence options as they follow
// AS IDENTITY: " (START WITH n INCREMENT BY m)", either part only when set,
// "" when neither is (the sequence's defaults).
func identityOptions(c *schema.Column) string {
	var parts []string
	if c.IdentityStart != 0 {
		parts = append(parts, "START WITH "+strconv.FormatInt(c.IdentityStart, 10))
	}
	if c.IdentityIncrement != 0 {
		parts = append(parts, "INCREMENT BY "+strconv.FormatInt(c.IdentityIncrement, 10))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, " ") + ")"
}

// generatedClause renders " GENERATED ALWAYS AS (expr) STORED" for a
// generated column, "" for any other. PostgreSQL (up to 17) has only stored
// generated columns, and a generated column has no default and no identity
// (https://www.postgresql.org/docs/current/ddl-generated-columns.html); those
// are errors naming the column and what to do.
func generatedClause(c *schema.Column) (string, error) {
	g := c.Generated
	if g == nil {
		return "", nil
	}
	switch {
	case strings.TrimSpace(g.Expr) == "":
		return "", fmt.Errorf("column %q: the generated column's expression is empty; write the SQL expression or make it a plain column", c.Name)
	case !g.Stored:
		return "", fmt.Errorf("column %q: PostgreSQL has only STORED generated columns, and this one is virtual; declare it GeneratedStored (generated_stored: true)", c.Name)
	case c.Default != nil:
		return "", fmt.Errorf("column %q: a generated column cannot also have a server default; remove one of them", c.Name)
	case c.Autoincrement:
		return "", fmt.Errorf("column %q: a generated column cannot also be an identity (autoincrement); remove one of them", c.Name)
	}
	return " GENERATED ALWAYS AS (" + g.Expr + ") STORED", nil
}
