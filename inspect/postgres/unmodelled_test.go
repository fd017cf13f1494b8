package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
)

// TestInspectRefusesUnmodelled checks that every catalog property migrate
// does not model stops inspection with an error naming the table, the object
// and the property, instead of being dropped from the model.
func TestInspectRefusesUnmodelled(t *testing.T) {
	cases := []struct {
		name string
		ddl  []string
		want []string
	}{
		{"generated column", []string{`CREATE TABLE g (id integer PRIMARY KEY, twice integer GENERATED ALWAYS AS (id * 2) STORED)`},
			[]string{`table "g"`, `column "twice"`, "GENERATED ALWAYS AS ((id * 2)) STORED"}},
		{"column collation", []string{`CREATE TABLE cc (id integer PRIMARY KEY, name text COLLATE "C")`},
			[]string{`table "cc"`, `column "name"`, `COLLATE "C"`}},
		{"exclusion constraint", []string{`CREATE TABLE ex (id integer PRIMARY KEY, during tsrange, CONSTRAINT ex_no_overlap EXCLUDE USING gist (during WITH &&))`},
			[]string{`table "ex"`, `constraint "ex_no_overlap"`, "exclusion constraint EXCLUDE USING gist (during WITH &&)"}},
		{"deferrable primary key", []string{`CREATE TABLE dpk (id integer PRIMARY KEY DEFERRABLE)`},
			[]string{`table "dpk"`, `constraint "dpk_pkey"`, "DEFERRABLE on a primary key"}},
		{"check no inherit", []string{`CREATE TABLE ni (id integer PRIMARY KEY, CONSTRAINT ni_pos CHECK (id > 0) NO INHERIT)`},
			[]string{`table "ni"`, `constraint "ni_pos"`, "NO INHERIT"}},
		{"index storage parameters", []string{`CREATE TABLE isp (id integer PRIMARY KEY, a integer)`, `CREATE INDEX isp_a ON isp (a) WITH (fillfactor = 70)`},
			[]string{`table "isp"`, `index "isp_a"`, "WITH (fillfactor=70)"}},
		{"unlogged table", []string{`CREATE UNLOGGED TABLE ul (id integer PRIMARY KEY)`},
			[]string{`table "ul"`, "UNLOGGED"}},
		{"table storage parameters", []string{`CREATE TABLE tsp (id integer PRIMARY KEY) WITH (fillfactor = 60)`},
			[]string{`table "tsp"`, "WITH (fillfactor=60)"}},
		{"inheritance", []string{`CREATE TABLE parent (id integer)`, `CREATE TABLE child (x integer) INHERITS (parent)`},
			[]string{`table "child"`, "INHERITS (parent)"}},
		{"row level security", []string{`CREATE TABLE rls (id integer PRIMARY KEY)`, `ALTER TABLE rls ENABLE ROW LEVEL SECURITY`},
			[]string{`table "rls"`, "ROW LEVEL SECURITY"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := testdb.Postgres(t)
			for _, s := range c.ddl {
				if _, err := db.SQL.Exec(s); err != nil {
					t.Fatalf("%s: %v", s, err)
				}
			}
			m, err := Inspector{}.Inspect(context.Background(), db.SQL, inspect.Options{})
			if err == nil {
				t.Fatalf("Inspect succeeded (%d tables), want an error naming %q", len(m.Tables), c.want)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if !strings.Contains(err.Error(), "not modelled") {
				t.Errorf("error %q does not say the property is not modelled", err)
			}
		})
	}
}
