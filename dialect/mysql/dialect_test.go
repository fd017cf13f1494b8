package mysql

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
)

func TestQuoteIdent(t *testing.T) {
	cases := map[string]string{
		"books":      "books",
		"Album":      "Album",
		"a_b$1":      "a_b$1",
		"order":      "`order`",
		"KEY":        "`KEY`",
		"my table":   "`my table`",
		"weird`name": "`weird``name`",
		"1abc":       "`1abc`",
		"":           "``",
		"naïve":      "`naïve`",
	}
	for in, want := range cases {
		if got := (Dialect{}).QuoteIdent(in); got != want {
			t.Errorf("QuoteIdent(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLiteral(t *testing.T) {
	ts := time.Date(2024, 2, 29, 13, 4, 5, 123456000, time.FixedZone("x", 3600))
	cases := []struct {
		v    any
		want string
	}{
		{nil, "NULL"},
		{true, "1"},
		{false, "0"},
		{42, "42"},
		{int64(-7), "-7"},
		{uint64(math.MaxUint64), "18446744073709551615"},
		{1.5, "1.5"},
		{float32(0.25), "0.25"},
		{"O'Brien", "'O''Brien'"},
		{`a\b`, `'a\\b'`},
		{"nul\x00", `'nul\0'`},
		{[]byte{0xde, 0xad}, "X'DEAD'"},
		{ts, "'2024-02-29 12:04:05.123456'"},
		{time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), "'2024-01-02 03:04:05'"},
	}
	for _, c := range cases {
		got, err := Dialect{}.Literal(c.v)
		if err != nil || got != c.want {
			t.Errorf("Literal(%#v) = %q, %v; want %q", c.v, got, err, c.want)
		}
	}
	for _, bad := range []any{math.NaN(), math.Inf(1), struct{}{}, []int{1}} {
		if got, err := (Dialect{}).Literal(bad); err == nil {
			t.Errorf("Literal(%#v) = %q, want an error", bad, got)
		}
	}
}

func TestConfigFromURL(t *testing.T) {
	u, err := dialect.ParseURL("mysql+pymysql://app:s3cr%40t@db.example:3307/shop?connect_timeout=2.5&time_zone=%27%2B00%3A00%27")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Config(u)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.User != "app" || cfg.Passwd != "s3cr@t" || cfg.Addr != "db.example:3307" || cfg.Net != "tcp" || cfg.DBName != "shop" {
		t.Errorf("config %+v", cfg)
	}
	if !cfg.ParseTime || cfg.MultiStatements || cfg.Timeout != 2500*time.Millisecond {
		t.Errorf("parseTime %v multiStatements %v timeout %v", cfg.ParseTime, cfg.MultiStatements, cfg.Timeout)
	}
	if cfg.Params["time_zone"] != "'+00:00'" {
		t.Errorf("session variable time_zone = %q", cfg.Params["time_zone"])
	}
	dsn, err := DSN(u)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(dsn, "charset=utf8mb4") || !strings.Contains(dsn, "parseTime=true") || strings.Contains(dsn, "multiStatements=true") {
		t.Errorf("DSN %q lacks charset=utf8mb4/parseTime=true or allows multiStatements", strings.ReplaceAll(dsn, "s3cr@t", "***"))
	}

	u2, _ := dialect.ParseURL("mysql://root@/db?unix_socket=/run/mysqld/mysqld.sock&charset=latin1&multiStatements=true")
	cfg2, err := Config(u2)
	if err != nil {
		t.Fatal(err)
	}
	if cfg2.Net != "unix" || cfg2.Addr != "/run/mysqld/mysqld.sock" || cfg2.MultiStatements {
		t.Errorf("unix socket config %+v", cfg2)
	}
	if dsn2 := cfg2.FormatDSN(); !strings.Contains(dsn2, "charset=latin1") {
		t.Errorf("charset from URL not kept: %s", dsn2)
	}
	u3, _ := dialect.ParseURL("mysql://root@host/db")
	if cfg3, _ := Config(u3); cfg3.Addr != "host:3306" {
		t.Errorf("default port: addr %q", cfg3.Addr)
	}
}

func TestConfigErrorsHidePassword(t *testing.T) {
	for _, raw := range []string{
		"mysql://app:hunter2@h/db?connect_timeout=soon",
		"mysql://app:hunter2@h/db?parseTime=maybe",
	} {
		u, err := dialect.ParseURL(raw)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Config(u)
		if err == nil {
			t.Fatalf("Config(%s) succeeded, want an error", u.Redacted())
		}
		if strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "***") {
			t.Errorf("error %q shows the password or not the redacted URL", err)
		}
		if _, err := (Dialect{}).Open(context.Background(), u); err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("Open error %v", err)
		}
	}
}

func TestLockName(t *testing.T) {
	if lockName("migrate_shop") != "migrate_shop" {
		t.Error("a short key must be used as is")
	}
	long1, long2 := strings.Repeat("k", 100)+"1", strings.Repeat("k", 100)+"2"
	a, b := lockName(long1), lockName(long2)
	if len(a) != 64 || len(b) != 64 || a == b || a != lockName(long1) {
		t.Errorf("long keys: %q (%d), %q (%d): want distinct, stable, 64 characters", a, len(a), b, len(b))
	}
}
