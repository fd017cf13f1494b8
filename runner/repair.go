package runner

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/retortdb/migrate/revision"
)

// RepairDirection is the direction of the history row Repair writes: the
// revision stays applied, and its file's current checksum is the one later runs
// compare with.
const RepairDirection = "repair"

// Repair records, for each applied revision whose file changed since it was
// applied (GraphIntegrity), the file's current checksum: one history row with
// direction "repair", under the migration lock, so that later runs stop
// refusing it. Nothing of the schema or the version table changes. With ids, only
// those revisions are repaired, and an id that is not among the changed ones is
// an error naming it. A revision whose file disappeared cannot be repaired (an
// error says to restore it). It returns the issues it repaired; none when
// nothing changed. Without a history table it is an error.
func (r *Runner) Repair(ctx context.Context, g *revision.Graph, ids []string) ([]IntegrityIssue, error) {
	if r.HistoryTable.Name == "" {
		return nil, fmt.Errorf("repair needs the history table, and history_table is \"\" in the configuration: there is no checksum to repair")
	}
	conn, release, _, err := r.session(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	issues, err := r.GraphIntegrity(ctx, g)
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		byID := map[string]IntegrityIssue{}
		for _, is := range issues {
			byID[is.Revision] = is
		}
		var picked []IntegrityIssue
		for _, id := range ids {
			revs, err := g.Resolve(id, nil)
			if err != nil {
				return nil, err
			}
			if len(revs) != 1 {
				return nil, fmt.Errorf("repair: %q names %d revisions; give one revision id", id, len(revs))
			}
			rev := revs[0]
			is, ok := byID[rev.ID]
			if !ok {
				return nil, fmt.Errorf("revision %s has not changed since it was applied (or was not applied with history): nothing to repair", rev.ID)
			}
			picked = append(picked, is)
		}
		issues = picked
	}
	var missing []string
	for _, is := range issues {
		if is.Missing {
			missing = append(missing, is.Revision)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("revision %s was applied but its file has disappeared: restore the file (git log -- on the versions directory), then run repair again; nothing was recorded", strings.Join(missing, ", "))
	}
	if len(issues) == 0 {
		return nil, nil
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("repair: beginning a transaction: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	now := time.Now().UTC().Format(historyTime)
	for _, is := range issues {
		vals := []any{now, is.Revision, RepairDirection, g.Get(is.Revision).RecordedChecksum(), now, r.ToolVersion}
		lits := make([]string, len(vals))
		for i, v := range vals {
			if lits[i], err = r.Dialect.Literal(v); err != nil {
				return nil, err
			}
		}
		q := fmt.Sprintf("INSERT INTO %s (started_at, revision, direction, checksum, finished_at, tool_version) VALUES (%s)",
			qualified(r.Dialect, r.HistoryTable), strings.Join(lits, ", "))
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("repair: recording revision %s in %s: %w; nothing was recorded", is.Revision, r.HistoryTable.Name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("repair: commit: %w; nothing was recorded", err)
	}
	return issues, nil
}
