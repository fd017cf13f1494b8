package cmd

import (
	"context"
	"strings"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/fleet"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
	"github.com/spf13/cobra"
)

// stampOptions are the options of `migrate stamp`.
type stampOptions struct {
	F       *factory
	Targets []string
	SQL     bool
	Purge   bool
	// Fleet selects migrate.yaml's targets to stamp instead of one database.
	Fleet fleetOptions
}

// newCmdStamp is `migrate stamp REV...`; runF (nil: runStamp) runs it.
func newCmdStamp(f *factory, runF func(*stampOptions) error) *cobra.Command {
	o := &stampOptions{F: f}
	c := &cobra.Command{
		ValidArgsFunction: completeRevisions(f),
		Use:               "stamp REV...",
		Short:             "Set the version table to REV... without running any revision",
		Long: "Stamp writes the version table as if the database were at REV... (head, heads,\n" +
			"base, an id, LABEL@head, …), running no revision, as Alembic's stamp. Several\n" +
			"revisions are stamped in order. --purge first deletes every row (to repair a\n" +
			"table naming unknown revisions). With --sql it prints the statements instead,\n" +
			"starting from an empty table, or from A with a range A:B.",
		Args: cmdutil.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Targets = args
			if err := o.Fleet.validate(c, f, o.SQL); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runStamp(c.Context(), o)
		},
	}
	c.Flags().BoolVar(&o.SQL, "sql", false, "print the SQL instead of running it (offline)")
	c.Flags().BoolVar(&o.Purge, "purge", false, "delete every version row first (repairs unknown or overlapping rows)")
	fleetFlags(c, &o.Fleet, true)
	return c
}

func runStamp(ctx context.Context, o *stampOptions) error {
	g, err := o.F.Graph()
	if err != nil {
		return err
	}
	if o.SQL {
		return runStampOffline(o, g)
	}
	for _, t := range o.Targets {
		if strings.Contains(t, ":") {
			return cmdutil.FlagErrorf("a range %q works only with --sql: online, stamp reads where the database is", t)
		}
	}
	if o.Fleet.active() {
		return runFleet(ctx, o.F, &o.Fleet, "stamp", func(ctx context.Context, tf *factory, _ fleet.Target) fleet.Outcome {
			res, err := stampOnline(ctx, o, tf, g)
			if err != nil {
				to, _ := versionRowsOf(ctx, tf)
				return fleet.Outcome{To: to, Err: err}
			}
			status := fleet.Applied
			if len(res.Changes) == 0 {
				status = fleet.Unchanged
			}
			return fleet.Outcome{From: res.Before, To: res.After, Status: status}
		})
	}
	res, err := stampOnline(ctx, o, o.F, g)
	if err != nil {
		return err
	}
	if len(res.Changes) == 0 {
		o.F.Info("Nothing to stamp: the version table already names %s", stampRows(res.After))
	}
	return nil
}

// stampOnline stamps the database f connects to.
func stampOnline(ctx context.Context, o *stampOptions, f *factory, g *revision.Graph) (*runner.StampResult, error) {
	db, d, err := f.Open(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return f.Runner(db, d).Stamp(ctx, func(rows []string) ([]revision.VersionChange, error) {
		return g.StampPlan(rows, o.Targets, o.Purge)
	})
}

func runStampOffline(o *stampOptions, g *revision.Graph) error {
	d, _, err := o.F.Dialect()
	if err != nil {
		return err
	}
	if o.Purge {
		return cmdutil.FlagErrorf("--purge cannot be used with --sql: the script starts from an empty version table, so there is nothing to purge; run 'migrate stamp --purge REV...' online to repair a table")
	}
	// As Alembic: every A:B shares one start A; plain revisions may be mixed in.
	var rows, targets []string
	start, ranged := "", false
	for _, t := range o.Targets {
		lower, upper, ok := strings.Cut(t, ":")
		if !ok {
			targets = append(targets, t)
			continue
		}
		if ranged && lower != start {
			return cmdutil.FlagErrorf("stamp --sql starts from one revision: the ranges %q and %q start from different revisions; stamp them in separate runs", start+":", t)
		}
		start, ranged = lower, true
		targets = append(targets, upper)
	}
	if lower := start; ranged {
		if lower != "" && lower != "base" {
			revs, err := g.Resolve(lower, nil)
			if err != nil {
				return err
			}
			for _, r := range revs {
				rows = append(rows, r.ID)
			}
		}
	}
	changes, err := g.StampPlan(rows, targets, o.Purge)
	if err != nil {
		return err
	}
	return runner.WriteStampSQL(o.F.IO.Out, d, o.F.VersionTable(), changes)
}

func stampRows(rows []string) string {
	if len(rows) == 0 {
		return "no revision (base)"
	}
	return strings.Join(rows, ", ")
}
