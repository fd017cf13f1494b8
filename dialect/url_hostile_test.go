package dialect_test

import (
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
)

// urlForms are connection strings in 30 spellings, each with the secrets
// that must never appear in ParseURL's error, in Redacted() of a parsed URL
// or in Redact's output.
var urlForms = []struct {
	raw     string
	secrets []string
}{
	{"postgresql://u:Pw9Secret@127.0.0.1:1/db", []string{"Pw9Secret"}},
	{"postgres://u:Pw9Secret/x@127.0.0.1:1/db", []string{"Pw9Secret"}},
	{"postgres://u:Pw9Secret#x@127.0.0.1:1/db", []string{"Pw9Secret"}},
	{"postgres://u:Pw9Secret?x@127.0.0.1:1/db", []string{"Pw9Secret"}},
	{"postgres://u:Pw9Secret@x@127.0.0.1:1/db", []string{"Pw9Secret"}},
	{"postgres://u:Pw9Secret:x@127.0.0.1:1/db", []string{"Pw9Secret"}},
	{"postgres://u:123/Pw9Secret@127.0.0.1:1/db", []string{"Pw9Secret"}},
	{"postgresql://u@127.0.0.1:1/db?password=Pw9Secret", []string{"Pw9Secret"}},
	{"postgresql://127.0.0.1:1/db?sslmode=disable&password=Pw9Secret", []string{"Pw9Secret"}},
	{"postgresql://u@h/db?PASSWORD=Pw9Secret&x=1", []string{"Pw9Secret"}},
	{"postgres://u:Pw9Secret@h:5432/db?sslpassword=Other9Secret", []string{"Pw9Secret", "Other9Secret"}},
	{"host=127.0.0.1 port=1 user=u password=Pw9Secret dbname=db", []string{"Pw9Secret"}},
	{"host=127.0.0.1 password='Pw9 Secret' dbname=db", []string{"Pw9 Secret", "Pw9"}},
	{"host=127.0.0.1 password = Pw9Secret", []string{"Pw9Secret"}},
	{"u:Pw9Secret@tcp(127.0.0.1:3306)/db", []string{"Pw9Secret"}},
	{"u:Pw9Secret@unix(/tmp/s)/db?parseTime=true", []string{"Pw9Secret"}},
	{"u:Pw9Secret@h/db", []string{"Pw9Secret"}},
	{"mysql://u:Pw9Secret@127.0.0.1:notaport/db", []string{"Pw9Secret"}},
	{"mysql://u:Pw9%25Secret@h:x/db", []string{"Pw9%25Secret", "Pw9%Secret"}},
	{"mysql://u:Pw9%zzSecret@h/db", []string{"Pw9%zzSecret", "Pw9"}},
	{"postgresql://u:Pw9Secret@h/d\x7f", []string{"Pw9Secret"}},
	{"oracle://u:Pw9Secret@h/db", []string{"Pw9Secret"}},
	{"u:Pw9Secret@h://x", []string{"Pw9Secret"}},
	{"sqlite:///a.db?password=Pw9Secret", []string{"Pw9Secret"}},
	{"sqlite://u:Pw9Secret@/a.db", []string{"Pw9Secret"}},
	{"sqlite:///a.db?%zz=1&password=Pw9Secret", []string{"Pw9Secret"}},
	{"://u:Pw9Secret@h", []string{"Pw9Secret"}},
	{"postgresql://u:Pw9Secret@[::1/db", []string{"Pw9Secret"}},
	{"postgresql://:Pw9Secret@h:bad/db", []string{"Pw9Secret"}},
	{"  postgres://u:Pw9Secret@h/db#frag@x  ", []string{"Pw9Secret"}},
}

func TestURLFormsNeverShowPassword(t *testing.T) {
	if len(urlForms) != 30 {
		t.Fatalf("%d forms, want 30", len(urlForms))
	}
	for _, f := range urlForms {
		var outs []string
		u, err := dialect.ParseURL(f.raw)
		if err != nil {
			outs = append(outs, err.Error())
		} else {
			outs = append(outs, u.Redacted())
		}
		outs = append(outs, dialect.Redact(f.raw))
		for _, out := range outs {
			if strings.Contains(out, "\n") {
				t.Errorf("%q: output is not one line: %q", f.raw, out)
			}
			for _, s := range f.secrets {
				if strings.Contains(out, s) {
					t.Errorf("%q: output shows the secret %q: %s", f.raw, s, out)
				}
			}
		}
	}
}

func TestRedactKeepsWhatIsNotSecret(t *testing.T) {
	for in, want := range map[string]string{
		"postgresql://alice:pw@h/d":                   "postgresql://alice:***@h/d",
		"postgresql://alice@h:5432/d?sslmode=require": "postgresql://alice@h:5432/d?sslmode=require",
		"postgresql://h/d?password=x&sslmode=require": "postgresql://h/d?password=***&sslmode=require",
		"host=h password='a b' dbname=d":              "host=h password=*** dbname=d",
		"u:pw@tcp(h:3306)/d":                          "u:***@tcp(h:3306)/d",
		"no secret here":                              "no secret here",
		"sqlite:///a.db":                              "sqlite:///a.db",
	} {
		if got := dialect.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScrubSecretShortPassword(t *testing.T) {
	got := dialect.ScrubSecret("could not connect: password o rejected (u:o@h)", "o")
	if want := "could not connect: password *** rejected (u:***@h)"; got != want {
		t.Errorf("ScrubSecret = %q, want %q", got, want)
	}
}
