package cmd

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/fleet"
	"github.com/spf13/cobra"
)

// fleetOptions are the flags that run upgrade, downgrade, current, check or
// stamp on several of migrate.yaml's targets instead of one database.
type fleetOptions struct {
	All         bool
	Targets     []string
	TargetsFrom string
	Parallel    int
	Canary      int
	FailFast    bool
	// Format is text or json: upgrade, downgrade and stamp declare it here
	// (ownFormat); current and check copy their own --format into it.
	Format    string
	ownFormat bool
}

// fleetFlags declares the fleet flags on c; withFormat adds --format (for the
// commands that have none of their own).
func fleetFlags(c *cobra.Command, o *fleetOptions, withFormat bool) {
	fl := c.Flags()
	fl.BoolVar(&o.All, "all", false, "run on every target of migrate.yaml's targets")
	fl.StringArrayVar(&o.Targets, "target", nil, "run on the target NAME of migrate.yaml's targets (repeatable; * ? [ patterns select every match)")
	fl.StringVar(&o.TargetsFrom, "targets-from", "", "run on the targets named in FILE, one name or pattern per line (# comments)")
	fl.IntVar(&o.Parallel, "parallel", fleet.DefaultParallel, "with --all/--target: how many targets run at once")
	fl.IntVar(&o.Canary, "canary", 0, "with --all/--target: run the first N targets first and stop if one fails")
	fl.BoolVar(&o.FailFast, "fail-fast", false, "with --all/--target: start no more targets once one has failed")
	if withFormat {
		o.ownFormat = true
		fl.StringVar(&o.Format, "format", "text", "with --all/--target: the report's format, text (a table) or json")
	}
}

// active reports whether the command line selected targets.
func (o *fleetOptions) active() bool {
	return o.All || len(o.Targets) > 0 || o.TargetsFrom != ""
}

// validate refuses fleet flags that do not fit together: the bounds without a
// selection, --all with names, bad numbers, and --url or --sql with a fleet.
func (o *fleetOptions) validate(c *cobra.Command, f *factory, sqlMode bool) error {
	changed := func(names ...string) string {
		for _, n := range names {
			if c.Flags().Changed(n) {
				return n
			}
		}
		return ""
	}
	if !o.active() {
		if n := changed("parallel", "canary", "fail-fast"); n != "" {
			return cmdutil.FlagErrorf("--%s works with --all, --target or --targets-from: add one to run on migrate.yaml's targets", n)
		}
		if o.ownFormat && o.Format == "json" {
			return cmdutil.FlagErrorf("--format json reports a run on several targets: add --all, --target or --targets-from")
		}
		return formatFlagCheck(o.Format)
	}
	if err := formatFlagCheck(o.Format); err != nil {
		return err
	}
	if o.All && (len(o.Targets) > 0 || o.TargetsFrom != "") {
		return cmdutil.FlagErrorf("--all runs on every target: drop --target and --targets-from, or drop --all")
	}
	if o.Parallel < 1 {
		return cmdutil.FlagErrorf("--parallel %d: give at least 1", o.Parallel)
	}
	if o.Canary < 0 {
		return cmdutil.FlagErrorf("--canary %d: give a number of targets, 0 (no canary) or more", o.Canary)
	}
	if f.URLFlag != "" {
		return cmdutil.FlagErrorf("--url names one database, and --all/--target run on migrate.yaml's targets: drop one of them")
	}
	if sqlMode {
		return cmdutil.FlagErrorf("--sql prints one script and connects to no database: drop --all/--target/--targets-from, or drop --sql")
	}
	return nil
}

// fleetFailedError is a fleet run in which some targets failed or were
// skipped; cause, when not nil, is the error that gives the exit status (check's
// checkFailedError or changesDetectedError).
type fleetFailedError struct {
	msg   string
	cause error
}

func (e *fleetFailedError) Error() string { return e.msg }
func (e *fleetFailedError) Unwrap() error { return e.cause }

// targetFunc runs a command on one target, through tf: a factory whose URL,
// version table and output are the target's.
type targetFunc func(ctx context.Context, tf *factory, t fleet.Target) fleet.Outcome

// runFleet is what upgrade, downgrade, current, check and stamp share with a
// fleet selection: it lists migrate.yaml's targets, selects those asked for,
// runs do on each (fleet.Run: bounded, a failure stops no other target), prints
// the report on stdout (a table, or JSON with --format json) and returns an
// error when a target failed or was skipped (exit status 1; check's own
// statuses for check). verb names the command in that error.
func runFleet(ctx context.Context, f *factory, o *fleetOptions, verb string, do targetFunc) error {
	targets, err := fleetTargets(ctx, f, o)
	if err != nil {
		return err
	}
	if len(targets) == 0 {
		f.Warn("No targets: migrate.yaml's targets list none (a query returned no rows)")
	}
	var logMu sync.Mutex
	opts := fleet.Options{Parallel: o.Parallel, Canary: o.Canary, FailFast: o.FailFast}
	if o.Format != "json" && !f.Quiet && !f.Verbose && isTerminal(f.IO.Out) && isTerminal(f.IO.ErrOut) {
		opts.Progress = &fleet.Progress{W: f.IO.ErrOut}
	}
	f.Info("Running %s on %d target(s), %d at a time", verb, len(targets), max(o.Parallel, 1))
	res := fleet.Run(ctx, targets, opts, func(ctx context.Context, t fleet.Target) fleet.Outcome {
		tf := f.forTarget(t, &prefixWriter{mu: &logMu, w: f.IO.ErrOut, prefix: "[" + t.Name + "] "})
		return do(ctx, tf, t)
	})
	for i := range res {
		res[i].Error = oneLine(f.redact(res[i].Error))
	}
	if o.Format == "json" {
		if err := fleet.WriteJSON(f.IO.Out, res); err != nil {
			return err
		}
	} else if err := fleet.WriteTable(f.IO.Out, res); err != nil {
		return err
	}
	return fleetError(ctx, res, verb)
}

// fleetError is the error of a fleet run whose results are res (nil when every
// target succeeded).
func fleetError(ctx context.Context, res []fleet.Result, verb string) error {
	var failed, skipped []string
	var cause error
	changes := 0
	for _, r := range res {
		switch r.Status {
		case fleet.Failed:
			failed = append(failed, r.Target)
			cause = &checkFailedError{err: r.Err}
		case fleet.Skipped:
			skipped = append(skipped, r.Target)
		case fleet.Changes:
			changes++
		}
	}
	names := func(list []string) string {
		if len(list) > 5 {
			return strings.Join(list[:5], ", ") + fmt.Sprintf(" and %d more", len(list)-5)
		}
		return strings.Join(list, ", ")
	}
	switch {
	case len(failed) > 0:
		msg := fmt.Sprintf("%s failed on %d of %d targets: %s (the report above says why)", verb, len(failed), len(res), names(failed))
		if len(skipped) > 0 {
			msg += fmt.Sprintf("; %d not started", len(skipped))
		}
		switch verb {
		case "current", "check":
			msg += "; fix them and run the same command again"
		default:
			msg += "; every other target kept its own result: fix the failures and run the same command again, which changes only the targets that are not done"
		}
		if verb != "check" {
			cause = nil
		}
		return &fleetFailedError{msg: msg, cause: cause}
	case len(skipped) > 0:
		if ctx.Err() != nil {
			return fmt.Errorf("%s was interrupted: %d of %d targets not started: %w; run the same command again to finish them", verb, len(skipped), len(res), ctx.Err())
		}
		return &fleetFailedError{msg: fmt.Sprintf("%s: %d of %d targets not started: %s: run the same command again to finish them", verb, len(skipped), len(res), names(skipped))}
	case changes > 0:
		return &fleetFailedError{
			msg:   fmt.Sprintf("%d of %d targets differ from the metadata (status changes above): run `migrate revision --autogenerate -m MESSAGE` against one of them", changes, len(res)),
			cause: &changesDetectedError{N: changes},
		}
	}
	return nil
}

// fleetTargets lists migrate.yaml's targets and selects those o asks for.
func fleetTargets(ctx context.Context, f *factory, o *fleetOptions) ([]fleet.Target, error) {
	c, err := f.Config()
	if err != nil {
		return nil, err
	}
	sources, err := c.TargetSources()
	if err != nil {
		return nil, err
	}
	if len(sources) == 0 {
		return nil, fmt.Errorf("%s has no targets: list them under targets ({name, url}, {query, tenant} or {glob} entries) to use --all, --target or --targets-from", c.Path)
	}
	defaultURL, urlErr := c.DatabaseURL()
	all, err := fleet.Resolve(ctx, sources, defaultURL, c.Dir, func(ctx context.Context, raw string) (*sql.DB, dialect.Dialect, error) {
		if raw == "" && urlErr != nil {
			return nil, nil, urlErr
		}
		return f.forURL(raw).Open(ctx)
	})
	if err != nil {
		return nil, err
	}
	for _, t := range all {
		if u, err := dialect.ParseURL(t.URL); err == nil && u.Password != "" {
			f.secrets = append(f.secrets, u.Password)
		}
	}
	if o.All {
		return all, nil
	}
	names := slices.Clone(o.Targets)
	if o.TargetsFrom != "" {
		more, err := fleet.ReadNames(o.TargetsFrom)
		if err != nil {
			return nil, err
		}
		names = append(names, more...)
	}
	return fleet.Select(all, names)
}

// forURL is a copy of f that connects to raw, for a query listing tenants.
func (f *factory) forURL(raw string) *factory {
	cf := *f
	cf.URLFlag = raw
	cf.secrets = slices.Clone(f.secrets)
	return &cf
}

// forTarget is a copy of f for one target: its URL, its version table's schema
// when the target has one, no stdout (the report is the fleet's), and progress
// lines only with -v, each prefixed with the target's name, on errOut; warnings
// are always shown.
func (f *factory) forTarget(t fleet.Target, errOut io.Writer) *factory {
	cf := f.forURL(t.URL)
	if f.cfg != nil {
		c := *f.cfg
		if t.VersionSchema != "" {
			c.VersionTableSchema = t.VersionSchema
		}
		cf.cfg = &c
	}
	cf.IO = ioStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: errOut}
	cf.Quiet = f.Quiet || !f.Verbose
	off := false
	cf.colourOn = &off
	return cf
}

// prefixWriter writes each line given to it to w with prefix before it, one
// whole line at a time under mu (shared by the targets that write to w).
type prefixWriter struct {
	mu     *sync.Mutex
	w      io.Writer
	prefix string
	buf    []byte
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.buf = append(p.buf, b...)
	for {
		i := slices.Index(p.buf, '\n')
		if i < 0 {
			break
		}
		if _, err := io.WriteString(p.w, p.prefix+string(p.buf[:i+1])); err != nil {
			return 0, err
		}
		p.buf = p.buf[i+1:]
	}
	return len(b), nil
}
