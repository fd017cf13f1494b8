package dialecttest

import (
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// otherDialects are the registered names of the dialects an Execute's
// dialects map may name besides the one under test.
func otherDialects(name string) []string {
	var out []string
	for _, n := range []string{"postgresql", "mysql", "sqlite"} {
		if n != name {
			out = append(out, n)
		}
	}
	return out
}

// testExecuteDialects runs an execute whose dialects map has an entry for the
// dialect under test (it must win over sql and over the other dialects'
// entries) and one without such an entry (sql must be used).
func testExecuteDialects(t *testing.T, h Harness) {
	s := newSession(t, h)
	picked := &ops.Execute{SQL: "CREATE TABLE from_sql (a integer)", Dialects: map[string]string{
		s.d.Name(): "CREATE TABLE picked (a integer)",
	}}
	for _, n := range otherDialects(s.d.Name()) {
		picked.Dialects[n] = "CREATE TABLE wrong_" + n + " (a integer)"
	}
	fallback := &ops.Execute{SQL: "CREATE TABLE from_sql (b integer)", Dialects: map[string]string{}}
	for _, n := range otherDialects(s.d.Name()) {
		fallback.Dialects[n] = "CREATE TABLE wrong_" + n + "_too (b integer)"
	}
	if err := s.migrate([]ops.Op{picked, fallback}, &schema.MetaData{}); err != nil {
		t.Fatal(err)
	}
	want := &schema.MetaData{Tables: []*schema.Table{
		{Name: "from_sql", Columns: []*schema.Column{{Name: "b", Type: schema.Integer(), Nullable: true}}},
		{Name: "picked", Columns: []*schema.Column{{Name: "a", Type: schema.Integer(), Nullable: true}}},
	}}
	s.checkSchema("tables created by execute", want)
}
