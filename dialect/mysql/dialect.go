// Package mysql is migrate's MySQL and MariaDB dialect: DDL rendering of ops, type
// mapping, identifier quoting, literals, version-table SQL, GET_LOCK locking and
// error classification. Reading the catalog back is package inspect/mysql's job;
// what both need (NormalizeDefault, NormalizeCheck, ParseColumnType) lives here.
//
// One dialect serves MySQL 8 and MariaDB 10.2+; where the two differ in what they
// store (defaults in information_schema, CHECK constraints, JSON) the inspector
// detects the flavour once per inspection.
//
// MySQL commits DDL implicitly, so the dialect reports no transactional DDL and
// Begin/Commit are empty.
package mysql

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/retortdb/migrate/dialect"
)

// Name is the dialect's registered name.
const Name = "mysql"

// Dialect is the MySQL/MariaDB dialect. The zero value is ready to use and safe for
// concurrent use; it holds no state.
type Dialect struct{}

var _ dialect.Dialect = Dialect{}

func init() { dialect.Register(Dialect{}) }

// Name returns "mysql" (MariaDB uses the same dialect).
func (Dialect) Name() string { return Name }

// Capabilities reports MySQL's facts: DDL commits implicitly (no transactional
// DDL), enums are inline column types, comments are stored, and there are no
// schemas beside databases.
func (Dialect) Capabilities() dialect.Capabilities {
	return dialect.Capabilities{TransactionalDDL: false, NamedEnums: false, Comments: true, Schemas: false, UniqueIndexesAreConstraints: true}
}

// QuoteIdent returns name unchanged when MySQL accepts it bare (letters, digits,
// '_' and '$', not starting with a digit, not a reserved word) and otherwise wraps
// it in backticks, doubling any backtick inside. MySQL does not fold identifier
// case, so upper-case letters alone do not need quoting.
func (Dialect) QuoteIdent(name string) string { return quoteIdent(name) }

func quoteIdent(name string) string {
	if !needsQuote(name) {
		return name
	}
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

func needsQuote(name string) bool {
	if name == "" {
		return true
	}
	for i, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '_', r == '$':
		case r >= '0' && r <= '9':
			if i == 0 {
				return true
			}
		default:
			return true
		}
	}
	return reserved[strings.ToLower(name)]
}

// qualified quotes table, prefixed by its database when schemaName is set.
func qualified(schemaName, table string) string {
	if schemaName == "" {
		return quoteIdent(table)
	}
	return quoteIdent(schemaName) + "." + quoteIdent(table)
}

// Literal renders v as a MySQL literal: nil as NULL, bools as 1/0, integers and
// finite floats as numbers, strings quoted with ' doubled and backslash escaped
// (the server treats backslash as an escape unless NO_BACKSLASH_ESCAPES is set),
// []byte as X'hex', and time.Time as 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC (the
// driver's default session location). Any other type, NaN and ±Inf are errors.
func (Dialect) Literal(v any) (string, error) { return literal(v) }

func literal(v any) (string, error) {
	if s, ok := dialect.IntegerLiteral(v); ok {
		return s, nil
	}
	switch x := v.(type) {
	case nil:
		return "NULL", nil
	case bool:
		if x {
			return "1", nil
		}
		return "0", nil
	case float32:
		return formatFloat(float64(x), 32)
	case float64:
		return formatFloat(x, 64)
	case string:
		return quoteString(x), nil
	case []byte:
		return "X'" + strings.ToUpper(hex.EncodeToString(x)) + "'", nil
	case time.Time:
		u := x.UTC()
		layout := "2006-01-02 15:04:05"
		if u.Nanosecond() != 0 {
			layout += ".000000"
		}
		return "'" + u.Format(layout) + "'", nil
	}
	return "", fmt.Errorf("mysql: cannot render a %T as an SQL literal (want nil, bool, integer, float, string, []byte or time.Time)", v)
}

func formatFloat(f float64, bits int) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("mysql: cannot render float %v as an SQL literal: MySQL has no NaN or infinity", f)
	}
	return strconv.FormatFloat(f, 'g', -1, bits), nil
}

// quoteString quotes s as a MySQL string literal.
func quoteString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\'':
			b.WriteString("''")
		case '\\':
			b.WriteString(`\\`)
		case 0:
			b.WriteString(`\0`)
		case '\r':
			// The mariadb/mysql client drops a CR before LF inside a literal of
			// a script it reads; the escape survives.
			b.WriteString(`\r`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// Begin returns "": MySQL commits DDL implicitly, so offline scripts carry no
// transaction statements.
func (Dialect) Begin() string { return "" }

// Commit returns "" (see Begin).
func (Dialect) Commit() string { return "" }

// CreateVersionTable returns the statement that creates the version table if it
// does not exist, with Alembic's layout: version_num VARCHAR(32) NOT NULL and a
// primary key (MySQL ignores the name <table>_pkc; it is written for Alembic's shape).
func (Dialect) CreateVersionTable(vt dialect.VersionTable) []string {
	return []string{fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (version_num VARCHAR(32) NOT NULL, CONSTRAINT %s PRIMARY KEY (version_num))",
		qualified(vt.Schema, vt.Name), quoteIdent(vt.Name+"_pkc"))}
}

// InsertVersion returns the INSERT that records rev as a current head.
func (Dialect) InsertVersion(vt dialect.VersionTable, rev string) string {
	return fmt.Sprintf("INSERT INTO %s (version_num) VALUES (%s)", qualified(vt.Schema, vt.Name), quoteString(rev))
}

// UpdateVersion returns the UPDATE that moves head from to to.
func (Dialect) UpdateVersion(vt dialect.VersionTable, from, to string) string {
	return fmt.Sprintf("UPDATE %s SET version_num=%s WHERE %s.version_num = %s",
		qualified(vt.Schema, vt.Name), quoteString(to), qualified(vt.Schema, vt.Name), quoteString(from))
}

// DeleteVersion returns the DELETE that removes rev from the current heads.
func (Dialect) DeleteVersion(vt dialect.VersionTable, rev string) string {
	return fmt.Sprintf("DELETE FROM %s WHERE %s.version_num = %s",
		qualified(vt.Schema, vt.Name), qualified(vt.Schema, vt.Name), quoteString(rev))
}

// Open returns a pool for the database u names (mysql://user:pass@host:port/db?opts,
// also mysql+pymysql://…). It does not ping. See Config for the options; errors
// never contain the password.
func (Dialect) Open(ctx context.Context, u *dialect.URL) (*sql.DB, error) {
	cfg, err := Config(u)
	if err != nil {
		return nil, err
	}
	conn, err := gomysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("mysql: opening %s: %s", u.Redacted(), scrub(err.Error(), u.Password))
	}
	return sql.OpenDB(dialect.SetupConnector(conn, u.SessionSetup)), nil
}

// DSN returns the go-sql-driver DSN for u (see Config). The DSN contains the
// password: never print it. Open uses it; it is exported for tests that open
// their own driver connection to what Open would connect to.
func DSN(u *dialect.URL) (string, error) {
	cfg, err := Config(u)
	if err != nil {
		return "", err
	}
	return cfg.FormatDSN(), nil
}

// Config builds the go-sql-driver configuration for u: TCP to host:port (default
// 127.0.0.1:3306) or the unix_socket option, parseTime=true, charset utf8mb4 unless
// the URL sets charset, and multiStatements always false (each statement runs on
// its own, so a failure names one statement). Other URL options are passed to the
// driver as DSN parameters (timeout, tls, loc, collation, …; unknown names become
// session variables, as the driver documents). PyMySQL spellings are accepted for
// unix_socket and connect_timeout/read_timeout/write_timeout (seconds). An error
// names the URL with its password as ***.
func Config(u *dialect.URL) (*gomysql.Config, error) {
	if u == nil || u.Dialect != Name {
		return nil, fmt.Errorf("mysql: not a mysql:// URL")
	}
	q := url.Values{}
	net_, addr := "tcp", ""
	for k, vs := range u.Query {
		if len(vs) == 0 {
			continue
		}
		v := vs[len(vs)-1]
		switch k {
		case "unix_socket":
			net_, addr = "unix", v
		case "connect_timeout", "read_timeout", "write_timeout":
			secs, err := strconv.ParseFloat(v, 64)
			if err != nil || secs < 0 {
				return nil, fmt.Errorf("mysql: URL %s: option %s=%q is not a number of seconds", u.Redacted(), k, v)
			}
			name := map[string]string{"connect_timeout": "timeout", "read_timeout": "readTimeout", "write_timeout": "writeTimeout"}[k]
			q.Set(name, (time.Duration(secs * float64(time.Second))).String())
		case "multiStatements":
			// Always off: ignore.
		default:
			q.Set(k, v)
		}
	}
	if q.Get("charset") == "" {
		q.Set("charset", "utf8mb4")
	}
	if q.Get("parseTime") == "" {
		q.Set("parseTime", "true")
	}
	cfg, err := gomysql.ParseDSN("/?" + q.Encode())
	if err != nil {
		return nil, fmt.Errorf("mysql: URL %s: bad option: %s", u.Redacted(), scrub(err.Error(), u.Password))
	}
	cfg.MultiStatements = false
	cfg.User = u.User
	cfg.Passwd = u.Password
	cfg.DBName = u.Database
	cfg.Net = net_
	if net_ == "tcp" {
		host, port := u.Host, u.Port
		if host == "" {
			host = "127.0.0.1"
		}
		if port == "" {
			port = "3306"
		}
		addr = net.JoinHostPort(host, port)
	}
	cfg.Addr = addr
	return cfg, nil
}

// scrub removes the password from a message.
func scrub(msg, password string) string {
	return dialect.ScrubSecret(msg, password)
}

// ScriptPrelude implements dialect.ScriptPreluder: an offline script starts with
// SET NAMES utf8mb4, as migrate's own connection does (the charset it sets unless
// the URL names one), since the script is UTF-8 and a client left at its default
// character set (latin1, or utf8mb3) would refuse or garble 4-byte characters.
func (Dialect) ScriptPrelude() []string {
	return []string{"SET NAMES utf8mb4"}
}
