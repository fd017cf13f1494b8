// Package config reads migrate.yaml: Load parses and validates the file (with
// ${VAR}, ${VAR:-default} and ${x.KEY} expansion) into a Config, and every
// problem is a *ConfigError with the file, line and column. The url and the
// metadata section are expanded when Load runs but their errors are kept until
// they are used (Config.DatabaseURL, Config.Metadata), so that a command that
// needs no database, or gets its URL from --url or MIGRATE_URL, does not fail on
// an unset variable there.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"
	"time"

	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/revision"
)

// Config is migrate.yaml. Relative paths in it are
// relative to the directory that holds the file.
type Config struct {
	// Path is the file the config was read from; Dir is its directory.
	Path string
	Dir  string

	ScriptLocation   string
	VersionLocations []string
	// URL is the url key, expanded; "" when unset or when its expansion failed
	// (DatabaseURL returns that error: read the URL through it).
	URL                string
	VersionTable       string
	VersionTableSchema string
	// HistoryTable records every applied step ("" turns history off).
	HistoryTable            string
	TransactionPerMigration bool
	FileTemplate            string
	TruncateSlugLength      int
	Timezone                string
	// MetadataPackage and MetadataSymbol are the metadata section, expanded;
	// read them through Metadata, which returns a failed expansion's error.
	MetadataPackage      string
	MetadataSymbol       string
	CompareType          bool
	CompareServerDefault bool
	IncludeSchemas       bool
	ExcludeTables        []string
	LockTimeout          time.Duration
	// Targets is the targets list, expanded: read it through TargetSources.
	Targets []TargetSource
	// SafeForms is autogenerate.safe_forms: autogenerate writes the forms of
	// ops that hold no blocking lock while they read a table
	// (dialect.SafeFormer: on PostgreSQL concurrent index builds, NOT VALID
	// constraints validated after, NOT NULL through a validated CHECK; on
	// MySQL/MariaDB mysql_lock: none where no write needs to wait).
	SafeForms bool
	// GoStepsPackage and GoStepsSymbol are the go_steps section, expanded: the
	// package that registers the revisions' Go steps, and the gostep.Registry
	// variable it declares ("": the steps registered with gostep.Register).
	GoStepsPackage string
	GoStepsSymbol  string
	// SessionSetup is the session_setup section, expanded: per dialect name
	// ("postgresql", "mysql", "sqlite"), the statements run first on each
	// connection of an online run and written at the top of offline scripts.
	SessionSetup map[string][]string
	// Cluster is the cluster section (see cluster.go).
	Cluster Cluster

	// X are the -x KEY=VALUE arguments the file was expanded with (${x.KEY}).
	X map[string]string

	// deferred holds the expansion errors of keys read only when used ("url",
	// "metadata"), as *ConfigError.
	deferred map[string]error
}

// Options are what Load expands the file with besides the environment.
type Options struct {
	// X are the -x KEY=VALUE arguments: ${x.KEY} in the file is VALUE.
	X map[string]string
}

// DatabaseURL returns the url key, expanded ("" when the file has none). An
// ${VAR} or ${x.KEY} there that is unset and has no default is a *ConfigError
// with the key's position, returned here rather than by Load.
func (c *Config) DatabaseURL() (string, error) {
	if err := c.deferred["url"]; err != nil {
		return "", err
	}
	return c.URL, nil
}

// Metadata returns the metadata section's package and symbol, expanded ("" and
// "" when the file has none). An unset variable there is a *ConfigError with its
// position, returned here rather than by Load.
func (c *Config) Metadata() (pkg, symbol string, err error) {
	if err := c.deferred["metadata"]; err != nil {
		return "", "", err
	}
	return c.MetadataPackage, c.MetadataSymbol, nil
}

// ConfigError is a problem in migrate.yaml, with its position.
type ConfigError struct {
	Path      string
	Line, Col int
	Msg       string
	Err       error
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
	}
	return e.Path + ": " + e.Msg
}

func (e *ConfigError) Unwrap() error { return e.Err }

// ErrNoConfig is wrapped when the config file does not exist.
var ErrNoConfig = errors.New("config file not found")

func defaultConfig(path string) *Config {
	return &Config{
		Path:                 path,
		Dir:                  filepath.Dir(path),
		ScriptLocation:       "migrations",
		VersionTable:         "migrate_version",
		HistoryTable:         "migrate_history",
		FileTemplate:         "{{.Rev}}_{{.Slug}}",
		TruncateSlugLength:   40,
		Timezone:             "UTC",
		CompareType:          true,
		CompareServerDefault: true,
		LockTimeout:          60 * time.Second,
	}
}

var configKeys = []string{
	"script_location", "version_locations", "url", "version_table", "version_table_schema", "history_table",
	"transaction_per_migration", "file_template", "truncate_slug_length", "timezone",
	"metadata", "autogenerate", "lock_timeout", "go_steps", "session_setup",
}

// Load reads and validates migrate.yaml at path, expanding ${VAR} from the
// environment; it is LoadWith without -x arguments.
func Load(path string) (*Config, error) { return LoadWith(path, Options{}) }

// LoadWith reads and validates migrate.yaml at path, expanding ${VAR} from the
// environment and ${x.KEY} from o.X. Unknown keys, wrong types, an unset ${VAR}
// without a default (outside url and metadata, whose errors wait until they
// are read), and a bad duration are *ConfigError values with the file, line and
// column. A missing file wraps ErrNoConfig; a path that
// is not a regular file (a directory, a device, a FIFO, through a symlink or not)
// or a file larger than MaxSize is a *ConfigError naming the path, found without
// reading the file's contents.
func LoadWith(path string, o Options) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	c := defaultConfig(abs)
	c.X = o.X
	root, err := yamlx.Parse(data)
	if err != nil {
		if errors.Is(err, yamlx.ErrEmpty) {
			return nil, &ConfigError{Path: path, Err: err, Msg: "the file is empty: it needs at least script_location (run `migrate init` for a template)"}
		}
		var ye *yamlx.Error
		if errors.As(err, &ye) {
			return nil, &ConfigError{Path: path, Line: ye.Line, Col: ye.Col, Msg: ye.Msg, Err: err}
		}
		return nil, &ConfigError{Path: path, Err: err, Msg: err.Error()}
	}
	if err := c.fill(root); err != nil {
		return nil, asConfigError(path, err)
	}
	if err := c.fillTargets(root.Get("targets")); err != nil {
		return nil, asConfigError(path, err)
	}
	for k, err := range c.deferred {
		c.deferred[k] = asConfigError(path, err)
	}
	if len(c.VersionLocations) == 0 {
		c.VersionLocations = []string{filepath.Join(c.ScriptLocation, "versions")}
	}
	return c, nil
}

// asConfigError gives err the file's path, and its line and column when it has
// them.
func asConfigError(path string, err error) error {
	var ye *yamlx.Error
	if errors.As(err, &ye) {
		return &ConfigError{Path: path, Line: ye.Line, Col: ye.Col, Msg: ye.Msg, Err: err}
	}
	return &ConfigError{Path: path, Err: err, Msg: err.Error()}
}

// deferErr keeps err as the error of key (read only when used) and returns nil;
// any other error is returned.
func (c *Config) deferErr(key string, err error) error {
	if err == nil || !errors.Is(err, errUnset) {
		return err
	}
	if c.deferred == nil {
		c.deferred = map[string]error{}
	}
	if c.deferred[key] == nil {
		c.deferred[key] = err
	}
	return nil
}

func (c *Config) fill(root *yamlx.Node) error {
	if err := root.Expect(yamlx.Map); err != nil {
		return err
	}
	if err := root.CheckKeys(configKeys...); err != nil {
		return err
	}
	str := func(key string, dst *string) error {
		n := root.Get(key)
		if n == nil || n.IsNull() {
			return nil
		}
		s, err := n.AsString()
		if err != nil {
			return err
		}
		s, err = c.expand(s, n)
		if err != nil {
			if key == "url" {
				return c.deferErr(key, err)
			}
			return err
		}
		*dst = s
		return nil
	}
	boolean := func(n *yamlx.Node, dst *bool) error {
		if n == nil || n.IsNull() {
			return nil
		}
		b, err := n.AsBool()
		if err != nil {
			return err
		}
		*dst = b
		return nil
	}
	for key, dst := range map[string]*string{
		"script_location": &c.ScriptLocation, "url": &c.URL, "version_table": &c.VersionTable,
		"version_table_schema": &c.VersionTableSchema, "file_template": &c.FileTemplate, "timezone": &c.Timezone,
		"history_table": &c.HistoryTable,
	} {
		if err := str(key, dst); err != nil {
			return err
		}
	}
	if n := root.Get("version_locations"); n != nil && !n.IsNull() {
		list, err := n.AsStrings()
		if err != nil {
			return err
		}
		for i, s := range list {
			if list[i], err = c.expand(s, n); err != nil {
				return err
			}
		}
		c.VersionLocations = list
	}
	if err := boolean(root.Get("transaction_per_migration"), &c.TransactionPerMigration); err != nil {
		return err
	}
	if n := root.Get("truncate_slug_length"); n != nil && !n.IsNull() {
		v, err := n.AsInt()
		if err != nil {
			return err
		}
		if v < 1 || v > 200 {
			return yamlx.Errorf(n, "truncate_slug_length must be between 1 and 200, not %d", v)
		}
		c.TruncateSlugLength = int(v)
	}
	if n := root.Get("lock_timeout"); n != nil && !n.IsNull() {
		d, err := lockTimeout(n)
		if err != nil {
			return err
		}
		c.LockTimeout = d
	}
	if n := root.Get("metadata"); n != nil && !n.IsNull() {
		if err := n.Expect(yamlx.Map); err != nil {
			return err
		}
		if err := n.CheckKeys("package", "symbol"); err != nil {
			return err
		}
		for key, dst := range map[string]*string{"package": &c.MetadataPackage, "symbol": &c.MetadataSymbol} {
			if v := n.Get(key); v != nil && !v.IsNull() {
				s, err := v.AsString()
				if err != nil {
					return err
				}
				if *dst, err = c.expand(s, v); err != nil {
					if err := c.deferErr("metadata", err); err != nil {
						return err
					}
				}
			}
		}
		if c.MetadataPackage != "" && c.MetadataSymbol == "" {
			c.MetadataSymbol = "Metadata"
		}
	}
	if err := c.fillGo(root); err != nil {
		return err
	}
	if n := root.Get("autogenerate"); n != nil && !n.IsNull() {
		if err := n.Expect(yamlx.Map); err != nil {
			return err
		}
		if err := n.CheckKeys("compare_type", "compare_server_default", "include_schemas", "exclude_tables", "safe_forms"); err != nil {
			return err
		}
		for key, dst := range map[string]*bool{"compare_type": &c.CompareType, "compare_server_default": &c.CompareServerDefault, "include_schemas": &c.IncludeSchemas, "safe_forms": &c.SafeForms} {
			if err := boolean(n.Get(key), dst); err != nil {
				return err
			}
		}
		if v := n.Get("exclude_tables"); v != nil && !v.IsNull() {
			list, err := v.AsStrings()
			if err != nil {
				return err
			}
			c.ExcludeTables = list
		}
	}
	if err := c.fillCluster(root); err != nil {
		return err
	}
	if c.VersionTable == "" || len(c.VersionTable) > 63 {
		return yamlx.Errorf(root.Get("version_table"), "version_table must be a table name of 1 to 63 characters")
	}
	return nil
}

var envRef = regexp.MustCompile(`\$\{((?:x\.)?[A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}`)

// errUnset is wrapped by expand's error for an unset variable.
var errUnset = errors.New("variable not set")

// lockTimeout reads lock_timeout: a duration string ("60s", "2m", "0"), or a
// plain integer taken as seconds.
func lockTimeout(n *yamlx.Node) (time.Duration, error) {
	if n.Kind == yamlx.Scalar && n.Tag == yamlx.TagInt {
		v, err := n.AsInt()
		if err != nil || v < 0 || v > int64(time.Duration(1<<62)/time.Second) {
			return 0, yamlx.Errorf(n, "lock_timeout %s is not a number of seconds from 0 (wait forever) up: write it like 60, 60s or 2m", n.Value)
		}
		return time.Duration(v) * time.Second, nil
	}
	if n.Kind != yamlx.Scalar || n.Tag != yamlx.TagStr {
		return 0, yamlx.Errorf(n, "lock_timeout must be a duration such as 60s, 2m or 0 (wait forever), or a number of seconds, not %s", n.Describe())
	}
	d, err := time.ParseDuration(n.Value)
	if err != nil || d < 0 {
		return 0, yamlx.Errorf(n, "lock_timeout %q is not a duration: write it like 60s, 2m, 0 (wait forever), or a number of seconds", n.Value)
	}
	return d, nil
}

// expand replaces ${VAR} and ${VAR:-default} (from the environment) and
// ${x.KEY} and ${x.KEY:-default} (from the -x arguments) in s. An unset (or
// empty) VAR, or a KEY no -x gave, without a default is a *yamlx.Error at n's
// position wrapping errUnset.
func (c *Config) expand(s string, n *yamlx.Node) (string, error) {
	var missing string
	out := envRef.ReplaceAllStringFunc(s, func(ref string) string {
		m := envRef.FindStringSubmatch(ref)
		if key, ok := strings.CutPrefix(m[1], "x."); ok {
			if v, set := c.X[key]; set {
				return v
			}
		} else if v := os.Getenv(m[1]); v != "" {
			return v
		}
		if m[2] != "" {
			return m[3]
		}
		if missing == "" {
			missing = m[1]
		}
		return ""
	})
	if missing == "" {
		return out, nil
	}
	var e *yamlx.Error
	if key, ok := strings.CutPrefix(missing, "x."); ok {
		e = yamlx.Errorf(n, "${%s} is not set and has no default: pass -x %s=VALUE, or write ${%s:-default}", missing, key, missing)
	} else {
		e = yamlx.Errorf(n, "${%s} is not set and has no default: export %s, or write ${%s:-default}", missing, missing, missing)
	}
	e.Err = errUnset
	return "", e
}

// Abs resolves a path relative to the config file's directory (an absolute p is
// returned unchanged).
func (c *Config) Abs(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir, p)
}

// VersionDirs returns the version locations as absolute paths.
func (c *Config) VersionDirs() []string {
	out := make([]string, len(c.VersionLocations))
	for i, p := range c.VersionLocations {
		out[i] = c.Abs(p)
	}
	return out
}

// Location returns the time zone of the timezone key (UTC when unset). An unknown
// zone name is an error naming the config file.
func (c *Config) Location() (*time.Location, error) {
	if c.Timezone == "" || strings.EqualFold(c.Timezone, "UTC") {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return nil, fmt.Errorf("%s: timezone %q is unknown: use an IANA name such as UTC or Europe/Berlin", c.Path, c.Timezone)
	}
	return loc, nil
}

// FileName fills file_template for a new revision with id and message (the slug
// is cut to truncate_slug_length) and the current UTC time, and returns the file
// name without its .yaml extension. A template that does not parse, names an
// unknown field, or gives an empty name, a name with a path separator, or a name
// starting with "." (which the loader skips as hidden) is an error naming the
// config file.
func (c *Config) FileName(id, message string) (string, error) {
	name, err := c.expandFileTemplate(id, message, time.Now().UTC())
	if err != nil {
		return "", err
	}
	name = strings.TrimRight(name, "_")
	if name == "" || strings.ContainsAny(name, "/\\") {
		return "", fmt.Errorf("%s: file_template %q gives the file name %q: it must be a plain, non-empty name", c.Path, c.FileTemplate, name)
	}
	if strings.HasPrefix(name, ".") {
		return "", fmt.Errorf("%s: file_template %q gives the file name %q, which starts with a dot: revision files starting with a dot are hidden and never loaded, so start the template with a field such as {{.Rev}}", c.Path, c.FileTemplate, name)
	}
	return name, nil
}

// expandFileTemplate fills file_template: Go's template form ({{.Rev}}), or
// Alembic's %(rev)s form as pasted from alembic.ini (%% doubling accepted).
func (c *Config) expandFileTemplate(id, message string, now time.Time) (string, error) {
	slug := revision.Slug(message, c.TruncateSlugLength)
	if revision.IsPercentTemplate(c.FileTemplate) {
		name, err := revision.ExpandPercentTemplate(c.FileTemplate, id, slug, now)
		if err != nil {
			return "", fmt.Errorf("%s: %v", c.Path, err)
		}
		return name, nil
	}
	t, err := template.New("file_template").Option("missingkey=error").Parse(c.FileTemplate)
	if err != nil {
		return "", fmt.Errorf("%s: file_template %q: %v", c.Path, c.FileTemplate, err)
	}
	data := map[string]any{
		"Rev": id, "Slug": slug,
		"Year": now.Format("2006"), "Month": now.Format("01"), "Day": now.Format("02"),
		"Hour": now.Format("15"), "Minute": now.Format("04"), "Second": now.Format("05"), "Epoch": now.Unix(),
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("%s: file_template %q: %v (fields: Rev, Slug, Year, Month, Day, Hour, Minute, Second, Epoch)", c.Path, c.FileTemplate, err)
	}
	return b.String(), nil
}

// fillGo reads the go_steps and session_setup sections.
func (c *Config) fillGo(root *yamlx.Node) error {
	if n := root.Get("go_steps"); n != nil && !n.IsNull() {
		if err := n.Expect(yamlx.Map); err != nil {
			return err
		}
		if err := n.CheckKeys("package", "symbol"); err != nil {
			return err
		}
		for key, dst := range map[string]*string{"package": &c.GoStepsPackage, "symbol": &c.GoStepsSymbol} {
			if v := n.Get(key); v != nil && !v.IsNull() {
				s, err := v.AsString()
				if err != nil {
					return err
				}
				if *dst, err = c.expand(s, v); err != nil {
					return err
				}
			}
		}
		if c.GoStepsSymbol != "" && c.GoStepsPackage == "" {
			return yamlx.Errorf(n, "go_steps.symbol %s needs go_steps.package, the Go package that declares it", c.GoStepsSymbol)
		}
	}
	if n := root.Get("session_setup"); n != nil && !n.IsNull() {
		if err := n.Expect(yamlx.Map); err != nil {
			return err
		}
		if err := n.CheckKeys("postgresql", "mysql", "sqlite"); err != nil {
			return err
		}
		c.SessionSetup = map[string][]string{}
		for _, d := range []string{"postgresql", "mysql", "sqlite"} {
			v := n.Get(d)
			if v == nil || v.IsNull() {
				continue
			}
			list, err := v.AsStrings()
			if err != nil {
				return err
			}
			for i, s := range list {
				if list[i], err = c.expand(s, v); err != nil {
					return err
				}
				if strings.TrimSpace(list[i]) == "" {
					return yamlx.Errorf(v, "session_setup.%s: statement %d is empty", d, i+1)
				}
			}
			c.SessionSetup[d] = list
		}
	}
	return nil
}
