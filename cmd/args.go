package cmd

import (
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// negativeRev matches a relative revision argument such as -1, -2:, -3:head.
var negativeRev = regexp.MustCompile(`^-[0-9]+(:.*)?$`)

// moveNegativeRevs lets `migrate downgrade -1` work as in Alembic: a positional
// argument that looks like a negative number would otherwise be read as a flag,
// so it is moved behind "--" at the end of the arguments. Which arguments are
// flag values is decided by the flags of the command the arguments name (found
// with root.Find, global flags included): a flag that takes a value consumes
// the next argument even when it starts with "-" (revision -m "-1 is a message").
func moveNegativeRevs(root *cobra.Command, args []string) []string {
	c, _, err := root.Find(args)
	if err != nil || c == nil {
		c = root
	}
	lookup := func(name string) *pflag.Flag {
		if fl := c.Flags().Lookup(name); fl != nil {
			return fl
		}
		return c.InheritedFlags().Lookup(name)
	}
	lookupShort := func(ch string) *pflag.Flag {
		if fl := c.Flags().ShorthandLookup(ch); fl != nil {
			return fl
		}
		return c.InheritedFlags().ShorthandLookup(ch)
	}
	takesValue := func(fl *pflag.Flag) bool { return fl != nil && fl.NoOptDefVal == "" }
	var keep, moved []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			keep = append(keep, args[i:]...)
			i = len(args)
			continue
		case strings.HasPrefix(a, "--"):
			keep = append(keep, a)
			if !strings.Contains(a, "=") && takesValue(lookup(a[2:])) && i+1 < len(args) {
				keep = append(keep, args[i+1])
				i++
			}
			continue
		case negativeRev.MatchString(a) && lookupShort(a[1:2]) == nil:
			moved = append(moved, a)
			continue
		case strings.HasPrefix(a, "-") && len(a) > 1:
			keep = append(keep, a)
			// A cluster of shorthands (-qx k=v, -xk=v): the first that takes a
			// value takes the rest of the cluster, or the next argument.
			for j := 1; j < len(a); j++ {
				fl := lookupShort(a[j : j+1])
				if fl == nil {
					break
				}
				if takesValue(fl) {
					if j == len(a)-1 && i+1 < len(args) {
						keep = append(keep, args[i+1])
						i++
					}
					break
				}
			}
			continue
		}
		keep = append(keep, a)
	}
	if len(moved) == 0 {
		return args
	}
	for i, a := range keep {
		if a == "--" {
			return append(append(keep[:i+1:i+1], moved...), keep[i+1:]...)
		}
	}
	return append(append(keep, "--"), moved...)
}
