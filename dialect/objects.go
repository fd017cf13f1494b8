package dialect

import (
	"errors"
	"fmt"

	"github.com/retortdb/migrate/ops"
)

// ErrObjectUnsupported is wrapped by the error a renderer returns for a
// create_object, drop_object or replace_object whose kind its database
// cannot hold (or this dialect does not render yet). It wraps
// errors.ErrUnsupported.
var ErrObjectUnsupported = fmt.Errorf("object kind not supported by this dialect: %w", errors.ErrUnsupported)

// UnsupportedObject returns the error a dialect named dialectName gives for an
// object op it cannot render: it names the op, the object's kind and name,
// and what to do (write the SQL with an execute op for that dialect, or leave
// the object out of the metadata). Nothing is ever skipped silently.
func UnsupportedObject(dialectName string, o ops.Op) error {
	x, ok := ops.ObjectOf(o)
	if !ok {
		return fmt.Errorf("%s: not an object operation: %w", ops.Name(o), ErrObjectUnsupported)
	}
	where := x.Name
	if x.Schema != "" {
		where = x.Schema + "." + x.Name
	}
	if x.Table != "" {
		where += " on " + x.Table
	}
	return fmt.Errorf("%s of %s %q: %w (%s); write its SQL with an execute op (dialects: {%s: ...}) or leave it out of the metadata",
		ops.Name(o), x.Kind, where, ErrObjectUnsupported, dialectName, dialectName)
}
