package cmd

import (
	"regexp"
	"strings"
)

// negativeRev matches a relative revision argument such as -1, -2:, -3:head.
var negativeRev = regexp.MustCompile(`^-[0-9]+(:.*)?$`)

// valueFlags take the next argument as their value, even when it starts with "-".
var valueFlags = map[string]bool{
	"-c": true, "--config": true, "--url": true, "-x": true, "-m": true, "--message": true,
	"-r": true, "--rev-range": true, "--rev-id": true, "--head": true, "--branch-label": true,
	"--depends-on": true, "--version-path": true, "--format": true, "--tag": true,
	"--lock-timeout": true, "--output": true,
}

// moveNegativeRevs lets `migrate downgrade -1` work as in Alembic: a positional
// argument that looks like a negative number would otherwise be read as a flag, so it
// is moved behind "--" at the end of the arguments.
func moveNegativeRevs(args []string) []string {
	var keep, moved []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			keep = append(keep, args[i:]...)
			break
		}
		if valueFlags[a] && i+1 < len(args) {
			keep = append(keep, a, args[i+1])
			i++
			continue
		}
		if negativeRev.MatchString(a) && !strings.HasPrefix(a, "--") {
			moved = append(moved, a)
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
