package cmd

import (
	"bufio"
	"context"
	"io"
	"strings"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/spf13/cobra"
)

// showOptions are the options of `migrate show`.
type showOptions struct {
	F      *factory
	Rev    string
	Format string
}

// newCmdShow is `migrate show REV`; runF (nil: runShow) runs it.
func newCmdShow(f *factory, runF func(*showOptions) error) *cobra.Command {
	o := &showOptions{F: f}
	c := &cobra.Command{
		ValidArgsFunction: completeRevisions(f),
		Use:               "show REV",
		Short:             "Show a revision in full (REV may be an id, a unique prefix, head, heads, LABEL@head, current, …)",
		Args:              cmdutil.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := formatFlagCheck(o.Format); err != nil {
				return err
			}
			o.Rev = args[0]
			if runF != nil {
				return runF(o)
			}
			return runShow(c.Context(), o)
		},
	}
	c.Flags().StringVar(&o.Format, "format", "text", "output format: text or json")
	return c
}

// runShow prints every revision REV resolves to as a verbose block (heads
// --verbose's layout), or a JSON list of revisionJSON.
func runShow(ctx context.Context, o *showOptions) error {
	g, err := listGraph(o.F)
	if err != nil {
		return err
	}
	var rows []string
	if strings.Contains(o.Rev, "current") || strings.HasPrefix(o.Rev, "+") || strings.HasPrefix(o.Rev, "-") || strings.Contains(o.Rev, "@+") || strings.Contains(o.Rev, "@-") {
		db, d, err := o.F.Open(ctx)
		if err != nil {
			return err
		}
		rows, err = o.F.Runner(db, d).Current(ctx)
		db.Close()
		if err != nil {
			return err
		}
	}
	revs, err := g.Resolve(o.Rev, rows)
	if err != nil {
		return err
	}
	if len(revs) == 0 {
		return cmdutil.FlagErrorf("%q is base, which is no revision: give an id, a prefix, head or LABEL@head", o.Rev)
	}
	if o.Format == "json" {
		out := []revisionJSON{}
		for _, r := range revs {
			out = append(out, toJSON(g, r, nil))
		}
		return writeJSON(o.F.IO.Out, out)
	}
	w := newLineWriter(o.F.IO.Out)
	defer w.Flush()
	for _, r := range revs {
		verboseBlock(w, g, r, nil)
	}
	return nil
}

// newLineWriter buffers a command's result lines (one write at the end
// instead of one per line, which matters for 100,000 revisions).
func newLineWriter(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 64<<10) }
