package autogen

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/schema"
)

// qualify writes a name as 'schema.name', or 'name' in the default schema.
func qualify(schemaName, name string) string {
	if schemaName == "" {
		return name
	}
	return schemaName + "." + name
}

// quoted writes a name in single quotes, or (unnamed) for an empty name.
func quoted(name string) string {
	if name == "" {
		return "(unnamed)"
	}
	return "'" + name + "'"
}

// pyList writes names as a Python list literal, ['a', 'b'], as Alembic's messages do.
func pyList(names []string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = "'" + n + "'"
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// defaultText writes a server default for a message: 'expr', or None for none.
func defaultText(d *string) string {
	if d == nil {
		return "None"
	}
	return "'" + *d + "'"
}

// fkText writes a foreign key's columns as Alembic does: (a, b)(x, y).
func fkText(cols, refCols []string) string {
	return fmt.Sprintf("(%s)(%s)", strings.Join(cols, ", "), strings.Join(refCols, ", "))
}

// typeText writes a type for a message: its text form, and for an enum its name
// and values, enum(book_status: 'draft', 'published'), since a change of values
// is a type change where enums are inline column types.
func typeText(t schema.Type) string {
	if t.Name != schema.TEnum {
		return t.String()
	}
	vals := pyList(t.EnumValues)
	return "enum(" + t.EnumName + ": " + vals[1:len(vals)-1] + ")"
}
