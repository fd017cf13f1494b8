package cmd

import (
	"fmt"
	"slices"
	"strings"

	"github.com/retortdb/migrate/revision"
	"github.com/spf13/cobra"
)

// MergeOptions are the options of `migrate merge`.
type MergeOptions struct {
	F            *Factory
	Revisions    []string
	Message      string
	BranchLabels []string
	RevID        string
}

func newMergeCmd(f *Factory) *cobra.Command {
	o := &MergeOptions{F: f}
	c := &cobra.Command{
		ValidArgsFunction: completeRevisions(f),
		Use:               "merge REV...",
		Short:             "Write a revision that joins two or more revisions (merge heads joins every head)",
		Long: "Merge writes a revision whose down_revision lists REV... and whose upgrade and\n" +
			"downgrade are empty, as Alembic's merge. `migrate merge heads -m MSG` joins all heads.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Revisions = args
			return runMerge(o)
		},
	}
	fl := c.Flags()
	fl.StringVarP(&o.Message, "message", "m", "", "the merge revision's message")
	fl.StringArrayVar(&o.BranchLabels, "branch-label", nil, "a branch label for the merge revision")
	fl.StringVar(&o.RevID, "rev-id", "", "the revision id ([A-Za-z0-9_]{1,32}) instead of a generated one")
	return c
}

func runMerge(o *MergeOptions) error {
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
	parents, err := mergeParents(g, o.Revisions)
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

// mergeParents resolves the revisions to merge (ids, prefixes, labels, heads,
// LABEL@head) into distinct ids in the order given. Fewer than two, or one
// that is an ancestor of another, is an error: there is nothing to merge.
func mergeParents(g *revision.Graph, idents []string) ([]string, error) {
	var ids []string
	for _, ident := range idents {
		revs, err := g.Resolve(ident, nil)
		if err != nil {
			return nil, fmt.Errorf("merge %s: %w", ident, err)
		}
		for _, r := range revs {
			if !slices.Contains(ids, r.ID) {
				ids = append(ids, r.ID)
			}
		}
	}
	if len(ids) < 2 {
		what := "no revision"
		if len(ids) == 1 {
			what = "only " + ids[0]
		}
		return nil, fmt.Errorf("merge %s names %s: a merge joins two or more revisions (see `migrate heads`)", strings.Join(idents, " "), what)
	}
	for _, a := range ids {
		for _, b := range ids {
			if a == b {
				continue
			}
			// a is an ancestor of b when upgrading a database at b to a
			// needs no step.
			if steps, err := g.UpgradePlan([]string{b}, a); err == nil && len(steps) == 0 {
				return nil, fmt.Errorf("cannot merge %s with %s: %s is already an ancestor of %s, so there is nothing to join; merge heads instead (see `migrate heads`)", a, b, a, b)
			}
		}
	}
	return ids, nil
}
