package ops

import (
	"fmt"
	"slices"
	"strings"

	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/schema"
)

// DataLoss says why running o loses data that is in the database, or returns
// "" when it does not. The ops that lose data are:
//
//   - drop_table: the table's rows;
//   - drop_column: the column's values;
//   - alter_column with a type that does not widen the existing one (see
//     Widens): values may be truncated, rounded or refused, and on MySQL an
//     enum value no longer allowed is lost; without existing_type the change
//     cannot be judged and counts as losing data;
//   - drop_enum_value: a row holding the value has nothing left to hold
//     (PostgreSQL refuses the rebuild while such a row exists; MySQL stores
//     an empty string or refuses, depending on the SQL mode).
//
// Dropping an index, a constraint, a default, a comment or an enum type, and
// renames, keep every value and are not listed (they may still break running
// code). execute and bulk_insert are not judged: raw SQL is the author's.
func DataLoss(o Op) string {
	switch o := o.(type) {
	case *DropTable:
		return fmt.Sprintf("drops table %s and every row in it", lossQual(o.Schema, o.Name))
	case *DropColumn:
		if o.Existing != nil && o.Existing.Generated != nil {
			return "" // a generated column's values are computed from the others
		}
		return fmt.Sprintf("drops column %s.%s and every value in it", lossQual(o.Schema, o.Table), o.Column)
	case *AlterColumn:
		if o.Type == nil {
			return ""
		}
		where := lossQual(o.Schema, o.Table) + "." + o.Column
		if o.ExistingType == nil {
			return fmt.Sprintf("changes the type of %s to %s without existing_type, so whether every value fits cannot be told", where, o.Type)
		}
		if Widens(*o.ExistingType, *o.Type) {
			return ""
		}
		return fmt.Sprintf("changes the type of %s from %s to %s, which may truncate, round or refuse values", where, typeWords(*o.ExistingType), typeWords(*o.Type))
	case *DropEnumValue:
		return fmt.Sprintf("removes value %q from enum %s; rows holding it lose it", o.Value, lossQual(o.Schema, o.Name))
	}
	return ""
}

// typeWords writes a type for DataLoss: its text, with an enum's values.
func typeWords(t schema.Type) string {
	if t.Name == schema.TEnum {
		return fmt.Sprintf("enum %s%q", t.EnumName, t.EnumValues)
	}
	return t.String()
}

// Widens reports whether every value of type from is a value of type to, so
// that changing a column from one to the other keeps every value exactly: the
// same type; a larger integer (smallint, integer, bigint); smallint or integer
// to double or to a numeric with room for their digits; any integer to an
// unconstrained numeric; numeric(p,s) to a numeric with at least as many
// integer and fraction digits, or unconstrained; real to double; a varchar or
// char to a varchar at least as long, an unbounded varchar or text; char(n) to
// char(m) with m ≥ n; date to timestamp or timestamptz; timestamp to
// timestamptz and back (no value is lost, the time zone is the session's);
// anything but blob to text; an enum to an enum holding all its values.
// Everything else, dialect-only types included, is taken as narrowing.
func Widens(from, to schema.Type) bool {
	if from.Equal(to) {
		return true
	}
	intRank := map[string]int{schema.TSmallInt: 1, schema.TInteger: 2, schema.TBigInt: 3}
	intDigits := map[string]int{schema.TSmallInt: 5, schema.TInteger: 10, schema.TBigInt: 19}
	switch {
	case intRank[from.Name] > 0 && intRank[to.Name] > 0:
		return intRank[to.Name] >= intRank[from.Name]
	case intRank[from.Name] > 0 && to.Name == schema.TNumeric:
		return to.Precision == 0 || to.Precision-to.Scale >= intDigits[from.Name]
	case intRank[from.Name] > 0 && intRank[from.Name] < 3 && to.Name == schema.TDouble:
		return true
	case from.Name == schema.TNumeric && to.Name == schema.TNumeric:
		if to.Precision == 0 {
			return true
		}
		return from.Precision != 0 && to.Scale >= from.Scale && to.Precision-to.Scale >= from.Precision-from.Scale
	case from.Name == schema.TReal && to.Name == schema.TDouble:
		return true
	case (from.Name == schema.TVarchar || from.Name == schema.TChar) && to.Name == schema.TVarchar:
		return to.Length == 0 || (from.Length != 0 && to.Length >= from.Length)
	case from.Name == schema.TChar && to.Name == schema.TChar:
		return from.Length != 0 && to.Length >= from.Length
	case from.Name == schema.TDate && (to.Name == schema.TTimestamp || to.Name == schema.TTimestampTZ):
		return true
	case from.Name == schema.TTimestamp && to.Name == schema.TTimestampTZ, from.Name == schema.TTimestampTZ && to.Name == schema.TTimestamp:
		return true
	case to.Name == schema.TText:
		return from.IsPortable() && from.Name != schema.TBlob
	case from.Name == schema.TEnum && to.Name == schema.TEnum:
		for _, v := range from.EnumValues {
			if !slices.Contains(to.EnumValues, v) {
				return false
			}
		}
		return true
	}
	return false
}

// Acknowledged reports whether o carries acknowledge_destructive: true.
func Acknowledged(o Op) bool {
	p := ackField(o)
	return p != nil && *p != nil && **p
}

// ackField returns the address of o's AcknowledgeDestructive field, or nil for
// an op without one.
func ackField(o Op) **bool {
	switch o := o.(type) {
	case *DropTable:
		return &o.AcknowledgeDestructive
	case *DropColumn:
		return &o.AcknowledgeDestructive
	case *AlterColumn:
		return &o.AcknowledgeDestructive
	case *DropEnumValue:
		return &o.AcknowledgeDestructive
	}
	return nil
}

// MarkDestructive sets acknowledge_destructive: false on every op of list that
// loses data (DataLoss) and does not say yet, so that the written revision
// shows each such op with the key a reviewer sets to true. It changes the ops
// in place.
func MarkDestructive(list []Op) {
	for _, o := range list {
		if p := ackField(o); p != nil && *p == nil && DataLoss(o) != "" {
			f := false
			*p = &f
		}
	}
}

// DestructiveOp is one op of a list that loses data.
type DestructiveOp struct {
	// Index is the op's 0-based position in the list.
	Index int
	// Op is the op's YAML name ("drop_column").
	Op string
	// Reason is DataLoss's sentence.
	Reason string
	// Acknowledged is true when the op carries acknowledge_destructive: true.
	Acknowledged bool
}

// String writes the finding on one line: "op 3 (drop_column) drops column
// users.email and every value in it (acknowledged)" or "… (not acknowledged:
// set acknowledge_destructive: true on the op once reviewed)".
func (d DestructiveOp) String() string {
	state := "not acknowledged: set acknowledge_destructive: true on the op once reviewed"
	if d.Acknowledged {
		state = "acknowledged"
	}
	return fmt.Sprintf("op %d (%s) %s (%s)", d.Index+1, d.Op, d.Reason, state)
}

// Destructive returns the ops of list that lose data (DataLoss), in order,
// each with whether it is acknowledged. lint, check and the upgrade gate all
// report from it.
func Destructive(list []Op) []DestructiveOp {
	var out []DestructiveOp
	for i, o := range list {
		if r := DataLoss(o); r != "" {
			out = append(out, DestructiveOp{Index: i, Op: Name(o), Reason: r, Acknowledged: Acknowledged(o)})
		}
	}
	return out
}

// CommentDestructive puts a comment before each item of seq (a list written
// by EncodeList from list) whose op loses data and carries the
// acknowledge_destructive key: "DESTRUCTIVE: <DataLoss>; set
// acknowledge_destructive: true once reviewed". Revision files are written
// with it; the comment is not part of what a revision does (its checksum).
func CommentDestructive(seq *yamlx.Node, list []Op) {
	if seq == nil || len(seq.Values) != len(list) {
		return
	}
	for i, o := range list {
		p := ackField(o)
		if p == nil || *p == nil {
			continue
		}
		r := DataLoss(o)
		if r == "" {
			continue
		}
		r = strings.Map(func(c rune) rune {
			if c < 0x20 || c == 0x7f {
				return ' '
			}
			return c
		}, r)
		if **p {
			seq.Values[i].Comment = "DESTRUCTIVE (acknowledged): " + r
		} else {
			seq.Values[i].Comment = "DESTRUCTIVE: " + r + "; review, then set acknowledge_destructive: true"
		}
	}
}

// lossQual writes a table or type name for DataLoss: schema.name, or name in
// the default schema.
func lossQual(schemaName, name string) string {
	if schemaName != "" {
		return schemaName + "." + name
	}
	return name
}
