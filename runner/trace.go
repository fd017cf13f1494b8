package runner

import (
	"context"
	"database/sql"
	"time"
)

// traced returns x with every statement reported to Trace (x itself when Trace
// is nil).
func (r *Runner) traced(x execer) execer {
	if r.Trace == nil {
		return x
	}
	if t, ok := x.(tracer); ok && t.r == r {
		return x
	}
	return tracer{x: x, r: r}
}

// tracer is an execer that reports each statement, its duration and its error
// to the runner's Trace.
type tracer struct {
	x execer
	r *Runner
}

func (t tracer) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	start := time.Now()
	res, err := t.x.ExecContext(ctx, query, args...)
	t.r.Trace(query, time.Since(start), err)
	return res, err
}

func (t tracer) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	start := time.Now()
	rs, err := t.x.QueryContext(ctx, query, args...)
	t.r.Trace(query, time.Since(start), err)
	return rs, err
}

// QueryRowContext is reported when the row is read: the *sql.Row holds the
// query's error until Scan, so the duration covers running the query only.
func (t tracer) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	start := time.Now()
	row := t.x.QueryRowContext(ctx, query, args...)
	t.r.Trace(query, time.Since(start), row.Err())
	return row
}
