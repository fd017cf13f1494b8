package cmd

import "github.com/spf13/cobra"

// completeRevisions completes revision ids, branch labels and the symbolic
// targets from the version locations, for shell completion of REV arguments.
func completeRevisions(f *factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(c *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		out := []string{"head", "heads", "base"}
		g, err := f.Graph()
		if err != nil {
			return out, cobra.ShellCompDirectiveNoFileComp
		}
		seen := map[string]bool{}
		for _, r := range g.All() {
			out = append(out, r.ID+"\t"+r.Message)
			for _, l := range r.BranchLabels {
				if !seen[l] {
					seen[l] = true
					out = append(out, l+"@head", l+"@base")
				}
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
