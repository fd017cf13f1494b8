package testdb

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// Galera is one fresh database on a MariaDB Galera cluster.
type Galera struct {
	// Name is the database name, the same on every node.
	Name string
	// URLs are the migrate URLs of the database on each node, in the order
	// MIGRATE_TEST_GALERA_URLS lists the nodes.
	URLs []string
	// Nodes are connection pools to the database on each node, closed at
	// cleanup; their reads wait for the cluster (wsrep_sync_wait=1).
	Nodes []*sql.DB
}

// GaleraCluster returns a fresh database created on the Galera cluster whose
// nodes MIGRATE_TEST_GALERA_URLS lists (comma-separated mysql:// URLs, see
// scripts/test-clusters.sh), dropped at cleanup. Without the variable the test
// is skipped, or fails under MIGRATE_TEST_REQUIRE_SERVERS=1.
func GaleraCluster(t testing.TB) *Galera {
	t.Helper()
	env := os.Getenv("MIGRATE_TEST_GALERA_URLS")
	if env == "" {
		skipOrFail(t, "MIGRATE_TEST_GALERA_URLS")
	}
	bases := strings.Split(env, ",")
	name := uniqueName("migrate_test")
	g := &Galera{Name: name}
	for i, base := range bases {
		dsn, err := MySQLDSN(base, "")
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			admin, err := sql.Open("mysql", dsn)
			if err != nil {
				t.Fatal(err)
			}
			_, err = admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
			admin.Close()
			if err != nil {
				t.Fatalf("creating test database %s on Galera node %s: %v", name, base, err)
			}
			t.Cleanup(func() {
				a, err := sql.Open("mysql", dsn)
				if err != nil {
					return
				}
				defer a.Close()
				_, _ = a.Exec("DROP DATABASE IF EXISTS " + name)
			})
		}
		dsn2, err := MySQLDSN(base, name)
		if err != nil {
			t.Fatal(err)
		}
		// wsrep_sync_wait=1: each read first waits until the node has
		// applied what the cluster committed before it, so a test reads
		// every node's final state.
		db, err := sql.Open("mysql", dsn2+"&wsrep_sync_wait=1")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		// The other nodes apply CREATE DATABASE a moment after node 1
		// returns: wait until each has it.
		deadline := time.Now().Add(30 * time.Second)
		for {
			err := db.Ping()
			if err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("Galera node %s: database %s after 30 s: %v", base, name, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
		g.URLs = append(g.URLs, withDatabase(t, base, name))
		g.Nodes = append(g.Nodes, db)
	}
	return g
}

// PgBouncerURL returns the migrate URL of db (made by Postgres) through the
// PgBouncer in transaction pooling that MIGRATE_TEST_PGBOUNCER_URL names: its
// host, port and options (pooling=transaction) with db's database. Without the
// variable the test is skipped, or fails under MIGRATE_TEST_REQUIRE_SERVERS=1.
func PgBouncerURL(t testing.TB, db *DB) string {
	t.Helper()
	return sameServerAs(t, "MIGRATE_TEST_PGBOUNCER_URL", db.Name)
}

// PGReplica returns a connection pool to db (made by Postgres) on the
// streaming replica MIGRATE_TEST_PG_REPLICA_URL names, and its URL, once the
// replica has replayed the database's creation (at most 60 s). Without the
// variable the test is skipped, or fails under MIGRATE_TEST_REQUIRE_SERVERS=1.
func PGReplica(t testing.TB, db *DB) (*sql.DB, string) {
	t.Helper()
	u := sameServerAs(t, "MIGRATE_TEST_PG_REPLICA_URL", db.Name)
	r, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for {
		var in bool
		err := r.QueryRowContext(ctx, "SELECT pg_is_in_recovery()").Scan(&in)
		if err == nil && !in {
			t.Fatalf("MIGRATE_TEST_PG_REPLICA_URL names a server that is not a standby")
		}
		if err == nil {
			return r, u
		}
		if ctx.Err() != nil {
			t.Fatalf("the replica does not show database %s after 60 s: %v (is it streaming? scripts/test-clusters.sh start rebuilds it)", db.Name, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// sameServerAs returns the URL in env with its database replaced by name.
func sameServerAs(t testing.TB, env, name string) string {
	t.Helper()
	base := os.Getenv(env)
	if base == "" {
		skipOrFail(t, env)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s is malformed: %v", env, err)
	}
	u.Path = "/" + name
	return u.String()
}
