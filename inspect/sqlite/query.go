package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// querier runs the inspector's catalog queries and counts them, so a test can
// check that the count does not grow with the number of tables.
type querier struct {
	db *sql.DB
	n  int
}

// each runs query and calls scan for every row; errors name what was read.
func (q *querier) each(ctx context.Context, what, query string, scan func(*sql.Rows) error) error {
	q.n++
	rows, err := q.db.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("sqlite inspect: reading %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("sqlite inspect: reading %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite inspect: reading %s: %w", what, err)
	}
	return nil
}
