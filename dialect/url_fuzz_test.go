package dialect_test

import (
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
)

// FuzzParseURL: ParseURL never panics, and its errors never contain the password
// of the URL they are about.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"postgresql://u:secret@h:5432/d?sslmode=disable", "mysql+pymysql://root:p%40ss@h/x",
		"sqlite:///a.db", "sqlite:////abs/a.db?mode=ro", "sqlite://:memory:", "oracle://u:p@h/d",
		"postgres://u:pa:ss@[::1]:5432/db", "://", "", "mysql://@/", "postgresql://u:secret@h:notaport/d",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := dialect.ParseURL(raw)
		if err == nil {
			if u.Dialect == "" {
				t.Fatalf("%q parsed without a dialect", raw)
			}
			_ = u.Redacted()
			return
		}
		// A leak shows the userinfo as written: ":password@". (The bare password
		// can occur in a message by coincidence: "tgres" in "postgresql".)
		if u, perr := parsePassword(raw); perr && u != "" && u != "***" && strings.Contains(err.Error(), ":"+u+"@") {
			t.Fatalf("error for %q shows the password %q: %v", raw, u, err)
		}
	})
}

// parsePassword returns the userinfo password as written, if the string has one.
func parsePassword(raw string) (string, bool) {
	i := strings.Index(raw, "://")
	if i < 0 {
		return "", false
	}
	rest := raw[i+3:]
	if end := strings.IndexAny(rest, "/?#"); end >= 0 {
		rest = rest[:end]
	}
	at := strings.LastIndexByte(rest, '@')
	if at < 0 {
		return "", false
	}
	_, pw, ok := strings.Cut(rest[:at], ":")
	return pw, ok
}
