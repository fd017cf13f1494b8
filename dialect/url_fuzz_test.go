package dialect_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
)

// FuzzParseURL: ParseURL never panics, and nothing it or Redact prints shows
// a password of the input. The passwords are found by several independent
// readings of the input (net/url's, the userinfo up to the first "/", "?"
// or "#", the userinfo up to the last "@", password query parameters and
// keyword=value pairs, a Go MySQL DSN). A password counts as shown when the
// output holds it and the output for the same input with the password
// replaced does not (so a password that happens to spell a word of the
// message, like "tgres" in "postgresql", is not a finding); the replacement
// keeps the password's punctuation, so the input is read the same way.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"postgresql://u:secret@h:5432/d?sslmode=disable", "mysql+pymysql://root:p%40ss@h/x",
		"sqlite:///a.db", "sqlite:////abs/a.db?mode=ro", "sqlite://:memory:", "oracle://u:p@h/d",
		"postgres://u:pa:ss@[::1]:5432/db", "://", "", "mysql://@/", "postgresql://u:secret@h:notaport/d",
		"://:p@#:p@", "host=h password=secret", "u:secret@tcp(h)/d",
	} {
		f.Add(s)
	}
	for _, u := range urlForms {
		f.Add(u.raw)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		outs := output(raw)
		for _, pw := range candidatePasswords(raw) {
			needle := pw
			if len(pw) < 3 {
				needle = ":" + pw + "@" // too short to tell from ordinary text alone
			}
			if strings.Count(raw, needle) != 1 || strings.Contains("***", pw) {
				continue
			}
			if !strings.Contains(outs, needle) {
				continue
			}
			// The same input with the password's letters and digits changed
			// (punctuation kept, so the input reads the same way): a needle
			// that its output also holds is fixed text of the message.
			other := shiftAlnum(pw)
			if other == pw {
				continue
			}
			repl := strings.Replace(raw, pw, other, 1)
			if !strings.Contains(output(repl), needle) {
				t.Fatalf("output for %q shows the password %q:\n%s", raw, pw, outs)
			}
		}
	})
}

// shiftAlnum returns s with each ASCII letter moved 13 places and each digit
// 5 places, everything else kept.
func shiftAlnum(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			b[i] = 'a' + (c-'a'+13)%26
		case c >= 'A' && c <= 'Z':
			b[i] = 'A' + (c-'A'+13)%26
		case c >= '0' && c <= '9':
			b[i] = '0' + (c-'0'+5)%10
		}
	}
	return string(b)
}

// output is everything ParseURL and Redact print for raw.
func output(raw string) string {
	u, err := dialect.ParseURL(raw)
	out := dialect.Redact(raw) + "\n"
	if err != nil {
		out += err.Error()
	} else {
		if u.Dialect == "" {
			panic("parsed without a dialect: " + raw)
		}
		out += u.Redacted()
	}
	return out
}

// candidatePasswords reads raw in several ways and returns every string one
// of them takes for a password.
func candidatePasswords(raw string) []string {
	var out []string
	add := func(s string) {
		if s != "" {
			out = append(out, s)
		}
	}
	rest := raw
	if i := strings.Index(raw, "://"); i >= 0 {
		rest = raw[i+3:]
		if pu, err := url.Parse(raw); err == nil && pu.User != nil {
			if pw, ok := pu.User.Password(); ok {
				add(pw)
			}
		}
	}
	// The userinfo up to the first "/", "?" or "#".
	auth := rest
	if end := strings.IndexAny(auth, "/?#"); end >= 0 {
		auth = auth[:end]
	}
	if at := strings.LastIndexByte(auth, '@'); at >= 0 {
		if _, pw, ok := strings.Cut(auth[:at], ":"); ok {
			add(pw)
		}
	}
	// The userinfo up to the last "@" (an unencoded "/", "?", "#" or "@").
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		if _, pw, ok := strings.Cut(rest[:at], ":"); ok {
			add(pw)
		}
	}
	// password=… in a query or a keyword=value string.
	for _, sep := range []string{"&", " "} {
		q := raw
		if sep == "&" {
			_, q, _ = strings.Cut(raw, "?")
		}
		for _, kv := range strings.Split(q, sep) {
			k, v, ok := strings.Cut(kv, "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "password") {
				add(strings.Trim(v, "'"))
				// The decoded form counts only where it is not also
				// literal text of the input (then its showing up in the
				// output proves nothing).
				if dv, err := url.QueryUnescape(v); err == nil && sep == "&" && !strings.Contains(raw, dv) {
					add(dv)
				}
			}
		}
	}
	return out
}
