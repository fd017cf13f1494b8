package dialecttest

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

var (
	propSeed  = flag.Int64("seed", -1, "dialecttest: run the property test with this seed only (reproduces a failure)")
	propSeeds = flag.Int("seeds", 0, "dialecttest: run the property test with seeds 1..N instead of the fixed set")
)

// propFixedSeeds is how many seeds the property test runs by default (in CI).
const propFixedSeeds = 25

// propRevisions and propOpsPerRevision shape one sequence: a starting schema,
// then propRevisions revisions of 1..propOpsPerRevision random ops each.
const (
	propRevisions      = 4
	propOpsPerRevision = 6
)

// OracleColumn is one column as an independent oracle (the server's own
// catalog, read without the inspector) reports it.
type OracleColumn struct {
	Table, Column string
	NotNull       bool
}

// testProperty generates random starting schemas and random sequences of ops
// from them (every op kind, each valid for the model at that point and
// rendered by the dialect), and for every revision of a sequence checks that
// the model ops.Apply produces, the schema the rendered SQL leaves on a real
// database (read back by the inspector) and the server's own catalog
// (Harness.Oracle) agree, after Harness.Normalize. It also counts each table's
// rows, so a rebuild that loses data is noticed.
//
// The model is ops.Apply's with the dialect's own steps (dialect.ApplyModel:
// MySQL keeps a key that loses one of several columns on the remaining ones),
// as the runner carries it. Renames and drops of columns that a CHECK or a
// partial index's WHERE names, and drops of one column of a multi-column key,
// are generated like any other: the servers rewrite such text on a rename
// and drop the check or index with the column, as the model does.
//
// Restrictions — what the generator does not make because a server rightly
// refuses it (not bugs): NOT NULL, keys and type changes on tables holding
// rows; casts PostgreSQL has no conversion for (a type change across kinds
// always has a string type on one side); a CHECK on a foreign key's column
// (MariaDB 1901); NOT NULL on an ON DELETE SET NULL key's column (MySQL 1830);
// dropping a table or key that another table's foreign key needs; dropping,
// altering or un-keying an autoincrement column; enum values added in the
// same revision used in rows (PostgreSQL 55P04); a type change of a column a
// CHECK or partial index names (its constants were written for the type).
//
// Seeds: propFixedSeeds by default; -seed N runs only N, -seeds N runs 1..N.
// A failure prints the seed, the sequence so far as revision YAML, the SQL and
// the diff. Ops whose render fails on their own are not generated; they are
// counted by op name and error and logged at the end, so what a dialect
// refuses stays visible.
func testProperty(t *testing.T, h Harness) {
	seeds := propSeedList()
	st := &propStats{ops: map[string]int{}, refused: map[string]int{}}
	// The seeds share one database, emptied between them by the ops that drop
	// what the last sequence left (creating a server database per seed would
	// take most of the time); after a failed seed the next gets a fresh one.
	ran := 0
	var shared *session
	var left *schema.MetaData
	parent := t
	for _, seed := range seeds {
		ok := t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			if shared == nil {
				shared = newSession(parent, h) // dropped when the whole test ends
			} else if err := shared.with(t).reset(left); err != nil {
				t.Fatalf("emptying the database the last seed left: %v", err)
			}
			s := shared.with(t)
			left = runPropSeed(s, seed, st)
			ran++
		})
		if !ok {
			shared = nil
		}
	}
	t.Log(st.String())
	if ran >= propFixedSeeds {
		for _, k := range propAlwaysCovered(h.Dialect.Capabilities()) {
			if st.ops[k] == 0 {
				t.Errorf("the property test generated no %s in %d seeds; widen the generator", k, len(seeds))
			}
		}
	}
}

// propSeedList returns the seeds to run: propFixedSeeds by default, only
// -seed N, or 1..N with -seeds N.
func propSeedList() []int64 {
	var seeds []int64
	switch {
	case *propSeed >= 0:
		seeds = []int64{*propSeed}
	case *propSeeds > 0:
		for i := range *propSeeds {
			seeds = append(seeds, int64(i+1))
		}
	default:
		for i := range propFixedSeeds {
			seeds = append(seeds, int64(i+1))
		}
	}
	return seeds
}

// propAlwaysCovered lists the op kinds every run of the fixed seeds must hold.
func propAlwaysCovered(caps dialect.Capabilities) []string {
	k := []string{"create_table", "drop_table", "rename_table", "add_column", "drop_column", "alter_column",
		"create_index", "drop_index", "create_unique_constraint", "create_foreign_key", "create_check_constraint",
		"create_primary_key", "drop_constraint", "create_enum", "drop_enum", "execute", "bulk_insert"}
	if caps.Comments {
		k = append(k, "create_table_comment", "drop_table_comment")
	}
	if caps.NamedEnums {
		k = append(k, "add_enum_value")
	}
	return k
}

// propStats counts generated ops and ops the dialect refused to render.
type propStats struct {
	mu      sync.Mutex
	ops     map[string]int
	refused map[string]int // "op: error" -> count
}

func (st *propStats) String() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	var b strings.Builder
	b.WriteString("ops generated:")
	keys := make([]string, 0, len(st.ops))
	for k := range st.ops {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%d", k, st.ops[k])
	}
	keys = keys[:0]
	for k := range st.refused {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		b.WriteString("\nops the dialect refused to render: none")
	}
	for _, k := range keys {
		fmt.Fprintf(&b, "\nrefused %d×: %s", st.refused[k], k)
	}
	return b.String()
}

// propRun is one sequence in progress, for failure reports.
type propRun struct {
	s    *session
	seed int64
	revs [][]ops.Op
	sql  []string
}

func (r *propRun) fail(format string, args ...any) {
	r.s.t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d (reproduce: go test ./dialect/dialecttest -run '%s' -seed %d)\n", r.seed, r.s.t.Name(), r.seed)
	for i, rev := range r.revs {
		fmt.Fprintf(&b, "--- revision %d, upgrade:\n", i)
		n, err := ops.EncodeList(rev)
		if err != nil {
			fmt.Fprintf(&b, "(cannot encode: %v)\n", err)
			continue
		}
		b.Write(yamlx.Encode(n))
	}
	b.WriteString("--- SQL of the last revision:\n")
	for _, q := range r.sql {
		b.WriteString(q + ";\n")
	}
	b.WriteString("--- ")
	fmt.Fprintf(&b, format, args...)
	r.s.t.Fatal(b.String())
}

// reset drops every table and enum of m, foreign keys first, and checks that
// the inspector then finds nothing.
func (s *session) reset(m *schema.MetaData) error {
	// Tables no remaining table refers to go first; a cycle of foreign keys
	// loses its keys, then its tables. (Dropping a key alone would make SQLite
	// rebuild the table.)
	var list []ops.Op
	left := slices.Clone(m.Tables)
	refersTo := func(t *schema.Table) bool {
		for _, o := range left {
			if o != t && slices.ContainsFunc(o.ForeignKeys, func(f *schema.ForeignKeyDef) bool { return f.RefTable == t.Name }) {
				return true
			}
		}
		return false
	}
	for len(left) > 0 {
		i := slices.IndexFunc(left, func(t *schema.Table) bool { return !refersTo(t) })
		if i < 0 {
			for _, t := range left {
				for _, fk := range t.ForeignKeys {
					list = append(list, &ops.DropConstraint{Table: t.Name, Name: fk.Name, Type: ops.ConstraintForeignKey})
				}
			}
			for _, t := range left {
				list = append(list, &ops.DropTable{Name: t.Name})
			}
			break
		}
		list = append(list, &ops.DropTable{Name: left[i].Name})
		left = slices.Delete(left, i, i+1)
	}
	for _, e := range m.Enums {
		list = append(list, &ops.DropEnum{Name: e.Name})
	}
	if err := s.migrate(list, m); err != nil {
		var names []string
		for _, o := range list {
			switch o := o.(type) {
			case *ops.DropTable:
				names = append(names, "drop "+o.Name)
			case *ops.DropConstraint:
				names = append(names, "drop "+o.Table+"."+o.Name)
			}
		}
		return fmt.Errorf("%w (dropping: %s)", err, strings.Join(names, ", "))
	}
	if got := s.inspect(); len(got.Tables) > 0 || (s.d.Capabilities().NamedEnums && len(got.Enums) > 0) {
		return fmt.Errorf("%d tables and %d enums are left", len(got.Tables), len(got.Enums))
	}
	return nil
}

// runPropSeed runs the sequence of seed on s's empty database and returns the
// model it leaves.
func runPropSeed(s *session, seed int64, st *propStats) *schema.MetaData {
	s.t.Helper()
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6d696772617465))
	model := &schema.MetaData{}
	g := newGen(rng, s.d, model)
	r := &propRun{s: s, seed: seed}
	for rev := 0; rev <= propRevisions; rev++ {
		before := cloneMeta(model)
		list := genRevision(g, rng, rev, func(o ops.Op) []ops.Op { return r.accept(g, o, st) })
		r.revs = append(r.revs, list)
		stmts, err := s.d.Render(list, &dialect.RenderEnv{Current: cloneMeta(before)})
		if err != nil {
			r.sql = nil
			r.fail("render of the whole revision %d failed, though each op rendered on its own: %v", rev, err)
		}
		r.sql = r.sql[:0]
		for _, st := range stmts {
			r.sql = append(r.sql, st.SQL)
		}
		if err := s.run(list, stmts); err != nil {
			r.fail("revision %d: running the SQL failed: %v", rev, err)
		}
		got := s.inspect()
		want, gotN := cloneMeta(model), cloneMeta(got)
		if s.h.Normalize != nil {
			s.h.Normalize(want, gotN)
		}
		if d := s.diffSchema(want, gotN, false); d != "" {
			r.fail("revision %d: the inspected schema differs from the model after ops.Apply (-model +inspected):\n%s", rev, d)
		}
		if s.h.Oracle != nil {
			r.checkOracle(rev, model)
		}
		r.checkRows(rev, g)
	}
	return model
}

// genRevision generates revision rev of a sequence: the starting schema for
// revision 0 (an enum or two, then three or four tables, some indexed), 1 to
// propOpsPerRevision random ops after it. accept renders an op alone and
// applies it to g's model, returning it (or nothing when the dialect refuses).
func genRevision(g *gen, rng *rand.Rand, rev int, accept func(ops.Op) []ops.Op) []ops.Op {
	var list []ops.Op
	n := 1 + rng.IntN(propOpsPerRevision)
	if rev == 0 {
		n = 0
		for range rng.IntN(3) {
			list = append(list, accept(g.createEnum())...)
		}
		for range 3 + rng.IntN(2) {
			list = append(list, accept(g.createTable())...)
			if rng.IntN(2) == 0 {
				list = append(list, accept(g.createIndex())...)
			}
		}
	}
	for range n {
		if o := g.next(); o != nil {
			list = append(list, accept(o)...)
		}
	}
	return list
}

// accept renders o alone against the model; an op the dialect refuses is
// counted and dropped, any other is applied to the model and returned.
func (r *propRun) accept(g *gen, o ops.Op, st *propStats) []ops.Op {
	r.s.t.Helper()
	if o == nil {
		return nil
	}
	if _, err := r.s.d.Render([]ops.Op{o}, &dialect.RenderEnv{Current: cloneMeta(g.m)}); err != nil {
		var re *dialect.RenderError
		if !errors.As(err, &re) {
			r.fail("rendering %s alone failed without a *dialect.RenderError: %v", ops.Name(o), err)
		}
		st.mu.Lock()
		st.refused[ops.Name(o)+": "+re.Err.Error()]++
		st.mu.Unlock()
		return nil
	}
	if err := dialect.ApplyModel(r.s.d, ops.NewModel(g.m), o); err != nil {
		r.revs = append(r.revs, []ops.Op{o})
		r.fail("the generator made an op that its own model refuses: %v", err)
	}
	g.note(o)
	st.mu.Lock()
	st.ops[ops.Name(o)]++
	st.mu.Unlock()
	return []ops.Op{o}
}

// checkOracle compares each table's columns and their NOT NULL with what the
// server's catalog says, read by the harness's own query rather than the
// inspector.
func (r *propRun) checkOracle(rev int, model *schema.MetaData) {
	r.s.t.Helper()
	got, err := r.s.h.Oracle(r.s.ctx, r.s.db)
	if err != nil {
		r.fail("revision %d: oracle: %v", rev, err)
	}
	var want []OracleColumn
	for _, t := range model.Tables {
		for _, c := range t.Columns {
			want = append(want, OracleColumn{Table: t.Name, Column: c.Name, NotNull: !c.Nullable})
		}
	}
	order := func(a, b OracleColumn) int {
		return strings.Compare(a.Table+"\x00"+a.Column, b.Table+"\x00"+b.Column)
	}
	slices.SortFunc(want, order)
	slices.SortFunc(got, order)
	if d := gocmp.Diff(want, got); d != "" {
		r.fail("revision %d: the server's catalog differs from the model (-model +catalog):\n%s", rev, d)
	}
}

// checkRows compares each table's row count with what the sequence's
// bulk_insert and DELETE ops leave.
func (r *propRun) checkRows(rev int, g *gen) {
	r.s.t.Helper()
	for _, t := range g.m.Tables {
		var n int
		q := "SELECT count(*) FROM " + r.s.q(t.Name)
		if err := r.s.db.QueryRowContext(r.s.ctx, q).Scan(&n); err != nil {
			r.fail("revision %d: %s: %v", rev, q, err)
		}
		if n != g.rows[t.Name] {
			r.fail("revision %d: %s = %d, want %d (rows inserted and not deleted)", rev, q, n, g.rows[t.Name])
		}
	}
}

// OracleQuery returns an Oracle that runs q, whose rows are (table, column,
// not null) with not null as an integer 0 or 1.
func OracleQuery(q string) func(context.Context, *sql.DB) ([]OracleColumn, error) {
	return func(ctx context.Context, db *sql.DB) ([]OracleColumn, error) {
		rows, err := db.QueryContext(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", q, err)
		}
		defer rows.Close()
		var out []OracleColumn
		for rows.Next() {
			var c OracleColumn
			var nn int
			if err := rows.Scan(&c.Table, &c.Column, &nn); err != nil {
				return nil, err
			}
			c.NotNull = nn != 0
			out = append(out, c)
		}
		return out, rows.Err()
	}
}
