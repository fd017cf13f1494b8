package cmd

import (
	"context"

	"github.com/spf13/cobra"
)

// repairOptions are the options of `migrate repair`.
type repairOptions struct {
	F         *factory
	Revisions []string
}

// newCmdRepair is `migrate repair [REV...]`; runF (nil: runRepair) runs it.
func newCmdRepair(f *factory, runF func(*repairOptions) error) *cobra.Command {
	o := &repairOptions{F: f}
	c := &cobra.Command{
		ValidArgsFunction: completeRevisions(f),
		Use:               "repair [REV...]",
		Short:             "Accept the edited files of applied revisions by recording their current checksums",
		Long: "Repair records, in the history table, the current checksum of each applied\n" +
			"revision whose file changed since it was applied (all of them, or only REV...),\n" +
			"after you have reviewed the change: upgrade and downgrade then stop refusing\n" +
			"those files. It runs no revision and changes neither the schema nor the\n" +
			"version table; the history keeps the old checksum, and a \"repair\" row holds the\n" +
			"new one. Checksums cover what a revision does (ids, parents, labels,\n" +
			"depends_on, transactional, ops), so editing comments, the message or the\n" +
			"layout needs no repair. A revision whose file disappeared cannot be repaired.",
		RunE: func(c *cobra.Command, args []string) error {
			o.Revisions = args
			if runF != nil {
				return runF(o)
			}
			return runRepair(c.Context(), o)
		},
	}
	return c
}

func runRepair(ctx context.Context, o *repairOptions) error {
	g, err := o.F.Graph()
	if err != nil {
		return err
	}
	db, d, err := o.F.Open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	fixed, err := o.F.Runner(db, d).Repair(ctx, g, o.Revisions)
	if err != nil {
		return err
	}
	if len(fixed) == 0 {
		o.F.Info("Nothing to repair: every applied revision matches its file")
		return nil
	}
	for _, is := range fixed {
		o.F.Info("Recorded the new checksum of revision %s (%s)", is.Revision, is.Path)
	}
	return nil
}
