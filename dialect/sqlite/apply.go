package sqlite

import (
	"fmt"
	"slices"
	"strings"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// model is the schema as Render knows it while walking the ops: the env's
// Current schema plus the effect of each op rendered so far. Current is shared,
// never written, and never copied whole: the model is an overlay that records
// only what the ops change (copies of the tables they change, tables they
// create, tables they drop), so a Render call costs what its ops touch, not the
// size of the schema (a run of 10,000 revisions renders 10,000 times over a
// growing schema). Lookups by name in Current go through its schema.TableIndex
// when the runner attached one, and scan it otherwise. Table names are unique,
// as in a database.
type model struct {
	base *schema.MetaData
	// names holds the current table of every name the ops have touched (nil:
	// no such table any more); other names are looked up in base.
	names map[tableKey]*schema.Table
	// slot maps a table of base that the ops replaced (a copy, or a rebuilt
	// table) or dropped (nil) to what stands in its place.
	slot map[*schema.Table]*schema.Table
	// from maps a table the model owns that stands in a slot of base to that
	// base table.
	from map[*schema.Table]*schema.Table
	// added are the tables the ops created, in order; the model owns them.
	added []*schema.Table
	// owned holds the tables this model made (copies and new tables), which it
	// may change in place.
	owned map[*schema.Table]bool
	// fkOff is set after an execute op that turns PRAGMA foreign_keys off (see
	// Render), and cleared by one that turns it back on.
	fkOff bool
}

type tableKey struct{ schema, name string }

// newModel returns the model of md before any op. Its maps are made on the
// first change, so that a Render call whose ops change nothing the model needs
// allocates none.
func newModel(md *schema.MetaData) *model {
	return &model{base: md}
}

// init makes the maps before a change.
func (m *model) init() {
	if m.names == nil {
		m.names = map[tableKey]*schema.Table{}
		m.slot = map[*schema.Table]*schema.Table{}
		m.from = map[*schema.Table]*schema.Table{}
		m.owned = map[*schema.Table]bool{}
	}
}

// each calls f for every table of the model, in the order of base (each
// replaced table in its place) followed by the tables the ops created.
func (m *model) each(f func(*schema.Table)) {
	if m.base != nil {
		for _, b := range m.base.Tables {
			t, replaced := m.slot[b]
			if !replaced {
				t = b
			}
			if t != nil {
				f(t)
			}
		}
	}
	for _, t := range m.added {
		f(t)
	}
}

// first scans the model for the first table with that name.
func (m *model) first(schemaName, name string) *schema.Table {
	var out *schema.Table
	m.each(func(t *schema.Table) {
		if out == nil && t.Name == name && t.Schema == schemaName {
			out = t
		}
	})
	return out
}

// replace puts t where old stands (old is a table of the model).
func (m *model) replace(old, t *schema.Table) {
	m.init()
	m.owned[t] = true
	if !m.owned[old] {
		m.slot[old], m.from[t] = t, old
		return
	}
	if b, ok := m.from[old]; ok {
		m.slot[b], m.from[t] = t, b
		delete(m.from, old)
		return
	}
	for i, x := range m.added {
		if x == old {
			m.added[i] = t
		}
	}
}

// mut returns the table for changing, copying it first if it is shared; nil
// when unknown.
func (m *model) mut(schemaName, name string) *schema.Table {
	t := m.find(schemaName, name)
	if t == nil || m.owned[t] {
		return t
	}
	c := t.Clone()
	m.replace(t, c)
	m.names[tableKey{schemaName, name}] = c
	return c
}

// mutReferrers returns, for changing, the tables of schemaName (other than
// name) with a foreign key to table name.
func (m *model) mutReferrers(schemaName, name string) []*schema.Table {
	var out []*schema.Table
	for _, t := range m.referrers(schemaName, name) {
		out = append(out, m.mut(t.Schema, t.Name))
	}
	return out
}

func (m *model) find(schemaName, name string) *schema.Table {
	if t, ok := m.names[tableKey{schemaName, name}]; ok {
		return t
	}
	if m.base == nil {
		return nil
	}
	return schema.LookupTable(m.base, schemaName, name)
}

// put adds or replaces t, which the model then owns.
func (m *model) put(t *schema.Table) {
	m.init()
	k := tableKey{t.Schema, t.Name}
	if old := m.find(t.Schema, t.Name); old != nil {
		m.replace(old, t)
	} else {
		m.owned[t] = true
		m.added = append(m.added, t)
	}
	m.names[k] = t
}

func (m *model) remove(schemaName, name string) {
	t := m.find(schemaName, name)
	if t == nil {
		return
	}
	m.init()
	m.names[tableKey{schemaName, name}] = nil
	if !m.owned[t] {
		m.slot[t] = nil
		return
	}
	delete(m.owned, t)
	if b, ok := m.from[t]; ok {
		m.slot[b] = nil
		delete(m.from, t)
		return
	}
	m.added = slices.DeleteFunc(m.added, func(x *schema.Table) bool { return x == t })
}

// renamed records that t, a table the model owns, was renamed from oldName.
func (m *model) renamed(t *schema.Table, oldName string) {
	m.init()
	m.names[tableKey{t.Schema, oldName}] = m.first(t.Schema, oldName)
	m.names[tableKey{t.Schema, t.Name}] = m.first(t.Schema, t.Name)
}

// referrers returns the other tables with a foreign key to table name.
func (m *model) referrers(schemaName, name string) []*schema.Table {
	var out []*schema.Table
	m.each(func(t *schema.Table) {
		if t.Schema != schemaName || t.Name == name {
			return
		}
		for _, fk := range t.ForeignKeys {
			if fk.RefTable == name {
				out = append(out, t)
				break
			}
		}
	})
	return out
}

// applyGlobal records the effect of a whole-table op on the model.
func (m *model) applyGlobal(o ops.Op) {
	switch o := o.(type) {
	case *ops.CreateTable:
		t := o.Table.Clone()
		t.Indexes = nil
		m.put(t)
	case *ops.DropTable:
		m.remove(o.Schema, o.Name)
	case *ops.Execute:
		sql := o.SQL
		if s, ok := o.Dialects["sqlite"]; ok {
			sql = s
		}
		if on, ok := foreignKeysPragma(sql); ok {
			m.fkOff = !on
		}
	case *ops.RenameTable:
		// SQLite (foreign_keys on, or 3.26+) rewrites references in other tables.
		for _, t := range m.mutReferrers(o.Schema, o.Name) {
			for _, fk := range t.ForeignKeys {
				if fk.RefTable == o.Name {
					fk.RefTable = o.NewName
				}
			}
		}
		if t := m.mut(o.Schema, o.Name); t != nil {
			for _, fk := range t.ForeignKeys { // a self-reference
				if fk.RefTable == o.Name {
					fk.RefTable = o.NewName
				}
			}
			t.Name = o.NewName
			m.renamed(t, o.Name)
		}
	}
}

// applyToTable applies a table-scoped op to t, a copy of the table's model, as
// the database would after the op. origin maps each current column name to the
// name it had before the run (absent for added columns); it is updated for
// renames, adds and drops. m, when set, is updated for effects on other tables
// (a renamed column that other tables' foreign keys refer to).
func applyToTable(t *schema.Table, o ops.Op, origin map[string]string, m *model) error {
	switch o := o.(type) {
	case *ops.AddColumn:
		if o.Column == nil {
			return fmt.Errorf("add_column names no column")
		}
		if t.FindColumn(o.Column.Name) != nil {
			return fmt.Errorf("column %q already exists in table %q", o.Column.Name, t.Name)
		}
		t.Columns = append(t.Columns, o.Column.Clone())
		delete(origin, o.Column.Name)
	case *ops.DropColumn:
		if t.FindColumn(o.Column) == nil {
			return fmt.Errorf("column %q does not exist in table %q", o.Column, t.Name)
		}
		dropColumn(t, o.Column)
		delete(origin, o.Column)
	case *ops.AlterColumn:
		c := t.FindColumn(o.Column)
		if c == nil {
			return fmt.Errorf("column %q does not exist in table %q", o.Column, t.Name)
		}
		if o.Nullable != nil {
			c.Nullable = *o.Nullable
		}
		if o.Type != nil {
			c.Type = o.Type.Clone()
		}
		if o.ServerDefault != nil {
			c.Default = nil
			if o.ServerDefault.Value != nil {
				v := *o.ServerDefault.Value
				c.Default = &v
			}
		}
		if o.Comment != nil {
			c.Comment = ""
			if o.Comment.Value != nil {
				c.Comment = *o.Comment.Value
			}
		}
		if o.NewName != "" && o.NewName != o.Column {
			if t.FindColumn(o.NewName) != nil {
				return fmt.Errorf("cannot rename column %q of table %q to %q: that column exists", o.Column, t.Name, o.NewName)
			}
			renameColumn(t, o.Column, o.NewName, m)
			if src, ok := origin[o.Column]; ok {
				origin[o.NewName] = src
			}
			delete(origin, o.Column)
		}
	case *ops.CreateIndex:
		if o.Index == nil {
			return fmt.Errorf("create_index has no index")
		}
		ix := *o.Index
		ix.Columns = slices.Clone(o.Index.Columns)
		t.Indexes = append(t.Indexes, &ix)
	case *ops.DropIndex:
		n := len(t.Indexes)
		t.Indexes = slices.DeleteFunc(t.Indexes, func(ix *schema.IndexDef) bool { return ix.Name == o.Name })
		if len(t.Indexes) == n {
			return fmt.Errorf("index %q does not exist on table %q", o.Name, t.Name)
		}
	case *ops.CreateUniqueConstraint:
		u := *o.Unique
		u.Columns = slices.Clone(o.Unique.Columns)
		t.Uniques = append(t.Uniques, &u)
	case *ops.CreateForeignKey:
		fk := *o.ForeignKey
		fk.Columns, fk.RefColumns = slices.Clone(fk.Columns), slices.Clone(fk.RefColumns)
		t.ForeignKeys = append(t.ForeignKeys, &fk)
	case *ops.CreateCheckConstraint:
		ck := *o.Check
		t.Checks = append(t.Checks, &ck)
	case *ops.CreatePrimaryKey:
		if t.PrimaryKey != nil {
			return fmt.Errorf("table %q already has a primary key (%s): drop it first", t.Name, strings.Join(t.PrimaryKey.Columns, ", "))
		}
		pk := *o.PrimaryKey
		pk.Columns = slices.Clone(pk.Columns)
		t.PrimaryKey = &pk
		for _, c := range pk.Columns {
			if col := t.FindColumn(c); col != nil {
				col.Nullable = false
			}
		}
	case *ops.DropConstraint:
		return dropConstraint(t, o)
	case *ops.CreateTableComment:
		t.Comment = o.Comment
	case *ops.DropTableComment:
		t.Comment = ""
	default:
		return fmt.Errorf("%s is not an op on one table", ops.Name(o))
	}
	return nil
}

func dropConstraint(t *schema.Table, o *ops.DropConstraint) error {
	found := false
	switch o.Type {
	case ops.ConstraintPrimary:
		if t.PrimaryKey != nil && (o.Name == "" || t.PrimaryKey.Name == o.Name || t.PrimaryKey.Name == "") {
			t.PrimaryKey, found = nil, true
		}
	case ops.ConstraintForeignKey:
		t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(fk *schema.ForeignKeyDef) bool {
			hit := fk.Name == o.Name
			found = found || hit
			return hit
		})
	case ops.ConstraintUnique:
		t.Uniques = slices.DeleteFunc(t.Uniques, func(u *schema.UniqueDef) bool {
			hit := u.Name == o.Name
			found = found || hit
			return hit
		})
	case ops.ConstraintCheck:
		t.Checks = slices.DeleteFunc(t.Checks, func(c *schema.CheckDef) bool {
			hit := c.Name == o.Name
			found = found || hit
			return hit
		})
		if !found {
			// An enum's CHECK is named after the enum: dropping it makes the column plain text.
			for _, c := range t.Columns {
				if c.Type.Name == schema.TEnum && c.Type.EnumName == o.Name {
					c.Type = schema.Varchar(enumLen(c.Type))
					found = true
				}
			}
		}
	default:
		return fmt.Errorf("drop_constraint type %q is not one of foreignkey, unique, check, primary", o.Type)
	}
	if !found {
		return fmt.Errorf("table %q has no %s constraint named %q", t.Name, o.Type, o.Name)
	}
	return nil
}

func enumLen(t schema.Type) int {
	n := 1
	for _, v := range t.EnumValues {
		n = max(n, len([]rune(v)))
	}
	return n
}

// dropColumn removes column name from t and, as Alembic's batch mode does, every
// key, constraint and index that refers to it.
func dropColumn(t *schema.Table, name string) {
	t.Columns = slices.DeleteFunc(t.Columns, func(c *schema.Column) bool { return c.Name == name })
	if t.PrimaryKey != nil && slices.Contains(t.PrimaryKey.Columns, name) {
		t.PrimaryKey = nil
	}
	t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(fk *schema.ForeignKeyDef) bool { return slices.Contains(fk.Columns, name) })
	t.Uniques = slices.DeleteFunc(t.Uniques, func(u *schema.UniqueDef) bool { return slices.Contains(u.Columns, name) })
	t.Checks = slices.DeleteFunc(t.Checks, func(c *schema.CheckDef) bool { return exprMentions(c.Expr, name) })
	t.Indexes = slices.DeleteFunc(t.Indexes, func(ix *schema.IndexDef) bool { return indexMentions(ix, name) })
}

// renameColumn renames a column of t everywhere t refers to it, and in other
// tables' foreign keys that refer to it (SQLite's RENAME COLUMN does the same).
func renameColumn(t *schema.Table, from, to string, m *model) {
	t.FindColumn(from).Name = to
	ren := func(cols []string) {
		for i, c := range cols {
			if c == from {
				cols[i] = to
			}
		}
	}
	if t.PrimaryKey != nil {
		ren(t.PrimaryKey.Columns)
	}
	for _, fk := range t.ForeignKeys {
		ren(fk.Columns)
		if fk.RefTable == t.Name {
			ren(fk.RefColumns)
		}
	}
	for _, u := range t.Uniques {
		ren(u.Columns)
	}
	for _, c := range t.Checks {
		c.Expr = renameInExpr(c.Expr, from, to)
	}
	for _, ix := range t.Indexes {
		for i, c := range ix.Columns {
			if c == from {
				ix.Columns[i] = to
			} else {
				ix.Columns[i] = renameInExpr(c, from, to)
			}
		}
		ix.Where = renameInExpr(ix.Where, from, to)
	}
	if m != nil {
		for _, other := range m.mutReferrers(t.Schema, t.Name) {
			for _, fk := range other.ForeignKeys {
				if fk.RefTable == t.Name {
					ren(fk.RefColumns)
				}
			}
		}
	}
}

// exprMentions reports whether the SQL expression refers to identifier name.
func exprMentions(expr, name string) bool {
	toks, err := Lex(expr)
	if err != nil {
		return strings.Contains(expr, name)
	}
	for _, tk := range toks {
		if (tk.Kind == TIdent || tk.Kind == TQuoted) && strings.EqualFold(tk.Value, name) {
			return true
		}
	}
	return false
}

func indexMentions(ix *schema.IndexDef, name string) bool {
	for _, c := range ix.Columns {
		if c == name || exprMentions(c, name) {
			return true
		}
	}
	return ix.Where != "" && exprMentions(ix.Where, name)
}

// renameInExpr replaces identifier tokens equal to from with to, quoted as
// needed, keeping the rest of the text as written.
func renameInExpr(expr, from, to string) string {
	toks, err := Lex(expr)
	if err != nil {
		return expr
	}
	var b strings.Builder
	last := 0
	for _, tk := range toks {
		if (tk.Kind == TIdent || tk.Kind == TQuoted) && strings.EqualFold(tk.Value, from) {
			b.WriteString(expr[last:tk.Pos])
			b.WriteString(Dialect{}.QuoteIdent(to))
			last = tk.End
		}
	}
	b.WriteString(expr[last:])
	return b.String()
}

// foreignKeysPragma recognises "PRAGMA foreign_keys = X" (or foreign_keys(X))
// and reports whether X turns enforcement on.
func foreignKeysPragma(sql string) (on, ok bool) {
	toks, err := Lex(sql)
	if err != nil {
		return false, false
	}
	var words []Token
	for _, t := range toks {
		if !t.IsPunct("=") && !t.IsPunct("(") && !t.IsPunct(")") && !t.IsPunct(";") {
			words = append(words, t)
		}
	}
	if len(words) != 3 || !words[0].Is("PRAGMA") || !words[1].Is("foreign_keys") {
		return false, false
	}
	switch strings.ToUpper(words[2].Value) {
	case "ON", "1", "TRUE", "YES":
		return true, true
	case "OFF", "0", "FALSE", "NO":
		return false, true
	}
	return false, false
}
