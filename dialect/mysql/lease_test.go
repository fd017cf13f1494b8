package mysql

import (
	"context"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
)

// A MariaDB or MySQL server outside a Galera cluster needs no lease: GET_LOCK
// holds there (wsrep_on is OFF on MariaDB, missing on MySQL). A Galera node
// needs one.
func TestLeaseReason(t *testing.T) {
	ctx := context.Background()
	plain, err := testdb.MySQL(t).SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if why, err := (Dialect{}).LeaseReason(ctx, plain); why != "" || err != nil {
		t.Fatalf("plain server: lease reason %q, %v", why, err)
	}
	node, err := testdb.GaleraCluster(t).Nodes[1].Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer node.Close()
	if why, err := (Dialect{}).LeaseReason(ctx, node); !strings.Contains(why, "Galera cluster (wsrep_on is ON)") || err != nil {
		t.Fatalf("Galera node: lease reason %q, %v", why, err)
	}
}
