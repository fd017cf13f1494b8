package cmd

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
	"github.com/spf13/cobra"
)

// moveOptions are the options of `migrate upgrade` and `migrate downgrade`.
type moveOptions struct {
	F         *factory
	Direction revision.Direction
	Target    string
	SQL       bool
	Tag       string
	// Output is --output: the file an offline script is written to ("" for stdout).
	Output string
	// AllowModified is --allow-modified: run even when applied revision files
	// changed since they were applied.
	AllowModified bool
	// Replicas are --wait-for-replica and --replica-timeout.
	Replicas replicaFlags
}

// newCmdUpgrade is `migrate upgrade REV`; runF (nil: runMove) runs it.
func newCmdUpgrade(f *factory, runF func(*moveOptions) error) *cobra.Command {
	o := &moveOptions{F: f, Direction: revision.Up}
	c := &cobra.Command{
		ValidArgsFunction: completeRevisions(f),
		Use:               "upgrade REV",
		Short:             "Upgrade the database to REV (head, heads, +N, an id, LABEL@head, …)",
		Long: "Upgrade applies every revision below REV that the database lacks, in order.\n" +
			"With --sql it prints the SQL script instead and connects to no database; REV may\n" +
			"then be a range A:B (from A to B), and without one the script starts at base.",
		Args: cmdutil.ExactArgs(1),
		RunE: moveRunE(o, runF),
	}
	moveFlags(c, o)
	c.Flags().BoolVar(&o.SQL, "sql", false, "print the SQL script instead of running it (offline)")
	return c
}

// moveRunE is the run function upgrade and downgrade share: it takes REV, hands
// --tag to the factory (the runner writes it into history rows) and runs runF,
// or runMove when runF is nil.
func moveRunE(o *moveOptions, runF func(*moveOptions) error) func(*cobra.Command, []string) error {
	return func(c *cobra.Command, args []string) error {
		o.Target = args[0]
		o.F.Tag = o.Tag
		o.Replicas.TimeoutSet = c.Flags().Changed("replica-timeout")
		if runF != nil {
			return runF(o)
		}
		return runMove(c.Context(), o)
	}
}

// moveFlags declares the flags upgrade and downgrade share.
func moveFlags(c *cobra.Command, o *moveOptions) {
	c.Flags().BoolVar(&o.AllowModified, "allow-modified", false, "run even if applied revision files changed since they were applied")
	c.Flags().StringVar(&o.Tag, "tag", "", "a label for this run: recorded in each history-table row it writes (column tag) and in the --sql script's header")
	c.Flags().StringVarP(&o.Output, "output", "o", "", "with --sql: write the script to FILE (atomically) instead of stdout")
	c.Flags().StringArrayVar(&o.Replicas.WaitFor, "wait-for-replica", nil, "after each revision, wait until this replica has replayed it: a name from cluster.replicas in migrate.yaml, or a database URL (repeatable; PostgreSQL)")
	c.Flags().DurationVar(&o.Replicas.Timeout, "replica-timeout", 0, "how long to wait for the replicas after a revision before stopping with an error, e.g. 2m; 0 waits forever (when not given: cluster.replica_timeout in migrate.yaml, else 5m)")
}

func (o *moveOptions) plan(g *revision.Graph, rows []string, target string) ([]revision.Step, error) {
	if o.Direction == revision.Down {
		return g.DowngradePlan(rows, target)
	}
	return g.UpgradePlan(rows, target)
}

func runMove(ctx context.Context, o *moveOptions) error {
	g, err := o.F.Graph()
	if err != nil {
		return err
	}
	if o.SQL && len(o.Replicas.WaitFor) > 0 {
		return cmdutil.FlagErrorf("--wait-for-replica works only online: an --sql script runs elsewhere, where migrate cannot wait; drop it or --sql")
	}
	if o.SQL {
		return runMoveOffline(o, g)
	}
	if o.Output != "" {
		return cmdutil.FlagErrorf("--output works only with --sql: add --sql to write the script to %s, or drop --output to run the migration", o.Output)
	}
	if strings.Contains(o.Target, ":") {
		return cmdutil.FlagErrorf("a range %q works only with --sql: online, give one target such as head or -1", o.Target)
	}
	db, d, err := o.F.Open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	r := o.F.Runner(db, d)
	r.Graph = g
	replicas, timeout, closeReplicas, err := o.openReplicas(ctx, d)
	if err != nil {
		return err
	}
	defer closeReplicas()
	r.Replicas, r.ReplicaTimeout = replicas, timeout
	if err := r.RefuseModified(ctx, g, o.AllowModified, o.F.warnModified); err != nil {
		return err
	}
	start := time.Now()
	res, err := r.Run(ctx,
		func(rows []string) ([]revision.Step, error) { return o.plan(g, rows, o.Target) },
		runner.ReplayerFor(g, d),
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
func runMoveOffline(o *moveOptions, g *revision.Graph) error {
	d, _, err := o.F.Dialect()
	if err != nil {
		return err
	}
	script, err := runner.PlanOffline(g, d, o.F.VersionTable(), o.Direction, o.Target)
	if errors.Is(err, runner.ErrOfflineNeedsRange) {
		return cmdutil.FlagErrorf("%v", err)
	}
	if err != nil {
		return err
	}
	script.Tag = o.Tag
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
