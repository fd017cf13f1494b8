package e2e_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
)

// The fault suite: 30 revisions, each of which inserts into a ledger table (the
// upgrade an 'up' row, the downgrade a 'down' row) and creates or drops a table,
// every fifth with a slow DDL statement (~0.3 s). Each iteration kills
// `downgrade base` and then `upgrade head` at random points (kill -9, or, on a
// server, the server ending migrate's connections), then runs `upgrade head`
// once more, which must succeed with no manual step; then the ledger must show
// every revision applied exactly once per run that reached it (up and down rows
// alternate, ending with up), and current, the version table, the history table
// and the progress table must agree with it.
//
// MIGRATE_FAULT_ITERATIONS (default 20) and MIGRATE_FAULT_SEED (default: the
// time; printed) tune it.

// faultDialect is what the suite needs to know about one dialect.
type faultDialect struct {
	name string
	db   func(testing.TB) *testdb.DB
	// ledger creates the ledger table (outside migrate, so that downgrade
	// base keeps it).
	ledger string
	// slow is a CREATE TABLE <name> AS … statement that takes a while.
	slow func(name string) string
	// connections lists the ids of the other sessions on this database;
	// terminate ends one ("" when the dialect has no server).
	connections, terminate string
}

var faultDialects = []faultDialect{
	{
		name:   "sqlite",
		db:     testdb.SQLite,
		ledger: "CREATE TABLE ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, rev VARCHAR(10) NOT NULL, dir VARCHAR(4) NOT NULL)",
		slow: func(n string) string {
			return "CREATE TABLE " + n + " AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) SELECT count(*) AS x FROM c"
		},
	},
	{
		name:        "postgres",
		db:          testdb.Postgres,
		ledger:      "CREATE TABLE ledger (id SERIAL PRIMARY KEY, rev VARCHAR(10) NOT NULL, dir VARCHAR(4) NOT NULL)",
		slow:        func(n string) string { return "CREATE TABLE " + n + " AS SELECT 1 AS x FROM pg_sleep(0.3)" },
		connections: "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
		terminate:   "SELECT pg_terminate_backend(%d)",
	},
	{
		name:        "mysql",
		db:          testdb.MySQL,
		ledger:      "CREATE TABLE ledger (id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY, rev VARCHAR(10) NOT NULL, dir VARCHAR(4) NOT NULL)",
		slow:        func(n string) string { return "CREATE TABLE " + n + " AS SELECT SLEEP(0.3) AS x" },
		connections: "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()",
		terminate:   "KILL CONNECTION %d",
	},
}

const faultRevisions = 30

func faultRev(i int) string { return fmt.Sprintf("r%02d", i) }

// writeFaultRevisions writes the 30 revisions for fd into p.
func writeFaultRevisions(p *project, fd faultDialect) {
	for i := 1; i <= faultRevisions; i++ {
		rev := faultRev(i)
		var b strings.Builder
		fmt.Fprintf(&b, "revision: %s\n", rev)
		if i > 1 {
			fmt.Fprintf(&b, "down_revision: %s\n", faultRev(i-1))
		}
		fmt.Fprintf(&b, "message: fault %d\nupgrade:\n", i)
		fmt.Fprintf(&b, "  - create_table: {name: t%s, columns: [{name: id, type: integer, nullable: false}, {name: v, type: varchar(10)}], primary_key: {columns: [id]}}\n", rev)
		slow := i%5 == 0
		if slow {
			fmt.Fprintf(&b, "  - execute: %q\n", fd.slow("s"+rev))
		}
		fmt.Fprintf(&b, "  - execute: \"INSERT INTO ledger (rev, dir) VALUES ('%s', 'up')\"\n", rev)
		b.WriteString("downgrade:\n")
		fmt.Fprintf(&b, "  - execute: \"INSERT INTO ledger (rev, dir) VALUES ('%s', 'down')\"\n", rev)
		if slow {
			fmt.Fprintf(&b, "  - execute: %q\n", fd.slow("d"+rev))
			fmt.Fprintf(&b, "  - execute: \"DROP TABLE d%s\"\n", rev)
			fmt.Fprintf(&b, "  - execute: \"DROP TABLE s%s\"\n", rev)
		}
		fmt.Fprintf(&b, "  - drop_table: {name: t%s}\n", rev)
		p.write("migrations/versions/"+rev+".yaml", b.String())
	}
}

func envInt(name string, def int64) int64 {
	if v, err := strconv.ParseInt(os.Getenv(name), 10, 64); err == nil {
		return v
	}
	return def
}

// startMigrate starts the binary in p without waiting for it.
func startMigrate(t *testing.T, p *project, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(migrateBin, args...)
	cmd.Dir = p.Dir
	cmd.Env = append(append(os.Environ(), "XDG_CACHE_HOME="+os.TempDir()+"/migrate-e2e-cache"), p.Env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out
}

// interrupt runs `migrate args…` and, after d, ends it: with kill -9, or (server
// true) by ending every connection it has on the server. It returns what the
// run printed and how it ended.
func interrupt(t *testing.T, p *project, db *testdb.DB, fd faultDialect, d time.Duration, server bool, args ...string) string {
	t.Helper()
	cmd, out := startMigrate(t, p, args...)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return fmt.Sprintf("finished before the fault (%v)", err)
	case <-time.After(d):
	}
	how := "kill -9"
	if server {
		how = "server ended its connections"
		rows, err := db.SQL.Query(fd.connections)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			_, _ = db.SQL.Exec(fmt.Sprintf(fd.terminate, id))
		}
		// Still running after its connections were ended (it may have been
		// between two connections): kill it.
		select {
		case <-done:
			return how + ": " + lastLine(out.String())
		case <-time.After(10 * time.Second):
		}
	}
	_ = cmd.Process.Kill()
	<-done
	return how
}

func lastLine(s string) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	return l[len(l)-1]
}

// checkConverged checks the database after a successful `upgrade head`: every
// revision's table exists, the ledger shows each revision's up and down rows
// alternating and ending with up, the history table counts the same steps, and
// current, the version table and the progress table say head.
func checkConverged(t *testing.T, p *project, db *testdb.DB) {
	t.Helper()
	if got := strings.TrimSpace(p.ok("current").Stdout); got != faultRev(faultRevisions)+" (head)" {
		t.Fatalf("current = %q, want %s (head)", got, faultRev(faultRevisions))
	}
	var rows []string
	rs, err := db.SQL.Query("SELECT version_num FROM migrate_version")
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var v string
		_ = rs.Scan(&v)
		rows = append(rows, v)
	}
	rs.Close()
	if fmt.Sprint(rows) != "["+faultRev(faultRevisions)+"]" {
		t.Fatalf("version table holds %v", rows)
	}
	// The progress table is gone (or empty) once nothing is partly applied.
	var n int
	if err := db.SQL.QueryRow("SELECT count(*) FROM migrate_version_progress").Scan(&n); err == nil && n != 0 {
		t.Fatalf("progress table still holds %d row(s) at head", n)
	}
	seq := map[string]string{}
	rs, err = db.SQL.Query("SELECT rev, dir FROM ledger ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	ledger := map[string]int{}
	for rs.Next() {
		var rev, dir string
		_ = rs.Scan(&rev, &dir)
		want := "up"
		if strings.HasSuffix(seq[rev], "u") {
			want = "down"
		}
		if dir != want {
			rs.Close()
			t.Fatalf("ledger: revision %s ran %s after %q (u=up, d=down): a step applied twice or lost", rev, dir, seq[rev])
		}
		seq[rev] += dir[:1]
		ledger[rev+"/"+dir]++
	}
	rs.Close()
	history := map[string]int{}
	rs, err = db.SQL.Query("SELECT revision, direction FROM migrate_history")
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var rev, dir string
		_ = rs.Scan(&rev, &dir)
		if dir == "upgrade" {
			dir = "up"
		} else if dir == "downgrade" {
			dir = "down"
		}
		history[rev+"/"+dir]++
	}
	rs.Close()
	for i := 1; i <= faultRevisions; i++ {
		rev := faultRev(i)
		if !strings.HasSuffix(seq[rev], "u") {
			t.Fatalf("ledger: revision %s is at head but its ledger is %q", rev, seq[rev])
		}
		for _, dir := range []string{"up", "down"} {
			if history[rev+"/"+dir] != ledger[rev+"/"+dir] {
				t.Fatalf("history table counts %d %s step(s) of %s, the ledger %d", history[rev+"/"+dir], dir, rev, ledger[rev+"/"+dir])
			}
		}
		if err := db.SQL.QueryRow("SELECT count(*) FROM t" + rev).Scan(&n); err != nil {
			t.Fatalf("table t%s of revision %s: %v", rev, rev, err)
		}
		if i%5 == 0 {
			if err := db.SQL.QueryRow("SELECT count(*) FROM s" + rev).Scan(&n); err != nil || n != 1 {
				t.Fatalf("table s%s of revision %s: %d rows, %v", rev, rev, n, err)
			}
		}
	}
}

func faultProject(t *testing.T, fd faultDialect) (*project, *testdb.DB) {
	db := fd.db(t)
	if _, err := db.SQL.Exec(fd.ledger); err != nil {
		t.Fatal(err)
	}
	p := &project{t: t, Dir: scratch.Module(t, nil), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	writeFaultRevisions(p, fd)
	return p, db
}

// TestFaultSuite is the random fault suite over the three dialects.
func TestFaultSuite(t *testing.T) {
	iterations := int(envInt("MIGRATE_FAULT_ITERATIONS", 20))
	seed := envInt("MIGRATE_FAULT_SEED", time.Now().UnixNano())
	for _, fd := range faultDialects {
		t.Run(fd.name, func(t *testing.T) {
			t.Logf("MIGRATE_FAULT_SEED=%d", seed)
			rnd := rand.New(rand.NewSource(seed))
			p, db := faultProject(t, fd)
			// How long a whole upgrade takes here: the kill points are drawn
			// from that span.
			start := time.Now()
			p.ok("upgrade", "head")
			span := time.Since(start)
			t.Logf("a whole upgrade head takes %s", span)
			checkConverged(t, p, db)
			for it := 0; it < iterations; it++ {
				server := fd.terminate != "" && it%4 == 3
				d1 := time.Duration(rnd.Int63n(int64(span)))
				how1 := interrupt(t, p, db, fd, d1, server, "downgrade", "base", "--lock-timeout", "60s")
				d2 := time.Duration(rnd.Int63n(int64(span)))
				how2 := interrupt(t, p, db, fd, d2, server, "upgrade", "head", "--lock-timeout", "60s")
				t0 := time.Now()
				r := p.run("upgrade", "head", "--lock-timeout", "60s")
				if testing.Verbose() {
					t.Logf("iteration %d: downgrade base: %s after %s; upgrade head: %s after %s; recovery took %s", it, how1, d1, how2, d2, time.Since(t0))
				}
				if r.Code != 0 {
					t.Fatalf("iteration %d (downgrade base: %s after %s; upgrade head: %s after %s): the next upgrade head exited %d:\n%s",
						it, how1, d1, how2, d2, r.Code, r.Stderr)
				}
				checkConverged(t, p, db)
			}
		})
	}
}
