package dialecttest

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// Harness is what the suite needs to test one dialect.
type Harness struct {
	// Dialect is the dialect under test.
	Dialect dialect.Dialect
	// Inspector is the inspector registered for the same dialect.
	Inspector inspect.Inspector
	// NewDB returns a fresh, empty database of the dialect (testdb.SQLite,
	// testdb.Postgres, testdb.MySQL), dropped when the test ends.
	NewDB func(t testing.TB) *testdb.DB
	// MaxIdentifierLength is the longest identifier the database keeps as written
	// (63 bytes on PostgreSQL, 64 characters on MySQL); 0 means there is no limit,
	// and the suite then uses 100-character names.
	MaxIdentifierLength int
	// Known lists dialect bugs the suite has found and that are not fixed yet, by
	// step ("RoundTrip/tables/downgrade", see the steps' doc comments), each with
	// a one-line description. A listed step is skipped, saying "known: …", so the
	// suite stays green while the rest of it keeps running.
	Known map[string]string
	// Normalize, when set, rewrites the model (want) and the inspected schema
	// (got) of the property test into what the dialect documents it stores,
	// before they are compared; each rule says why (see the dialects' harnesses
	// in conformance_test.go).
	Normalize func(want, got *schema.MetaData)
	// Oracle, when set, reads every column of every table and whether it is NOT
	// NULL from the server's own catalog, without the inspector (OracleQuery
	// builds one from a query); the property test checks the model against it.
	Oracle func(ctx context.Context, db *sql.DB) ([]OracleColumn, error)
	// DSN, when set, returns the driver's data source name for a database of
	// NewDB (what the dialect's Open gives its driver); the property sequences'
	// online-equals-offline case records the SQL the driver is given through
	// it, and is skipped without it.
	DSN func(t testing.TB, db *testdb.DB) string
}

// Run runs the conformance suite against h as subtests of t. Each case works on
// a database of its own.
func Run(t *testing.T, h Harness) {
	t.Helper()
	if h.Dialect == nil || h.Inspector == nil || h.NewDB == nil {
		t.Fatal("dialecttest: Harness needs Dialect, Inspector and NewDB")
	}
	cases := []struct {
		name string
		fn   func(*testing.T, Harness)
	}{
		{"VersionTable", testVersionTable},
		{"RoundTrip", testRoundTrip},
		{"HostileNames", testHostileNames},
		{"Literals", testLiterals},
		{"ExecuteDialects", testExecuteDialects},
		{"Lock", testLock},
		{"RenderErrors", testRenderErrors},
		{"ModelProperties", testModelProperties},
		{"ClassifyError", testClassifyError},
		{"Property", testProperty},
		{"PropertyOnlineOffline", testPropertyOnlineOffline},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.fn(t, h)
		})
	}
}

// session is one case's database and the dialect it is driven through.
type session struct {
	t   *testing.T
	h   Harness
	d   dialect.Dialect
	db  *sql.DB
	ctx context.Context
	// tdb is the test database db belongs to; dsn, when set, the driver's
	// data source name for it (Harness.DSN).
	tdb *testdb.DB
	dsn string
}

func newSession(t *testing.T, h Harness) *session {
	t.Helper()
	db := h.NewDB(t)
	return &session{t: t, h: h, d: h.Dialect, db: db.SQL, ctx: t.Context(), tdb: db}
}

// migrate renders list against the schema before it and runs the statements:
// in one transaction when the dialect has transactional DDL (a NoTransaction
// statement runs between two transactions), one by one otherwise. A statement
// marked ExpectNoRows is queried, and any row it returns is an error.
func (s *session) migrate(list []ops.Op, before *schema.MetaData) error {
	stmts, err := s.d.Render(list, &dialect.RenderEnv{Current: cloneMeta(before)})
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	return s.run(list, stmts)
}

func (s *session) run(list []ops.Op, stmts []dialect.Statement) error {
	var tx *sql.Tx
	begin := func() error {
		if !s.d.Capabilities().TransactionalDDL {
			return nil
		}
		var err error
		tx, err = s.db.BeginTx(s.ctx, nil)
		return err
	}
	commit := func() error {
		if tx == nil {
			return nil
		}
		defer func() { tx = nil }()
		return tx.Commit()
	}
	defer func() {
		if tx != nil {
			_ = tx.Rollback()
		}
	}()
	if err := begin(); err != nil {
		return err
	}
	for _, st := range stmts {
		if st.NoTransaction {
			if err := commit(); err != nil {
				return err
			}
		}
		var q interface {
			ExecContext(context.Context, string, ...any) (sql.Result, error)
			QueryContext(context.Context, string, ...any) (*sql.Rows, error)
		} = s.db
		if tx != nil {
			q = tx
		}
		if err := execOne(s.ctx, q, st); err != nil {
			name := "?"
			if st.Op >= 0 && st.Op < len(list) {
				name = ops.Name(list[st.Op])
			}
			return fmt.Errorf("op %d (%s): %w", st.Op, name, err)
		}
		if st.NoTransaction {
			if err := begin(); err != nil {
				return err
			}
		}
	}
	return commit()
}

func execOne(ctx context.Context, q interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, st dialect.Statement) error {
	if !st.ExpectNoRows {
		if _, err := q.ExecContext(ctx, st.SQL); err != nil {
			return fmt.Errorf("%s: %w", st.SQL, err)
		}
		return nil
	}
	rows, err := q.QueryContext(ctx, st.SQL)
	if err != nil {
		return fmt.Errorf("%s: %w", st.SQL, err)
	}
	defer rows.Close()
	if rows.Next() {
		return fmt.Errorf("%s: returned a row, so the check it makes failed", st.SQL)
	}
	return rows.Err()
}

// inspect reads the live schema.
func (s *session) inspect() *schema.MetaData {
	s.t.Helper()
	m, err := s.h.Inspector.Inspect(s.ctx, s.db, inspect.Options{})
	if err != nil {
		s.t.Fatalf("inspect: %v", err)
	}
	return m
}

// q quotes an identifier.
func (s *session) q(name string) string { return s.d.QuoteIdent(name) }

// with returns the session for subtest t.
func (s *session) with(t *testing.T) *session {
	c := *s
	c.t, c.ctx = t, t.Context()
	return &c
}

// skipIfKnown skips the test when step is listed in Harness.Known.
func (s *session) skipIfKnown(step string) {
	s.t.Helper()
	if why, ok := s.h.Known[step]; ok {
		s.t.Skip("known: " + why)
	}
}
