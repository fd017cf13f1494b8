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
	s := "ALTER TYPE " + qualify(o.Schema, o.Name) + " ADD VALUE IF NOT EXISTS " + quoteString(o.Value)
	if o.After != "" {
		s += " AFTER " + quoteString(o.After)
	}
	return []string{s}, nil
}

// dropEnumTag quotes the body of drop_enum_value's DO block.
const dropEnumTag = "$migrate_drop_enum_value$"

// dropEnumValue renders drop_enum_value as one DO block, since PostgreSQL cannot
// remove a value from an enum type: when the type still has the value, it stops
// with an error naming the table, column and row count if any row of a column
// of that type holds it (or if an array or domain uses the type, which the
// block does not rewrite); otherwise it renames the type aside, creates the type
// again in its schema with the other values in their order, converts each
// column with USING col::text::type (dropping and restoring its default around
// the change) and drops the old type. A type without the value is left alone,
// so the statement can run again.
func (d Dialect) dropEnumValue(o *ops.DropEnumValue) ([]string, error) {
	if o.Name == "" {
		return nil, fmt.Errorf("enum %w", errNoName)
	}
	if o.Value == "" {
		return nil, fmt.Errorf("enum %q: the value to drop is empty", o.Name)
	}
	typ, val := quoteString(qualify(o.Schema, o.Name)), quoteString(o.Value)
	if strings.Contains(typ+val, dropEnumTag) {
		return nil, fmt.Errorf("enum %q: a name or value holds %s, which this op's DO block is quoted with", o.Name, dropEnumTag)
	}
	body := `
DECLARE
  typ oid := ` + typ + `::regtype::oid;
  val text := ` + val + `;
  nsp name;
  tname name;
  vals text;
  n bigint;
  r record;
  tbls text[] := '{}';
  cols text[] := '{}';
  defs text[] := '{}';
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_enum WHERE enumtypid = typ AND enumlabel = val) THEN
    RETURN;
  END IF;
  SELECT t.typnamespace::regnamespace::name, t.typname INTO nsp, tname FROM pg_type t WHERE t.oid = typ;
  IF EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
             WHERE NOT a.attisdropped AND a.attnum > 0 AND (t.typelem = typ OR t.typbasetype = typ)) THEN
    RAISE EXCEPTION 'drop_enum_value: enum %.% is used by an array or domain column, which drop_enum_value does not rewrite; write this downgrade by hand', nsp, tname;
  END IF;
  FOR r IN SELECT a.attrelid::regclass::text AS tbl, a.attname::text AS col, pg_get_expr(ad.adbin, ad.adrelid) AS def
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
           LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
           WHERE a.atttypid = typ AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
           ORDER BY 1, 2 LOOP
    EXECUTE format('SELECT count(*) FROM %s WHERE %I = %L', r.tbl, r.col, val) INTO n;
    IF n > 0 THEN
      RAISE EXCEPTION 'drop_enum_value: % row(s) of table % column % hold value % of enum %.%; nothing was changed: update or delete those rows, then run again', n, r.tbl, r.col, quote_literal(val), nsp, tname;
    END IF;
    tbls := tbls || r.tbl;
    cols := cols || r.col;
    defs := defs || r.def;
  END LOOP;
  SELECT string_agg(quote_literal(enumlabel), ', ' ORDER BY enumsortorder) INTO vals
    FROM pg_enum WHERE enumtypid = typ AND enumlabel <> val;
  IF vals IS NULL THEN
    RAISE EXCEPTION 'drop_enum_value: % is the only value of enum %.%; drop the type with drop_enum instead', quote_literal(val), nsp, tname;
  END IF;
  EXECUTE format('ALTER TYPE %I.%I RENAME TO %I', nsp, tname, 'migrate_old_enum_' || typ);
  EXECUTE format('CREATE TYPE %I.%I AS ENUM (%s)', nsp, tname, vals);
  FOR i IN 1 .. coalesce(array_length(tbls, 1), 0) LOOP
    IF defs[i] IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %s ALTER COLUMN %I DROP DEFAULT', tbls[i], cols[i]);
    END IF;
    EXECUTE format('ALTER TABLE %s ALTER COLUMN %I TYPE %I.%I USING %I::text::%I.%I', tbls[i], cols[i], nsp, tname, cols[i], nsp, tname);
    IF defs[i] IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s', tbls[i], cols[i], defs[i]);
    END IF;
  END LOOP;
  EXECUTE format('DROP TYPE %s', typ::regtype);
END
`
	return []string{"DO " + dropEnumTag + body + dropEnumTag}, nil
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
