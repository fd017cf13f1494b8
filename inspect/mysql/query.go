package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"
)

// querier runs every information_schema query of one Inspect call and counts
// them, so a test can check that the count does not grow with the table count.
// Queries may run at the same time, each on a connection of its own.
type querier struct {
	db    *sql.DB
	count atomic.Int64
}

// query runs one catalog query; what names it in errors ("columns", "indexes").
func (q *querier) query(ctx context.Context, what, sqlText string, args ...any) (*sql.Rows, error) {
	q.count.Add(1)
	rows, err := q.db.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("mysql inspect: reading %s from information_schema: %w", what, err)
	}
	return rows, nil
}

// collect runs one catalog query and scans each row with scan, which gets the
// rows positioned on it; errors name what was read.
func (q *querier) collect(ctx context.Context, what, sqlText string, args []any, scan func(*sql.Rows) error) error {
	rows, err := q.query(ctx, what, sqlText, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("mysql inspect: reading %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("mysql inspect: reading %s: %w", what, err)
	}
	return nil
}

// inList returns "?, ?, ?" for n placeholders.
func inList(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
