package runner

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/revision"
)

// ErrOfflineNeedsRange is returned by PlanOffline for a downgrade without a
// FROM:TO range: offline, no database is read to know where it starts.
var ErrOfflineNeedsRange = errors.New("downgrade --sql needs a range FROM:TO (for example `migrate downgrade head:base --sql`), because no database is read to know where it starts")

// OfflineScript is a planned offline (--sql) run: the plan and the version-table
// rows it starts from and ends at.
type OfflineScript struct {
	// Command is "upgrade" or "downgrade".
	Command string
	Plan    *Plan
	// From and To are the version-table rows before and after the script.
	From, To []string
	// Tag is the run's --tag, for the header ("" for none).
	Tag string
}

// PlanOffline plans an offline run with Alembic's rules, without connecting:
// target is "B" (an upgrade from base: a fresh database) or a range "A:B" (from
// the database at A to B); a downgrade needs a range ("head:base"), otherwise
// ErrOfflineNeedsRange. The schema before the first step, which some dialects
// need to render (SQLite's move and copy, MySQL's MODIFY), is replayed from the
// revision files up to the starting rows.
func PlanOffline(g *revision.Graph, d dialect.Dialect, vt dialect.VersionTable, dir revision.Direction, target string) (*OfflineScript, error) {
	lower, upper, hasRange := strings.Cut(target, ":")
	var rows []string
	switch {
	case hasRange:
		var err error
		if rows, err = offlineStart(g, lower); err != nil {
			return nil, fmt.Errorf("the start %q of the range %q: %w", lower, target, err)
		}
		if upper == "" {
			return nil, fmt.Errorf("the range %q has no end: write FROM:TO, for example base:head or head:base", target)
		}
	case dir == revision.Down:
		return nil, ErrOfflineNeedsRange
	default:
		upper = target
	}
	var steps []revision.Step
	var err error
	if dir == revision.Down {
		steps, err = g.DowngradePlan(rows, upper)
	} else {
		steps, err = g.UpgradePlan(rows, upper)
	}
	if err != nil {
		return nil, err
	}
	before, err := ReplayFor(g, d, rows)
	if err != nil {
		return nil, fmt.Errorf("replaying the revisions up to %s to know the schema there: %w", rowsText(rows), err)
	}
	plan, err := BuildFrom(d, vt, steps, before, true)
	if err != nil {
		return nil, err
	}
	to := rows
	for _, st := range plan.Steps {
		to = FoldRows(to, st.Changes)
	}
	return &OfflineScript{Command: dir.String(), Plan: plan, From: rows, To: to}, nil
}

// offlineStart resolves the lower side of an offline range to version rows.
func offlineStart(g *revision.Graph, lower string) ([]string, error) {
	if lower == "" || lower == "base" {
		return nil, nil
	}
	revs, err := g.Resolve(lower, nil)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(revs))
	for _, r := range revs {
		ids = append(ids, r.ID)
	}
	return ids, nil
}

// Header returns the script's header, naming toolVersion.
func (s *OfflineScript) Header(toolVersion string) Header {
	return Header{
		ToolVersion: toolVersion,
		Command:     s.Command,
		Dialect:     s.Plan.Dialect.Name(),
		From:        s.From,
		To:          s.To,
		Revisions:   s.Plan.HeaderRevisions(),
		Tag:         s.Tag,
	}
}

// Write writes the whole script, header then SQL (see WriteHeader and
// Plan.WriteSQL).
func (s *OfflineScript) Write(w io.Writer, toolVersion string, perMigration bool) error {
	if err := WriteHeader(w, s.Header(toolVersion)); err != nil {
		return err
	}
	return s.Plan.WriteSQL(w, perMigration)
}
