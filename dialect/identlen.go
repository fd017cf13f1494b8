package dialect

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// IdentifierLimiter is implemented by dialects whose server limits the length
// of an identifier (a table, column, index, constraint, schema or type name).
// MaxIdentifierBytes is that limit in bytes: PostgreSQL truncates longer
// names silently to 63 bytes (so two long names can name the same object),
// MySQL and MariaDB refuse names over 64. A dialect without the method
// (SQLite) has no limit.
type IdentifierLimiter interface {
	MaxIdentifierBytes() int
}

// MaxIdentifierBytes returns d's identifier limit in bytes, or 0 for none.
func MaxIdentifierBytes(d Dialect) int {
	if l, ok := d.(IdentifierLimiter); ok {
		return l.MaxIdentifierBytes()
	}
	return 0
}

// IdentifierError is a name longer than the dialect allows. Name is the
// name, Bytes its length, Max the dialect's limit and Where what it names
// ("table", "column", …).
type IdentifierError struct {
	Dialect string
	Name    string
	Where   string
	Bytes   int
	Max     int
}

// Error says which name, how long, the limit and what to do.
func (e *IdentifierError) Error() string {
	return fmt.Sprintf("%s name %q is %d bytes, more than %s's limit of %d (the server would truncate or refuse it, so it could name another object); choose a shorter name",
		e.Where, e.Name, e.Bytes, e.Dialect, e.Max)
}

// CheckOpIdentifiers checks every name an op list uses against d's limit
// (nothing for a dialect without one) and returns a *RenderError naming the
// op, wrapping an *IdentifierError, for the first name that is too long.
// Expressions in index column lists are not names and are not checked.
func CheckOpIdentifiers(d Dialect, list []ops.Op) error {
	max := MaxIdentifierBytes(d)
	if max <= 0 {
		return nil
	}
	for i, o := range list {
		if ie := longName(reflect.ValueOf(o), "", max); ie != nil {
			ie.Dialect = d.Name()
			return &RenderError{Dialect: d.Name(), Op: i, OpName: ops.Name(o), Err: ie}
		}
	}
	return nil
}

// CheckSchemaIdentifiers checks every name of a declared schema (tables,
// schemas, columns, keys, constraints, indexes, enum types) against d's
// limit, for the Go API: the *IdentifierError of the first name that is too
// long, or nil.
func CheckSchemaIdentifiers(d Dialect, m *schema.MetaData) error {
	max := MaxIdentifierBytes(d)
	if max <= 0 || m == nil {
		return nil
	}
	if ie := longName(reflect.ValueOf(m), "", max); ie != nil {
		ie.Dialect = d.Name()
		return ie
	}
	return nil
}

// identFields are the struct fields of ops and schema values that hold one
// name, and what each names; identLists hold lists of names.
var (
	identFields = map[string]string{"Name": "", "Schema": "schema", "Table": "table", "NewName": "new",
		"Column": "column", "RefTable": "referenced table", "RefSchema": "referenced schema"}
	identLists = map[string]string{"Columns": "column", "RefColumns": "referenced column", "Include": "included column"}
)

// identKinds names what a Name field names, by the type holding it.
var identKinds = map[string]string{
	"Table": "table", "Column": "column", "IndexDef": "index", "ForeignKeyDef": "foreign key",
	"UniqueDef": "unique constraint", "CheckDef": "check constraint", "PrimaryKeyDef": "primary key",
	"EnumDef": "enum type", "TriggerDef": "trigger", "DropTable": "table", "RenameTable": "table",
	"DropIndex": "index", "DropConstraint": "constraint", "RenameIndex": "index", "RenameConstraint": "constraint", "CreateEnum": "enum type", "DropEnum": "enum type",
	"AddEnumValue": "enum type", "DropEnumValue": "enum type", "ObjectDef": "object", "DropObject": "object",
}

// longName walks v (ops and schema values) for a name over max bytes.
func longName(v reflect.Value, owner string, max int) *IdentifierError {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return longName(v.Elem(), owner, max)
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			if ie := longName(v.Index(i), owner, max); ie != nil {
				return ie
			}
		}
	case reflect.Struct:
		t := v.Type()
		kind := identKinds[t.Name()]
		if kind == "" {
			kind = owner
		}
		if kind == "" {
			kind = "object"
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			fv := v.Field(i)
			if what, ok := identFields[f.Name]; ok && fv.Kind() == reflect.String {
				if what == "" {
					what = kind
				}
				s := fv.String()
				if f.Name == "Name" {
					// A function is named with its argument types: "f(integer)".
					s, _, _ = strings.Cut(s, "(")
				}
				if len(s) > max {
					return &IdentifierError{Name: s, Where: what, Bytes: len(s), Max: max}
				}
				continue
			}
			if what, ok := identLists[f.Name]; ok && fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String {
				for k := 0; k < fv.Len(); k++ {
					if s := fv.Index(k).String(); len(s) > max && plainName(s) {
						return &IdentifierError{Name: s, Where: what, Bytes: len(s), Max: max}
					}
				}
				continue
			}
			if ie := longName(fv, kind, max); ie != nil {
				return ie
			}
		}
	}
	return nil
}

// plainName reports whether s is a name rather than an expression (an index
// may list lower(email)).
func plainName(s string) bool { return !strings.ContainsAny(s, "() +-*/,'\"") }
