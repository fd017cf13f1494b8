package cmdutil

import (
	"errors"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestValidatorsReturnFlagError(t *testing.T) {
	root := &cobra.Command{Use: "migrate"}
	sub := &cobra.Command{Use: "upgrade", Run: func(*cobra.Command, []string) {}}
	root.AddCommand(sub)
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"NoArgs", NoArgs(sub, []string{"x"}), `takes no arguments, got "x"`},
		{"ExactArgs", ExactArgs(1)(sub, nil), "accepts 1 arg(s), received 0"},
		{"MinimumNArgs", MinimumNArgs(2)(sub, []string{"a"}), "requires at least 2 arg(s), only received 1"},
		{"MaximumNArgs", MaximumNArgs(1)(sub, []string{"a", "b"}), "accepts at most 1 arg(s), received 2"},
		{"SubcommandRequired", SubcommandRequired(root, []string{"upgrad"}), `unknown command "upgrad" for "migrate": did you mean upgrade?`},
	}
	for _, c := range cases {
		var fe *FlagError
		if !errors.As(c.err, &fe) || !strings.Contains(c.err.Error(), c.want) || !strings.Contains(c.err.Error(), "--help`)") {
			t.Errorf("%s: %v, want a *FlagError containing %q", c.name, c.err, c.want)
		}
	}
	for name, err := range map[string]error{
		"NoArgs": NoArgs(sub, nil), "ExactArgs": ExactArgs(1)(sub, []string{"a"}),
		"MinimumNArgs": MinimumNArgs(1)(sub, []string{"a"}), "MaximumNArgs": MaximumNArgs(1)(sub, nil),
		"SubcommandRequired": SubcommandRequired(root, nil),
	} {
		if err != nil {
			t.Errorf("%s on valid arguments: %v", name, err)
		}
	}
	inner := errors.New("boom")
	if err := FlagErrorWrap(inner); !errors.Is(err, inner) || FlagErrorWrap(nil) != nil {
		t.Errorf("FlagErrorWrap does not wrap: %v", err)
	}
}
