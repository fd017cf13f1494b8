// Package sqlrecord records the SQL text a database/sql driver is given, per
// connection, for tests that compare what an online run executes with the
// script an offline (--sql) run prints: a driver.Connector wrapping a driver's
// connections (Open), the filter of an online session's bookkeeping
// (Bookkeeping) and the splitter of an offline script (ScriptStatements).
package sqlrecord

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// Log records, per connection, every SQL text the driver is given (Exec,
// Query, Prepare) and BEGIN/COMMIT/ROLLBACK for transactions begun through the
// driver.
type Log struct {
	mu    sync.Mutex
	conns [][]string
}

func (l *Log) newConn() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.conns = append(l.conns, nil)
	return len(l.conns) - 1
}

func (l *Log) add(conn int, s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.conns[conn] = append(l.conns[conn], s)
}

// Reset forgets what was recorded, keeping the connections.
func (l *Log) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.conns {
		l.conns[i] = nil
	}
}

// Session returns the log of the connection that wrote the version table (the
// run's session), or nil.
func (l *Log) Session(vt string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range l.conns {
		for _, s := range c {
			if strings.Contains(s, vt) && (strings.HasPrefix(s, "INSERT") || strings.HasPrefix(s, "UPDATE") || strings.HasPrefix(s, "DELETE")) {
				return append([]string(nil), c...)
			}
		}
	}
	return nil
}

// Connector opens connections of drv to dsn that record into log. Use it with
// sql.OpenDB, or through Open.
type Connector struct {
	drv driver.Driver
	dsn string
	log *Log
}

// Open returns a pool whose connections are drv's to dsn (the driver's own
// data source name, not a migrate URL), every SQL text they are given recorded
// in the returned Log. The caller closes the pool.
func Open(drv driver.Driver, dsn string) (*sql.DB, *Log) {
	l := &Log{}
	return sql.OpenDB(&Connector{drv: drv, dsn: dsn, log: l}), l
}

// Connect opens one recording connection.
func (c *Connector) Connect(context.Context) (driver.Conn, error) {
	dc, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &conn{Conn: dc, log: c.log, id: c.log.newConn()}, nil
}

// Driver returns the wrapped driver.
func (c *Connector) Driver() driver.Driver { return c.drv }

// conn records every SQL text before passing it to the driver's connection.
type conn struct {
	driver.Conn
	log *Log
	id  int
}

func (c *conn) Prepare(q string) (driver.Stmt, error) {
	c.log.add(c.id, q)
	return c.Conn.Prepare(q)
}

func (c *conn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	c.log.add(c.id, q)
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, q)
	}
	return c.Conn.Prepare(q)
}

func (c *conn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	x, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	res, err := x.ExecContext(ctx, q, args)
	if err != driver.ErrSkip {
		c.log.add(c.id, q)
	}
	return res, err
}

func (c *conn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	x, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	rows, err := x.QueryContext(ctx, q, args)
	if err != driver.ErrSkip {
		c.log.add(c.id, q)
	}
	return rows, err
}

func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	b, ok := c.Conn.(driver.ConnBeginTx)
	if !ok {
		return nil, errors.New("the driver has no BeginTx")
	}
	dtx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	c.log.add(c.id, "BEGIN")
	return &tx{Tx: dtx, c: c}, nil
}

func (c *conn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *conn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *conn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	if x, ok := c.Conn.(driver.NamedValueChecker); ok {
		return x.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

type tx struct {
	driver.Tx
	c *conn
}

func (t *tx) Commit() error {
	t.c.log.add(t.c.id, "COMMIT")
	return t.Tx.Commit()
}

func (t *tx) Rollback() error {
	t.c.log.add(t.c.id, "ROLLBACK")
	return t.Tx.Rollback()
}

// Bookkeeping reports whether an SQL text an online run's session gives the
// driver is a read, a lock or a progress row rather than a statement of the
// plan (each prefix below says which). The list is the whole of
// what is filtered.
func Bookkeeping(s string) bool {
	for _, p := range []string{
		"SELECT version_num FROM ",               // reading the version table
		"SELECT revision, direction, statements", // reading the progress table (MySQL)
		"PRAGMA busy_timeout",                    // SQLite: how long BEGIN IMMEDIATE waits
		"PRAGMA database_list",                   // SQLite: where the lock file goes
		"SELECT pg_try_advisory_lock(",           // PostgreSQL's lock
		"SELECT pg_advisory_lock(",
		"SELECT pg_advisory_unlock(",
		"SELECT DATABASE()", // MySQL: the lock's name
		"SELECT GET_LOCK(",  // MySQL's lock
		"SELECT RELEASE_LOCK(",
		"SELECT IS_USED_LOCK(",
		"SELECT CONNECTION_ID()",         // MySQL: the run's guard marks
		"SHOW VARIABLES LIKE 'wsrep_on'", // MySQL: a Galera node takes a lease instead
		"SELECT @@SESSION.wsrep_OSU_method",
	} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	if strings.HasPrefix(s, "SELECT ") && strings.Contains(s, "\n\t FROM information_schema.") {
		return true // MySQL: the schema fingerprint recorded before each statement
	}
	return strings.Contains(s, "migrate_version_progress") // progress rows (derived from the plan)
}

// WithoutPrelude returns an offline script's statements without the session
// set-up the dialect writes first (dialect.ScriptPrelude: MySQL's SET NAMES
// utf8mb4), which an online run's driver does from the URL instead, out of the
// statements a Log captures. It is an error when the script does not start with
// that prelude.
func WithoutPrelude(stmts, prelude []string) ([]string, error) {
	for _, p := range prelude {
		if len(stmts) == 0 || stmts[0] != p {
			return nil, fmt.Errorf("the --sql script does not start with the dialect's prelude %q: %q", p, stmts)
		}
		stmts = stmts[1:]
	}
	return stmts, nil
}

// ScriptStatements splits an offline script into its statements, comments
// dropped, as WriteSQL writes them (each ended by ";" and a blank line).
func ScriptStatements(script string) []string {
	var out []string
	for _, part := range strings.Split(script, ";\n\n") {
		var keep []string
		for _, line := range strings.Split(part, "\n") {
			if strings.HasPrefix(line, "-- ") || (len(keep) == 0 && line == "") {
				continue
			}
			keep = append(keep, line)
		}
		if s := strings.TrimSpace(strings.Join(keep, "\n")); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// TrimEnd drops a statement's trailing semicolon and white space.
func TrimEnd(s string) string { return strings.TrimRight(s, "; \n\t") }
