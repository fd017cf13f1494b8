package cmd

import (
	"context"
	"fmt"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/spf13/cobra"
)

// currentOptions are the options of `migrate current`.
type currentOptions struct {
	F       *factory
	Verbose bool
	Format  string
}

// newCmdCurrent is `migrate current`; runF (nil: runCurrent) runs it. Verbose
// is the global -v/--verbose.
func newCmdCurrent(f *factory, runF func(*currentOptions) error) *cobra.Command {
	o := &currentOptions{F: f}
	c := &cobra.Command{
		Use:   "current",
		Short: "Show the revisions the database is at, one line per version row",
		Args:  cmdutil.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if err := formatFlagCheck(o.Format); err != nil {
				return err
			}
			o.Verbose = f.Verbose
			if runF != nil {
				return runF(o)
			}
			return runCurrent(c.Context(), o)
		},
	}
	c.Flags().StringVar(&o.Format, "format", "text", "output format: text or json")
	return c
}

func runCurrent(ctx context.Context, o *currentOptions) error {
	g, err := listGraph(o.F)
	if err != nil {
		return err
	}
	db, d, err := o.F.Open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	r := o.F.Runner(db, d)
	if o.Verbose {
		if err := warnIntegrity(ctx, o.F, r, g); err != nil {
			return err
		}
	}
	rows, err := r.Current(ctx)
	if err != nil {
		return err
	}
	// A revision partly applied by a failed run (dialects without transactional
	// DDL) is shown after the heads: it is not in the version table yet.
	partial, err := r.Progress(ctx)
	if err != nil {
		return err
	}
	revs, err := g.CurrentHeads(rows)
	if err != nil {
		return err
	}
	cur := map[string]bool{}
	for _, rev := range revs {
		cur[rev.ID] = true
	}
	if o.Format == "json" {
		out := []revisionJSON{}
		for _, rev := range revs {
			out = append(out, toJSON(g, rev, cur))
		}
		if partial != nil {
			o.F.Warn("%s", partial.String())
		}
		return writeJSON(o.F.IO.Out, out)
	}
	for _, rev := range revs {
		if o.Verbose {
			verboseBlock(o.F.IO.Out, g, rev, nil)
			continue
		}
		fmt.Fprintln(o.F.IO.Out, headLine(g, rev, nil))
	}
	if partial != nil {
		fmt.Fprintln(o.F.IO.Out, partial.String())
	}
	return nil
}
