// Package postgres is migrate's PostgreSQL dialect: DDL rendering of every op in
// package ops, type mapping, identifier quoting, literals, version-table SQL,
// connection and the advisory-lock migration lock. All behaviour hangs off one
// stateless type, Dialect, registered under "postgresql" from init.
package postgres

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/retortdb/migrate/dialect"
)

// Dialect is the PostgreSQL dialect. The zero value is ready to use and safe for
// concurrent use; it has no state.
type Dialect struct{}

var _ dialect.Dialect = Dialect{}

func init() { dialect.Register(Dialect{}) }

// Name returns "postgresql".
func (Dialect) Name() string { return "postgresql" }

// Capabilities reports PostgreSQL's facts: DDL is transactional, enums are named
// types, tables and columns carry comments, and schemas exist.
func (Dialect) Capabilities() dialect.Capabilities {
	return dialect.Capabilities{TransactionalDDL: true, NamedEnums: true, Comments: true, Schemas: true}
}

// Begin returns "BEGIN", the statement that opens a transaction in an offline script.
func (Dialect) Begin() string { return "BEGIN" }

// Commit returns "COMMIT", the statement that closes it.
func (Dialect) Commit() string { return "COMMIT" }

// Open connects to the PostgreSQL database u names, through pgx's database/sql
// driver ("pgx"). It accepts the schemes ParseURL maps to "postgresql"
// (postgresql://, postgres://, postgresql+psycopg2:// …): the SQLAlchemy driver
// part is dropped. It does not ping. Its error names the URL with the password
// shown as *** and never contains the password.
func (Dialect) Open(ctx context.Context, u *dialect.URL) (*sql.DB, error) {
	if u == nil {
		return nil, fmt.Errorf("postgresql: open: no database URL")
	}
	if u.Dialect != "" && u.Dialect != "postgresql" {
		return nil, fmt.Errorf("postgresql: open %s: the URL is for dialect %q", u.Redacted(), u.Dialect)
	}
	pooled, q, err := poolingMode(u)
	if err != nil {
		return nil, err
	}
	cu := *u
	cu.Query = q
	cfg, err := pgx.ParseConfig(connString(&cu))
	if err != nil {
		msg := err.Error()
		if u.Password != "" {
			msg = dialect.ScrubSecret(msg, u.Password)
			msg = dialect.ScrubSecret(msg, url.QueryEscape(u.Password))
			msg = dialect.ScrubSecret(msg, url.PathEscape(u.Password))
		}
		return nil, fmt.Errorf("postgresql: open %s: %s; check the URL's host, port and options", u.Redacted(), msg)
	}
	// A cancelled context (SIGINT/SIGTERM) sends the server a cancel request, so
	// a long statement stops and its transaction rolls back at once; pgx's default
	// only closes the socket, which a backend busy in a statement does not notice.
	cfg.BuildContextWatcherHandler = func(pc *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: pc, DeadlineDelay: 3 * time.Second}
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "migrate"
	}
	if pooled {
		if len(u.SessionSetup) > 0 {
			return nil, fmt.Errorf("postgresql: open %s: session_setup cannot run behind a pooler in transaction mode (pooling=transaction): each transaction may get another server connection, and a session setting would leak to other clients; move the settings into the role (ALTER ROLE … SET) or connect without the pooler", u.Redacted())
		}
		// A pooler in transaction mode hands each transaction any server
		// connection: prepared statements (pgx's statement cache) and session
		// settings would meet other clients' on it. The simple protocol sends
		// each statement whole; LeaseReason reads this mode to take a lease
		// instead of a session advisory lock.
		cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
		return stdlib.OpenDB(*cfg), nil
	}
	if len(u.SessionSetup) > 0 {
		return sql.OpenDB(dialect.SetupConnector(stdlib.GetConnector(*cfg, stdlib.OptionAfterConnect(checkClientConnection)), u.SessionSetup)), nil
	}
	return stdlib.OpenDB(*cfg, stdlib.OptionAfterConnect(checkClientConnection)), nil
}

// poolingMode reads the URL option pooling (PgBouncer's pool_mode names) and
// returns the options without it, for the driver: "transaction" (or
// "statement") says the URL names a pooler that may run consecutive
// transactions on different server connections; "session" or absent says it
// does not. Another value is an error naming the choices.
func poolingMode(u *dialect.URL) (bool, url.Values, error) {
	v := u.Query.Get("pooling")
	if !u.Query.Has("pooling") {
		return false, u.Query, nil
	}
	q := url.Values{}
	for k, vs := range u.Query {
		if k != "pooling" {
			q[k] = vs
		}
	}
	switch strings.ToLower(v) {
	case "transaction", "statement":
		return true, q, nil
	case "session", "":
		return false, q, nil
	}
	return false, nil, fmt.Errorf("postgresql: open %s: pooling=%s: write pooling=transaction (a pooler such as PgBouncer in transaction mode) or pooling=session", u.Redacted(), v)
}

// checkClientConnection asks the server (PostgreSQL 14 and later) to check every
// 2 s, while a statement runs, that the client is still there. A migrate process
// killed with SIGKILL in the middle of a long statement then loses its session —
// and the advisory lock with it — within seconds, instead of when the statement
// ends, so the next run does not wait on a dead process. Older servers lack the
// setting; that error is ignored.
func checkClientConnection(ctx context.Context, c *pgx.Conn) error {
	_, _ = c.Exec(ctx, "SET client_connection_check_interval = 2000")
	return nil
}

// connString rebuilds u as a postgres:// URL that pgx parses.
func connString(u *dialect.URL) string {
	pu := &url.URL{Scheme: "postgres", Path: "/" + u.Database}
	if u.User != "" || u.HasPass {
		if u.HasPass {
			pu.User = url.UserPassword(u.User, u.Password)
		} else {
			pu.User = url.User(u.User)
		}
	}
	pu.Host = u.Host
	if strings.Contains(u.Host, ":") {
		pu.Host = "[" + u.Host + "]" // an IPv6 address
	}
	if u.Port != "" {
		pu.Host += ":" + u.Port
	}
	if len(u.Query) > 0 {
		pu.RawQuery = u.Query.Encode()
	}
	return pu.String()
}

var plainIdent = regexp.MustCompile(`^[a-z_][a-z0-9_$]*$`)

// QuoteIdent returns name as PostgreSQL reads it back unchanged: bare when it
// matches ^[a-z_][a-z0-9_$]*$ and is not a reserved keyword (see reservedWords),
// otherwise in double quotes with embedded double quotes doubled. Upper case,
// spaces, non-ASCII letters ("bıgınt") and reserved words ("order") are quoted.
func (Dialect) QuoteIdent(name string) string {
	if plainIdent.MatchString(name) && !reservedWords[name] {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// qualify returns name quoted, prefixed by its quoted schema when schemaName is set.
func qualify(schemaName, name string) string {
	d := Dialect{}
	if schemaName == "" {
		return d.QuoteIdent(name)
	}
	return d.QuoteIdent(schemaName) + "." + d.QuoteIdent(name)
}

// Literal renders v as a PostgreSQL literal: nil as NULL, bools as true/false,
// integers and finite floats as numbers, NaN and ±Inf as 'NaN'/'Infinity'/
// '-Infinity', strings in single quotes with embedded quotes doubled (it assumes
// standard_conforming_strings is on, PostgreSQL's default since 9.1, so
// backslashes are literal), []byte as '\x…'::bytea and time.Time as a quoted
// ISO 8601 timestamp with its offset. A string containing a NUL byte, which
// PostgreSQL text cannot hold, and any other Go type are errors.
func (Dialect) Literal(v any) (string, error) {
	if s, ok := dialect.IntegerLiteral(v); ok {
		return s, nil
	}
	switch x := v.(type) {
	case nil:
		return "NULL", nil
	case bool:
		if x {
			return "true", nil
		}
		return "false", nil
	case float32:
		return floatLiteral(float64(x), 32), nil
	case float64:
		return floatLiteral(x, 64), nil
	case string:
		if strings.IndexByte(x, 0) >= 0 {
			return "", fmt.Errorf("postgresql: string literal %q contains a NUL byte, which PostgreSQL text cannot store; use a []byte (bytea) value", x)
		}
		return quoteString(x), nil
	case []byte:
		return `'\x` + hex.EncodeToString(x) + `'::bytea`, nil
	case time.Time:
		return "'" + x.Format("2006-01-02 15:04:05.999999-07:00") + "'", nil
	}
	return "", fmt.Errorf("postgresql: cannot render a Go %T (%v) as an SQL literal; use nil, bool, an integer, a float, string, []byte or time.Time", v, v)
}

func floatLiteral(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "'NaN'"
	case math.IsInf(f, 1):
		return "'Infinity'"
	case math.IsInf(f, -1):
		return "'-Infinity'"
	}
	return strconv.FormatFloat(f, 'g', -1, bits)
}

// quoteString puts s in single quotes, doubling embedded single quotes.
func quoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// CreateVersionTable returns the statement that creates the version table in
// Alembic's layout when it does not exist: version_num VARCHAR(32) NOT NULL with a
// primary key named <table>_pkc, schema-qualified when vt.Schema is set.
func (d Dialect) CreateVersionTable(vt dialect.VersionTable) []string {
	return []string{fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (version_num VARCHAR(32) NOT NULL, CONSTRAINT %s PRIMARY KEY (version_num))",
		qualify(vt.Schema, vt.Name), d.QuoteIdent(vt.Name+"_pkc"))}
}

// InsertVersion returns the INSERT that records rev as a current head.
func (Dialect) InsertVersion(vt dialect.VersionTable, rev string) string {
	return fmt.Sprintf("INSERT INTO %s (version_num) VALUES (%s)", qualify(vt.Schema, vt.Name), quoteString(rev))
}

// UpdateVersion returns the UPDATE that moves the head from to to.
func (Dialect) UpdateVersion(vt dialect.VersionTable, from, to string) string {
	return fmt.Sprintf("UPDATE %s SET version_num=%s WHERE %s.version_num = %s",
		qualify(vt.Schema, vt.Name), quoteString(to), qualify(vt.Schema, vt.Name), quoteString(from))
}

// DeleteVersion returns the DELETE that removes rev from the current heads.
func (Dialect) DeleteVersion(vt dialect.VersionTable, rev string) string {
	return fmt.Sprintf("DELETE FROM %s WHERE %s.version_num = %s", qualify(vt.Schema, vt.Name), qualify(vt.Schema, vt.Name), quoteString(rev))
}
