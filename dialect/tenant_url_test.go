package dialect_test

import (
	"errors"
	"testing"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/dialect/mysql"
	"github.com/retortdb/migrate/dialect/postgres"
	"github.com/retortdb/migrate/dialect/sqlite"
)

func TestTenantURL(t *testing.T) {
	pg, _ := dialect.ParseURL("postgresql://app:p%40ss@db:5432/shop?sslmode=disable")
	my, _ := dialect.ParseURL("mysql://root@db/admin?parseTime=true")
	lite, _ := dialect.ParseURL("sqlite:///x.db")
	for _, c := range []struct {
		d             dialect.Dialect
		u             *dialect.URL
		kind, name    string
		raw, vsSchema string
	}{
		{postgres.Dialect{}, pg, dialect.TenantSchema, "acme", "postgresql://app:p%40ss@db:5432/shop?search_path=acme&sslmode=disable", "acme"},
		{postgres.Dialect{}, pg, dialect.TenantSchema, "Acme Co", "postgresql://app:p%40ss@db:5432/shop?search_path=%22Acme+Co%22&sslmode=disable", "Acme Co"},
		{postgres.Dialect{}, pg, dialect.TenantDatabase, "acme", "postgresql://app:p%40ss@db:5432/acme?sslmode=disable", ""},
		{mysql.Dialect{}, my, dialect.TenantSchema, "acme", "mysql://root@db/acme?parseTime=true", ""},
		{mysql.Dialect{}, my, dialect.TenantDatabase, "acme", "mysql://root@db/acme?parseTime=true", ""},
	} {
		raw, vs, err := dialect.TenantURL(c.d, c.u, c.kind, c.name)
		if err != nil || raw != c.raw || vs != c.vsSchema {
			t.Errorf("%s %s %q: %q %q %v, want %q %q", c.d.Name(), c.kind, c.name, raw, vs, err, c.raw, c.vsSchema)
		}
		// The URL still parses, with the password kept.
		if u, err := dialect.ParseURL(raw); err != nil || u.Password != c.u.Password {
			t.Errorf("%q: %v", raw, err)
		}
	}
	if _, _, err := dialect.TenantURL(sqlite.Dialect{}, lite, dialect.TenantSchema, "a"); !errors.Is(err, dialect.ErrUnsupported) {
		t.Errorf("sqlite: %v", err)
	}
	if _, _, err := dialect.TenantURL(postgres.Dialect{}, pg, "table", "a"); err == nil {
		t.Error("kind table accepted")
	}
}
