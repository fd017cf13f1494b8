package cmd

import (
	"time"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/spf13/cobra"
)

// newCmdRoot builds the migrate command with its global flags (bound to f) and
// every subcommand, each with its real run function.
func newCmdRoot(f *factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "migrate",
		Short: "Alembic-style schema migrations for Go",
		Long: "migrate keeps a database schema in step with schema metadata declared in Go:\n" +
			"autogenerate writes revision files, upgrade and downgrade apply them, and the\n" +
			"revision graph handles heads, branches, merges and depends_on.",
		Version:       Version,
		SilenceUsage:  true,
		SilenceErrors: true,
		// Any argument left for the root is an unknown command: a typed
		// validator reports it as a usage error (cobra's own is a plain error).
		Args:                       cmdutil.SubcommandRequired,
		SuggestionsMinimumDistance: 2,
		RunE:                       func(c *cobra.Command, args []string) error { return c.Help() },
	}
	root.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		f.lockTimeoutSet = c.Flags().Changed("lock-timeout")
		return f.parseX()
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return cmdutil.FlagErrorf("%w (see `%s --help`)", err, c.CommandPath())
	})
	pf := root.PersistentFlags()
	pf.StringVarP(&f.ConfigPath, "config", "c", "", "config file (default ./migrate.yaml)")
	pf.StringVar(&f.URLFlag, "url", "", "database URL (overrides MIGRATE_URL and url in migrate.yaml)")
	pf.StringArrayVarP(&f.XArgs, "x", "x", nil, "KEY=VALUE: sets ${x.KEY} in migrate.yaml (repeatable)")
	pf.BoolVarP(&f.Quiet, "quiet", "q", false, "print no progress lines")
	pf.BoolVarP(&f.Verbose, "verbose", "v", false, "print more detail; upgrade, downgrade and stamp echo each SQL statement they execute, with its duration, to stderr")
	pf.DurationVar(&f.LockTimeout, "lock-timeout", 0, "how long to wait for the migration lock, e.g. 30s; 0 waits forever (when not given: lock_timeout in migrate.yaml, else 60s)")
	pf.BoolVar(&f.NoLock, "no-lock", false, "take no migration lock (UNSAFE when two runs may start at once)")
	pf.DurationVar(&f.StatementTimeout, "statement-timeout", 0, "cancel any statement of a revision that runs longer, e.g. 5m (0: no limit)")
	pf.DurationVar(&f.ConnectTimeout, "connect-timeout", 15*time.Second, "give up connecting to the database after this long")

	root.AddCommand(
		newCmdInit(f, nil),
		newCmdRevision(f, nil),
		newCmdUpgrade(f, nil),
		newCmdDowngrade(f, nil),
		newCmdCurrent(f, nil),
		newCmdHistory(f, nil),
		newCmdHeads(f, nil),
		newCmdCheck(f, nil),
		newCmdLint(f, nil),
		newCmdStamp(f, nil),
		newCmdRepair(f, nil),
		newCmdBranches(f, nil),
		newCmdShow(f, nil),
		newCmdMerge(f, nil),
		newCmdInspect(f, nil),
		newCmdEdit(f, nil),
		newCmdDocs(f, nil),
		newCmdVersion(f, nil),
	)
	return root
}
