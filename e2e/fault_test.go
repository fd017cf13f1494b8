package e2e_test

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
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

// startStreaming starts the binary in p with extra environment entries and
// returns it with a scanner over its stderr, for tests that act when a line
// appears. The caller reads the scanner to its end before cmd.Wait.
func startStreaming(t *testing.T, p *project, env []string, args ...string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(migrateBin, args...)
	cmd.Dir = p.Dir
	cmd.Env = append(append(os.Environ(), p.Env...), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(stderr)
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
			// The dialects at once: most of an iteration is waiting (slow
			// statements, process start), so this bounds the suite's time by
			// its slowest dialect.
			t.Parallel()
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
				// A transactional dialect rolls the whole killed downgrade
				// back: go down to a random revision first, so that the
				// killed upgrade has work to do everywhere.
				k := rnd.Intn(faultRevisions)
				to := "base"
				if k > 0 {
					to = faultRev(k)
				}
				// (It may refuse, when the killed downgrade went below it
				// already: not what is tested here.)
				if r := p.run("downgrade", to, "--lock-timeout", "60s"); r.Code != 0 {
					checkErrorLine(t, r.Stderr, "")
				}
				d2 := time.Duration(rnd.Int63n(int64(span) * int64(faultRevisions-k) / faultRevisions))
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

// slowRevisions is r1 (the log table) and r2, whose first statement is a slow
// CREATE TABLE … AS SELECT and whose second inserts into the log.
func slowRevisions(t *testing.T, db *testdb.DB, slowSQL string) *project {
	p := logProject(t, db)
	p.write("migrations/versions/r2.yaml", "revision: r2\ndown_revision: r1\nmessage: slow\nupgrade:\n  - execute: \""+slowSQL+"\"\n  - execute: INSERT INTO run_log (rev) VALUES ('r2')\n")
	p.ok("upgrade", "r1")
	return p
}

const mySlowRunning = `SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE 'CREATE TABLE slow%'`

// myConverged checks that upgrade head reaches r3 with r2's log row once and
// its table present.
func myConverged(t *testing.T, p *project, db *testdb.DB, wantLog string) {
	t.Helper()
	r := p.run("upgrade", "head", "--lock-timeout", "20s")
	if r.Code != 0 {
		t.Fatalf("the next upgrade head failed:\n%s", r.Stderr)
	}
	if wantLog != "" && !strings.Contains(r.Stderr, wantLog) {
		t.Errorf("the run does not say %q:\n%s", wantLog, r.Stderr)
	}
	if got := strings.TrimSpace(p.ok("current").Stdout); got != "r3 (head)" {
		t.Fatalf("current = %q", got)
	}
	var n int
	_ = db.SQL.QueryRow(`SELECT count(*) FROM run_log WHERE rev = 'r2'`).Scan(&n)
	if n != 1 {
		t.Fatalf("r2's insert is in the log %d times, want exactly once", n)
	}
	if err := db.SQL.QueryRow(`SELECT count(*) FROM slow`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("table slow: %d rows, %v", n, err)
	}
}

// The reproduction: kill -9 during a DDL statement the server goes on
// to finish; the next run finds it finished (the schema changed since the
// statement started) and does not run it again.
func TestKilledDuringDDLFinishedByServerMySQL(t *testing.T) {
	db := testdb.MySQL(t)
	p := slowRevisions(t, db, "CREATE TABLE slow AS SELECT SLEEP(2) AS x")
	cmd, _ := startAndWait(t, p, db.SQL, mySlowRunning)
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	// The server finishes the statement (its client is gone).
	for i := 0; ; i++ {
		var n int
		_ = db.SQL.QueryRow(mySlowRunning).Scan(&n)
		if n == 0 {
			break
		}
		if i > 400 {
			t.Fatal("the statement still runs")
		}
		time.Sleep(25 * time.Millisecond)
	}
	var n int
	if err := db.SQL.QueryRow(`SELECT count(*) FROM slow`).Scan(&n); err != nil {
		t.Fatalf("the server did not finish the killed client's CREATE TABLE (the test needs it to): %v", err)
	}
	if got := strings.TrimSpace(p.ok("current").Stdout); !strings.Contains(got, "statement 1 was running when the run stopped") {
		t.Errorf("current does not show the interrupted statement: %q", got)
	}
	myConverged(t, p, db, "so it took effect: not running it again")
}

// kill -9 during a DDL statement, and the next run at once: the dead run's
// session still holds the lock while its statement runs; the next run ends it
// (it is a migrate run whose process is gone), and reruns the statement, which
// the server rolled back.
func TestKilledDuringDDLNextRunAtOnceMySQL(t *testing.T) {
	db := testdb.MySQL(t)
	p := slowRevisions(t, db, "CREATE TABLE slow AS SELECT SLEEP(30) AS x")
	cmd, _ := startAndWait(t, p, db.SQL, mySlowRunning)
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	// Statement 1 did not finish, so it may be edited: make it quick.
	p.write("migrations/versions/r2.yaml", strings.Replace(p.read("migrations/versions/r2.yaml"), "SLEEP(30)", "SLEEP(0)", 1))
	// Without ending the dead holder this would wait 30 s and time out.
	myConverged(t, p, db, "so it did not take effect: running it again")
}

// SIGINT and SIGTERM during a long DDL statement stop it on the server (KILL
// QUERY): the table it would create never appears, and the next run converges.
func TestSignalsDuringDDLMySQL(t *testing.T) {
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGTERM, 143}, {syscall.SIGINT, 130}} {
		t.Run(c.sig.String(), func(t *testing.T) {
			db := testdb.MySQL(t)
			p := slowRevisions(t, db, "CREATE TABLE slow AS SELECT SLEEP(5) AS x")
			cmd, errb := startAndWait(t, p, db.SQL, mySlowRunning)
			_ = cmd.Process.Signal(c.sig)
			err := cmd.Wait()
			ee, ok := err.(*exec.ExitError)
			if !ok || ee.ExitCode() != c.code {
				t.Fatalf("exit %v, want %d; stderr:\n%s", err, c.code, errb)
			}
			checkErrorLine(t, errb.String(), "r2")
			// Not running any more (the server may take a moment to
			// notice the kill), and it did not finish: no table.
			for i := 0; ; i++ {
				var n int
				_ = db.SQL.QueryRow(mySlowRunning).Scan(&n)
				if n == 0 {
					break
				}
				if i > 400 {
					t.Fatal("the statement still runs after the signal")
				}
				time.Sleep(25 * time.Millisecond)
			}
			var n int
			_ = db.SQL.QueryRow(`SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'slow'`).Scan(&n)
			if n != 0 {
				t.Fatal("the interrupted CREATE TABLE ran to its end on the server")
			}
			p.write("migrations/versions/r2.yaml", strings.Replace(p.read("migrations/versions/r2.yaml"), "SLEEP(5)", "SLEEP(0)", 1))
			myConverged(t, p, db, "")
		})
	}
}

// SIGINT and SIGTERM during a long DDL statement on PostgreSQL (cancel request)
// and SQLite (the driver interrupts it): exit 130/143, the statement is rolled
// back with its transaction, and the next run converges.
func TestSignalsDuringDDLPostgresSQLite(t *testing.T) {
	for _, fd := range faultDialects[:2] {
		for _, c := range []struct {
			sig  syscall.Signal
			code int
		}{{syscall.SIGTERM, 143}, {syscall.SIGINT, 130}} {
			t.Run(fd.name+"/"+c.sig.String(), func(t *testing.T) {
				db := fd.db(t)
				long := "CREATE TABLE slow AS SELECT 1 AS x FROM pg_sleep(30)"
				if fd.name == "sqlite" {
					long = "CREATE TABLE slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) SELECT count(*) AS x FROM c"
				}
				p := slowRevisions(t, db, long)
				var cmd *exec.Cmd
				var errb *bytes.Buffer
				if fd.name == "postgres" {
					cmd, errb = startAndWait(t, p, db.SQL, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'CREATE TABLE slow%'`)
				} else {
					cmd, errb = startMigrate(t, p, "upgrade", "head")
					// Nothing to watch on SQLite: give it time to reach the
					// statement (which runs for many seconds).
					time.Sleep(time.Second)
				}
				_ = cmd.Process.Signal(c.sig)
				err := cmd.Wait()
				ee, ok := err.(*exec.ExitError)
				if !ok || ee.ExitCode() != c.code {
					t.Fatalf("exit %v, want %d; output:\n%s", err, c.code, errb)
				}
				var n int
				if err := db.SQL.QueryRow(`SELECT count(*) FROM slow`).Scan(&n); err == nil {
					t.Fatal("the interrupted CREATE TABLE was committed")
				}
				if got := strings.TrimSpace(p.ok("current").Stdout); got != "r1" {
					t.Fatalf("current = %q, want r1", got)
				}
				p.write("migrations/versions/r2.yaml", "revision: r2\ndown_revision: r1\nmessage: slow\nupgrade:\n  - execute: \"CREATE TABLE slow AS SELECT 1 AS x\"\n  - execute: INSERT INTO run_log (rev) VALUES ('r2')\n")
				if r := p.run("upgrade", "head", "--lock-timeout", "20s"); r.Code != 0 {
					t.Fatalf("the next upgrade head failed:\n%s", r.Stderr)
				}
				_ = db.SQL.QueryRow(`SELECT count(*) FROM run_log WHERE rev = 'r2'`).Scan(&n)
				if n != 1 {
					t.Fatalf("r2's insert is in the log %d times, want exactly once", n)
				}
			})
		}
	}
}
