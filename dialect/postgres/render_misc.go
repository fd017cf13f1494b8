package postgres

import (
	"errors"
	"fmt"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
)

func (d Dialect) createEnum(o *ops.CreateEnum) ([]string, error) {
	if o.Name == "" {
		return nil, fmt.Errorf("enum %w", errNoName)
	}
	if len(o.Values) == 0 {
		return nil, fmt.Errorf("enum %q has no values", o.Name)
	}
	vals := make([]string, len(o.Values))
	for i, v := range o.Values {
		lit, err := d.Literal(v)
		if err != nil {
			return nil, fmt.Errorf("enum %q value %d: %w", o.Name, i+1, err)
		}
		vals[i] = lit
	}
	return []string{"CREATE TYPE " + qualify(o.Schema, o.Name) + " AS ENUM (" + strings.Join(vals, ", ") + ")"}, nil
}

func (d Dialect) dropEnum(o *ops.DropEnum) ([]string, error) {
	if o.Name == "" {
		return nil, fmt.Errorf("enum %w", errNoName)
	}
	return []string{"DROP TYPE " + qualify(o.Schema, o.Name)}, nil
}

func (d Dialect) addEnumValue(o *ops.AddEnumValue) ([]string, error) {
	if o.Name == "" {
		return nil, fmt.Errorf("enum %w", errNoName)
	}
	if o.Value == "" {
		return nil, fmt.Errorf("enum %q: the value to add is empty", o.Name)
	}
	s := "ALTER TYPE " + qualify(o.Schema, o.Name) + " ADD VALUE " + quoteString(o.Value)
	if o.After != "" {
		s += " AFTER " + quoteString(o.After)
	}
	return []string{s}, nil
}

func (d Dialect) execute(o *ops.Execute) ([]string, error) {
	s, ok := o.Dialects[d.Name()]
	if !ok {
		s = o.SQL
	}
	s = strings.TrimSpace(s)
	for strings.HasSuffix(s, ";") {
		s = strings.TrimSpace(strings.TrimSuffix(s, ";"))
	}
	if s == "" {
		return nil, errors.New("execute has no SQL for postgresql: set sql, or dialects: {postgresql: …}")
	}
	if err := dialect.CheckScriptSQL(s); err != nil {
		return nil, err
	}
	return []string{s}, nil
}

func (d Dialect) bulkInsert(o *ops.BulkInsert) ([]string, error) {
	if o.Table == "" {
		return nil, fmt.Errorf("table %w", errNoName)
	}
	if len(o.Rows) == 0 {
		return nil, nil
	}
	cols := o.ColumnList()
	known := map[string]bool{}
	for _, c := range cols {
		known[c] = true
	}
	rows := make([]string, len(o.Rows))
	for i, r := range o.Rows {
		for k := range r {
			if !known[k] {
				return nil, fmt.Errorf("row %d has column %q, which is not in the op's columns %v", i+1, k, cols)
			}
		}
		vals := make([]string, len(cols))
		for j, c := range cols {
			lit, err := d.Literal(r[c])
			if err != nil {
				return nil, fmt.Errorf("row %d, column %q: %w", i+1, c, err)
			}
			vals[j] = lit
		}
		rows[i] = "(" + strings.Join(vals, ", ") + ")"
	}
	return []string{"INSERT INTO " + qualify(o.Schema, o.Table) + " (" + d.identList(cols) + ") VALUES " + strings.Join(rows, ", ")}, nil
}
