package cmd

import (
	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/revision"
	"github.com/spf13/cobra"
)

// newCmdDowngrade is `migrate downgrade REV`; runF (nil: runMove, shared with
// upgrade) runs it.
func newCmdDowngrade(f *factory, runF func(*moveOptions) error) *cobra.Command {
	o := &moveOptions{F: f, Direction: revision.Down}
	c := &cobra.Command{
		ValidArgsFunction: completeRevisions(f),
		Use:               "downgrade REV",
		Short:             "Downgrade the database to REV (-1, base, an id, LABEL@-1, …)",
		Long: "Downgrade undoes every applied revision above REV, newest first. With --sql it\n" +
			"prints the SQL script instead; REV must then be a range FROM:TO such as head:base.",
		Args: cmdutil.ExactArgs(1),
		RunE: moveRunE(o, runF),
	}
	moveFlags(c, o)
	c.Flags().BoolVar(&o.SQL, "sql", false, "print the SQL script instead of running it (offline); needs FROM:TO")
	return c
}
