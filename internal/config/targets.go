package config

import (
	"path/filepath"
	"regexp"

	"github.com/retortdb/migrate/internal/yamlx"
)

// TargetSource is one entry of migrate.yaml's targets list, which names the
// databases a fleet run (--all, --target, --targets-from) works on. It is one
// of three forms:
//
//   - Name and URL: one target.
//   - Query (with an optional URL, default the url key): the SQL returns one
//     tenant name per row (first column), and Tenant says what each names on
//     that server, "schema" (the default; a database on MySQL/MariaDB) or
//     "database".
//   - Glob: SQLite files matching the pattern (relative to the config file's
//     directory), one target per file, named by the file name without its
//     extension.
//
// For a query or a glob, Name (optional) prefixes the names it gives:
// "<name>/<tenant>".
type TargetSource struct {
	Name   string
	URL    string
	Query  string
	Tenant string
	Glob   string
	// Line and Col are the entry's position in migrate.yaml, for errors.
	Line, Col int
}

// targetName is the form of a target's name or a source's prefix.
var targetName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.@:-]*$`)

func init() {
	// The targets key is read by fillTargets, kept apart from fill.
	configKeys = append(configKeys, "targets")
}

// TargetSources returns the targets list, expanded. An ${VAR} or ${x.KEY} in it
// that is unset and has no default is a *ConfigError with its position,
// returned here rather than by Load, as for url.
func (c *Config) TargetSources() ([]TargetSource, error) {
	if err := c.deferred["targets"]; err != nil {
		return nil, err
	}
	return c.Targets, nil
}

// fillTargets reads the targets key (nil: none).
func (c *Config) fillTargets(n *yamlx.Node) error {
	if n == nil || n.IsNull() {
		return nil
	}
	if err := n.Expect(yamlx.Seq); err != nil {
		return yamlx.Errorf(n, "targets must be a list of {name, url}, {query, url, tenant} or {glob} entries, not %s", n.Describe())
	}
	names := map[string]int{}
	for _, e := range n.Values {
		if err := e.CheckKeys("name", "url", "query", "tenant", "glob"); err != nil {
			return err
		}
		s := TargetSource{Line: e.Line, Col: e.Col}
		for key, dst := range map[string]*string{"name": &s.Name, "url": &s.URL, "query": &s.Query, "tenant": &s.Tenant, "glob": &s.Glob} {
			v := e.Get(key)
			if v == nil || v.IsNull() {
				continue
			}
			str, err := v.AsString()
			if err != nil {
				return err
			}
			if key != "name" && key != "tenant" {
				expanded, err := c.expand(str, v)
				if err == nil {
					str = expanded
				} else if err := c.deferErr("targets", err); err != nil {
					return err
				}
				// A deferred error keeps the text unexpanded, for the checks
				// below; TargetSources returns the error before any use.
			}
			*dst = str
		}
		if s.Name != "" && !targetName.MatchString(s.Name) {
			return yamlx.Errorf(e.Get("name"), "target name %q: use letters, digits and _ . @ : - (starting with a letter, digit or _)", s.Name)
		}
		switch {
		case s.Query != "" && s.Glob != "":
			return yamlx.Errorf(e, "a target entry has either query or glob, not both")
		case s.Glob != "":
			if s.URL != "" || s.Tenant != "" {
				return yamlx.Errorf(e, "a glob entry lists SQLite files: it takes no url or tenant")
			}
			if _, err := filepath.Match(s.Glob, ""); err != nil {
				return yamlx.Errorf(e.Get("glob"), "glob %q is not a valid pattern: %v", s.Glob, err)
			}
			s.Glob = c.Abs(s.Glob)
		case s.Query != "":
			if s.Tenant == "" {
				s.Tenant = "schema"
			}
			if s.Tenant != "schema" && s.Tenant != "database" {
				return yamlx.Errorf(e.Get("tenant"), "tenant %q is not known: each row of the query names a schema or a database", s.Tenant)
			}
		default:
			if s.Name == "" || s.URL == "" {
				return yamlx.Errorf(e, "a target entry needs name and url (one target), query (tenants listed by SQL) or glob (SQLite files)")
			}
			if s.Tenant != "" {
				return yamlx.Errorf(e.Get("tenant"), "tenant goes with query: a named target is its URL")
			}
			if line, dup := names[s.Name]; dup {
				return yamlx.Errorf(e.Get("name"), "target %q is already named at line %d: give each target its own name", s.Name, line)
			}
			names[s.Name] = e.Line
		}
		c.Targets = append(c.Targets, s)
	}
	return nil
}
