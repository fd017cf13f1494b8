package postgres

import (
	"context"
	"database/sql"
)

// querier runs every catalog query of one Inspect call and counts them, so a
// test can check that the count does not grow with the number of tables.
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
