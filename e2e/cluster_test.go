package e2e_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/retortdb/migrate/internal/testdb"
)

// The cluster tests run the built binary against the servers
// scripts/test-clusters.sh starts: a 3-node MariaDB Galera cluster
// (MIGRATE_TEST_GALERA_URLS), PgBouncer in transaction pooling
// (MIGRATE_TEST_PGBOUNCER_URL) and a streaming PostgreSQL replica
// (MIGRATE_TEST_PG_REPLICA_URL).

// clRevisions is the number of revisions of the concurrency tests.
const clRevisions = 40

// clProject is a project with clRevisions revisions: r01 creates the table
// applied, and every revision rNN creates table tNN and inserts 'rNN' into
// applied, so that a revision applied twice shows as a failed CREATE TABLE or
// a second row. extraYAML is appended to migrate.yaml.
func clProject(t *testing.T, extraYAML string) *project {
	t.Helper()
	p := &project{t: t, Dir: t.TempDir()}
	p.ok("init", "--url", "sqlite:///unused.db")
	if extraYAML != "" {
		p.write("migrate.yaml", p.read("migrate.yaml")+"\n"+extraYAML)
	}
	prev := "null"
	for i := 1; i <= clRevisions; i++ {
		rev := fmt.Sprintf("r%02d", i)
		body := "upgrade:\n"
		if i == 1 {
			body += "  - create_table:\n      name: applied\n      columns:\n        - {name: rev, type: varchar(10), nullable: false}\n      primary_key: {columns: [rev]}\n"
		}
		body += fmt.Sprintf("  - create_table:\n      name: t%02d\n      columns:\n        - {name: id, type: integer, nullable: false}\n      primary_key: {columns: [id]}\n", i)
		body += fmt.Sprintf("  - execute: \"INSERT INTO applied (rev) VALUES ('%s')\"\n", rev)
		body += fmt.Sprintf("downgrade:\n  - execute: \"DELETE FROM applied WHERE rev = '%s'\"\n  - drop_table: {name: t%02d}\n", rev, i)
		p.write(filepath.Join("migrations", "versions", rev+".yaml"),
			"revision: "+rev+"\ndown_revision: "+prev+"\nmessage: table "+rev+"\n"+body)
		prev = rev
	}
	return p
}

// clRun is one finished run of the binary.
type clRun struct {
	URL    string
	Code   int
	Output string
}

// clConcurrent starts n runs of `migrate args...` at once, run i against
// urls[i % len(urls)], and returns when all have ended.
func clConcurrent(t *testing.T, p *project, n int, urls []string, args ...string) []clRun {
	t.Helper()
	out := make([]clRun, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := urls[i%len(urls)]
			c := exec.Command(migrateBin, args...)
			c.Dir = p.Dir
			c.Env = append(os.Environ(), "MIGRATE_URL="+u)
			var b bytes.Buffer
			c.Stdout, c.Stderr = &b, &b
			err := c.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				code = -1
				b.WriteString(err.Error())
			}
			out[i] = clRun{URL: u, Code: code, Output: b.String()}
		}()
	}
	wg.Wait()
	return out
}

// clAllOK fails the test unless every run exited 0, and returns how many
// revisions the runs applied in all (their "Applied N revision(s)" lines).
func clAllOK(t *testing.T, runs []clRun) int {
	t.Helper()
	total := 0
	for i, r := range runs {
		if r.Code != 0 {
			t.Fatalf("run %d against %s: exit %d\n%s", i, r.URL, r.Code, r.Output)
		}
		var n int
		for _, l := range strings.Split(r.Output, "\n") {
			if _, err := fmt.Sscanf(strings.TrimSpace(l), "INFO  Applied %d revision(s)", &n); err == nil {
				total += n
			}
		}
	}
	return total
}

// clStrings runs q on db and returns the first column of every row.
func clStrings(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// clCheckOnce checks, on PostgreSQL database db, that each revision ran exactly once: applied has
// one row per revision, tables t01…t40 exist, and the version table names
// the head.
func clCheckOnce(t *testing.T, db *sql.DB, where, tablesQuery string) {
	t.Helper()
	if got := clStrings(t, db, "SELECT count(*)::text || '/' || count(DISTINCT rev)::text FROM applied"); len(got) != 1 || got[0] != fmt.Sprintf("%d/%d", clRevisions, clRevisions) {
		t.Fatalf("%s: applied rows/distinct revisions = %v, want %d/%d", where, got, clRevisions, clRevisions)
	}
	if got := clStrings(t, db, tablesQuery); len(got) != 1 || got[0] != fmt.Sprint(clRevisions) {
		t.Fatalf("%s: %v tables t01…t%d, want %d", where, got, clRevisions, clRevisions)
	}
	if got := clStrings(t, db, "SELECT version_num FROM migrate_version"); len(got) != 1 || got[0] != fmt.Sprintf("r%02d", clRevisions) {
		t.Fatalf("%s: version table %v, want r%02d", where, got, clRevisions)
	}
}

// TestGaleraConcurrentUpgradesApplyEachRevisionOnce is issue 21's Galera "done
// when": 8 concurrent `upgrade head` runs spread over the 3 nodes apply each of
// 40 revisions exactly once (GET_LOCK alone lets one run per node in), and
// every node then shows the same result; a second round applies nothing.
func TestGaleraConcurrentUpgradesApplyEachRevisionOnce(t *testing.T) {
	g := testdb.GaleraCluster(t)
	p := clProject(t, "")
	runs := clConcurrent(t, p, 8, g.URLs, "upgrade", "head")
	if n := clAllOK(t, runs); n != clRevisions {
		t.Fatalf("the 8 runs applied %d revisions in all, want %d", n, clRevisions)
	}
	if !strings.Contains(runs[0].Output, "lease in table migrate_version_lock") {
		t.Fatalf("the run did not take the lease:\n%s", runs[0].Output)
	}
	tables := "SELECT CAST(count(*) AS CHAR) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 't__'"
	for i, db := range g.Nodes {
		// The server's own answer on each node, not migrate's.
		if got := clStrings(t, db, "SELECT CONCAT(count(*), '/', count(DISTINCT rev)) FROM applied"); got[0] != fmt.Sprintf("%d/%d", clRevisions, clRevisions) {
			t.Fatalf("node %d: applied rows/distinct = %v", i+1, got)
		}
		if got := clStrings(t, db, tables); got[0] != fmt.Sprint(clRevisions) {
			t.Fatalf("node %d: %v tables t01…t40", i+1, got)
		}
		if got := clStrings(t, db, "SELECT version_num FROM migrate_version"); len(got) != 1 || got[0] != "r40" {
			t.Fatalf("node %d: version table %v", i+1, got)
		}
		if got := clStrings(t, db, "SELECT CAST(count(*) AS CHAR) FROM migrate_version_lock"); got[0] != "0" {
			t.Fatalf("node %d: %s lease rows left after every run ended", i+1, got[0])
		}
	}
	again := clConcurrent(t, p, 8, g.URLs, "upgrade", "head")
	if n := clAllOK(t, again); n != 0 {
		t.Fatalf("the second round applied %d revisions", n)
	}
}

// TestPgBouncerTransactionPoolingConcurrentUpgrades is issue 21's PgBouncer
// "done when": through PgBouncer in transaction pooling, 8 concurrent `upgrade
// head` runs apply each of 40 revisions exactly once, and the second round
// works too (no prepared statement of one client meets another's on a pooled
// server connection, no session advisory lock left on one); then a downgrade
// and an upgrade through the pooler.
func TestPgBouncerTransactionPoolingConcurrentUpgrades(t *testing.T) {
	db := testdb.Postgres(t)
	url := testdb.PgBouncerURL(t, db)
	p := clProject(t, "")
	tables := "SELECT count(*)::text FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]{2}$'"
	for round := 1; round <= 2; round++ {
		runs := clConcurrent(t, p, 8, []string{url}, "upgrade", "head")
		want := clRevisions
		if round == 2 {
			want = 0
		}
		if n := clAllOK(t, runs); n != want {
			t.Fatalf("round %d: the 8 runs applied %d revisions in all, want %d", round, n, want)
		}
		clCheckOnce(t, db.SQL, fmt.Sprintf("round %d", round), tables)
		// pg_locks, on a direct connection: no advisory lock on this database
		// is left on any server connection of the pool.
		if got := clStrings(t, db.SQL, "SELECT count(*)::text FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"); got[0] != "0" {
			t.Fatalf("round %d: %s advisory locks held after every run ended", round, got[0])
		}
	}
	p.Env = []string{"MIGRATE_URL=" + url}
	p.ok("downgrade", "r38")
	p.ok("upgrade", "head")
	clCheckOnce(t, db.SQL, "after downgrade and upgrade", tables)
}

// clSleepProject is a project whose one revision sleeps in a statement for
// sleepSQL's time, with a lease of 3 s (cluster.lease_ttl).
func clSleepProject(t *testing.T, url, sleepSQL string) *project {
	t.Helper()
	p := &project{t: t, Dir: t.TempDir(), Env: []string{"MIGRATE_URL=" + url}}
	p.ok("init")
	p.write("migrate.yaml", p.read("migrate.yaml")+"\ncluster:\n  lease_ttl: 3s\n")
	p.write(filepath.Join("migrations", "versions", "s1.yaml"), "revision: s1\ndown_revision: null\nmessage: sleep\nupgrade:\n  - execute: \""+sleepSQL+"\"\ndowngrade: []\n")
	return p
}

// clKillHolder starts `upgrade head` in p, waits until it holds the lease
// (its lease row is in lockTable, read on db), kills it with SIGKILL and
// returns when it is gone.
func clKillHolder(t *testing.T, p *project, db *sql.DB, lockTable string) {
	t.Helper()
	c, sc := startStreaming(t, p, nil, "upgrade", "head")
	for sc.Scan() {
		if strings.Contains(sc.Text(), "Running upgrade") {
			break
		}
	}
	if got := clStrings(t, db, "SELECT holder FROM "+lockTable); len(got) != 1 {
		_ = c.Process.Kill()
		t.Fatalf("lease rows while the run holds the lock: %v", got)
	}
	_ = c.Process.Kill()
	_ = c.Wait()
}

// TestKilledLeaseHolderFreesTheLock is issue 21's "kill -9 of a holder frees
// the lock within the documented time" on both: a run killed with SIGKILL
// while it holds the lease (Galera, PgBouncer) leaves its row behind; the next
// run takes the lock once the lease expires (cluster.lease_ttl, 3 s here,
// after its last renewal) and finishes the revision. The next run's
// --lock-timeout bounds the wait: it fails if the lease were not freed.
func TestKilledLeaseHolderFreesTheLock(t *testing.T) {
	cases := []struct {
		name string
		open func(t *testing.T) (url string, db *sql.DB)
		q    string
	}{
		{"galera", func(t *testing.T) (string, *sql.DB) {
			g := testdb.GaleraCluster(t)
			// Read on the run's own node: another node applies its
			// commits a moment later.
			return g.URLs[1], g.Nodes[1]
		}, "DO SLEEP(4)"},
		{"pgbouncer", func(t *testing.T) (string, *sql.DB) {
			db := testdb.Postgres(t)
			return testdb.PgBouncerURL(t, db), db.SQL
		}, "SELECT pg_sleep(4)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			url, db := c.open(t)
			p := clSleepProject(t, url, c.q)
			clKillHolder(t, p, db, "migrate_version_lock")
			killed := time.Now()
			// The documented bound is the lease's life (3 s) after its last
			// renewal; the rest of the timeout is slack for a loaded machine.
			c, sc := startStreaming(t, p, nil, "--lock-timeout", "30s", "upgrade", "head")
			var log []string
			var took time.Duration
			for sc.Scan() {
				log = append(log, sc.Text())
				if took == 0 && strings.Contains(sc.Text(), "Running upgrade") {
					took = time.Since(killed)
				}
			}
			if err := c.Wait(); err != nil {
				t.Fatalf("the next run: %v\n%s", err, strings.Join(log, "\n"))
			}
			t.Logf("the next run had the lock %s after the kill (lease_ttl 3s)", took.Round(time.Millisecond))
			if !strings.Contains(strings.Join(log, "\n"), "Waiting for the migration lock, held by") {
				t.Fatalf("the next run did not find the dead run's lease:\n%s", strings.Join(log, "\n"))
			}
			if got := clStrings(t, db, "SELECT version_num FROM migrate_version"); len(got) != 1 || got[0] != "s1" {
				t.Fatalf("version table %v after the next run", got)
			}
			if got := clStrings(t, db, "SELECT holder FROM migrate_version_lock"); len(got) != 0 {
				t.Fatalf("lease rows left: %v", got)
			}
		})
	}
}

// TestUpgradeWaitsForReplica is issue 21's replica "done when": with replay
// paused on the replica, `upgrade --wait-for-replica` commits the first
// revision and waits; once replay resumes it goes on, and when it returns the
// replica shows the head in the version table and every table. With a short
// --replica-timeout and replay paused, the run stops after the first revision
// with an error naming the replica.
func TestUpgradeWaitsForReplica(t *testing.T) {
	db := testdb.Postgres(t)
	replica, replicaURL := testdb.PGReplica(t, db)
	// Replay is paused for the whole standby: resume it whatever happens.
	t.Cleanup(func() { _, _ = replica.Exec("SELECT pg_wal_replay_resume()") })
	p := &project{t: t, Dir: t.TempDir(), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	p.write("migrate.yaml", p.read("migrate.yaml")+"\ncluster:\n  replicas:\n    - {name: reader, url: \""+replicaURL+"\"}\n")
	prev := "null"
	for i := 1; i <= 3; i++ {
		rev := fmt.Sprintf("w%d", i)
		p.write(filepath.Join("migrations", "versions", rev+".yaml"), fmt.Sprintf(
			"revision: %s\ndown_revision: %s\nmessage: table %s\nupgrade:\n  - create_table:\n      name: w%d\n      columns:\n        - {name: id, type: integer, nullable: false}\n      primary_key: {columns: [id]}\ndowngrade:\n  - drop_table: {name: w%d}\n",
			rev, prev, rev, i, i))
		prev = rev
	}

	// A timeout that runs out.
	if _, err := replica.Exec("SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatal(err)
	}
	p.fails(1, "revision w1 is committed on the primary, but replica reader had not replayed it after 1s", "upgrade", "head", "--wait-for-replica", "reader", "--replica-timeout", "1s")
	if got := clStrings(t, db.SQL, "SELECT version_num FROM migrate_version"); len(got) != 1 || got[0] != "w1" {
		t.Fatalf("primary's version table %v after the timeout, want w1 (the run stops after the revision it waited for)", got)
	}

	// A wait that ends when replay resumes.
	c, sc := startStreaming(t, p, nil, "upgrade", "head", "--wait-for-replica", "reader")
	var log []string
	for sc.Scan() {
		log = append(log, sc.Text())
		if strings.Contains(sc.Text(), "Waiting for replica reader to replay revision w2") {
			break
		}
	}
	// The run is waiting: the primary has w2, the paused replica does not.
	// (Its wait is what the rest shows: it returns only after the replica
	// has the head.)
	if got := clStrings(t, db.SQL, "SELECT version_num FROM migrate_version"); len(got) != 1 || got[0] != "w2" {
		t.Fatalf("primary's version table %v while the run waits, want w2\n%s", got, strings.Join(log, "\n"))
	}
	if got := clStrings(t, replica, "SELECT count(*)::text FROM pg_tables WHERE schemaname = 'public' AND tablename = 'w2'"); got[0] != "0" {
		t.Fatalf("the replica has table w2 while replay is paused")
	}
	if _, err := replica.Exec("SELECT pg_wal_replay_resume()"); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() {
		log = append(log, sc.Text())
	}
	if err := c.Wait(); err != nil {
		t.Fatalf("upgrade --wait-for-replica: %v\n%s", err, strings.Join(log, "\n"))
	}
	// Read at once after the run returned: the replica must already show it.
	if got := clStrings(t, replica, "SELECT version_num FROM migrate_version"); len(got) != 1 || got[0] != "w3" {
		t.Fatalf("the replica's version table %v when upgrade returned, want w3\n%s", got, strings.Join(log, "\n"))
	}
	if got := clStrings(t, replica, "SELECT count(*)::text FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('w1', 'w2', 'w3')"); got[0] != "3" {
		t.Fatalf("the replica has %s of the tables w1…w3 when upgrade returned", got[0])
	}
}

// TestGaleraRSUSessionRefused: a session in RSU (DDL on its node only, while
// the version table replicates) is refused before anything is created, and
// every node says so: no table in the database.
func TestGaleraRSUSessionRefused(t *testing.T) {
	g := testdb.GaleraCluster(t)
	p := clSleepProject(t, g.URLs[2]+"?wsrep_OSU_method=RSU", "SELECT 1")
	p.fails(1, "the session's wsrep_OSU_method is RSU", "upgrade", "head")
	for i, db := range g.Nodes {
		if got := clStrings(t, db, "SELECT CAST(count(*) AS CHAR) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"); got[0] != "0" {
			t.Fatalf("node %d: %s tables after the refused run", i+1, got[0])
		}
	}
}
