package cmd

import (
	"context"

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
}

func newUpgradeCmd(f *Factory) *cobra.Command {
	o := &MoveOptions{F: f, Direction: revision.Up}
	c := &cobra.Command{
		Use:   "upgrade REV",
		Short: "Upgrade the database to REV (head, heads, +N, an id, LABEL@head, …)",
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
	c.Flags().StringVar(&o.Tag, "tag", "", "an arbitrary tag, available to custom templates")
	return c
}

func newDowngradeCmd(f *Factory) *cobra.Command {
	o := &MoveOptions{F: f, Direction: revision.Down}
	c := &cobra.Command{
		Use:   "downgrade REV",
		Short: "Downgrade the database to REV (-1, base, an id, LABEL@-1, …)",
		Long: "Downgrade undoes every applied revision above REV, newest first. With --sql it\n" +
			"prints the SQL script instead; REV must then be a range FROM:TO such as head:base.",
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Target = args[0]
			return runMove(c.Context(), o)
		},
	}
	c.Flags().BoolVar(&o.SQL, "sql", false, "print the SQL script instead of running it (offline); needs FROM:TO")
	c.Flags().StringVar(&o.Tag, "tag", "", "an arbitrary tag, available to custom templates")
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
	if strings.Contains(o.Target, ":") {
		return usageErrorf("a range %q works only with --sql: online, give one target such as head or -1", o.Target)
	}
	db, d, err := o.F.Open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	r := o.F.Runner(db, d)
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

func runMoveOffline(o *MoveOptions, g *revision.Graph) error {
	d, _, err := o.F.Dialect()
	if err != nil {
		return err
	}
	lower, upper, hasRange := strings.Cut(o.Target, ":")
	var rows []string
	switch {
	case o.Direction == revision.Down && !hasRange:
		return usageErrorf("downgrade --sql needs a range FROM:TO (for example `migrate downgrade head:base --sql`), because no database is read to know where it starts")
	case hasRange:
		if rows, err = offlineStart(g, lower); err != nil {
			return err
		}
	default:
		upper = o.Target
	}
	steps, err := o.plan(g, rows, upper)
	if err != nil {
		return err
	}
	before, err := runner.Replay(g, rows)
	if err != nil {
		return err
	}
	plan, err := runner.Build(d, o.F.VersionTable(), steps, before, true)
	if err != nil {
		return err
	}
	for i := range plan.Steps {
		o.F.Info("%s", plan.Steps[i].Describe())
	}
	perMigration := false
	if c, err := o.F.Config(); err == nil {
		perMigration = c.TransactionPerMigration
	}
	return plan.WriteSQL(o.F.IO.Out, perMigration)
}

// offlineStart resolves the lower side of an offline range to version rows.
func offlineStart(g *revision.Graph, lower string) ([]string, error) {
	if lower == "" || lower == "base" {
		return nil, nil
	}
	revs, err := g.Resolve(lower, nil)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(revs))
	for _, r := range revs {
		ids = append(ids, r.ID)
	}
	return ids, nil
}
