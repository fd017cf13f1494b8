package dialecttest

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/sqlrecord"
	"github.com/retortdb/migrate/ops"
	revpkg "github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
	"github.com/retortdb/migrate/schema"
)

// testPropertyOnlineOffline: for each seed of the property test (the same
// seeds, the same op sequences), the sequence is written as revision files
// p0 … pN; an online run brings a database to p0 (the starting schema), then a
// second online run goes from p0 to head with its SQL recorded at the driver
// (sqlrecord). The statements that run gives the driver, once the session's
// bookkeeping is filtered out (and BEGIN/COMMIT where the dialect's scripts
// have no transactions), must equal the statements of the offline script
// `upgrade p0:head --sql` (runner.PlanOffline), which knows the schema at p0
// only from the revision files. Everything these sequences do is in the
// files, so the offline run has no reason to refuse: a refusal fails the test
// (the refusal where only the live database knows a fact is runner's
// TestOfflineRefusesWhatOnlyTheDatabaseKnows).
func testPropertyOnlineOffline(t *testing.T, h Harness) {
	if h.DSN == nil {
		t.Skip("the harness gives no DSN to record the driver's SQL with")
	}
	var shared *session
	var left *schema.MetaData
	parent := t
	for _, seed := range propSeedList() {
		ok := t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			if shared == nil {
				shared = newSession(parent, h)
				shared.dsn = h.DSN(parent, shared.tdb)
			} else if err := shared.with(t).resetRun(left); err != nil {
				t.Fatalf("emptying the database the last seed left: %v", err)
			}
			left = runOnlineOffline(shared.with(t), seed)
		})
		if !ok {
			shared = nil
		}
	}
}

// propVersionTable is the version table of the online-offline case.
var propVersionTable = dialect.VersionTable{Name: "migrate_version"}

// resetRun drops what a run left: the version and progress tables, then every
// table and enum of m (reset).
func (s *session) resetRun(m *schema.MetaData) error {
	r := &runner.Runner{Dialect: s.d, VersionTable: propVersionTable}
	for _, name := range []string{propVersionTable.Name, r.ProgressTable().Name} {
		if _, err := s.db.ExecContext(s.ctx, "DROP TABLE IF EXISTS "+s.q(name)); err != nil {
			return err
		}
	}
	return s.reset(m)
}

// runOnlineOffline runs seed's sequence as revision files online and offline
// and compares the statements; it returns the model the sequence leaves.
func runOnlineOffline(s *session, seed int64) *schema.MetaData {
	t := s.t
	t.Helper()
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6d696772617465))
	model := &schema.MetaData{}
	g := newGen(rng, s.d, model)
	r := &propRun{s: s, seed: seed}
	st := &propStats{ops: map[string]int{}, refused: map[string]int{}}
	dir := t.TempDir()
	parent := ""
	for rev := 0; rev <= propRevisions; rev++ {
		list := genRevision(g, rng, rev, func(o ops.Op) []ops.Op { return r.accept(g, o, st) })
		r.revs = append(r.revs, list)
		id := fmt.Sprintf("p%d", rev)
		rv := &revpkg.Revision{ID: id, Message: fmt.Sprintf("seed %d revision %d", seed, rev), Transactional: true, Upgrade: list}
		if parent != "" {
			rv.DownRevisions = []string{parent}
		}
		if err := revpkg.WriteFile(filepath.Join(dir, id+".yaml"), rv); err != nil {
			r.fail("writing revision %s: %v", id, err)
		}
		parent = id
	}
	revs, err := revpkg.LoadDirs([]string{dir})
	if err != nil {
		r.fail("loading the revision files: %v", err)
	}
	graph, err := revpkg.NewGraph(revs)
	if err != nil {
		r.fail("the revision graph: %v", err)
	}

	pool, log := sqlrecord.Open(s.db.Driver(), s.dsn)
	defer pool.Close()
	run := &runner.Runner{DB: pool, Dialect: s.d, VersionTable: propVersionTable, Inspector: s.h.Inspector}
	upTo := func(target string) error {
		_, err := run.Run(s.ctx, func(rows []string) ([]revpkg.Step, error) { return graph.UpgradePlan(rows, target) },
			runner.ReplayerFor(graph, s.d))
		return err
	}
	if err := upTo("p0"); err != nil {
		r.fail("online upgrade p0: %v", err)
	}
	log.Reset()
	if err := upTo("head"); err != nil {
		r.fail("online upgrade p0:head: %v", err)
	}
	var online []string
	noTx := s.d.Begin() == ""
	for _, q := range log.Session(propVersionTable.Name) {
		if sqlrecord.Bookkeeping(q) || (noTx && (q == "BEGIN" || q == "COMMIT")) {
			continue
		}
		online = append(online, sqlrecord.TrimEnd(q))
	}

	script, err := runner.PlanOffline(graph, s.d, propVersionTable, revpkg.Up, "p0:head")
	if err != nil {
		r.fail("offline upgrade p0:head --sql was refused, though every fact is in the revision files: %v", err)
	}
	var buf bytes.Buffer
	if err := script.Plan.WriteSQL(&buf, false); err != nil {
		r.fail("writing the offline script: %v", err)
	}
	offline, err := sqlrecord.WithoutPrelude(sqlrecord.ScriptStatements(buf.String()), dialect.ScriptPrelude(s.d))
	if err != nil {
		r.fail("%v", err)
	}
	if len(online) == 0 {
		r.fail("the online run p0:head gave the driver no statement")
	}
	t.Logf("%d statements online, %d in the script", len(online), len(offline))
	if d := gocmp.Diff(offline, online); d != "" {
		r.sql = strings.Split(buf.String(), "\n")
		r.fail("online statements (p0:head) differ from the --sql script's (-offline +online):\n%s", d)
	}
	return model
}
