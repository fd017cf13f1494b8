package cmd

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/spf13/cobra"
)

// docsOptions are the options of `migrate docs`.
type docsOptions struct {
	F   *factory
	Dir string
	// Root is the command tree to document (the migrate command).
	Root *cobra.Command
}

// newCmdDocs is `migrate docs`; runF (nil: runDocs) runs it.
func newCmdDocs(f *factory, runF func(*docsOptions) error) *cobra.Command {
	o := &docsOptions{F: f}
	c := &cobra.Command{
		Use:   "docs",
		Short: "Write a Markdown page per command into --dir",
		Args:  cmdutil.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			o.Root = c.Root()
			if runF != nil {
				return runF(o)
			}
			return runDocs(o)
		},
	}
	c.Flags().StringVar(&o.Dir, "dir", "docs/cli", "the directory to write the pages into")
	return c
}

func runDocs(o *docsOptions) error {
	root := o.Root
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", o.Dir, err)
	}
	n := 0
	var walk func(c *cobra.Command) error
	walk = func(c *cobra.Command) error {
		if !c.IsAvailableCommand() && c != root {
			return nil
		}
		if err := writeFileAtomic(filepath.Join(o.Dir, docFileName(c)), commandMarkdown(c)); err != nil {
			return err
		}
		n++
		for _, sub := range c.Commands() {
			if err := walk(sub); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root); err != nil {
		return err
	}
	o.F.Info("Wrote %d pages to %s", n, o.Dir)
	return nil
}

func docFileName(c *cobra.Command) string {
	return strings.ReplaceAll(c.CommandPath(), " ", "_") + ".md"
}

// commandMarkdown renders one command's page: synopsis, usage, flags, global flags
// and links to its subcommands and parent.
func commandMarkdown(c *cobra.Command) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n%s\n\n", c.CommandPath(), c.Short)
	if c.Long != "" {
		fmt.Fprintf(&b, "%s\n\n", c.Long)
	}
	if c.Runnable() {
		fmt.Fprintf(&b, "## Usage\n\n```\n%s\n```\n\n", c.UseLine())
	}
	if c.Example != "" {
		fmt.Fprintf(&b, "## Examples\n\n```\n%s\n```\n\n", c.Example)
	}
	if fl := c.NonInheritedFlags(); fl.HasAvailableFlags() {
		fmt.Fprintf(&b, "## Flags\n\n```\n%s```\n\n", fl.FlagUsages())
	}
	if fl := c.InheritedFlags(); fl.HasAvailableFlags() {
		fmt.Fprintf(&b, "## Global flags\n\n```\n%s```\n\n", fl.FlagUsages())
	}
	var subs []*cobra.Command
	for _, s := range c.Commands() {
		if s.IsAvailableCommand() {
			subs = append(subs, s)
		}
	}
	if len(subs) > 0 || c.HasParent() {
		b.WriteString("## See also\n\n")
		if c.HasParent() {
			fmt.Fprintf(&b, "- [%s](%s): %s\n", c.Parent().CommandPath(), docFileName(c.Parent()), c.Parent().Short)
		}
		for _, s := range subs {
			fmt.Fprintf(&b, "- [%s](%s): %s\n", s.CommandPath(), docFileName(s), s.Short)
		}
		b.WriteString("\n")
	}
	return b.Bytes()
}
