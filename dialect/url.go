package dialect

import (
	"fmt"
	"net/url"
	"strings"
)

// URL is a parsed database URL. Dialect is "postgresql", "mysql" or "sqlite".
// For sqlite, Path is the file path ("" with Memory set for :memory:) and Query
// holds the options after "?". For the servers, Host, Port, User, Password,
// Database and Query are the usual parts.
type URL struct {
	Raw      string
	Dialect  string
	Driver   string // the SQLAlchemy driver part after "+", if any ("psycopg2")
	User     string
	Password string
	HasPass  bool
	Host     string
	Port     string
	Database string
	Path     string
	Memory   bool
	Query    url.Values
}

// ErrUnknownScheme is wrapped by ParseURL's error for a scheme no dialect claims.
var ErrUnknownScheme = fmt.Errorf("unknown database URL scheme")

// ParseURL parses a database URL: postgresql://, postgres:// (and SQLAlchemy's
// postgresql+driver://), mysql:// (and mysql+driver://, MariaDB included),
// sqlite:///relative.db, sqlite:////abs/path.db, sqlite://:memory:, and
// sqlite:///file.db?mode=ro style options. Errors show the URL with its password
// as ***.
func ParseURL(raw string) (*URL, error) {
	s := strings.TrimSpace(raw)
	i := strings.Index(s, "://")
	if i <= 0 {
		return nil, fmt.Errorf("database URL %q has no scheme: write postgresql://…, mysql://… or sqlite:///file.db", Redact(raw))
	}
	scheme := strings.ToLower(s[:i])
	driver := ""
	if j := strings.IndexByte(scheme, '+'); j >= 0 {
		scheme, driver = scheme[:j], scheme[j+1:]
	}
	u := &URL{Raw: raw, Driver: driver}
	switch scheme {
	case "postgresql", "postgres", "pgx":
		u.Dialect = "postgresql"
	case "mysql", "mariadb":
		u.Dialect = "mysql"
	case "sqlite", "sqlite3":
		u.Dialect = "sqlite"
		rest := s[i+3:]
		if q := strings.IndexByte(rest, '?'); q >= 0 {
			vals, err := url.ParseQuery(rest[q+1:])
			if err != nil {
				return nil, fmt.Errorf("database URL %q: bad options: %w", Redact(raw), err)
			}
			u.Query, rest = vals, rest[:q]
		}
		switch {
		case rest == ":memory:" || rest == "/:memory:" || rest == "":
			u.Memory = true
		case strings.HasPrefix(rest, "/"):
			u.Path = rest[1:] // sqlite:///rel.db -> rel.db; sqlite:////abs -> /abs
		default:
			return nil, fmt.Errorf("database URL %q: write sqlite:///relative.db or sqlite:////absolute/path.db", Redact(raw))
		}
		if u.Query == nil {
			u.Query = url.Values{}
		}
		return u, nil
	default:
		return nil, fmt.Errorf("database URL %q: %w %q: use postgresql://, mysql:// or sqlite://", Redact(raw), ErrUnknownScheme, scheme)
	}
	pu, err := url.Parse("x" + s[i:])
	if err != nil {
		return nil, fmt.Errorf("database URL %q is malformed: %v", Redact(raw), redactErr(err, raw))
	}
	if pu.User != nil {
		u.User = pu.User.Username()
		u.Password, u.HasPass = pu.User.Password()
	}
	u.Host, u.Port = pu.Hostname(), pu.Port()
	u.Database = strings.TrimPrefix(pu.Path, "/")
	u.Query = pu.Query()
	return u, nil
}

// Redacted returns the URL with its password replaced by ***.
func (u *URL) Redacted() string { return Redact(u.Raw) }

// Redact replaces the password of any URL-like string with ***. It is safe on
// strings that are not URLs.
func Redact(raw string) string {
	i := strings.Index(raw, "://")
	if i < 0 {
		return raw
	}
	rest := raw[i+3:]
	end := strings.IndexAny(rest, "/?#")
	authority := rest
	if end >= 0 {
		authority = rest[:end]
	}
	at := strings.LastIndexByte(authority, '@')
	if at < 0 {
		return raw
	}
	userinfo := authority[:at]
	c := strings.IndexByte(userinfo, ':')
	if c < 0 {
		return raw
	}
	return raw[:i+3] + userinfo[:c] + ":***" + rest[at:]
}

// redactErr returns err's text with raw's password removed in every spelling: the
// URL itself, the password as written (percent-encoded) and decoded.
func redactErr(err error, raw string) string {
	msg := strings.ReplaceAll(err.Error(), raw, Redact(raw))
	if pw := rawPassword(raw); pw != "" {
		msg = strings.ReplaceAll(msg, pw, "***")
		if dec, derr := url.PathUnescape(pw); derr == nil && dec != "" {
			msg = strings.ReplaceAll(msg, dec, "***")
		}
	}
	return msg
}

// rawPassword returns the password part of a URL's userinfo as written.
func rawPassword(raw string) string {
	i := strings.Index(raw, "://")
	if i < 0 {
		return ""
	}
	rest := raw[i+3:]
	if end := strings.IndexAny(rest, "/?#"); end >= 0 {
		rest = rest[:end]
	}
	at := strings.LastIndexByte(rest, '@')
	if at < 0 {
		return ""
	}
	_, pw, ok := strings.Cut(rest[:at], ":")
	if !ok {
		return ""
	}
	return pw
}
