package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// querier runs every information_schema query of one Inspect call and counts
// them, so a test can check that the count does not grow with the table count.
type querier struct {
	db    *sql.DB
	count int
}

// query runs one catalog query; what names it in errors ("columns", "indexes").
func (q *querier) query(ctx context.Context, what, sqlText string, args ...any) (*sql.Rows, error) {
	q.count++
	rows, err := q.db.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("mysql inspect: reading %s from information_schema: %w", what, err)
	}
	return rows, nil
}

// inList returns "?, ?, ?" for n placeholders.
func inList(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
