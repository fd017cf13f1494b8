package cmd

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/spf13/cobra"
)

// editOptions are the options of `migrate edit`.
type editOptions struct {
	F   *factory
	Rev string
}

// newCmdEdit is `migrate edit REV`; runF (nil: runEdit) runs it.
func newCmdEdit(f *factory, runF func(*editOptions) error) *cobra.Command {
	o := &editOptions{F: f}
	return &cobra.Command{
		ValidArgsFunction: completeRevisions(f),
		Use:               "edit REV",
		Short:             "Open a revision file in $VISUAL or $EDITOR (REV may be a prefix, head, …)",
		Args:              cmdutil.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Rev = args[0]
			if runF != nil {
				return runF(o)
			}
			return runEdit(o)
		},
	}
}

func runEdit(o *editOptions) error {
	g, err := o.F.Graph()
	if err != nil {
		return err
	}
	revs, err := g.Resolve(o.Rev, nil)
	if err != nil {
		return err
	}
	if len(revs) != 1 {
		ids := make([]string, len(revs))
		for i, r := range revs {
			ids[i] = r.ID
		}
		return fmt.Errorf("%s names %d revisions (%s): name one", o.Rev, len(revs), strings.Join(ids, ", "))
	}
	editor := os.Getenv("VISUAL")
	if editor == "" {
		editor = os.Getenv("EDITOR")
	}
	if editor == "" {
		return fmt.Errorf("neither $VISUAL nor $EDITOR is set: set one (export EDITOR=vim), or open %s yourself", revs[0].Path)
	}
	parts := strings.Fields(editor)
	cmd := exec.Command(parts[0], append(parts[1:], revs[0].Path)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, o.F.IO.Out, o.F.IO.ErrOut
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("running editor %q on %s: %w", editor, revs[0].Path, err)
	}
	return nil
}
