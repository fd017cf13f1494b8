package cmd

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/spf13/cobra"
)

// branchesOptions are the options of `migrate branches`.
type branchesOptions struct {
	F       *factory
	Verbose bool
	Format  string
}

// branchJSON is a branch point in `branches --format json`: the revision's
// fields as revisionJSON, plus the revisions it branches into.
type branchJSON struct {
	revisionJSON
	Branches []revisionJSON `json:"branches"`
}

// newCmdBranches is `migrate branches`; runF (nil: runBranches) runs it.
// Verbose is the global -v/--verbose.
func newCmdBranches(f *factory, runF func(*branchesOptions) error) *cobra.Command {
	o := &branchesOptions{F: f}
	c := &cobra.Command{
		Use:   "branches",
		Short: "Show the branch points (revisions with several children) and their branches",
		Args:  cmdutil.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if err := formatFlagCheck(o.Format); err != nil {
				return err
			}
			o.Verbose = f.Verbose
			if runF != nil {
				return runF(o)
			}
			return runBranches(o)
		},
	}
	c.Flags().StringVar(&o.Format, "format", "text", "output format: text or json")
	return c
}

// runBranches prints, newest first, each branch point as `history` lists it,
// then one line per child indented under its id, as Alembic's branches.
func runBranches(o *branchesOptions) error {
	g, err := listGraph(o.F)
	if err != nil {
		return err
	}
	points := g.BranchPoints()
	if o.Format == "json" {
		out := []branchJSON{}
		for i := len(points) - 1; i >= 0; i-- {
			bp := points[i]
			j := branchJSON{revisionJSON: toJSON(g, bp, nil), Branches: []revisionJSON{}}
			for _, k := range g.Children(bp.ID) {
				j.Branches = append(j.Branches, toJSON(g, k, nil))
			}
			out = append(out, j)
		}
		return writeJSON(o.F.IO.Out, out)
	}
	w := newLineWriter(o.F.IO.Out)
	defer w.Flush()
	for i := len(points) - 1; i >= 0; i-- {
		bp := points[i]
		if o.Verbose {
			verboseBlock(w, g, bp, nil)
		} else {
			fmt.Fprintln(w, revLine(g, bp, nil))
		}
		pad := strings.Repeat(" ", len(bp.ID))
		for _, k := range g.Children(bp.ID) {
			fmt.Fprintf(w, "%s -> %s\n", pad, revLine(g, k, nil))
		}
		fmt.Fprintln(w)
	}
	return nil
}
