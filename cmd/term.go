package cmd

import (
	"io"
	"os"
)

// isTerminal reports whether w is a terminal (a character device), without a
// dependency: on a pipe or a file it is false, so scripts and CI logs get plain text.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// colour wraps s in the ANSI colour code when stderr is a terminal and NO_COLOR
// is not set (https://no-color.org): never in pipes, files or CI logs.
func (f *factory) colour(code, s string) string {
	if !f.useColour() {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (f *factory) useColour() bool {
	if f.colourOn != nil {
		return *f.colourOn
	}
	on := isTerminal(f.IO.ErrOut) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
	f.colourOn = &on
	return on
}

const (
	colourInfo  = "32" // green
	colourWarn  = "33" // yellow
	colourError = "31" // red
)
