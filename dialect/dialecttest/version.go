package dialecttest

import (
	"slices"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/schema"
)

// testVersionTable creates the version table twice (the second time must be a
// no-op), inspects it, and moves revision ids through insert, update and
// delete, reading the rows back after each step. It also checks that the
// primary key refuses a duplicate id. A second table, whose name needs quoting,
// runs the same steps in a database of its own.
func testVersionTable(t *testing.T, h Harness) {
	for _, name := range []string{"migrate_version", "Version Table"} {
		t.Run(name, func(t *testing.T) {
			s := newSession(t, h)
			vt := dialect.VersionTable{Name: name}
			for range 2 {
				for _, q := range s.d.CreateVersionTable(vt) {
					if _, err := s.db.ExecContext(s.ctx, q); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}
			}
			want := &schema.MetaData{Tables: []*schema.Table{{Name: name,
				Columns:    []*schema.Column{{Name: "version_num", Type: schema.Varchar(32)}},
				PrimaryKey: &schema.PrimaryKeyDef{Name: name + "_pkc", Columns: []string{"version_num"}},
			}}}
			s.checkSchema("version table", want)

			steps := []struct {
				sql  string
				want []string
			}{
				{s.d.InsertVersion(vt, "ae1027a6acf0"), []string{"ae1027a6acf0"}},
				{s.d.InsertVersion(vt, "Branch_B_32_characters_long_0001"), []string{"Branch_B_32_characters_long_0001", "ae1027a6acf0"}},
				{s.d.UpdateVersion(vt, "ae1027a6acf0", "3a4b5c6d9e0f"), []string{"3a4b5c6d9e0f", "Branch_B_32_characters_long_0001"}},
				{s.d.DeleteVersion(vt, "Branch_B_32_characters_long_0001"), []string{"3a4b5c6d9e0f"}},
				{s.d.DeleteVersion(vt, "not_there"), []string{"3a4b5c6d9e0f"}},
			}
			for _, st := range steps {
				if _, err := s.db.ExecContext(s.ctx, st.sql); err != nil {
					t.Fatalf("%s: %v", st.sql, err)
				}
				if got := s.versions(vt); !slices.Equal(got, st.want) {
					t.Errorf("after %s: rows %q, want %q", st.sql, got, st.want)
				}
			}
			dup := s.d.InsertVersion(vt, "3a4b5c6d9e0f")
			if _, err := s.db.ExecContext(s.ctx, dup); err == nil {
				t.Errorf("%s: a duplicate revision id was accepted; version_num must be the primary key", dup)
			}
		})
	}
}

// versions reads the version table's ids, sorted bytewise.
func (s *session) versions(vt dialect.VersionTable) []string {
	s.t.Helper()
	q := "SELECT version_num FROM " + s.q(vt.Name)
	rows, err := s.db.QueryContext(s.ctx, q)
	if err != nil {
		s.t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			s.t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		s.t.Fatal(err)
	}
	slices.Sort(out)
	return out
}
