package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/retortdb/migrate/dialect"
)

// UsageError is a mistake in how the command was called; it exits with status 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usageErrorf(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// ChangesDetectedError is returned by `check` when autogenerate finds changes; it
// exits with status 1 without an ERROR line of its own (the findings were printed).
type ChangesDetectedError struct{ N int }

func (e *ChangesDetectedError) Error() string {
	return fmt.Sprintf("%d change(s) detected between the database and the metadata", e.N)
}

// exitCode is the one place where errors become exit statuses and the ERROR line.
// It prints at most one line: "ERROR: <what failed, where, what to do>", with any
// password in it replaced by ***.
func exitCode(ctx context.Context, f *Factory, err error) int {
	if err == nil {
		return 0
	}
	var ue *UsageError
	var cd *ChangesDetectedError
	code := 1
	switch {
	case errors.As(err, &cd):
		fmt.Fprintln(f.IO.ErrOut, f.colour(colourError, "ERROR:")+" "+cd.Error()+": run `migrate revision --autogenerate -m MESSAGE` to write a revision for them")
		return 1
	case errors.As(err, &ue), isCobraUsage(err):
		code = 2
	case ctx.Err() != nil:
		code = 130
		if f.signalName != nil && f.signalName() == "terminated" {
			code = 143
		}
	}
	msg := oneLine(f.redact(err.Error()))
	fmt.Fprintln(f.IO.ErrOut, f.colour(colourError, "ERROR:")+" "+msg)
	return code
}

// isCobraUsage recognises cobra's own argument and flag errors, which it returns as
// plain errors.
func isCobraUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand flag", "unknown command", "accepts ", "requires at least", "requires at most", "flag needs an argument", "invalid argument", "required flag", "if any flags in the group"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	s = strings.NewReplacer("\r\n", "; ", "\n", "; ", "\r", "; ").Replace(s)
	return s
}

// redact hides every password the factory knows of, and any password in a URL.
func (f *Factory) redact(s string) string {
	for _, p := range f.secrets {
		if p != "" {
			s = strings.ReplaceAll(s, p, "***")
		}
	}
	return redactURLs(s)
}

func redactURLs(s string) string {
	words := strings.Fields(s)
	for _, w := range words {
		trimmed := strings.Trim(w, `"'(),;`)
		if strings.Contains(trimmed, "://") {
			if r := dialect.Redact(trimmed); r != trimmed {
				s = strings.ReplaceAll(s, trimmed, r)
			}
		}
	}
	return s
}
