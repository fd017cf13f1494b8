package runner

import (
	"context"
	"strings"

	"github.com/retortdb/migrate/revision"
)

// ModifiedRevisionsError refuses a run over applied revisions whose files
// changed or disappeared since they were applied (see Integrity). Issues holds
// one entry per such revision.
type ModifiedRevisionsError struct{ Issues []IntegrityIssue }

func (e *ModifiedRevisionsError) Error() string {
	parts := make([]string, len(e.Issues))
	for i, is := range e.Issues {
		parts[i] = is.String()
	}
	return strings.Join(parts, "; ") + ": the database ran the old version of these files; restore them (git log -p on the file), or write a new revision for the change, or, after reviewing the change, record the files' new checksums with 'migrate repair', or pass --allow-modified to run anyway"
}

// GraphIntegrity is Integrity with the revision files of g: the checksum and
// path of each applied revision come from g. It returns the issues found, or the
// error of reading the history table.
func (r *Runner) GraphIntegrity(ctx context.Context, g *revision.Graph) ([]IntegrityIssue, error) {
	return r.Integrity(ctx, func(id, recorded string) (string, string, bool) {
		rev := g.Get(id)
		if rev == nil {
			return "", "", false
		}
		sum, ok := rev.ChecksumFor(recorded)
		if !ok {
			sum = recorded
		}
		return sum, rev.Path, true
	})
}

// RefuseModified returns a *ModifiedRevisionsError when GraphIntegrity finds
// issues; with allow set it returns nil and hands each issue to warn instead.
func (r *Runner) RefuseModified(ctx context.Context, g *revision.Graph, allow bool, warn func(IntegrityIssue)) error {
	issues, err := r.GraphIntegrity(ctx, g)
	if err != nil || len(issues) == 0 {
		return err
	}
	if allow {
		for _, is := range issues {
			warn(is)
		}
		return nil
	}
	return &ModifiedRevisionsError{Issues: issues}
}
