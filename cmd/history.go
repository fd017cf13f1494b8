package cmd

import (
	"context"
	"fmt"

	"github.com/retortdb/migrate/revision"
	"github.com/spf13/cobra"
	"strings"
)

// HistoryOptions are the options of `migrate history`.
type HistoryOptions struct {
	F               *Factory
	Range           string
	Verbose         bool
	IndicateCurrent bool
	Format          string
}

func newHistoryCmd(f *Factory) *cobra.Command {
	o := &HistoryOptions{F: f}
	c := &cobra.Command{
		Use:   "history",
		Short: "List revisions, newest first",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if err := formatFlagCheck(o.Format); err != nil {
				return err
			}
			return runHistory(c.Context(), o)
		},
	}
	c.Flags().StringVarP(&o.Range, "rev-range", "r", "", "range A:B, both ends included (-3: is the last three; current works)")
	c.Flags().BoolVar(&o.Verbose, "verbose", false, "show each revision in full")
	c.Flags().BoolVarP(&o.IndicateCurrent, "indicate-current", "i", false, "mark the database's current revisions (connects)")
	c.Flags().StringVar(&o.Format, "format", "text", "output format: text or json")
	return c
}

func runHistory(ctx context.Context, o *HistoryOptions) error {
	g, err := o.F.Graph()
	if err != nil {
		return err
	}
	var rows []string
	cur := map[string]bool{}
	if o.IndicateCurrent || strings.Contains(o.Range, "current") {
		db, d, err := o.F.Open(ctx)
		if err != nil {
			return err
		}
		rows, err = o.F.Runner(db, d).Current(ctx)
		db.Close()
		if err != nil {
			return err
		}
		if o.IndicateCurrent {
			for _, r := range rows {
				cur[r] = true
			}
		}
	}
	lower, upper := "", ""
	if o.Range != "" {
		if lower, upper, err = revision.ParseRange(o.Range); err != nil {
			return usageErrorf("-r %q: %v", o.Range, err)
		}
	}
	revs, err := g.History(lower, upper, rows)
	if err != nil {
		return err
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
			verboseBlock(o.F.IO.Out, g, r, cur)
			continue
		}
		fmt.Fprintln(o.F.IO.Out, revLine(g, r, cur))
	}
	return nil
}
