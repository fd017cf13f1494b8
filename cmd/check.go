package cmd

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/ops"
	"github.com/spf13/cobra"
)

// checkOptions are the options of `migrate check`.
type checkOptions struct {
	F      *factory
	Format string
}

// newCmdCheck is `migrate check`; runF (nil: runCheck) runs it.
func newCmdCheck(f *factory, runF func(*checkOptions) error) *cobra.Command {
	o := &checkOptions{F: f}
	c := &cobra.Command{
		Use:   "check",
		Short: "Exit 1 if autogenerate would write ops (the database differs from the metadata), 0 if not",
		Args:  cmdutil.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if err := formatFlagCheck(o.Format); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runCheck(c.Context(), o)
		},
	}
	c.Flags().StringVar(&o.Format, "format", "text", "output format: text or json")
	return c
}

// checkJSON is the shape of `check --format json`.
type checkJSON struct {
	Changes  bool     `json:"changes"`
	Findings []string `json:"findings"`
	Upgrade  []string `json:"upgrade_ops"`
}

func runCheck(ctx context.Context, o *checkOptions) error {
	g, err := listGraph(o.F)
	if err != nil {
		return err
	}
	quiet := o.F.Quiet
	if o.Format == "json" {
		o.F.Quiet = true
	}
	res, err := autogenerate(ctx, o.F, g)
	o.F.Quiet = quiet
	if err != nil {
		return err
	}
	if o.Format == "json" {
		out := checkJSON{Changes: !res.Empty(), Findings: res.Findings, Upgrade: []string{}}
		if out.Findings == nil {
			out.Findings = []string{}
		}
		for _, op := range res.Upgrade {
			out.Upgrade = append(out.Upgrade, ops.Name(op))
		}
		b, _ := json.MarshalIndent(out, "", "  ")
		fmt.Fprintln(o.F.IO.Out, string(b))
	}
	if !res.Empty() {
		return &changesDetectedError{N: len(res.Upgrade)}
	}
	o.F.Info("No new upgrade operations detected.")
	return nil
}
