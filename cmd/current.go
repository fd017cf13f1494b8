package cmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
)

// CurrentOptions are the options of `migrate current`.
type CurrentOptions struct {
	F       *Factory
	Verbose bool
	Format  string
}

func newCurrentCmd(f *Factory) *cobra.Command {
	o := &CurrentOptions{F: f}
	c := &cobra.Command{
		Use:   "current",
		Short: "Show the revisions the database is at, one line per version row",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if err := formatFlagCheck(o.Format); err != nil {
				return err
			}
			return runCurrent(c.Context(), o)
		},
	}
	c.Flags().BoolVar(&o.Verbose, "verbose", false, "show each revision in full")
	c.Flags().StringVar(&o.Format, "format", "text", "output format: text or json")
	return c
}

func runCurrent(ctx context.Context, o *CurrentOptions) error {
	g, err := o.F.Graph()
	if err != nil {
		return err
	}
	db, d, err := o.F.Open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := o.F.Runner(db, d).Current(ctx)
	if err != nil {
		return err
	}
	revs, err := g.CurrentHeads(rows)
	if err != nil {
		return err
	}
	cur := map[string]bool{}
	for _, r := range revs {
		cur[r.ID] = true
	}
	if o.Format == "json" {
		out := []revisionJSON{}
		for _, r := range revs {
			out = append(out, toJSON(g, r, cur))
		}
		return writeJSON(o.F.IO.Out, out)
	}
	for _, r := range revs {
		if o.Verbose || o.F.Verbose {
			verboseBlock(o.F.IO.Out, g, r, nil)
			continue
		}
		fmt.Fprintln(o.F.IO.Out, headLine(g, r, nil))
	}
	return nil
}
