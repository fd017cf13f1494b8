package cmd

import (
	"fmt"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/revision"
	"github.com/spf13/cobra"
)

// headsOptions are the options of `migrate heads`.
type headsOptions struct {
	F                   *factory
	Verbose             bool
	ResolveDependencies bool
	Format              string
}

// newCmdHeads is `migrate heads`; runF (nil: runHeads) runs it. Verbose is the
// global -v/--verbose.
func newCmdHeads(f *factory, runF func(*headsOptions) error) *cobra.Command {
	o := &headsOptions{F: f}
	c := &cobra.Command{
		Use:   "heads",
		Short: "Show the head revisions of the revision files",
		Args:  cmdutil.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if err := formatFlagCheck(o.Format); err != nil {
				return err
			}
			o.Verbose = f.Verbose
			if runF != nil {
				return runF(o)
			}
			return runHeads(o)
		},
	}
	c.Flags().BoolVar(&o.ResolveDependencies, "resolve-dependencies", false, "treat depends_on like down_revision")
	c.Flags().StringVar(&o.Format, "format", "text", "output format: text or json")
	return c
}

func runHeads(o *headsOptions) error {
	g, err := listGraph(o.F)
	if err != nil {
		return err
	}
	var heads []*revision.Revision
	if o.ResolveDependencies {
		heads = g.HeadsResolvingDependencies()
	} else {
		heads = g.Heads()
	}
	if o.Format == "json" {
		out := []revisionJSON{}
		for _, r := range heads {
			out = append(out, toJSON(g, r, nil))
		}
		return writeJSON(o.F.IO.Out, out)
	}
	w := newLineWriter(o.F.IO.Out)
	defer w.Flush()
	for _, r := range heads {
		if o.Verbose {
			verboseBlock(w, g, r, nil)
			continue
		}
		fmt.Fprintln(w, headLine(g, r, nil))
	}
	return nil
}
