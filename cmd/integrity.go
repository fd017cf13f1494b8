package cmd

import (
	"context"

	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/runner"
)

// warnIntegrity prints one WARN line per applied revision whose file changed or
// disappeared.
func warnIntegrity(ctx context.Context, f *factory, r *runner.Runner, g *revision.Graph) error {
	issues, err := r.GraphIntegrity(ctx, g)
	if err != nil {
		return err
	}
	for _, is := range issues {
		f.Warn("%s", is.String())
	}
	return nil
}

// warnModified is the warning of a run with --allow-modified over a changed file.
func (f *factory) warnModified(is runner.IntegrityIssue) {
	f.Warn("%s (--allow-modified)", is.String())
}
