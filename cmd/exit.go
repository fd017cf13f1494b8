package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/dialect"
)

// changesDetectedError is returned by `check` when autogenerate finds changes; it
// exits with status 1 and an ERROR line with the count and what to do.
type changesDetectedError struct{ N int }

func (e *changesDetectedError) Error() string {
	return fmt.Sprintf("%d change(s) detected between the database and the metadata", e.N)
}

// exitCode is the one place where errors become exit statuses and the ERROR line.
// It prints at most one line: "ERROR: <what failed, where, what to do>", with any
// password in it replaced by ***. The status is 2 for a *cmdutil.FlagError (and
// only for it: never decided by an error's text), 130/143 after SIGINT/SIGTERM,
// else 1.
func exitCode(ctx context.Context, f *factory, err error) int {
	if err == nil {
		return 0
	}
	var fe *cmdutil.FlagError
	var cd *changesDetectedError
	code := 1
	switch {
	case errors.As(err, &cd):
		fmt.Fprintln(f.IO.ErrOut, f.colour(colourError, "ERROR:")+" "+cd.Error()+": run `migrate revision --autogenerate -m MESSAGE` to write a revision for them")
		return 1
	case errors.As(err, &fe):
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

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	s = strings.NewReplacer("\r\n", "; ", "\n", "; ", "\r", "; ").Replace(s)
	return s
}

// redact hides every password the factory knows of, and any password in a URL.
func (f *factory) redact(s string) string {
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
