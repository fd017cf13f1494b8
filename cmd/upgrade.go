package cmd

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
	"github.com/retortdb/migrate/schema"
	"github.com/spf13/cobra"
)

// MoveOptions are the options of `migrate upgrade` and `migrate downgrade`.
type MoveOptions struct {
	F         *Factory
	Direction revision.Direction
	Target    string
	SQL       bool
	Tag       string
	// Output is --output: the file an offline script is written to ("" for stdout).
	Output string
	// AllowModified is --allow-modified: run even when applied revision files
	// changed since they were applied.
	AllowModified bool
}

func newUpgradeCmd(f *Factory) *cobra.Command {
	o := &MoveOptions{F: f, Direction: revision.Up}
	c := &cobra.Command{
		ValidArgsFunction: completeRevisions(f),
		Use:               "upgrade REV",
		Short:             "Upgrade the database to REV (head, heads, +N, an id, LABEL@head, …)",
		Long: "Upgrade applies every revision below REV that the database lacks, in order.\n" +
			"With --sql it prints the SQL script instead and connects to no database; REV may\n" +
			"then be a range A:B (from A to B), and without one the script starts at base.",
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Target = args[0]
			return runMove(c.Context(), o)
		},
	}
	c.Flags().BoolVar(&o.SQL, "sql", false, "print the SQL script instead of running it (offline)")
	c.Flags().BoolVar(&o.AllowModified, "allow-modified", false, "run even if applied revision files changed since they were applied")
	c.Flags().StringVar(&o.Tag, "tag", "", "an arbitrary tag, available to custom templates")
	c.Flags().StringVarP(&o.Output, "output", "o", "", "with --sql: write the script to FILE (atomically) instead of stdout")
	return c
}

func newDowngradeCmd(f *Factory) *cobra.Command {
	o := &MoveOptions{F: f, Direction: revision.Down}
	c := &cobra.Command{
		ValidArgsFunction: completeRevisions(f),
		Use:               "downgrade REV",
		Short:             "Downgrade the database to REV (-1, base, an id, LABEL@-1, …)",
		Long: "Downgrade undoes every applied revision above REV, newest first. With --sql it\n" +
			"prints the SQL script instead; REV must then be a range FROM:TO such as head:base.",
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Target = args[0]
			return runMove(c.Context(), o)
		},
	}
	c.Flags().BoolVar(&o.SQL, "sql", false, "print the SQL script instead of running it (offline); needs FROM:TO")
	c.Flags().BoolVar(&o.AllowModified, "allow-modified", false, "run even if applied revision files changed since they were applied")
	c.Flags().StringVar(&o.Tag, "tag", "", "an arbitrary tag, available to custom templates")
	c.Flags().StringVarP(&o.Output, "output", "o", "", "with --sql: write the script to FILE (atomically) instead of stdout")
	return c
}

func (o *MoveOptions) plan(g *revision.Graph, rows []string, target string) ([]revision.Step, error) {
	if o.Direction == revision.Down {
		return g.DowngradePlan(rows, target)
	}
	return g.UpgradePlan(rows, target)
}

func runMove(ctx context.Context, o *MoveOptions) error {
	g, err := o.F.Graph()
	if err != nil {
		return err
	}
	if o.SQL {
		return runMoveOffline(o, g)
	}
	if o.Output != "" {
		return usageErrorf("--output works only with --sql: add --sql to write the script to %s, or drop --output to run the migration", o.Output)
	}
	if strings.Contains(o.Target, ":") {
		return usageErrorf("a range %q works only with --sql: online, give one target such as head or -1", o.Target)
	}
	db, d, err := o.F.Open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	r := o.F.Runner(db, d)
	if err := refuseModified(ctx, o.F, r, g, o.AllowModified); err != nil {
		return err
	}
	start := time.Now()
	res, err := r.Run(ctx,
		func(rows []string) ([]revision.Step, error) { return o.plan(g, rows, o.Target) },
		func(rows []string) (*schema.MetaData, error) { return runner.Replay(g, rows) },
	)
	if err != nil {
		return err
	}
	verb := "Applied"
	if o.Direction == revision.Down {
		verb = "Reverted"
	}
	o.F.Info("%s %d revision(s) in %s", verb, len(res.Steps), time.Since(start).Round(time.Millisecond))
	return nil
}

// runMoveOffline prints the script of an offline (--sql) run, or writes it to
// --output atomically. It opens no database connection: the dialect comes from the
// URL's scheme alone.
func runMoveOffline(o *MoveOptions, g *revision.Graph) error {
	d, _, err := o.F.Dialect()
	if err != nil {
		return err
	}
	script, err := runner.PlanOffline(g, d, o.F.VersionTable(), o.Direction, o.Target)
	if errors.Is(err, runner.ErrOfflineNeedsRange) {
		return usageErrorf("%v", err)
	}
	if err != nil {
		return err
	}
	for i := range script.Plan.Steps {
		o.F.Info("%s", script.Plan.Steps[i].Describe())
	}
	perMigration := false
	if c, err := o.F.Config(); err == nil {
		perMigration = c.TransactionPerMigration
	}
	write := func(w io.Writer) error { return script.Write(w, Version, perMigration) }
	if o.Output == "" {
		return write(o.F.IO.Out)
	}
	if err := runner.WriteFileAtomic(o.Output, write); err != nil {
		return err
	}
	o.F.Info("Wrote the %s script (%d revision(s)) to %s", script.Command, len(script.Plan.Steps), o.Output)
	return nil
}
