package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/dialect"
)

// changesDetectedError is returned by `check` when autogenerate finds changes:
// N ops, the Findings that explain them and the Warnings (differences it
// writes no op for; Findings may hold them too). It exits with status 1 and an
// ERROR line with what was found and what to do; the line names at most
// maxListed of each list and counts the rest (check's INFO lines, or --format
// json, name every finding).
type changesDetectedError struct {
	N        int
	Findings []string
	Warnings []string
}

// maxListed is how many findings, and how many warnings, the ERROR line of
// check names.
const maxListed = 5

func (e *changesDetectedError) Error() string {
	if e.N == 0 {
		return fmt.Sprintf("the database differs from the metadata in what autogenerate writes no op for: %s: "+
			"write a revision by hand (`migrate revision -m MESSAGE`) whose ops make them agree", listFirst(e.Warnings))
	}
	warning := map[string]bool{}
	for _, w := range e.Warnings {
		warning[w] = true
	}
	var changes []string
	for _, f := range e.Findings {
		if !warning[f] {
			changes = append(changes, f)
		}
	}
	msg := fmt.Sprintf("%d change(s) detected between the database and the metadata", e.N)
	if len(changes) > 0 {
		msg += " (" + listFirst(changes) + ")"
	}
	msg += ": run `migrate revision --autogenerate -m MESSAGE` to write a revision for them"
	if len(e.Warnings) > 0 {
		msg += fmt.Sprintf("; autogenerate writes no op for: %s: add those to the revision by hand", listFirst(e.Warnings))
	}
	return msg
}

// listFirst joins the first maxListed of w with "; " and counts the others.
func listFirst(w []string) string {
	if len(w) <= maxListed {
		return strings.Join(w, "; ")
	}
	return fmt.Sprintf("%s; and %d more", strings.Join(w[:maxListed], "; "), len(w)-maxListed)
}

// isChangesDetected tells whether err is check's "changes detected".
func isChangesDetected(err error) bool {
	var cd *changesDetectedError
	return errors.As(err, &cd)
}

// exitCode is the one place where errors become exit statuses and the ERROR line.
// It prints at most one line: "ERROR: <what failed, where, what to do>", with any
// password in it replaced by ***. The status is 2 for a *cmdutil.FlagError (and
// only for it: never decided by an error's text), 130/143 after SIGINT/SIGTERM,
// 3 for a failure of `check` (exitCheckFailed), else 1.
func exitCode(ctx context.Context, f *factory, err error) int {
	if err == nil {
		return 0
	}
	var es *exitStatusError
	if errors.As(err, &es) {
		return es.code // the runner program printed its own ERROR line
	}
	var fe *cmdutil.FlagError
	var cf *checkFailedError
	code := 1
	switch {
	case isChangesDetected(err):
		code = exitChangesDetected
	case errors.As(err, &fe):
		code = 2
	case ctx.Err() != nil:
		code = 130
		if f.signalName != nil && f.signalName() == "terminated" {
			code = 143
		}
	case errors.As(err, &cf):
		code = exitCheckFailed
	}
	msg := oneLine(f.redact(err.Error())) + suggestRevision(f.graph, err)
	fmt.Fprintln(f.IO.ErrOut, f.colour(colourError, "ERROR:")+" "+msg)
	return code
}

// oneLine makes an error's text one clean line: line breaks become "; ", tabs
// and runs of spaces one space, and empty parts between separators vanish (no
// "; ;", no ": ;"), and a line said twice (a driver listing the same failed
// attempt for each try) is kept once.
func oneLine(s string) string {
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	var parts []string
	seen := map[string]bool{}
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		l = strings.Trim(l, "; ")
		if l != "" && !seen[l] {
			parts = append(parts, l)
			seen[l] = true
		}
	}
	out := strings.Join(parts, "; ")
	out = strings.ReplaceAll(out, ":;", ":")
	return out
}

// redact hides every password the factory knows of, any connection string
// that reached migrate.yaml through ${VAR} or ${x.KEY} (an environment variable
// or -x value holding a password is printed redacted wherever it appears, so a
// value expanded into another key's error is hidden too), and any password in
// a URL. Known passwords are replaced as whole tokens only (dialect.ScrubSecret),
// so a short password does not mangle the other words of the line.
func (f *factory) redact(s string) string {
	values := os.Environ()
	values = append(values, f.XArgs...)
	for _, kv := range values {
		_, v, _ := strings.Cut(kv, "=")
		if len(v) < 4 || !strings.Contains(s, v) {
			continue
		}
		if r := dialect.Redact(v); r != v {
			s = strings.ReplaceAll(s, v, r)
		}
	}
	for _, p := range f.secrets {
		if p != "" {
			s = dialect.ScrubSecret(s, p)
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
