package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sync"
)

// querier runs the catalog queries of one transaction of an Inspect call and
// counts them, so a test can check that the count does not grow with the
// number of tables.
type querier struct {
	tx *sql.Tx
	n  int
}

// query runs a catalog query that returns rows.
func (q *querier) query(ctx context.Context, sqlText string, args ...any) (*sql.Rows, error) {
	q.n++
	return q.tx.QueryContext(ctx, sqlText, args...)
}

// row runs a catalog query that returns one row.
func (q *querier) row(ctx context.Context, sqlText string, args ...any) *sql.Row {
	q.n++
	return q.tx.QueryRowContext(ctx, sqlText, args...)
}

// snapshot is what other transactions need to see exactly what the first
// transaction of an Inspect call sees: its exported snapshot (see
// pg_export_snapshot in PostgreSQL's "Snapshot Synchronization Functions") and
// its search_path, on which the text of types and expressions depends.
type snapshot struct {
	db         *sql.DB
	id         string
	searchPath string
}

// snapshotID is the shape of pg_export_snapshot's result, checked before it is
// written into SET TRANSACTION SNAPSHOT (which takes no parameter).
var snapshotID = regexp.MustCompile(`^[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+$`)

// exportSnapshot exports tx's snapshot when db may open more connections
// (MaxOpenConnections unlimited or at least 1+more), so that later queries can
// run at the same time on other connections. It returns nil when they cannot:
// too few connections, or a server that refuses the export (a standby before
// PostgreSQL 10; the error aborts tx, so the caller starts a new one).
func exportSnapshot(ctx context.Context, db *sql.DB, tx *sql.Tx, more int) (*snapshot, error) {
	if max := db.Stats().MaxOpenConnections; max != 0 && max < 1+more {
		return nil, nil
	}
	s := &snapshot{db: db}
	if err := tx.QueryRowContext(ctx, "SELECT pg_export_snapshot(), current_setting('search_path')").Scan(&s.id, &s.searchPath); err != nil {
		return nil, err
	}
	if !snapshotID.MatchString(s.id) {
		return nil, fmt.Errorf("pg_export_snapshot returned %q", s.id)
	}
	return s, nil
}

// begin starts a read-only transaction on another connection that sees the
// exported snapshot with the same search_path. The caller rolls it back.
func (s *snapshot) begin(ctx context.Context) (*sql.Tx, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "SET TRANSACTION SNAPSHOT '"+s.id+"'"); err != nil {
		tx.Rollback() //nolint:errcheck // read-only
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "SELECT set_config('search_path', $1, true)", s.searchPath); err != nil {
		tx.Rollback() //nolint:errcheck // read-only
		return nil, err
	}
	return tx, nil
}

// concurrently runs steps, each on a copy of r, and returns the first error in
// the order of steps (as running them one after the other would). With a
// snapshot, every step but the first gets a querier of its own, on a
// transaction that sees r's snapshot, and they run at the same time; a step
// whose transaction cannot be started (the server refuses another
// connection, say) runs afterwards on r's own transaction. Steps must write
// only what no other step reads or writes. It adds every step's query count to
// r.q.n.
func (r *reader) concurrently(ctx context.Context, steps ...func(*reader) error) error {
	errs := make([]error, len(steps))
	var later []int
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, step := range steps {
		if i == 0 || r.snap == nil {
			later = append(later, i)
			continue
		}
		tx, err := r.snap.begin(ctx)
		if err != nil {
			later = append(later, i)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer tx.Rollback() //nolint:errcheck // read-only; nothing to keep
			c := *r
			c.q = &querier{tx: tx}
			errs[i] = step(&c)
			mu.Lock()
			r.q.n += c.q.n
			mu.Unlock()
		}()
	}
	for _, i := range later {
		c := *r
		c.q = &querier{tx: r.q.tx}
		errs[i] = steps[i](&c)
		mu.Lock()
		r.q.n += c.q.n
		mu.Unlock()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
