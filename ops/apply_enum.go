package ops

import (
	"fmt"

	"github.com/retortdb/migrate/schema"
)

func applyEnumOp(m *schema.MetaData, o Op) error {
	switch o := o.(type) {
	case *CreateEnum:
		if m.FindEnum(o.Name) != nil {
			return fmt.Errorf("enum %q: %w", o.Name, ErrExists)
		}
		m.Enums = append(m.Enums, &schema.EnumDef{Name: o.Name, Schema: o.Schema, Values: append([]string(nil), o.Values...)})
	case *DropEnum:
		if m.FindEnum(o.Name) == nil {
			return fmt.Errorf("enum %q: %w", o.Name, ErrNotFound)
		}
		m.Enums = applyRemove(m.Enums, func(e *schema.EnumDef) bool { return e.Name == o.Name })
	case *AddEnumValue:
		e := m.FindEnum(o.Name)
		if e == nil {
			return fmt.Errorf("enum %q: %w", o.Name, ErrNotFound)
		}
		values, err := applyInsertValue(e.Values, o)
		if err != nil {
			return err
		}
		setEnumValues(m, e, values)
	case *DropEnumValue:
		e := m.FindEnum(o.Name)
		if e == nil {
			return fmt.Errorf("enum %q: %w", o.Name, ErrNotFound)
		}
		if !applyContains(e.Values, o.Value) {
			return fmt.Errorf("value %q of enum %q: %w", o.Value, o.Name, ErrNotFound)
		}
		if len(e.Values) == 1 {
			return fmt.Errorf("value %q is the only value of enum %q: drop the enum with drop_enum instead", o.Value, o.Name)
		}
		var values []string
		for _, v := range e.Values {
			if v != o.Value {
				values = append(values, v)
			}
		}
		setEnumValues(m, e, values)
	}
	return nil
}

// setEnumValues sets e's values, and those of the columns of that enum type.
func setEnumValues(m *schema.MetaData, e *schema.EnumDef, values []string) {
	e.Values = values
	for _, t := range m.Tables {
		for _, c := range t.Columns {
			if c.Type.Name == schema.TEnum && c.Type.EnumName == e.Name {
				c.Type.EnumValues = append([]string(nil), values...)
			}
		}
	}
}

// applyInsertValue returns values with o.Value inserted after o.After, or at the
// end when After is "".
func applyInsertValue(values []string, o *AddEnumValue) ([]string, error) {
	if applyContains(values, o.Value) {
		return nil, fmt.Errorf("value %q of enum %q: %w", o.Value, o.Name, ErrExists)
	}
	out := make([]string, 0, len(values)+1)
	if o.After == "" {
		return append(append(out, values...), o.Value), nil
	}
	for i, v := range values {
		if v == o.After {
			out = append(append(append(out, values[:i+1]...), o.Value), values[i+1:]...)
			return out, nil
		}
	}
	return nil, fmt.Errorf("value %q of enum %q (named in after:): %w", o.After, o.Name, ErrNotFound)
}
