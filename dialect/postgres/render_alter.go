package postgres

import (
	"errors"
	"fmt"
	"strings"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// alterColumn renders an alter_column op as one ALTER statement per change, in
// the order Render's doc gives.
func (d Dialect) alterColumn(o *ops.AlterColumn) ([]string, error) {
	if o.Table == "" || o.Column == "" {
		return nil, fmt.Errorf("alter_column needs table and column: %w", errNoName)
	}
	alter := "ALTER TABLE " + qualify(o.Schema, o.Table) + " ALTER COLUMN " + d.QuoteIdent(o.Column)
	var out []string
	droppedDefault := false
	if o.Type != nil {
		if o.ServerDefault != nil {
			out = append(out, alter+" DROP DEFAULT")
			droppedDefault = true
		}
		typ, err := d.TypeSQL(*o.Type)
		if err != nil {
			return nil, fmt.Errorf("column %q: %w", o.Column, err)
		}
		s := alter + " TYPE " + typ
		if using := d.usingClause(o.Column, o.ExistingType, *o.Type, typ); using != "" {
			s += " USING " + using
		}
		out = append(out, s)
	}
	if o.Nullable != nil {
		if *o.Nullable {
			out = append(out, alter+" DROP NOT NULL")
		} else {
			out = append(out, alter+" SET NOT NULL")
		}
	}
	if o.ServerDefault != nil {
		switch v := o.ServerDefault.Value; {
		case v == nil:
			if !droppedDefault {
				out = append(out, alter+" DROP DEFAULT")
			}
		case strings.TrimSpace(*v) == "":
			return nil, fmt.Errorf("column %q: new server default is empty; use null to drop it", o.Column)
		default:
			out = append(out, alter+" SET DEFAULT "+DefaultSQL(*v))
		}
	}
	if o.Comment != nil {
		out = append(out, d.columnComment(o.Schema, o.Table, o.Column, o.Comment.Value))
	}
	if o.NewName != "" {
		out = append(out, "ALTER TABLE "+qualify(o.Schema, o.Table)+" RENAME COLUMN "+d.QuoteIdent(o.Column)+" TO "+d.QuoteIdent(o.NewName))
	}
	if len(out) == 0 {
		return nil, errors.New("alter_column changes nothing: set at least one of nullable, type, server_default, comment, new_name")
	}
	return out, nil
}

// Type families for deciding whether ALTER COLUMN … TYPE needs USING.
const (
	famText    = "text"
	famInt     = "int"
	famNumber  = "number"
	famBool    = "bool"
	famJSON    = "json"
	famUUID    = "uuid"
	famEnum    = "enum"
	famTime    = "time"
	famBinary  = "binary"
	famUnknown = ""
)

// family classifies a type for cast decisions.
func family(t schema.Type) string {
	t = canonical(t)
	switch t.Name {
	case schema.TVarchar, schema.TChar, schema.TText:
		return famText
	case schema.TInteger, schema.TBigInt, schema.TSmallInt:
		return famInt
	case schema.TNumeric, schema.TReal, schema.TDouble:
		return famNumber
	case schema.TBoolean:
		return famBool
	case schema.TJSON, "postgresql.jsonb":
		return famJSON
	case schema.TUUID:
		return famUUID
	case schema.TEnum:
		return famEnum
	case schema.TDate, schema.TTime, schema.TTimestamp, schema.TTimestampTZ, schema.TInterval:
		return famTime
	case schema.TBlob:
		return famBinary
	}
	return famUnknown
}

// usingClause returns the USING expression ALTER COLUMN … TYPE needs to convert
// column from type from to type to (rendered as toSQL), or "" when PostgreSQL
// converts by itself. PostgreSQL converts without USING only through an implicit
// or assignment cast: within the integer and numeric families and between them,
// within the text and time families, json to jsonb and back, and from anything to
// a text type. Other pairs (text to integer, boolean, json, uuid or an enum;
// integer to boolean and back; one enum to another) need an explicit cast,
// which this renders as column::type, going through integer between boolean and
// the number types and through text between two enums. When the existing type
// is unknown (from is nil) it always adds column::type, which PostgreSQL accepts
// wherever an implicit conversion exists too.
func (d Dialect) usingClause(column string, from *schema.Type, to schema.Type, toSQL string) string {
	col := d.QuoteIdent(column)
	if from == nil {
		return col + "::" + toSQL
	}
	ff, tf := family(*from), family(to)
	switch {
	case ff == famEnum && tf == famEnum:
		if canonical(*from).EnumName == to.EnumName {
			return ""
		}
		return col + "::text::" + toSQL
	case tf == famText:
		return ""
	case ff != famUnknown && ff == tf:
		return ""
	case (ff == famInt || ff == famNumber) && (tf == famInt || tf == famNumber):
		return ""
	case ff == famBool && (tf == famInt || tf == famNumber):
		return col + "::integer::" + toSQL
	case (ff == famInt || ff == famNumber) && tf == famBool:
		return col + "::integer::boolean"
	case ff == famEnum:
		return col + "::text::" + toSQL
	case ff == famUnknown && tf == famUnknown && canonical(*from).Equal(canonical(to)):
		return ""
	}
	return col + "::" + toSQL
}
