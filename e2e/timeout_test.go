package e2e_test

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
)

// A statement that blocks longer than --statement-timeout is cancelled, the
// revision rolls back (or, on MySQL, is recorded as partly applied), and the error
// says what happened.
func TestStatementTimeout(t *testing.T) {
	for _, c := range []struct {
		name  string
		db    func(testing.TB) *testdb.DB
		sleep string
	}{
		{"postgresql", testdb.Postgres, "SELECT pg_sleep(30)"},
		{"mysql", testdb.MySQL, "SELECT SLEEP(30)"},
		{"sqlite", testdb.SQLite, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := c.db(t)
			p := &project{t: t, Dir: scratch.Module(t, nil), Env: []string{"MIGRATE_URL=" + db.URL}}
			p.ok("init")
			p.write("migrations/versions/a.yaml", "revision: a\nmessage: slow\nupgrade:\n  - execute: \""+c.sleep+"\"\n")
			start := time.Now()
			p.fails(1, "ran longer than the statement timeout (1s)", "upgrade", "head", "--statement-timeout", "1s")
			if d := time.Since(start); d > 20*time.Second {
				t.Fatalf("the statement was not cancelled in time (%s)", d)
			}
			if got := strings.TrimSpace(p.ok("current").Stdout); got != "" {
				t.Fatalf("current after a timed-out revision = %q, want nothing", got)
			}
		})
	}
}

// A server that accepts the connection but never answers is given up on after
// --connect-timeout.
func TestConnectTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // hold it open, say nothing
		}
	}()
	p := &project{t: t, Dir: scratch.Module(t, nil)}
	p.ok("init")
	for _, scheme := range []string{"postgresql", "mysql"} {
		start := time.Now()
		p.fails(1, "no answer within 1s (--connect-timeout)", "--url", scheme+"://u:pw@"+ln.Addr().String()+"/db", "--connect-timeout", "1s", "current")
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("%s: gave up after %s", scheme, d)
		}
	}
}
