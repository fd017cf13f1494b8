package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
)

// apply renders list against env and runs the statements in one transaction,
// as the runner does: a statement marked ExpectNoRows (PRAGMA foreign_key_check,
// the guards) returning any row is a failure.
func apply(ctx context.Context, db *sql.DB, env *dialect.RenderEnv, list ...ops.Op) error {
	st, err := Dialect{}.Render(list, env)
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, s := range st {
		if s.ExpectNoRows {
			n, err := countRows(ctx, tx, s.SQL)
			if err != nil {
				return fmt.Errorf("%s: %w", s.SQL, err)
			}
			if n > 0 {
				return fmt.Errorf("%s: %d foreign key violation(s)", s.SQL, n)
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, s.SQL); err != nil {
			return fmt.Errorf("op %d: %s: %w", s.Op, s.SQL, err)
		}
	}
	return tx.Commit()
}

func countRows(ctx context.Context, tx *sql.Tx, q string) (int, error) {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

func mustExec(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func queryInt(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func queryString(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	var s string
	if err := db.QueryRow(q).Scan(&s); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return s
}
