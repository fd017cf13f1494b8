package mysql

import "github.com/retortdb/migrate/dialect"

// TenantURL points u at a tenant (dialect.TenantLocator). On MySQL and MariaDB a
// schema is a database, so both kinds replace the URL's database; the version
// table is in that database, and the migration lock's name includes it, so each
// tenant has its own lock.
func (Dialect) TenantURL(u *dialect.URL, kind, name string) (string, string, error) {
	raw, err := u.WithDatabase(name)
	return raw, "", err
}
