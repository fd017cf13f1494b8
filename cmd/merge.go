package cmd

import (
	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/spf13/cobra"
)

// mergeOptions are the options of `migrate merge`.
type mergeOptions struct {
	F            *factory
	Revisions    []string
	Message      string
	BranchLabels []string
	RevID        string
}

// newCmdMerge is `migrate merge REV...`; runF (nil: runMerge) runs it.
func newCmdMerge(f *factory, runF func(*mergeOptions) error) *cobra.Command {
	o := &mergeOptions{F: f}
	c := &cobra.Command{
		ValidArgsFunction: completeRevisions(f),
		Use:               "merge REV...",
		Short:             "Write a revision that joins two or more revisions (merge heads joins every head)",
		Long: "Merge writes a revision whose down_revision lists REV... and whose upgrade and\n" +
			"downgrade are empty, as Alembic's merge. `migrate merge heads -m MSG` joins all heads.",
		Args: cmdutil.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Revisions = args
			if runF != nil {
				return runF(o)
			}
			return runMerge(o)
		},
	}
	fl := c.Flags()
	fl.StringVarP(&o.Message, "message", "m", "", "the merge revision's message")
	fl.StringArrayVar(&o.BranchLabels, "branch-label", nil, "a branch label for the merge revision")
	fl.StringVar(&o.RevID, "rev-id", "", "the revision id ([A-Za-z0-9_]{1,32}) instead of a generated one")
	return c
}

func runMerge(o *mergeOptions) error {
	if err := checkRevID(o.RevID); err != nil {
		return err
	}
	c, err := o.F.Config()
	if err != nil {
		return err
	}
	g, err := o.F.Graph()
	if err != nil {
		return err
	}
	parents, err := g.MergeParents(o.Revisions)
	if err != nil {
		return err
	}
	rev, err := newRevision(c, g, o.RevID, parents, o.Message)
	if err != nil {
		return err
	}
	rev.BranchLabels = o.BranchLabels
	return writeRevision(o.F, c, g, c.VersionDirs()[0], rev)
}
