package cmd

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/fleet"
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
	// RequireAcknowledged is --require-acknowledged: refuse a plan holding an
	// op that loses data without acknowledge_destructive: true.
	RequireAcknowledged bool
	// Output is --output: the file an offline script is written to ("" for stdout).
	Output string
	// AllowModified is --allow-modified: run even when applied revision files
	// changed since they were applied.
	AllowModified bool
	// Fleet selects migrate.yaml's targets to run on instead of one database.
	Fleet fleetOptions
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
		if err := o.Fleet.validate(c, o.F, o.SQL); err != nil {
			return err
		}
		o.Replicas.TimeoutSet = c.Flags().Changed("replica-timeout")
		if runF != nil {
			return runF(o)
		}
		return runMove(c.Context(), o)
	}
}

// moveFlags declares the flags upgrade and downgrade share.
func moveFlags(c *cobra.Command, o *moveOptions) {
	c.Flags().BoolVar(&o.RequireAcknowledged, "require-acknowledged", false, "refuse to run (or print) a plan with an op that loses data (drop_table, drop_column, a narrowing type change, drop_enum_value) unless the op says acknowledge_destructive: true")
	c.Flags().BoolVar(&o.AllowModified, "allow-modified", false, "run even if applied revision files changed since they were applied")
	c.Flags().StringVar(&o.Tag, "tag", "", "a label for this run: recorded in each history-table row it writes (column tag) and in the --sql script's header")
	c.Flags().StringVarP(&o.Output, "output", "o", "", "with --sql: write the script to FILE (atomically) instead of stdout")
	fleetFlags(c, &o.Fleet, true)
	c.Flags().StringArrayVar(&o.Replicas.WaitFor, "wait-for-replica", nil, "after each revision, wait until this replica has replayed it: a name from cluster.replicas in migrate.yaml, or a database URL (repeatable; PostgreSQL)")
	c.Flags().DurationVar(&o.Replicas.Timeout, "replica-timeout", 0, "how long to wait for the replicas after a revision before stopping with an error, e.g. 2m; 0 waits forever (when not given: cluster.replica_timeout in migrate.yaml, else 5m)")
}

// plan returns the steps from rows to target; with --require-acknowledged it
// refuses (before anything runs) steps holding an unacknowledged destructive op.
func (o *moveOptions) plan(g *revision.Graph, rows []string, target string) ([]revision.Step, error) {
	plan := g.UpgradePlan
	if o.Direction == revision.Down {
		plan = g.DowngradePlan
	}
	steps, err := plan(rows, target)
	if err == nil && o.RequireAcknowledged {
		err = refuseUnacknowledged(steps)
	}
	return steps, err
}

func runMove(ctx context.Context, o *moveOptions) error {
	if handed, err := o.F.handOff(ctx); handed {
		return err
	}
	g, err := o.F.Graph()
	if err != nil {
		return err
	}
	if o.Fleet.active() && len(o.Replicas.WaitFor) > 0 {
		return cmdutil.FlagErrorf("--wait-for-replica works on one database, not with --all, --target or --targets-from: each target has replicas of its own")
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
	if o.Fleet.active() {
		verb := "upgrade"
		if o.Direction == revision.Down {
			verb = "downgrade"
		}
		return runFleet(ctx, o.F, &o.Fleet, verb, func(ctx context.Context, tf *factory, _ fleet.Target) fleet.Outcome {
			var from []string
			res, err := moveOnline(ctx, o, tf, g, func(rows []string) { from = rows })
			if err != nil {
				// Where the target stopped, as far as it can be read.
				to, _ := versionRowsOf(ctx, tf)
				return fleet.Outcome{From: from, To: to, Err: err}
			}
			status := fleet.Applied
			if len(res.Steps) == 0 {
				status = fleet.Unchanged
			}
			return fleet.Outcome{From: from, To: res.Rows, Status: status}
		})
	}
	start := time.Now()
	res, err := moveOnline(ctx, o, o.F, g, nil)
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

// moveOnline runs o's upgrade or downgrade on the database f connects to, with
// the revisions of g; seen (nil: none) is given the version rows the run
// started from, read under the lock.
func moveOnline(ctx context.Context, o *moveOptions, f *factory, g *revision.Graph, seen func(rows []string)) (*runner.Result, error) {
	db, d, err := f.Open(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	r := f.Runner(db, d)
	r.Graph = g
	if !o.Fleet.active() {
		replicas, timeout, closeReplicas, err := o.openReplicas(ctx, d)
		if err != nil {
			return nil, err
		}
		defer closeReplicas()
		r.Replicas, r.ReplicaTimeout = replicas, timeout
	}
	if err := r.RefuseModified(ctx, g, o.AllowModified, f.warnModified); err != nil {
		return nil, err
	}
	return r.Run(ctx,
		func(rows []string) ([]revision.Step, error) {
			if seen != nil {
				seen(slices.Clone(rows))
			}
			return o.plan(g, rows, o.Target)
		},
		runner.ReplayerFor(g, d),
	)
}

// versionRowsOf reads the version rows of the database f connects to.
func versionRowsOf(ctx context.Context, f *factory) ([]string, error) {
	db, d, err := f.Open(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return f.Runner(db, d).Current(ctx)
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
	if err := script.Plan.ResolveGo(o.F.goSteps, o.F.X); err != nil {
		return err
	}
	script.Plan.SessionSetup = o.F.sessionSetup(d)
	script.Tag = o.Tag
	if o.RequireAcknowledged {
		steps := make([]revision.Step, len(script.Plan.Steps))
		for i, st := range script.Plan.Steps {
			steps[i] = revision.Step{Revision: st.Revision, Direction: st.Direction}
		}
		if err := refuseUnacknowledged(steps); err != nil {
			return err
		}
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
