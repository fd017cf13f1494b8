package dialect_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/dialect/postgres"
	"github.com/retortdb/migrate/dialect/sqlite"
)

func TestStatementTimeoutSQLFallback(t *testing.T) {
	q, err := dialect.StatementTimeoutSQL(postgres.Dialect{}, 1500*time.Millisecond)
	if err != nil || q != "SET statement_timeout = 1500" {
		t.Fatalf("postgresql: %q, %v", q, err)
	}
	q, err = dialect.StatementTimeoutSQL(sqlite.Dialect{}, time.Second)
	if q != "" || !errors.Is(err, dialect.ErrUnsupported) || !errors.Is(err, errors.ErrUnsupported) || !strings.Contains(err.Error(), "sqlite") {
		t.Fatalf("sqlite: %q, %v; want ErrUnsupported naming the dialect", q, err)
	}
}

func TestClassifyCommon(t *testing.T) {
	for _, c := range []struct {
		err  error
		want dialect.ErrorKind
	}{
		{nil, dialect.ErrOther},
		{errors.New("syntax error"), dialect.ErrOther},
		{context.Canceled, dialect.ErrCancelled},
		{fmt.Errorf("revision abc: %w", context.DeadlineExceeded), dialect.ErrCancelled},
		{driver.ErrBadConn, dialect.ErrConnectionLost},
		{sql.ErrConnDone, dialect.ErrConnectionLost},
		{fmt.Errorf("reading: %w", io.ErrUnexpectedEOF), dialect.ErrConnectionLost},
	} {
		if got := dialect.ClassifyCommon(c.err); got != c.want {
			t.Errorf("ClassifyCommon(%v) = %q, want %q", c.err, got, c.want)
		}
	}
	if s := dialect.ErrorKind(99).String(); s != "unknown" {
		t.Errorf("ErrorKind(99) = %q", s)
	}
}
