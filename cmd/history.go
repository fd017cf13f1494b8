package cmd

import (
	"context"
	"fmt"
	"strings"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/revision"
	"github.com/spf13/cobra"
)

// historyOptions are the options of `migrate history`.
type historyOptions struct {
	F               *factory
	Range           string
	Verbose         bool
	IndicateCurrent bool
	Format          string
	// Graph draws the revisions as a DAG (history --graph).
	Graph bool
}

// newCmdHistory is `migrate history`; runF (nil: runHistory) runs it. Verbose
// is the global -v/--verbose.
func newCmdHistory(f *factory, runF func(*historyOptions) error) *cobra.Command {
	o := &historyOptions{F: f}
	c := &cobra.Command{
		Use:   "history",
		Short: "List revisions, newest first",
		Args:  cmdutil.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if o.Format != "dot" {
				if err := formatFlagCheck(o.Format); err != nil {
					return cmdutil.FlagErrorf("--format %q is not known: use text, json or dot", o.Format)
				}
			}
			if o.Graph && o.Format != "text" {
				return cmdutil.FlagErrorf("--graph draws the text listing and cannot be combined with --format %s: in %s every revision lists its down_revisions, which are the graph's edges; drop --graph", o.Format, o.Format)
			}
			o.Verbose = f.Verbose
			if runF != nil {
				return runF(o)
			}
			return runHistory(c.Context(), o)
		},
	}
	c.Flags().StringVarP(&o.Range, "rev-range", "r", "", "range A:B, both ends included (-3: is the last three; current works)")
	c.Flags().BoolVarP(&o.IndicateCurrent, "indicate-current", "i", false, "mark the database's current revisions (connects)")
	c.Flags().StringVar(&o.Format, "format", "text", "output format: text, json, or dot (Graphviz)")
	c.Flags().BoolVar(&o.Graph, "graph", false, "draw the revision graph (merges and branches) beside the list, as git log --graph")
	return c
}

func runHistory(ctx context.Context, o *historyOptions) error {
	g, err := listGraph(o.F)
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
			return cmdutil.FlagErrorf("-r %q: %v", o.Range, err)
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
	w := newLineWriter(o.F.IO.Out)
	defer w.Flush()
	switch {
	case o.Format == "dot":
		writeDot(w, g, revs, cur)
		return nil
	case o.Graph:
		writeGraph(w, g, revs, cur)
		return nil
	}
	for _, r := range revs {
		if o.Verbose {
			verboseBlock(w, g, r, cur)
			continue
		}
		fmt.Fprintln(w, revLine(g, r, cur))
	}
	return nil
}
