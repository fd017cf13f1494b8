package dialect

import (
	"fmt"
	"net/url"
	"strings"
)

// Tenant kinds: what each name a fleet's query lists is on the server.
const (
	// TenantSchema is a tenant that lives in one schema of a database.
	TenantSchema = "schema"
	// TenantDatabase is a tenant that has a database of its own on a server.
	TenantDatabase = "database"
)

// TenantLocator is the optional ability of dialects whose servers hold many
// tenants: TenantURL points the server URL u at the tenant called name, whose
// kind is TenantSchema or TenantDatabase, and returns the new URL and the schema
// the tenant's version and history tables belong in ("" for the connection's
// default schema). Call it through the package function TenantURL, which
// supplies the error for a dialect without the ability.
type TenantLocator interface {
	TenantURL(u *URL, kind, name string) (raw, versionSchema string, err error)
}

// TenantURL returns u pointed at tenant name of the given kind, and the schema
// of the tenant's version table, through d's TenantLocator. A dialect without
// the ability (SQLite, whose tenants are files: list them with a glob) is an
// error wrapping ErrUnsupported, naming the dialect.
func TenantURL(d Dialect, u *URL, kind, name string) (string, string, error) {
	tl, ok := d.(TenantLocator)
	if !ok {
		return "", "", fmt.Errorf("%s has no tenants inside one URL (no schemas or databases to list): name each target's URL, or list SQLite files with glob: %w", d.Name(), ErrUnsupported)
	}
	if kind != TenantSchema && kind != TenantDatabase {
		return "", "", fmt.Errorf("tenant kind %q is not known: use %s or %s", kind, TenantSchema, TenantDatabase)
	}
	if name == "" {
		return "", "", fmt.Errorf("a tenant's %s name is empty", kind)
	}
	return tl.TenantURL(u, kind, name)
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
