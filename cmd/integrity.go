package cmd

import (
	"context"

	"strings"

	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
)

// ModifiedRevisionsError refuses a run over applied revisions whose files changed
// or disappeared since they were applied (see runner.Integrity).
type ModifiedRevisionsError struct{ Issues []runner.IntegrityIssue }

func (e *ModifiedRevisionsError) Error() string {
	parts := make([]string, len(e.Issues))
	for i, is := range e.Issues {
		parts[i] = is.String()
	}
	return strings.Join(parts, "; ") + ": the database ran the old version of these files; restore them (git log -p on the file), or write a new revision for the change, or pass --allow-modified to run anyway"
}

// integrity compares the history table with the revision files in g.
func integrity(ctx context.Context, r *runner.Runner, g *revision.Graph) ([]runner.IntegrityIssue, error) {
	return r.Integrity(ctx, func(id string) (string, string, bool) {
		rev := g.Get(id)
		if rev == nil {
			return "", "", false
		}
		return rev.Checksum, rev.Path, true
	})
}

// warnIntegrity prints one WARN line per applied revision whose file changed or
// disappeared.
func warnIntegrity(ctx context.Context, f *Factory, r *runner.Runner, g *revision.Graph) error {
	issues, err := integrity(ctx, r, g)
	if err != nil {
		return err
	}
	for _, is := range issues {
		f.Warn("%s", is.String())
	}
	return nil
}

// refuseModified returns a *ModifiedRevisionsError unless allow is set (then it
// warns).
func refuseModified(ctx context.Context, f *Factory, r *runner.Runner, g *revision.Graph, allow bool) error {
	issues, err := integrity(ctx, r, g)
	if err != nil || len(issues) == 0 {
		return err
	}
	if allow {
		for _, is := range issues {
			f.Warn("%s (--allow-modified)", is.String())
		}
		return nil
	}
	return &ModifiedRevisionsError{Issues: issues}
}
