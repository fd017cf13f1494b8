// Package cmdutil holds what every migrate command shares and the public cmd
// package does not export: the typed usage error (FlagError) and the argument
// validators that return it.
package cmdutil

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// FlagError is a mistake in how a command was called: an unknown flag or
// command, a bad flag value, the wrong number of arguments, or flags that do
// not go together. The command line exits with status 2 on it, and only on it.
type FlagError struct{ err error }

// Error returns the message of the wrapped error.
func (e *FlagError) Error() string { return e.err.Error() }

// Unwrap returns the wrapped error.
func (e *FlagError) Unwrap() error { return e.err }

// FlagErrorf returns a *FlagError with the formatted message (%w wraps).
func FlagErrorf(format string, args ...any) error {
	return &FlagError{err: fmt.Errorf(format, args...)}
}

// FlagErrorWrap returns err as a *FlagError (nil stays nil).
func FlagErrorWrap(err error) error {
	if err == nil {
		return nil
	}
	return &FlagError{err: err}
}

// usage points at the command's help, for the end of a FlagError message.
func usage(c *cobra.Command) string { return " (see `" + c.CommandPath() + " --help`)" }

// NoArgs is cobra.NoArgs returning a *FlagError.
func NoArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return FlagErrorf("%s takes no arguments, got %q%s", c.CommandPath(), args[0], usage(c))
	}
	return nil
}

// ExactArgs is cobra.ExactArgs returning a *FlagError.
func ExactArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != n {
			return FlagErrorf("accepts %d arg(s), received %d%s", n, len(args), usage(c))
		}
		return nil
	}
}

// MinimumNArgs is cobra.MinimumNArgs returning a *FlagError.
func MinimumNArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) < n {
			return FlagErrorf("requires at least %d arg(s), only received %d%s", n, len(args), usage(c))
		}
		return nil
	}
}

// MaximumNArgs is cobra.MaximumNArgs returning a *FlagError.
func MaximumNArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) > n {
			return FlagErrorf("accepts at most %d arg(s), received %d%s", n, len(args), usage(c))
		}
		return nil
	}
}

// SubcommandRequired validates the root command's arguments: any argument there
// is an unknown command (the known ones were dispatched before), reported as a
// *FlagError with cobra's suggestions.
func SubcommandRequired(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
	if s := c.SuggestionsFor(args[0]); len(s) > 0 {
		msg += ": did you mean " + strings.Join(s, " or ") + "?"
	}
	return FlagErrorf("%s%s", msg, usage(c))
}
