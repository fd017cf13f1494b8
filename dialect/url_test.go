package dialect_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
)

func TestParseURL(t *testing.T) {
	cases := []struct {
		in                      string
		dialect, host, db, path string
		memory                  bool
	}{
		{in: "postgresql://u:p@h:5432/d", dialect: "postgresql", host: "h", db: "d"},
		{in: "postgres://h/d", dialect: "postgresql", host: "h", db: "d"},
		{in: "postgresql+psycopg2://u@h/d", dialect: "postgresql", host: "h", db: "d"},
		{in: "mysql://root@127.0.0.1:3306/test", dialect: "mysql", host: "127.0.0.1", db: "test"},
		{in: "mysql+pymysql://root@h/x", dialect: "mysql", host: "h", db: "x"},
		{in: "sqlite:///app.db", dialect: "sqlite", path: "app.db"},
		{in: "sqlite:////abs/app.db", dialect: "sqlite", path: "/abs/app.db"},
		{in: "sqlite://:memory:", dialect: "sqlite", memory: true},
	}
	for _, c := range cases {
		u, err := dialect.ParseURL(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if u.Dialect != c.dialect || u.Host != c.host || u.Database != c.db || u.Path != c.path || u.Memory != c.memory {
			t.Errorf("%s: got %+v", c.in, u)
		}
	}
	_, err := dialect.ParseURL("oracle://u:secret@h/d")
	if !errors.Is(err, dialect.ErrUnknownScheme) || strings.Contains(err.Error(), "secret") {
		t.Errorf("unknown scheme: %v", err)
	}
}

func TestRedactNeverShowsPassword(t *testing.T) {
	for _, raw := range []string{
		"postgresql://alice:s3cr%3Ft@host:notaport/db",
		"postgresql://alice:plain@host:notaport/db",
		"mysql://root:p%40ss@h:xx/db",
	} {
		_, err := dialect.ParseURL(raw)
		if err == nil {
			t.Fatalf("%s parsed", raw)
		}
		for _, secret := range []string{"s3cr%3Ft", "s3cr?t", "plain", "p%40ss", "p@ss"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error for %s shows the password: %v", raw, err)
			}
		}
	}
	if got := dialect.Redact("postgresql://alice:pw@h/d"); got != "postgresql://alice:***@h/d" {
		t.Errorf("Redact = %q", got)
	}
}
