package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/lint"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
	"github.com/retortdb/migrate/schema"
	"github.com/spf13/cobra"
)

// lintOptions are the options of `migrate lint`.
type lintOptions struct {
	F *factory
	// Target is REV (that revision's upgrade), A:B (the upgrade from A to
	// B) or "" (every revision, from base to the heads).
	Target string
	Format string
	// FailOn is the level at or above which a finding fails the command.
	FailOn string
	// ServerVersion is the version the rules assume ("" for each dialect's
	// default).
	ServerVersion string
	// Online reads the server version from the database.
	Online bool
}

// lintFindingsError is returned by `lint` when findings at or above --fail-on
// were reported; it exits with status 1.
type lintFindingsError struct {
	N     int
	Level string
}

func (e *lintFindingsError) Error() string {
	return fmt.Sprintf("%d lint finding(s) at level %s or above: write the safer form each names, or raise --fail-on to accept them", e.N, e.Level)
}

// newCmdLint is `migrate lint [REV|A:B]`; runF (nil: runLint) runs it.
func newCmdLint(f *factory, runF func(*lintOptions) error) *cobra.Command {
	o := &lintOptions{F: f}
	c := &cobra.Command{
		ValidArgsFunction: completeRevisions(f),
		Use:               "lint [REV|A:B]",
		Short:             "Report the lock, rewrite and scan of every statement an upgrade would run, with safer forms",
		Long: "Lint plans the upgrade offline, as upgrade --sql does, and reports for each\n" +
			"statement the lock the server takes on the table, whether it rewrites or scans\n" +
			"the table, and a safer equivalent (docs/lint.md lists the rules). REV lints that\n" +
			"revision alone, A:B the upgrade from A to B, no argument every revision from base\n" +
			"to the heads. Exit status: 0 no finding at or above --fail-on; 1 some; 2 usage\n" +
			"error; 3 the revisions could not be planned.",
		Args: cmdutil.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Target = args[0]
			}
			if err := formatFlagCheck(o.Format); err != nil {
				return err
			}
			if dialect.LintLevelRank(o.FailOn) < 0 {
				return cmdutil.FlagErrorf("--fail-on %q is not a level: use info, warning or error", o.FailOn)
			}
			if runF != nil {
				return runF(o)
			}
			return runLint(c.Context(), o)
		},
	}
	c.Flags().StringVar(&o.Format, "format", "text", "output format: text or json")
	c.Flags().StringVar(&o.FailOn, "fail-on", dialect.LintWarning, "exit 1 when a finding is at this level or above: info, warning or error")
	c.Flags().StringVar(&o.ServerVersion, "server-version", "", "the server version the rules assume (15.4, 10.11.6-MariaDB, 8.0.36); default: each dialect's, see docs/lint.md")
	c.Flags().BoolVar(&o.Online, "online", false, "read the server version, and the views that read each column, from the database")
	return c
}

func runLint(ctx context.Context, o *lintOptions) error {
	fs, err := lintFindings(ctx, o)
	if err != nil {
		return &checkFailedError{err: err}
	}
	if o.Format == "json" {
		err = lint.WriteJSON(o.F.IO.Out, fs)
	} else {
		err = lint.WriteText(o.F.IO.Out, fs)
	}
	if err != nil {
		return err
	}
	if n := len(lint.AtLeast(fs, o.FailOn)); n > 0 {
		return &lintFindingsError{N: n, Level: o.FailOn}
	}
	return nil
}

// lintFindings plans the target offline and lints the plan.
func lintFindings(ctx context.Context, o *lintOptions) ([]lint.Finding, error) {
	g, err := o.F.Graph()
	if err != nil {
		return nil, err
	}
	d, _, err := o.F.Dialect()
	if err != nil {
		return nil, err
	}
	opts := lint.Options{Version: o.ServerVersion, Sources: o.F.lintSources}
	if o.Online {
		db, _, err := o.F.Open(ctx)
		if err != nil {
			return nil, err
		}
		defer db.Close()
		if opts.Version == "" {
			if opts.Version, err = dialect.ServerVersion(ctx, d, db); err != nil {
				return nil, err
			}
		}
		views, err := dialect.ViewsReading(ctx, d, db)
		if err != nil && !errors.Is(err, dialect.ErrUnsupported) {
			return nil, err
		}
		opts.ViewsReading = views
	}
	plan, start, err := lintPlan(g, d, o.F.VersionTable(), o.Target)
	if err != nil {
		return nil, err
	}
	opts.Start = start.Schema
	return lint.Lint(plan, opts)
}

// lintPlan plans the upgrade lint reads: REV alone (from its down revisions),
// A:B, or base to the heads for "".
func lintPlan(g *revision.Graph, d dialect.Dialect, vt dialect.VersionTable, target string) (*runner.Plan, runner.Start, error) {
	var rows []string
	upper := target
	switch {
	case target == "":
		upper = "heads"
	case strings.Contains(target, ":"):
		lower, up, _ := strings.Cut(target, ":")
		upper = up
		if lower != "" && lower != "base" {
			revs, err := g.Resolve(lower, nil)
			if err != nil {
				return nil, runner.Start{}, err
			}
			for _, r := range revs {
				rows = append(rows, r.ID)
			}
		}
	default:
		revs, err := g.Resolve(target, nil)
		if err != nil {
			return nil, runner.Start{}, err
		}
		if len(revs) != 1 {
			return nil, runner.Start{}, cmdutil.FlagErrorf("%q names %d revisions: lint one revision, or a range A:B", target, len(revs))
		}
		rows = revs[0].DownRevisions
	}
	steps, err := g.UpgradePlan(rows, upper)
	if err != nil {
		return nil, runner.Start{}, err
	}
	start, err := runner.ReplayFor(g, d, rows)
	if err != nil {
		return nil, runner.Start{}, err
	}
	plan, err := runner.BuildFrom(d, vt, steps, start, true)
	if err != nil {
		return nil, runner.Start{}, err
	}
	if start.Blind {
		start.Schema = nil
	}
	return plan, start, nil
}

// revisionLint lints rev's upgrade as it would run on the database whose
// schema is live: the findings `revision --autogenerate` prints and `check
// --format json` returns. The server version and the views that read each
// column are read from the database.
func revisionLint(ctx context.Context, f *factory, d dialect.Dialect, live *schema.MetaData, rev *revision.Revision) ([]lint.Finding, error) {
	opts := lint.Options{Start: live, Sources: f.lintSources}
	if db, _, err := f.Open(ctx); err == nil {
		opts.Version, _ = dialect.ServerVersion(ctx, d, db)
		opts.ViewsReading, _ = dialect.ViewsReading(ctx, d, db)
		db.Close()
	}
	plan, err := runner.BuildFrom(d, f.VersionTable(), []revision.Step{{Revision: rev, Direction: revision.Up}}, runner.Start{Schema: live}, false)
	if err != nil {
		return nil, err
	}
	return lint.Lint(plan, opts)
}

// reportLint prints the lint findings of rev's upgrade (revisionLint) at
// level warning and above as WARN lines on stderr, one per finding, with
// the safer form. An upgrade that cannot be planned is reported the same way
// (the revision is still written: upgrade then says what is wrong).
func reportLint(ctx context.Context, f *factory, d dialect.Dialect, live *schema.MetaData, rev *revision.Revision) {
	fs, err := revisionLint(ctx, f, d, live, rev)
	if err != nil {
		f.Warn("lint: the new revision could not be planned to lint it: %v", err)
		return
	}
	for _, x := range lint.AtLeast(fs, dialect.LintWarning) {
		line := fmt.Sprintf("lint %s: op %d (%s): %s (lock %s)", x.Rule, x.Op, x.OpName, x.Message, x.Lock)
		if x.Safer != "" {
			line += "; safer: " + x.Safer
		}
		f.Warn("%s", line)
	}
}
