package mysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/retortdb/migrate/dialect"
)

// LeaseReason says why a run on conn's server takes a lease instead of GET_LOCK:
// on a MariaDB Galera cluster (wsrep_on is ON) GET_LOCK is local to the node,
// so runs connected to two nodes would both hold it, while a row written in a
// transaction is certified across the cluster: of two runs writing the lease
// row on two nodes, one commits and the other fails. "" on a server without
// Galera (MySQL has no wsrep_on variable; MariaDB has it OFF). A Galera
// session whose wsrep_OSU_method is not TOI (RSU: DDL on this node only) is an
// error: migrate's DDL must reach every node in the cluster's total order.
func (Dialect) LeaseReason(ctx context.Context, conn *sql.Conn) (string, error) {
	var name, value string
	err := conn.QueryRowContext(ctx, "SHOW VARIABLES LIKE 'wsrep_on'").Scan(&name, &value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("mysql: reading wsrep_on to tell a Galera cluster: %w", err)
	}
	if !strings.EqualFold(value, "ON") && value != "1" {
		return "", nil
	}
	// In RSU a DDL statement changes only this node, while the version-table
	// row replicates: the nodes would disagree about the schema.
	var method string
	if err := conn.QueryRowContext(ctx, "SELECT @@SESSION.wsrep_OSU_method").Scan(&method); err != nil {
		return "", fmt.Errorf("mysql: reading wsrep_OSU_method on a Galera node: %w", err)
	}
	if !strings.EqualFold(method, "TOI") {
		return "", fmt.Errorf("mysql: the session's wsrep_OSU_method is %s, where DDL changes only the node it runs on while the version table replicates to every node; nothing was changed: run migrate with wsrep_OSU_method = TOI (the default; set it globally or for the user), and apply RSU changes by hand on each node", method)
	}
	return "the server is a node of a Galera cluster (wsrep_on is ON), where GET_LOCK holds on one node only", nil
}

// LeaseSQL returns the statements of the lease lock table (see
// dialect.LeaseLocker): an InnoDB table with a primary key, as Galera
// replicates only those, and expiries in the server's clock (NOW(6)). Prepare
// sets wsrep_sync_wait = 1 on the run's session, so that its reads (the lease
// row, then the version and progress tables) wait until the node has applied
// every transaction the cluster committed before them: the lease another node
// took and the revision the previous holder applied there are seen. On a server without Galera the
// lease is not used.
func (d Dialect) LeaseSQL(table dialect.VersionTable) dialect.LeaseSQL {
	t := d.QuoteIdent(table.Name)
	if table.Schema != "" {
		t = d.QuoteIdent(table.Schema) + "." + t
	}
	return dialect.LeaseSQL{
		Create: []string{"CREATE TABLE IF NOT EXISTS " + t + " (name VARCHAR(191) NOT NULL PRIMARY KEY, holder VARCHAR(255) NOT NULL, expires_at DATETIME(6) NOT NULL) ENGINE=InnoDB"},
		Acquire: "INSERT INTO " + t + " (name, holder, expires_at) VALUES (?, ?, NOW(6) + INTERVAL ? SECOND)" +
			" ON DUPLICATE KEY UPDATE holder = IF(expires_at < NOW(6), VALUES(holder), holder)," +
			" expires_at = IF(holder = VALUES(holder), VALUES(expires_at), expires_at)",
		Read:    "SELECT holder, TIMESTAMPDIFF(MICROSECOND, NOW(6), expires_at) / 1000000 FROM " + t + " WHERE name = ?",
		Renew:   "UPDATE " + t + " SET expires_at = NOW(6) + INTERVAL ? SECOND WHERE name = ? AND holder = ?",
		Release: "DELETE FROM " + t + " WHERE name = ? AND holder = ?",
		Prepare: []string{"SET SESSION wsrep_sync_wait = 1"},
	}
}
