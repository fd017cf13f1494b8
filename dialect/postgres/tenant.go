package postgres

import "github.com/retortdb/migrate/dialect"

// TenantURL points u at a tenant (dialect.TenantLocator). A schema tenant keeps
// the database and sets the connection's search_path to the schema alone
// (quoted where PostgreSQL would fold or misread the name), so the revisions'
// unqualified tables are created there, and its version table lives in that
// schema too: each tenant has its own version table and its own migration lock
// (the lock's key names the version table's schema). A database tenant replaces
// the URL's database.
func (d Dialect) TenantURL(u *dialect.URL, kind, name string) (string, string, error) {
	if kind == dialect.TenantDatabase {
		raw, err := u.WithDatabase(name)
		return raw, "", err
	}
	raw, err := u.WithOption("search_path", d.QuoteIdent(name))
	return raw, name, err
}
