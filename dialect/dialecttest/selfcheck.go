package dialecttest

import (
	"github.com/retortdb/migrate/schema"
)

// mutation is a deliberate mistake in an expected model.
type mutation struct {
	what   string
	mutate func(m *schema.MetaData, t *schema.Table)
}

// mutations returns mistakes the comparison must notice on any dialect, plus a
// comment change where the dialect stores comments.
func mutations(comments bool) []mutation {
	list := []mutation{
		{"a column's nullability", func(_ *schema.MetaData, t *schema.Table) { t.Columns[1].Nullable = !t.Columns[1].Nullable }},
		{"a column's type", func(_ *schema.MetaData, t *schema.Table) { t.Columns[1].Type = schema.Varchar(7) }},
		{"a column's default", func(_ *schema.MetaData, t *schema.Table) { t.Columns[1].Default = ptr("'nope'") }},
		{"a column's name", func(_ *schema.MetaData, t *schema.Table) { t.Columns[1].Name += "_x" }},
		{"a missing column", func(_ *schema.MetaData, t *schema.Table) { t.Columns = t.Columns[:len(t.Columns)-1] }},
		{"autoincrement", func(_ *schema.MetaData, t *schema.Table) { t.Columns[0].Autoincrement = !t.Columns[0].Autoincrement }},
		{"primary-key columns", func(_ *schema.MetaData, t *schema.Table) { t.PrimaryKey.Columns = []string{t.Columns[1].Name} }},
		{"a missing index", func(_ *schema.MetaData, t *schema.Table) { t.Indexes = nil }},
		{"a missing unique constraint", func(_ *schema.MetaData, t *schema.Table) { t.Uniques = nil }},
		{"a check's name", func(_ *schema.MetaData, t *schema.Table) { t.Checks[0].Name += "_x" }},
		{"a foreign key's action", func(_ *schema.MetaData, t *schema.Table) { t.ForeignKeys[0].OnDelete = "SET NULL" }},
		{"a foreign key's target", func(_ *schema.MetaData, t *schema.Table) { t.ForeignKeys[0].RefTable = "books" }},
		{"an extra table", func(m *schema.MetaData, _ *schema.Table) {
			m.Tables = append(m.Tables, &schema.Table{Name: "ghost", Columns: []*schema.Column{{Name: "a", Type: schema.Integer()}}})
		}},
	}
	if comments {
		list = append(list,
			mutation{"a table comment", func(_ *schema.MetaData, t *schema.Table) { t.Comment = "changed" }},
			mutation{"a column comment", func(_ *schema.MetaData, t *schema.Table) { t.Columns[1].Comment = "changed" }},
		)
	}
	return list
}

// checkMutationsNoticed proves the comparison can fail: each mutation of the
// expected model, applied to the table named table (which must have a key, an
// index, a unique, a check and a foreign key), must make it differ from the
// live schema, which matches the model as given.
func (s *session) checkMutationsNoticed(model *schema.MetaData, table string) {
	s.t.Helper()
	live := s.inspect()
	if diff := s.diffSchema(model, live, false); diff != "" {
		s.t.Fatalf("the live schema should match the model before mutating it:\n%s", diff)
	}
	for _, mu := range mutations(s.d.Capabilities().Comments) {
		m := cloneMeta(model)
		t := m.FindTable("", table)
		if t == nil {
			s.t.Fatalf("no table %q in the model", table)
		}
		mu.mutate(m, t)
		if s.diffSchema(m, live, false) == "" {
			s.t.Errorf("changing %s of table %q in the expected model went unnoticed", mu.what, table)
		}
	}
}
