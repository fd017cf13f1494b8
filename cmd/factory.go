package cmd

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/gostep"
	"github.com/retortdb/migrate/internal/config"
	"github.com/retortdb/migrate/internal/drivers"
	"github.com/retortdb/migrate/internal/metaload"
	"github.com/retortdb/migrate/lint"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
	"github.com/retortdb/migrate/schema"
)

// ioStreams are the command's standard streams: results go to Out, progress and
// errors to ErrOut.
type ioStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
}

// factory carries the global flags and builds what commands need (config, revision
// graph, database connection, metadata) lazily, as GitHub CLI's cmdutil.Factory.
type factory struct {
	IO ioStreams

	ConfigPath string
	URLFlag    string
	// XArgs are the -x KEY=VALUE arguments, in order; X is them parsed (a
	// later KEY wins), for ${x.KEY} in migrate.yaml.
	XArgs []string
	X     map[string]string
	// Tag is upgrade/downgrade/stamp --tag: recorded in the history table's tag
	// column and in the offline script's header.
	Tag     string
	Quiet   bool
	Verbose bool
	// LockTimeout is --lock-timeout, in force when lockTimeoutSet.
	LockTimeout    time.Duration
	lockTimeoutSet bool
	// NoLock is --no-lock.
	NoLock bool
	// StatementTimeout is --statement-timeout (0: none).
	StatementTimeout time.Duration
	// ConnectTimeout is --connect-timeout.
	ConnectTimeout time.Duration

	colourOn *bool
	metadata *schema.MetaData
	// goSteps are the Go steps given by WithGoSteps (nil: none given; the
	// command hands the run to a runner built from go_steps.package).
	goSteps gostep.Registry
	// args are the command's arguments, for that hand-off.
	args       []string
	secrets    []string
	signalName func() string
	cfg        *config.Config
	// graph is the last revision graph built, for suggestions in errors.
	graph *revision.Graph
	// lintSources are extra producers of lint findings (lint.Options.Sources)
	// that lint, check --format json and revision --autogenerate all use.
	lintSources []lint.Source
}

// Info prints a progress line ("INFO  …") on stderr unless -q was given.
func (f *factory) Info(format string, args ...any) {
	if f.Quiet {
		return
	}
	fmt.Fprintf(f.IO.ErrOut, f.colour(colourInfo, "INFO")+"  "+format+"\n", args...)
}

// Warn prints a warning line ("WARN  …") on stderr, even with -q.
func (f *factory) Warn(format string, args ...any) {
	fmt.Fprintf(f.IO.ErrOut, f.colour(colourWarn, "WARN")+"  "+format+"\n", args...)
}

// parseX fills X from XArgs (-x KEY=VALUE); a malformed one is a usage error.
func (f *factory) parseX() error {
	f.X = map[string]string{}
	for _, a := range f.XArgs {
		k, v, ok := strings.Cut(a, "=")
		if !ok || !xKey.MatchString(k) {
			return cmdutil.FlagErrorf("-x %q: write -x KEY=VALUE, with KEY made of letters, digits and _ (used as ${x.KEY} in migrate.yaml)", a)
		}
		f.X[k] = v
	}
	return nil
}

var xKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Config loads migrate.yaml (-c/--config, default ./migrate.yaml) once.
func (f *factory) Config() (*config.Config, error) {
	if f.cfg != nil {
		return f.cfg, nil
	}
	path := f.ConfigPath
	if path == "" {
		path = "migrate.yaml"
	}
	c, err := config.LoadWith(path, config.Options{X: f.X})
	if err != nil {
		return nil, err
	}
	f.cfg = c
	return c, nil
}

// Graph loads every revision file of the version locations, ops included, and
// builds the graph: for commands that run, render or check revisions (listGraph
// reads headers only, for the listing commands).
func (f *factory) Graph() (*revision.Graph, error) {
	c, err := f.Config()
	if err != nil {
		return nil, err
	}
	revs, err := revision.LoadDirs(c.VersionDirs())
	if err != nil {
		return nil, err
	}
	return f.keepGraph(revision.NewGraph(revs))
}

// keepGraph remembers g, for the suggestions of an unknown revision's error.
func (f *factory) keepGraph(g *revision.Graph, err error) (*revision.Graph, error) {
	if err == nil {
		f.graph = g
	}
	return g, err
}

// listGraph builds the revision graph from the revision files' headers only
// (revision.LoadDirsHeaders), for commands that never run or render ops: heads,
// history, branches, show, current, and check and revision --autogenerate, which
// compare schemas but need only the graph's heads and the files' checksums.
// Broken ops are reported by the commands that render them (upgrade, downgrade,
// stamp --sql and their --sql forms), before they connect.
func listGraph(f *factory) (*revision.Graph, error) {
	c, err := f.Config()
	if err != nil {
		return nil, err
	}
	revs, err := revision.LoadDirsHeaders(c.VersionDirs())
	if err != nil {
		return nil, err
	}
	return f.keepGraph(revision.NewGraph(revs))
}

// DatabaseURL returns the database URL: --url, then MIGRATE_URL, then migrate.yaml's
// url. The password is remembered so that no output shows it.
func (f *factory) DatabaseURL() (*dialect.URL, error) {
	raw, src := f.URLFlag, "--url"
	if raw == "" {
		raw, src = os.Getenv("MIGRATE_URL"), "MIGRATE_URL"
	}
	if raw == "" {
		c, err := f.Config()
		if err != nil {
			return nil, err
		}
		if raw, err = c.DatabaseURL(); err != nil {
			return nil, err
		}
		src = "url in " + c.Path
	}
	if raw == "" {
		return nil, errors.New("no database URL: pass --url, set MIGRATE_URL, or set url in migrate.yaml")
	}
	u, err := dialect.ParseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	if u.Password != "" {
		f.secrets = append(f.secrets, u.Password)
	}
	if err := f.applyPooling(u); err != nil {
		return nil, err
	}
	if u.Path != "" && !filepath.IsAbs(u.Path) && f.cfg != nil && src != "--url" && src != "MIGRATE_URL" {
		// A file URL (sqlite:///relative.db; only file URLs have a Path) given in
		// migrate.yaml is relative to the file's directory.
		u.Path = filepath.Join(f.cfg.Dir, u.Path)
	}
	return u, nil
}

// Dialect returns the dialect the URL names, without connecting.
func (f *factory) Dialect() (dialect.Dialect, *dialect.URL, error) {
	u, err := f.DatabaseURL()
	if err != nil {
		return nil, nil, err
	}
	d, err := dialect.Get(u.Dialect)
	if err != nil {
		return nil, nil, err
	}
	return d, u, nil
}

// Open connects to the database and checks that it answers.
func (f *factory) Open(ctx context.Context) (*sql.DB, dialect.Dialect, error) {
	d, u, err := f.Dialect()
	if err != nil {
		return nil, nil, err
	}
	// session_setup runs on every connection of the pool: the run's, the
	// inspector's, the lock's helpers.
	u.SessionSetup = f.sessionSetup(d)
	db, err := d.Open(ctx, u)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot open %s: %w", u.Redacted(), err)
	}
	timeout := f.ConnectTimeout
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	pctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		err = onceError{err}
		if pctx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
			return nil, nil, fmt.Errorf("cannot connect to %s: no answer within %s (--connect-timeout): check that the host and port are right and that the server is up and reachable", u.Redacted(), timeout)
		}
		return nil, nil, fmt.Errorf("cannot connect to %s: %w: check the URL (--url, MIGRATE_URL or url in migrate.yaml), the credentials, and that the server is running", u.Redacted(), err)
	}
	return db, d, nil
}

// onceError is a driver's connection error with each line or "; "-separated
// part said once: a driver that tries the same address twice (PostgreSQL's
// TLS, then plain) lists the same failure for each try.
type onceError struct{ err error }

func (e onceError) Error() string {
	parts := strings.FieldsFunc(e.err.Error(), func(r rune) bool { return r == '\n' })
	var split []string
	for _, p := range parts {
		split = append(split, strings.Split(p, "; ")...)
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range split {
		p = strings.TrimSpace(p)
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

func (e onceError) Unwrap() error { return e.err }

// VersionTable returns the configured version table.
func (f *factory) VersionTable() dialect.VersionTable {
	vt := dialect.VersionTable{Name: "migrate_version"}
	if c, err := f.Config(); err == nil {
		vt = dialect.VersionTable{Schema: c.VersionTableSchema, Name: c.VersionTable}
	}
	return vt
}

// HistoryTable returns the configured history table (Name "" when history is off).
func (f *factory) HistoryTable() dialect.VersionTable {
	vt := dialect.VersionTable{Name: "migrate_history"}
	if c, err := f.Config(); err == nil {
		vt = dialect.VersionTable{Schema: c.VersionTableSchema, Name: c.HistoryTable}
	}
	return vt
}

// Runner returns a runner over db with the configured version table, lock timeout
// and transaction mode, logging progress through Info.
func (f *factory) Runner(db *sql.DB, d dialect.Dialect) *runner.Runner {
	r := &runner.Runner{DB: db, Dialect: d, VersionTable: f.VersionTable(), LockTimeout: 60 * time.Second}
	// Every compiled-in dialect has an inspector (internal/drivers tests it);
	// a runner without one reports that when it needs the live schema.
	r.Inspector, _ = drivers.For(d)
	r.HistoryTable = f.HistoryTable()
	r.ToolVersion = historyVersion(Version)
	if c, err := f.Config(); err == nil {
		r.TransactionPerMigration = c.TransactionPerMigration
		r.LockTimeout = c.LockTimeout
		r.LeaseTTL = c.Cluster.LeaseTTL
	}
	if f.lockTimeoutSet {
		r.LockTimeout = f.LockTimeout
	}
	r.GoSteps = f.goSteps
	r.X = f.X
	r.NoLock = f.NoLock
	r.StatementTimeout = f.StatementTimeout
	r.Log = func(s string) { f.Info("%s", s) }
	r.Tag = f.Tag
	if f.Verbose {
		r.Trace = func(sql string, took time.Duration, err error) {
			status := ""
			if err != nil {
				status = " (failed)"
			}
			f.Info("SQL (%s)%s: %s", took.Round(time.Microsecond), status, strings.Join(strings.Fields(f.redact(sql)), " "))
		}
	}
	return r
}

// Metadata returns the declared metadata: the one given by WithMetadata, or the one
// the configured metadata package declares (built and cached by metaload).
func (f *factory) Metadata(ctx context.Context) (*schema.MetaData, error) {
	m, note, err := f.loadMetadata(ctx)
	if note != "" {
		f.Info("%s", note)
	}
	return m, err
}

// loadMetadata is Metadata without output, safe to run beside other work once
// the configuration is loaded: it returns the INFO line to print, if any.
func (f *factory) loadMetadata(ctx context.Context) (*schema.MetaData, string, error) {
	if f.metadata != nil {
		if err := f.metadata.Validate(); err != nil {
			return nil, "", fmt.Errorf("the metadata given to cmd.WithMetadata is not valid: %w", err)
		}
		return f.metadata, "", nil
	}
	c, err := f.Config()
	if err != nil {
		return nil, "", err
	}
	pkg, sym, err := c.Metadata()
	if err != nil {
		return nil, "", err
	}
	if pkg == "" {
		return nil, "", fmt.Errorf("%s has no metadata.package: set it to the Go package that declares your schema (metadata: {package: ./models, symbol: Metadata})", c.Path)
	}
	res, err := metaload.Load(ctx, metaload.Spec{Dir: c.Dir, Package: pkg, Symbol: sym})
	if err != nil {
		return nil, "", err
	}
	if res.Built && f.Verbose {
		return res.MetaData, "Built the metadata loader for " + pkg, nil
	}
	return res.MetaData, "", nil
}

// sessionSetup returns migrate.yaml's session_setup statements for d.
func (f *factory) sessionSetup(d dialect.Dialect) []string {
	c, err := f.Config()
	if err != nil || c.SessionSetup == nil {
		return nil
	}
	return c.SessionSetup[d.Name()]
}
