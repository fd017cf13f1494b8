package dialect

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
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
	// SessionSetup are statements Open runs on every new connection before it
	// is used (migrate.yaml's session_setup); a failing one fails that
	// connection. Not part of the URL's text.
	SessionSetup []string
}

// ErrUnknownScheme is wrapped by ParseURL's error for a scheme no dialect claims.
var ErrUnknownScheme = fmt.Errorf("unknown database URL scheme")

// ParseURL parses a database URL: postgresql://, postgres:// (and SQLAlchemy's
// postgresql+driver://), mysql:// (and mysql+driver://, MariaDB included),
// sqlite:///relative.db, sqlite:////abs/path.db, sqlite://:memory:, and
// sqlite:///file.db?mode=ro style options. Errors never show a password: they
// quote the URL as Redact writes it, and a string without a scheme (a libpq
// keyword string, a Go MySQL driver DSN) is described, not quoted.
func ParseURL(raw string) (*URL, error) {
	s := strings.TrimSpace(raw)
	i := strings.Index(s, "://")
	if i <= 0 {
		return nil, fmt.Errorf("database URL %s has no scheme: write postgresql://user:password@host:port/db, mysql://user:password@host:port/db or sqlite:///file.db", describeNoScheme(s))
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
				return nil, fmt.Errorf("database URL %q: bad options after \"?\" (write key=value pairs joined by &, %%-encoded)", Redact(raw))
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
		return nil, fmt.Errorf("database URL %q: %w %q: use postgresql://, mysql:// or sqlite://", Redact(raw), ErrUnknownScheme, Redact(scheme))
	}
	pu, err := url.Parse("x" + s[i:])
	if err != nil {
		return nil, fmt.Errorf("database URL %q is malformed: %s", Redact(raw), urlErrReason(err))
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

// urlErrReason says what is wrong in a net/url parse error without quoting
// any part of the URL (the library's text quotes the URL, a port or an
// escape, which may be part of a password).
func urlErrReason(err error) string {
	var ee url.EscapeError
	var he url.InvalidHostError
	msg := err.Error()
	switch {
	case errors.As(err, &ee):
		return "a %-escape is invalid (write % as %25 and %-encode reserved characters in the user name and password)"
	case errors.As(err, &he):
		return "the host is invalid"
	case strings.Contains(msg, "invalid port"):
		return "the port is not a number (in a user name or password, %-encode \":\" as %3A, \"/\" as %2F, \"?\" as %3F, \"#\" as %23 and \"@\" as %40)"
	case strings.Contains(msg, "control character"):
		return "it holds a control character"
	case strings.Contains(msg, "userinfo"):
		return "the user name or password holds a character that must be %-encoded"
	}
	return "it cannot be parsed as a URL; %-encode reserved characters in the user name and password"
}

// describeNoScheme names what a string without "://" looks like, without
// quoting any of it when it could hold a password.
func describeNoScheme(s string) string {
	switch {
	case s == "":
		return "is empty and"
	case strings.Contains(s, "@tcp(") || strings.Contains(s, "@unix(") || strings.Contains(s, ")/"):
		return "(a Go MySQL driver DSN, not shown)"
	case strings.Contains(s, "="):
		return "(a keyword=value connection string, not shown)"
	case strings.ContainsAny(s, "@:"):
		return "(not shown: it may hold a password)"
	}
	return strconv.Quote(s)
}

// Redacted returns the URL with its password replaced by *** (see Redact).
func (u *URL) Redacted() string { return Redact(u.Raw) }

// passwordKeys are the query and keyword=value keys whose values are secrets.
var passwordKeys = map[string]bool{"password": true, "pass": true, "passwd": true, "pwd": true, "sslpassword": true}

// Redact returns raw with every password it may hold replaced by ***, by
// parsing it rather than by searching for the password's text:
//
//   - a URL (scheme://): everything between the first ":" of the userinfo
//     and the last "@" (so an unencoded "/", "?", "#" or "@" in a password is
//     covered), and the values of password query parameters (password, pass,
//     passwd, pwd, sslpassword);
//   - a keyword=value string (libpq's "host=h password=p"): the values of
//     those keys, quoted or not;
//   - a Go MySQL driver DSN (user:password@tcp(host)/db): the password.
//
// It may hide more than the password of an odd string, never less. It is
// safe on strings that are not URLs (returned unchanged when they hold no
// secret).
func Redact(raw string) string {
	var hide [][2]int
	i := strings.Index(raw, "://")
	if i < 0 || !validScheme(strings.TrimSpace(raw[:i])) {
		hide = append(hide, dsnRange(raw, 0)...)
		hide = append(hide, keywordRanges(raw, 0, "")...)
		return hideRanges(raw, hide)
	}
	start := i + 3
	rest := raw[start:]
	hide = append(hide, dsnRange(rest, start)...)
	if q := strings.IndexByte(rest, '?'); q >= 0 {
		hide = append(hide, queryRanges(rest[q+1:], start+q+1)...)
	}
	// A keyword=value pair anywhere else in an odd URL ("x:// password=p")
	// is hidden too; inside a URL its value also ends at "&".
	hide = append(hide, keywordRanges(rest, start, "&")...)
	return hideRanges(raw, hide)
}

// hideRanges returns s with each of the byte ranges [from, to) replaced by
// ***, overlapping and touching ranges hidden as one. Every reading of s adds
// the ranges it takes for secrets, so a secret one reading finds is hidden
// whatever the others find.
func hideRanges(s string, ranges [][2]int) string {
	if len(ranges) == 0 {
		return s
	}
	sort.Slice(ranges, func(a, b int) bool { return ranges[a][0] < ranges[b][0] })
	var b strings.Builder
	done := 0
	for k := 0; k < len(ranges); {
		from, to := ranges[k][0], ranges[k][1]
		for k++; k < len(ranges) && ranges[k][0] <= to; k++ {
			to = max(to, ranges[k][1])
		}
		b.WriteString(s[done:from])
		b.WriteString("***")
		done = to
	}
	b.WriteString(s[done:])
	return b.String()
}

// validScheme reports whether s is a URL scheme: a letter, then letters,
// digits, "+", "-" or ".".
func validScheme(s string) bool {
	for k := 0; k < len(s); k++ {
		c := s[k]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || k > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return s != ""
}

// queryRanges returns the ranges of the values of password keys in a URL
// query q (and the fragment after it) that starts at offset off.
func queryRanges(q string, off int) [][2]int {
	var out [][2]int
	pos := 0
	for _, p := range strings.Split(q, "&") {
		if key, _, ok := strings.Cut(p, "="); ok {
			if dk, err := url.QueryUnescape(key); err == nil {
				key = dk
			}
			if passwordKeys[strings.ToLower(strings.TrimSpace(key))] {
				out = append(out, [2]int{off + pos + strings.IndexByte(p, '=') + 1, off + pos + len(p)})
			}
		}
		pos += len(p) + 1
	}
	return out
}

// dsnRange returns the range of the password of a URL's userinfo or of a Go
// MySQL driver DSN (user:password@protocol(address)/db) in s, which starts
// at offset off: the text after the first ":" up to the last "@" (more than
// the password of an odd string, never less); none when s has no such pair.
func dsnRange(s string, off int) [][2]int {
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return nil
	}
	c := strings.IndexByte(s[:at], ':')
	if c < 0 {
		return nil
	}
	return [][2]int{{off + c + 1, off + at}}
}

// keywordRanges returns the ranges of the values of password keys in a
// libpq-style keyword=value string s that starts at offset off: key = value,
// the value bare up to white space (or one of the bytes in stop) or in
// single quotes with \\' and \\\\ escapes. Every "=" is looked at, also
// inside another key's value, so an odd string loses more, never less.
func keywordRanges(s string, off int, stop string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); i++ {
		if s[i] != '=' {
			continue
		}
		k := i
		for k > 0 && spaceByte(s[k-1]) {
			k--
		}
		start := k
		for start > 0 && wordByte(s[start-1]) {
			start--
		}
		if !passwordKeys[strings.ToLower(s[start:k])] {
			continue
		}
		j := i + 1
		for j < len(s) && spaceByte(s[j]) {
			j++
		}
		// The value runs to white space; quoted parts may hold white space
		// (and an odd string may join several of them).
		end := j
		for end < len(s) && !spaceByte(s[end]) && strings.IndexByte(stop, s[end]) < 0 {
			if s[end] != '\'' {
				end++
				continue
			}
			end++
			for end < len(s) && s[end] != '\'' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
			end = min(end+1, len(s))
		}
		if end == j {
			// An empty value: mark its place, so the output says *** there.
			out = append(out, [2]int{off + j, off + j})
		} else {
			out = append(out, [2]int{off + j, off + end})
		}
		i = end - 1
		if end == j {
			i = j
		}
	}
	return out
}

// ScrubSecret replaces each occurrence of secret in msg with *** where it
// stands as a whole token (not next to a letter or digit), so that a short
// password does not mangle the words of a driver's message ("conn***ct").
// Use it only on text that may quote a secret verbatim; build messages from
// Redact'ed URLs first.
func ScrubSecret(msg, secret string) string {
	if secret == "" {
		return msg
	}
	var b strings.Builder
	for {
		k := strings.Index(msg, secret)
		if k < 0 {
			b.WriteString(msg)
			return b.String()
		}
		end := k + len(secret)
		if (k > 0 && wordByte(msg[k-1])) || (end < len(msg) && wordByte(msg[end])) {
			b.WriteString(msg[:k+1])
			msg = msg[k+1:]
			continue
		}
		b.WriteString(msg[:k])
		b.WriteString("***")
		msg = msg[end:]
	}
}

// spaceByte reports whether c is white space as libpq's connection-string
// parser counts it (C's isspace).
func spaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// WithDatabase returns the server URL u (postgresql://, mysql://) with its
// database replaced by name, the rest of the URL (credentials, options) kept.
func (u *URL) WithDatabase(name string) (string, error) {
	pu, err := u.parsed()
	if err != nil {
		return "", err
	}
	pu.Path = "/" + name
	pu.RawPath = ""
	return pu.String(), nil
}

// WithOption returns the server URL u with the query option key set to value
// (replacing any value it had), the rest of the URL kept.
func (u *URL) WithOption(key, value string) (string, error) {
	pu, err := u.parsed()
	if err != nil {
		return "", err
	}
	q := pu.Query()
	q.Set(key, value)
	pu.RawQuery = q.Encode()
	return pu.String(), nil
}

// parsed parses u.Raw with net/url, for the With* methods; a file URL (SQLite)
// has no database or server options to change and is an error.
func (u *URL) parsed() (*url.URL, error) {
	if u.Path != "" || u.Memory {
		return nil, fmt.Errorf("database URL %q is a file URL: it has no database or options to point at a tenant", u.Redacted())
	}
	pu, err := url.Parse(strings.TrimSpace(u.Raw))
	if err != nil {
		return nil, fmt.Errorf("database URL %q is malformed: %s", u.Redacted(), urlErrReason(err))
	}
	return pu, nil
}
