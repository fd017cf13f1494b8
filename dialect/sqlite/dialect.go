// Package sqlite is migrate's SQLite dialect: DDL rendering (with Alembic's batch
// "move and copy" for what ALTER TABLE cannot do), type mapping, quoting,
// literals, version-table SQL and connections through modernc.org/sqlite (pure
// Go, driver name "sqlite"). It registers itself as "sqlite" from init.
package sqlite

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/retortdb/migrate/dialect"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Dialect is the SQLite dialect. The zero value is ready to use and safe for
// concurrent use.
type Dialect struct{}

var _ dialect.Dialect = Dialect{}

func init() { dialect.Register(Dialect{}) }

// Name returns "sqlite".
func (Dialect) Name() string { return "sqlite" }

// Capabilities: SQLite runs DDL inside transactions; it has no named enums, no
// comments and no schemas beside "main" (attached databases are not managed).
func (Dialect) Capabilities() dialect.Capabilities {
	return dialect.Capabilities{TransactionalDDL: true, LiveSchemaOnline: true}
}

// QuoteIdent returns name unchanged when it matches ^[a-z_][a-z0-9_]*$ and is not
// an SQLite keyword; otherwise it wraps it in double quotes, doubling any embedded
// double quote.
func (Dialect) QuoteIdent(name string) string {
	if plainIdent(name) && !isKeyword(name) {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

func plainIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_' || (c >= 'a' && c <= 'z'):
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// qname quotes a possibly schema-qualified name.
func (d Dialect) qname(schemaName, name string) string {
	if schemaName != "" {
		return d.QuoteIdent(schemaName) + "." + d.QuoteIdent(name)
	}
	return d.QuoteIdent(name)
}

// Literal renders v as an SQLite literal: NULL for nil, 1/0 for bools, decimal
// integers, floats in Go's shortest form, 'strings' with ' doubled (control
// bytes but tab and line feed as ('…' || char(N) || '…'), so that scripts
// survive the sqlite3 shell), X'…' for
// []byte, and time.Time (converted to UTC) as 'YYYY-MM-DD HH:MM:SS.ffffff'. It
// returns an error for NaN or infinite floats and for any other Go type.
func (Dialect) Literal(v any) (string, error) {
	if u, ok := v.(uint64); ok && u > math.MaxInt64 {
		return "", fmt.Errorf("sqlite: integer %d does not fit SQLite's signed 64-bit integers", u)
	}
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
		return floatLiteral(float64(x))
	case float64:
		return floatLiteral(x)
	case string:
		return stringLiteral(x), nil
	case []byte:
		return "X'" + strings.ToUpper(hex.EncodeToString(x)) + "'", nil
	case time.Time:
		return "'" + x.UTC().Format("2006-01-02 15:04:05.000000") + "'", nil
	}
	return "", fmt.Errorf("sqlite: cannot render a Go %T as an SQL literal (want nil, bool, integer, float, string, []byte or time.Time)", v)
}

// stringLiteral quotes s with ' doubled. Control bytes other than tab and
// line feed (NUL, carriage return, the rest of C0, DEL) are written as
// char(N) between quoted parts, in parentheses: the sqlite3 shell ends a line
// of a script it reads at a NUL (the rest of the string would run as SQL)
// and drops a CR that comes before an LF.
func stringLiteral(s string) string {
	q := "'" + strings.ReplaceAll(s, "'", "''") + "'"
	if strings.IndexFunc(s, scriptUnsafe) < 0 {
		return q
	}
	var b strings.Builder
	b.WriteByte('(')
	for i := 0; i < len(q); i++ {
		if c := q[i]; scriptUnsafe(rune(c)) {
			fmt.Fprintf(&b, "' || char(%d) || '", c)
		} else {
			b.WriteByte(c)
		}
	}
	b.WriteByte(')')
	return b.String()
}

// scriptUnsafe reports whether r is a control character a script may not
// hold raw inside a string literal: C0 other than tab and line feed, and DEL.
func scriptUnsafe(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' || r == 0x7f }

func floatLiteral(f float64) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("sqlite: cannot render %v as an SQL literal: SQLite has no NaN or infinity literal", f)
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0" // keep it a REAL, not an INTEGER
	}
	return s, nil
}

// Begin returns "BEGIN".
func (Dialect) Begin() string { return "BEGIN" }

// Commit returns "COMMIT".
func (Dialect) Commit() string { return "COMMIT" }

// CreateVersionTable returns the CREATE TABLE IF NOT EXISTS statement of the
// version table: version_num VARCHAR(32) NOT NULL with a primary key named
// "<name>_pkc", Alembic's layout.
func (d Dialect) CreateVersionTable(vt dialect.VersionTable) []string {
	return []string{fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (version_num VARCHAR(32) NOT NULL, CONSTRAINT %s PRIMARY KEY (version_num))",
		d.qname(vt.Schema, vt.Name), d.QuoteIdent(vt.Name+"_pkc"))}
}

// InsertVersion returns the INSERT of revision rev into the version table.
func (d Dialect) InsertVersion(vt dialect.VersionTable, rev string) string {
	return "INSERT INTO " + d.qname(vt.Schema, vt.Name) + " (version_num) VALUES (" + strLit(rev) + ")"
}

// UpdateVersion returns the UPDATE that replaces revision from with to.
func (d Dialect) UpdateVersion(vt dialect.VersionTable, from, to string) string {
	return "UPDATE " + d.qname(vt.Schema, vt.Name) + " SET version_num = " + strLit(to) + " WHERE version_num = " + strLit(from)
}

// DeleteVersion returns the DELETE of revision rev from the version table.
func (d Dialect) DeleteVersion(vt dialect.VersionTable, rev string) string {
	return "DELETE FROM " + d.qname(vt.Schema, vt.Name) + " WHERE version_num = " + strLit(rev)
}

func strLit(s string) string {
	if !strings.Contains(s, "'") {
		return "'" + s + "'"
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// defaultBusyTimeout is how long, in milliseconds, a connection made by Open
// waits for another writer before failing with SQLITE_BUSY (unless the URL sets
// busy_timeout). It matches migrate's default lock_timeout of 60s.
const defaultBusyTimeout = 60000

// Open opens the database that u names (u.Path, relative to the working
// directory or absolute, or u.Memory) with modernc.org/sqlite, using the DSN
// file:<path>?_pragma=foreign_keys(1)&_pragma=busy_timeout(60000)&_txlock=immediate
// plus u.Query's options passed through (a _pragma=foreign_keys(…) or
// busy_timeout(…) or a _txlock in u.Query replaces the default). _txlock=immediate
// makes every transaction BEGIN IMMEDIATE, which is migrate's lock on SQLite (see
// Lock). An in-memory database keeps exactly one connection, since each new
// connection would see a new, empty database. It returns an error when the
// file's directory does not exist. It does not ping.
func (Dialect) Open(ctx context.Context, u *dialect.URL) (*sql.DB, error) {
	if u == nil || (u.Path == "" && !u.Memory) {
		return nil, fmt.Errorf("sqlite: the URL names no database file: write sqlite:///relative.db, sqlite:////absolute/path.db or sqlite://:memory: instead")
	}
	path := ":memory:"
	if !u.Memory {
		path = u.Path
		dir := filepath.Dir(path)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("sqlite: cannot open %q: directory %q does not exist: create it first or fix the URL", path, dir)
		}
	}
	db, err := sql.Open("sqlite", DSN(path, u.Query))
	if err != nil {
		return nil, fmt.Errorf("sqlite: opening %q: %w", path, err)
	}
	if len(u.SessionSetup) > 0 {
		drv := db.Driver()
		db.Close()
		db = sql.OpenDB(dialect.SetupConnector(dialect.DSNConnector(drv, DSN(path, u.Query)), u.SessionSetup))
	}
	if u.Memory {
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
	}
	return db, nil
}

// DSN returns the modernc.org/sqlite data source name Open uses for path
// (":memory:" for an in-memory database) and the URL's extra options. It is
// exported for tests that open their own driver connection the way Open does.
func DSN(path string, query map[string][]string) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23")
	var opts []string
	hasPragma := func(name string) bool {
		for _, p := range query["_pragma"] {
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(p)), name) {
				return true
			}
		}
		return false
	}
	if !hasPragma("foreign_keys") {
		opts = append(opts, "_pragma=foreign_keys(1)")
	}
	if !hasPragma("busy_timeout") {
		opts = append(opts, fmt.Sprintf("_pragma=busy_timeout(%d)", defaultBusyTimeout))
	}
	if _, ok := query["_txlock"]; !ok {
		opts = append(opts, "_txlock=immediate")
	}
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range query[k] {
			opts = append(opts, queryEscape(k)+"="+queryEscape(v))
		}
	}
	return "file:" + esc.Replace(path) + "?" + strings.Join(opts, "&")
}

// queryEscape escapes what would break the DSN's query string but keeps the
// parentheses of _pragma=name(value) readable.
func queryEscape(s string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "#", "%23", "=", "%3D", "+", "%2B", " ", "%20").Replace(s)
}
