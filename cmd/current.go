package cmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/fleet"
	"github.com/spf13/cobra"
)

// currentOptions are the options of `migrate current`.
type currentOptions struct {
	F       *factory
	Verbose bool
	Format  string
	// Fleet selects migrate.yaml's targets to report on instead of one database.
	Fleet fleetOptions
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
			o.Fleet.Format = o.Format
			if err := o.Fleet.validate(c, f, false); err != nil {
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
	fleetFlags(c, &o.Fleet, false)
	return c
}

func runCurrent(ctx context.Context, o *currentOptions) error {
	g, err := listGraph(o.F)
	if err != nil {
		return err
	}
	if o.Fleet.active() {
		return runFleet(ctx, o.F, &o.Fleet, "current", func(ctx context.Context, tf *factory, _ fleet.Target) fleet.Outcome {
			db, d, err := tf.Open(ctx)
			if err != nil {
				return fleet.Outcome{Err: err}
			}
			defer db.Close()
			r := tf.Runner(db, d)
			if o.Verbose {
				if err := warnIntegrity(ctx, tf, r, g); err != nil {
					return fleet.Outcome{Err: err}
				}
			}
			rows, err := r.Current(ctx)
			if err != nil {
				return fleet.Outcome{Err: err}
			}
			out := fleet.Outcome{From: rows, To: rows, Status: fleet.OK}
			// A revision partly applied by a failed run is the target's
			// note, as current shows it after the heads.
			partial, err := r.Progress(ctx)
			if err != nil {
				return fleet.Outcome{From: rows, To: rows, Err: err}
			}
			if partial != nil {
				out.Err = errors.New(partial.String())
			}
			return out
		})
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
