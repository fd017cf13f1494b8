package dialecttest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// gen generates random ops that are valid for its model: each op names only
// tables, columns, indexes, constraints and enums the model has, and only
// changes that the data the sequence inserted allows (a NOT NULL column, a key
// or a type change only on an empty table). The caller applies every op it
// accepts to m with ops.Apply, so the next op sees the schema after it.
type gen struct {
	rng  *rand.Rand
	d    dialect.Dialect
	caps dialect.Capabilities
	m    *schema.MetaData
	// rows counts the rows each table holds, by name; bulk_insert adds to it and
	// execute's DELETE sets it back to 0.
	rows map[string]int
	// seq numbers every name the generator makes, so no two objects of the
	// sequence ever share a name (PostgreSQL's index and constraint names share
	// one namespace per schema; MySQL's are per table).
	seq int
	// val numbers inserted values, so every key column's values stay distinct.
	val int
}

func newGen(rng *rand.Rand, d dialect.Dialect, m *schema.MetaData) *gen {
	return &gen{rng: rng, d: d, caps: d.Capabilities(), m: m, rows: map[string]int{}}
}

func (g *gen) name(prefix string) string {
	g.seq++
	return fmt.Sprintf("%s%d", prefix, g.seq)
}

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

func pick[T any](g *gen, list []T) T { return list[g.rng.IntN(len(list))] }

// propTypes are the column types the generator uses: portable types the
// dialect's TypeSQL accepts. indexable ones may be keys and index columns on
// every dialect (MySQL indexes no TEXT without a prefix length; booleans and
// dates would repeat across inserted rows).
func (g *gen) propTypes(indexable bool) []schema.Type {
	all := []schema.Type{
		schema.Integer(), schema.BigInt(), schema.SmallInt(), schema.Varchar(20), schema.Varchar(40),
		schema.Numeric(10, 2),
	}
	if !indexable {
		all = append(all, schema.Boolean(), schema.Text(), schema.Double(), schema.Date(), schema.Timestamp(),
			schema.Char(3), schema.Real(), schema.Time(), schema.TimestampTZ(), schema.Blob(), schema.JSON(),
			schema.UUID(), schema.Interval())
	}
	var out []schema.Type
	for _, t := range all {
		if _, err := g.d.TypeSQL(t); err == nil {
			out = append(out, t)
		}
	}
	return out
}

func isIndexable(t schema.Type) bool {
	switch t.Name {
	case schema.TInteger, schema.TBigInt, schema.TSmallInt, schema.TVarchar, schema.TNumeric:
		return true
	}
	return false
}

func isNumeric(t schema.Type) bool {
	switch t.Name {
	case schema.TInteger, schema.TBigInt, schema.TSmallInt, schema.TNumeric, schema.TDouble:
		return true
	}
	return false
}

// family returns the types a column of type t may be changed to on an empty
// table: the same kind of value, so the column's default stays valid.
func (g *gen) family(t schema.Type) []schema.Type {
	var fam []schema.Type
	switch t.Name {
	case schema.TInteger, schema.TBigInt, schema.TSmallInt, schema.TNumeric:
		fam = []schema.Type{schema.Integer(), schema.BigInt(), schema.SmallInt(), schema.Numeric(10, 2), schema.Numeric(12, 3)}
	case schema.TVarchar, schema.TText:
		fam = []schema.Type{schema.Varchar(20), schema.Varchar(40), schema.Text()}
	case schema.TDouble:
		fam = []schema.Type{schema.Double(), schema.Numeric(10, 2)}
	}
	var out []schema.Type
	for _, x := range fam {
		if _, err := g.d.TypeSQL(x); err == nil && !x.Equal(t) {
			out = append(out, x)
		}
	}
	return out
}

// defaultFor returns a server default valid for t, or nil when the generator
// gives that type none.
func (g *gen) defaultFor(t schema.Type) *string {
	switch t.Name {
	case schema.TInteger, schema.TBigInt, schema.TSmallInt, schema.TNumeric:
		return ptr(pick(g, []string{"0", "7"}))
	case schema.TDouble:
		return ptr("1.5")
	case schema.TBoolean:
		return ptr(pick(g, []string{"true", "false"}))
	case schema.TVarchar, schema.TText:
		return ptr(pick(g, []string{"'x'", "'it''s'"}))
	case schema.TEnum:
		return ptr("'" + strings.ReplaceAll(t.EnumValues[0], "'", "''") + "'")
	}
	return nil
}

// newColumn makes a column for a table that holds rows when hasRows: then it is
// nullable or has a default.
func (g *gen) newColumn(hasRows bool) *schema.Column {
	c := &schema.Column{Name: g.name("c"), Nullable: g.chance(0.5)}
	if len(g.m.Enums) > 0 && g.chance(0.15) {
		e := pick(g, g.m.Enums)
		c.Type = schema.Enum(e.Name, e.Values...)
	} else {
		c.Type = pick(g, g.propTypes(false))
	}
	if g.chance(0.4) || (hasRows && !c.Nullable) {
		c.Default = g.defaultFor(c.Type)
		if c.Default == nil {
			c.Nullable = true
		}
	}
	if g.caps.Comments && g.chance(0.2) {
		c.Comment = pick(g, []string{"a note", "it's noted"})
	}
	return c
}

// refTargets lists the tables a foreign key may refer to: those with a
// one-column primary key of an integer type.
func (g *gen) refTargets() []*schema.Table {
	var out []*schema.Table
	for _, t := range g.m.Tables {
		if t.PrimaryKey != nil && len(t.PrimaryKey.Columns) == 1 {
			c := t.FindColumn(t.PrimaryKey.Columns[0])
			if c != nil && (c.Type.Name == schema.TInteger || c.Type.Name == schema.TBigInt) {
				out = append(out, t)
			}
		}
	}
	return out
}

func (g *gen) createTable() ops.Op {
	t := &schema.Table{Name: g.name("t")}
	if g.chance(0.5) {
		t.Columns = append(t.Columns, &schema.Column{Name: g.name("id"), Type: pick(g, []schema.Type{schema.Integer(), schema.BigInt()}), Autoincrement: true})
		t.PrimaryKey = &schema.PrimaryKeyDef{Name: g.name("pk"), Columns: []string{t.Columns[0].Name}}
	}
	for range 1 + g.rng.IntN(3) {
		t.Columns = append(t.Columns, g.newColumn(false))
	}
	var keyable []*schema.Column
	for _, c := range t.Columns {
		if isIndexable(c.Type) && !c.Autoincrement {
			keyable = append(keyable, c)
		}
	}
	if t.PrimaryKey == nil && len(keyable) > 0 && g.chance(0.5) {
		c := pick(g, keyable)
		c.Nullable, c.Default = false, nil
		t.PrimaryKey = &schema.PrimaryKeyDef{Name: g.name("pk"), Columns: []string{c.Name}}
	}
	if len(keyable) > 0 && g.chance(0.3) {
		t.Uniques = append(t.Uniques, &schema.UniqueDef{Name: g.name("uq"), Columns: []string{pick(g, keyable).Name}})
	}
	for _, c := range t.Columns {
		if isNumeric(c.Type) && !c.Autoincrement && g.chance(0.3) {
			t.Checks = append(t.Checks, &schema.CheckDef{Name: g.name("ck"), Expr: c.Name + " >= 0"})
			break
		}
	}
	if refs := g.refTargets(); len(refs) > 0 && g.chance(0.4) {
		ref := pick(g, refs)
		rc := ref.FindColumn(ref.PrimaryKey.Columns[0])
		c := &schema.Column{Name: g.name("c"), Type: rc.Type, Nullable: g.chance(0.6)}
		t.Columns = append(t.Columns, c)
		t.ForeignKeys = append(t.ForeignKeys, &schema.ForeignKeyDef{Name: g.name("fk"), Columns: []string{c.Name},
			RefTable: ref.Name, RefColumns: []string{rc.Name}, OnDelete: pick(g, []string{"", "CASCADE", "SET NULL"})})
		if !c.Nullable && t.ForeignKeys[0].OnDelete == "SET NULL" {
			t.ForeignKeys[0].OnDelete = "CASCADE"
		}
	}
	if g.caps.Comments && g.chance(0.3) {
		t.Comment = "table's note"
	}
	return &ops.CreateTable{Table: t}
}

// referenced reports whether another table's foreign key refers to t (or, with
// col set, to that column of t).
func (g *gen) referenced(t *schema.Table, col string) bool {
	for _, o := range g.m.Tables {
		for _, fk := range o.ForeignKeys {
			if fk.RefTable == t.Name && (col == "" || slices.Contains(fk.RefColumns, col)) {
				return true
			}
		}
	}
	return false
}

// inCheck reports whether SQL text of t — a check's condition or a partial
// index's predicate — names col. A column so named keeps its type (the
// condition's constants were written for it); it may still be renamed, which
// the servers and ops.Apply follow into the text, or dropped, which drops the
// check or index with it.
func inCheck(t *schema.Table, col string) bool {
	for _, ck := range t.Checks {
		if strings.HasPrefix(ck.Expr, col+" ") {
			return true
		}
	}
	for _, ix := range t.Indexes {
		if strings.HasPrefix(ix.Where, col+" ") {
			return true
		}
	}
	return false
}

func (g *gen) table() *schema.Table {
	if len(g.m.Tables) == 0 {
		return nil
	}
	return pick(g, g.m.Tables)
}

func (g *gen) empty(t *schema.Table) bool { return g.rows[t.Name] == 0 }

func (g *gen) dropTable() ops.Op {
	t := g.table()
	if t == nil || g.referenced(t, "") {
		return nil
	}
	return &ops.DropTable{Name: t.Name, Existing: t.Clone()}
}

func (g *gen) renameTable() ops.Op {
	t := g.table()
	if t == nil {
		return nil
	}
	return &ops.RenameTable{Name: t.Name, NewName: g.name("t")}
}

func (g *gen) addColumn() ops.Op {
	t := g.table()
	if t == nil {
		return nil
	}
	return &ops.AddColumn{Table: t.Name, Column: g.newColumn(!g.empty(t))}
}

func (g *gen) dropColumn() ops.Op {
	t := g.table()
	if t == nil || len(t.Columns) < 2 {
		return nil
	}
	c := pick(g, t.Columns)
	if c.Autoincrement || g.referenced(t, c.Name) {
		return nil
	}
	return &ops.DropColumn{Table: t.Name, Column: c.Name, Existing: c.Clone()}
}

// usedBy reports whether col is in t's primary key, a unique constraint, an
// index or a foreign key (its own or one that refers to it).
func (g *gen) usedBy(t *schema.Table, col string) (key, fk bool) {
	if t.PrimaryKey != nil && slices.Contains(t.PrimaryKey.Columns, col) {
		key = true
	}
	for _, u := range t.Uniques {
		key = key || slices.Contains(u.Columns, col)
	}
	for _, ix := range t.Indexes {
		key = key || slices.Contains(ix.Columns, col)
	}
	for _, f := range t.ForeignKeys {
		fk = fk || slices.Contains(f.Columns, col)
	}
	return key, fk || g.referenced(t, col)
}

func (g *gen) alterColumn() ops.Op {
	t := g.table()
	if t == nil {
		return nil
	}
	c := pick(g, t.Columns)
	if c.Autoincrement {
		return nil
	}
	key, fk := g.usedBy(t, c.Name)
	inPK := t.PrimaryKey != nil && slices.Contains(t.PrimaryKey.Columns, c.Name)
	o := &ops.AlterColumn{Table: t.Name, Column: c.Name,
		ExistingType: ptr(c.Type.Clone()), ExistingNullable: ptr(c.Nullable),
		ExistingServerDefault: copyPtr(c.Default), ExistingComment: ptr(c.Comment),
		ExistingAutoincrement: ptr(c.Autoincrement)}
	changed := false
	if g.chance(0.35) && g.empty(t) && !fk && !inCheck(t, c.Name) {
		fam := g.family(c.Type)
		if key {
			fam = slices.DeleteFunc(fam, func(x schema.Type) bool { return !isIndexable(x) })
		}
		if len(fam) > 0 {
			o.Type, changed = ptr(pick(g, fam)), true
		}
		if g.chance(0.3) {
			// Any other type: the table is empty, so the server needs only a
			// conversion (PostgreSQL's USING), never valid data.
			// PostgreSQL has no cast between some types (json, bytea or
			// interval and a number or a time); such a change needs a USING
			// expression of the user's, which ops has no key for, so one side
			// is always a string type.
			other := slices.DeleteFunc(g.propTypes(key), func(x schema.Type) bool {
				return x.Equal(c.Type) || !(isString(x) || isString(c.Type))
			})
			if len(other) > 0 {
				o.Type, changed = ptr(pick(g, other)), true
			}
		}
	}
	if g.chance(0.35) && !inPK {
		switch {
		case c.Nullable && g.empty(t) && !g.setNullKey(t, c.Name):
			o.Nullable, changed = ptr(false), true
		case !c.Nullable:
			o.Nullable, changed = ptr(true), true
		}
	}
	if g.chance(0.35) {
		typ := c.Type
		if o.Type != nil {
			typ = *o.Type
		}
		if c.Default != nil && g.chance(0.5) {
			o.ServerDefault, changed = &ops.Change{}, true
		} else if def := g.defaultFor(typ); def != nil {
			o.ServerDefault, changed = &ops.Change{Value: def}, true
		}
	}
	if o.Type != nil && c.Default != nil && o.ServerDefault == nil && !sameDefaultKind(c.Type, *o.Type) {
		// The old default would not fit the new type: set one that does, or none.
		o.ServerDefault = &ops.Change{Value: g.defaultFor(*o.Type)}
	}
	if g.caps.Comments && g.chance(0.25) {
		if c.Comment != "" && g.chance(0.5) {
			o.Comment = &ops.Change{}
		} else {
			o.Comment = &ops.Change{Value: ptr("changed note")}
		}
		changed = true
	}
	if g.chance(0.3) || !changed {
		o.NewName, changed = g.name("c"), true
	}
	if !changed {
		return nil
	}
	return o
}

func copyPtr(s *string) *string {
	if s == nil {
		return nil
	}
	return ptr(*s)
}

// keyColumns picks one or two distinct indexable columns of t.
func (g *gen) keyColumns(t *schema.Table) []string {
	var cand []string
	for _, c := range t.Columns {
		if isIndexable(c.Type) && !c.Autoincrement {
			cand = append(cand, c.Name)
		}
	}
	if len(cand) == 0 {
		return nil
	}
	g.rng.Shuffle(len(cand), func(i, j int) { cand[i], cand[j] = cand[j], cand[i] })
	return cand[:1+g.rng.IntN(min(2, len(cand)))]
}

func (g *gen) createIndex() ops.Op {
	t := g.table()
	if t == nil {
		return nil
	}
	cols := g.keyColumns(t)
	if cols == nil {
		return nil
	}
	ix := &schema.IndexDef{Name: g.name("ix"), Columns: cols, Unique: g.empty(t) && g.chance(0.4)}
	if g.chance(0.15) {
		ix.Where = cols[0] + " IS NOT NULL"
	}
	if g.chance(0.15) {
		ix.Order = []string{"DESC"}
	}
	return &ops.CreateIndex{Table: t.Name, Index: ix}
}

func (g *gen) dropIndex() ops.Op {
	t := g.table()
	if t == nil || len(t.Indexes) == 0 {
		return nil
	}
	ix := pick(g, t.Indexes)
	return &ops.DropIndex{Table: t.Name, Name: ix.Name, Existing: ix.Clone()}
}

func (g *gen) renameIndex() ops.Op {
	t := g.table()
	if t == nil || len(t.Indexes) == 0 {
		return nil
	}
	ix := pick(g, t.Indexes)
	if ix.Name == "" {
		return nil
	}
	return &ops.RenameIndex{Table: t.Name, Name: ix.Name, NewName: g.name("ix")}
}

// renameConstraint renames a foreign key, unique or check constraint (not a
// primary key: MySQL's is always called PRIMARY).
func (g *gen) renameConstraint() ops.Op {
	t := g.table()
	if t == nil {
		return nil
	}
	var cands []*ops.RenameConstraint
	for _, f := range t.ForeignKeys {
		cands = append(cands, &ops.RenameConstraint{Table: t.Name, Name: f.Name, NewName: g.name("fk"), Type: ops.ConstraintForeignKey})
	}
	for _, u := range t.Uniques {
		cands = append(cands, &ops.RenameConstraint{Table: t.Name, Name: u.Name, NewName: g.name("uq"), Type: ops.ConstraintUnique})
	}
	for _, ck := range t.Checks {
		cands = append(cands, &ops.RenameConstraint{Table: t.Name, Name: ck.Name, NewName: g.name("ck"), Type: ops.ConstraintCheck})
	}
	cands = slices.DeleteFunc(cands, func(c *ops.RenameConstraint) bool { return c.Name == "" })
	if len(cands) == 0 {
		return nil
	}
	return pick(g, cands)
}

func (g *gen) createUnique() ops.Op {
	t := g.table()
	if t == nil || !g.empty(t) {
		return nil
	}
	cols := g.keyColumns(t)
	if cols == nil {
		return nil
	}
	return &ops.CreateUniqueConstraint{Table: t.Name, Unique: &schema.UniqueDef{Name: g.name("uq"), Columns: cols}}
}

func (g *gen) createCheck() ops.Op {
	t := g.table()
	if t == nil {
		return nil
	}
	_, fk := g.fkColumns(t)
	for _, c := range t.Columns {
		// Not on a foreign key's column: MariaDB refuses a CHECK on a column
		// that a foreign key with a referential action uses (error 1901).
		if isNumeric(c.Type) && !c.Autoincrement && !fk[c.Name] {
			// Inserted values are never negative, so the check holds for the rows.
			return &ops.CreateCheckConstraint{Table: t.Name, Check: &schema.CheckDef{Name: g.name("ck"), Expr: c.Name + " >= 0"}}
		}
	}
	return nil
}

func (g *gen) createForeignKey() ops.Op {
	t := g.table()
	if t == nil || !g.empty(t) {
		return nil
	}
	refs := g.refTargets()
	g.rng.Shuffle(len(refs), func(i, j int) { refs[i], refs[j] = refs[j], refs[i] })
	for _, ref := range refs {
		if ref == t {
			continue
		}
		rc := ref.FindColumn(ref.PrimaryKey.Columns[0])
		for _, c := range t.Columns {
			if c.Type.Equal(rc.Type) && !c.Autoincrement {
				return &ops.CreateForeignKey{Table: t.Name, ForeignKey: &schema.ForeignKeyDef{Name: g.name("fk"),
					Columns: []string{c.Name}, RefTable: ref.Name, RefColumns: []string{rc.Name}}}
			}
		}
	}
	return nil
}

func (g *gen) createPrimaryKey() ops.Op {
	t := g.table()
	if t == nil || t.PrimaryKey != nil || !g.empty(t) {
		return nil
	}
	cols := g.keyColumns(t)
	if cols == nil {
		return nil
	}
	return &ops.CreatePrimaryKey{Table: t.Name, PrimaryKey: &schema.PrimaryKeyDef{Name: g.name("pk"), Columns: cols}}
}

func (g *gen) dropConstraint() ops.Op {
	t := g.table()
	if t == nil {
		return nil
	}
	var cands []*ops.DropConstraint
	for _, f := range t.ForeignKeys {
		cands = append(cands, &ops.DropConstraint{Table: t.Name, Name: f.Name, Type: ops.ConstraintForeignKey, ExistingForeignKey: f})
	}
	for _, u := range t.Uniques {
		cands = append(cands, &ops.DropConstraint{Table: t.Name, Name: u.Name, Type: ops.ConstraintUnique, ExistingUnique: u})
	}
	for _, ck := range t.Checks {
		cands = append(cands, &ops.DropConstraint{Table: t.Name, Name: ck.Name, Type: ops.ConstraintCheck, ExistingCheck: ck})
	}
	if pk := t.PrimaryKey; pk != nil && !g.referenced(t, "") {
		auto := slices.ContainsFunc(pk.Columns, func(n string) bool { return t.FindColumn(n).Autoincrement })
		if !auto {
			cands = append(cands, &ops.DropConstraint{Table: t.Name, Name: pk.Name, Type: ops.ConstraintPrimary, ExistingPrimaryKey: pk})
		}
	}
	if len(cands) == 0 {
		return nil
	}
	return pick(g, cands)
}

func (g *gen) tableComment() ops.Op {
	t := g.table()
	if t == nil || !g.caps.Comments {
		return nil
	}
	if t.Comment != "" && g.chance(0.5) {
		return &ops.DropTableComment{Table: t.Name, ExistingComment: t.Comment}
	}
	return &ops.CreateTableComment{Table: t.Name, Comment: pick(g, []string{"first note", "second's note"}), ExistingComment: t.Comment}
}

func (g *gen) createEnum() ops.Op {
	vals := []string{"a", "b", "it's c"}[:2+g.rng.IntN(2)]
	return &ops.CreateEnum{Name: g.name("e"), Values: slices.Clone(vals)}
}

func (g *gen) enumUsed(name string) bool {
	for _, t := range g.m.Tables {
		for _, c := range t.Columns {
			if c.Type.Name == schema.TEnum && c.Type.EnumName == name {
				return true
			}
		}
	}
	return false
}

func (g *gen) dropEnum() ops.Op {
	if len(g.m.Enums) == 0 {
		return nil
	}
	e := pick(g, g.m.Enums)
	if g.enumUsed(e.Name) {
		return nil
	}
	return &ops.DropEnum{Name: e.Name, Values: slices.Clone(e.Values)}
}

// addEnumValue is generated only where enums are named types: an inline enum
// has no type of its own to add a value to (the column's type changes instead).
func (g *gen) addEnumValue() ops.Op {
	if len(g.m.Enums) == 0 || !g.caps.NamedEnums {
		return nil
	}
	e := pick(g, g.m.Enums)
	o := &ops.AddEnumValue{Name: e.Name, Value: g.name("v")}
	if g.chance(0.5) {
		o.After = pick(g, e.Values)
	}
	return o
}

// execute deletes every row of a table, which lets later ops change keys and
// types again.
func (g *gen) execute() ops.Op {
	t := g.table()
	if t == nil {
		return nil
	}
	return &ops.Execute{SQL: "DELETE FROM " + g.d.QuoteIdent(t.Name)}
}

func (g *gen) bulkInsert() ops.Op {
	t := g.table()
	if t == nil {
		return nil
	}
	o := &ops.BulkInsert{Table: t.Name}
	fkCols := map[string]bool{}
	for _, f := range t.ForeignKeys {
		for _, c := range f.Columns {
			fkCols[c] = true
		}
	}
	for range 1 + g.rng.IntN(3) {
		row := map[string]any{}
		for _, c := range t.Columns {
			if c.Autoincrement {
				continue
			}
			if fkCols[c.Name] {
				if !c.Nullable {
					return nil // no row to refer to
				}
				row[c.Name] = nil
				continue
			}
			g.val++
			row[c.Name] = g.value(c.Type, g.val)
		}
		o.Rows = append(o.Rows, row)
	}
	o.Columns = o.ColumnList()
	if len(o.Columns) == 0 {
		return nil
	}
	return o
}

// value is a value of type t, distinct for each n and never negative.
func (g *gen) value(t schema.Type, n int) any {
	switch t.Name {
	case schema.TInteger, schema.TBigInt, schema.TSmallInt:
		return int64(n)
	case schema.TNumeric, schema.TDouble, schema.TReal:
		return float64(n) + 0.5
	case schema.TChar:
		return fmt.Sprintf("%03d", n%1000)
	case schema.TTime:
		return fmt.Sprintf("10:11:%02d", n%60)
	case schema.TTimestampTZ:
		return fmt.Sprintf("2024-01-%02d 10:11:12", 1+n%28) // MariaDB takes no offset
	case schema.TBlob:
		return []byte(fmt.Sprintf("b%d", n))
	case schema.TJSON:
		return fmt.Sprintf(`{"n": %d}`, n)
	case schema.TUUID:
		return fmt.Sprintf("00000000-0000-0000-0000-%012d", n)
	case schema.TInterval:
		return fmt.Sprintf("%d days", n%100)
	case schema.TBoolean:
		return n%2 == 0
	case schema.TVarchar, schema.TText:
		return fmt.Sprintf("v%d", n)
	case schema.TDate:
		return fmt.Sprintf("2024-01-%02d", 1+n%28)
	case schema.TTimestamp:
		return fmt.Sprintf("2024-01-%02d 10:11:12", 1+n%28)
	case schema.TEnum:
		// The first value: PostgreSQL refuses a value that ALTER TYPE … ADD
		// VALUE added in the same transaction (55P04), and add_enum_value never
		// puts a value first.
		return t.EnumValues[0]
	}
	return nil
}

// note records the data effect of an accepted op in g.rows.
func (g *gen) note(o ops.Op) {
	switch o := o.(type) {
	case *ops.BulkInsert:
		g.rows[o.Table] += len(o.Rows)
	case *ops.Execute:
		for _, t := range g.m.Tables {
			if o.SQL == "DELETE FROM "+g.d.QuoteIdent(t.Name) {
				g.rows[t.Name] = 0
			}
		}
	case *ops.RenameTable:
		g.rows[o.NewName] = g.rows[o.Name]
		delete(g.rows, o.Name)
	case *ops.DropTable:
		delete(g.rows, o.Name)
	}
}

// opKinds are the generator's op builders by op name, every op kind of package
// ops.
func (g *gen) opKinds() []struct {
	name  string
	build func() ops.Op
} {
	return []struct {
		name  string
		build func() ops.Op
	}{
		{"create_table", g.createTable},
		{"drop_table", g.dropTable},
		{"rename_table", g.renameTable},
		{"add_column", g.addColumn},
		{"drop_column", g.dropColumn},
		{"alter_column", g.alterColumn},
		{"alter_column", g.alterColumn},
		{"create_index", g.createIndex},
		{"drop_index", g.dropIndex},
		{"rename_index", g.renameIndex},
		{"rename_constraint", g.renameConstraint},
		{"create_unique_constraint", g.createUnique},
		{"create_foreign_key", g.createForeignKey},
		{"create_check_constraint", g.createCheck},
		{"create_primary_key", g.createPrimaryKey},
		{"drop_constraint", g.dropConstraint},
		{"table_comment", g.tableComment},
		{"create_enum", g.createEnum},
		{"drop_enum", g.dropEnum},
		{"add_enum_value", g.addEnumValue},
		{"execute", g.execute},
		{"bulk_insert", g.bulkInsert},
	}
}

// next returns a random op valid for the model, or nil when none was found.
func (g *gen) next() ops.Op {
	kinds := g.opKinds()
	for range 50 {
		if o := pick(g, kinds).build(); o != nil {
			return o
		}
	}
	return nil
}

// fkColumns returns the columns of t's foreign keys, and the set of them.
func (g *gen) fkColumns(t *schema.Table) ([]string, map[string]bool) {
	var list []string
	set := map[string]bool{}
	for _, f := range t.ForeignKeys {
		for _, c := range f.Columns {
			list = append(list, c)
			set[c] = true
		}
	}
	return list, set
}

// sameDefaultKind reports whether a default of type a is also valid for b.
func sameDefaultKind(a, b schema.Type) bool {
	kind := func(t schema.Type) string {
		switch t.Name {
		case schema.TInteger, schema.TBigInt, schema.TSmallInt, schema.TNumeric:
			return "int"
		case schema.TVarchar, schema.TText:
			return "string"
		}
		return t.Name
	}
	return kind(a) == kind(b) && a.Name != schema.TEnum
}

func isString(t schema.Type) bool {
	switch t.Name {
	case schema.TVarchar, schema.TText, schema.TChar:
		return true
	}
	return false
}

// setNullKey reports whether col is in a foreign key of t with ON DELETE SET
// NULL, which MySQL does not let become NOT NULL (error 1830).
func (g *gen) setNullKey(t *schema.Table, col string) bool {
	for _, f := range t.ForeignKeys {
		if f.OnDelete == "SET NULL" && slices.Contains(f.Columns, col) {
			return true
		}
	}
	return false
}
