package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/revision"
)

// revisionJSON is the stable JSON shape of a revision in --format json output.
type revisionJSON struct {
	ID            string   `json:"id"`
	DownRevisions []string `json:"down_revisions"`
	BranchLabels  []string `json:"branch_labels"`
	DependsOn     []string `json:"depends_on"`
	Message       string   `json:"message"`
	Path          string   `json:"path"`
	IsHead        bool     `json:"is_head"`
	IsCurrent     bool     `json:"is_current"`
	IsBranchPoint bool     `json:"is_branch_point"`
	IsMergePoint  bool     `json:"is_merge_point"`
}

func toJSON(g *revision.Graph, r *revision.Revision, current map[string]bool) revisionJSON {
	nz := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	return revisionJSON{
		ID: r.ID, DownRevisions: nz(r.DownRevisions), BranchLabels: nz(g.Labels(r.ID)), DependsOn: nz(r.DependsOn),
		Message: r.Message, Path: r.Path, IsHead: len(g.Children(r.ID)) == 0, IsCurrent: current[r.ID],
		IsBranchPoint: len(g.Children(r.ID)) > 1, IsMergePoint: r.IsMerge(),
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// revLine formats a revision the way Alembic's history lists it:
// "<parents> -> <rev> (labels) (head) (branchpoint) (mergepoint), message".
func revLine(g *revision.Graph, r *revision.Revision, current map[string]bool) string {
	var b strings.Builder
	switch len(r.DownRevisions) {
	case 0:
		b.WriteString("<base>")
	case 1:
		b.WriteString(r.DownRevisions[0])
	default:
		b.WriteString("(" + strings.Join(r.DownRevisions, ", ") + ")")
	}
	b.WriteString(" -> ")
	b.WriteString(headLine(g, r, current))
	if r.Message != "" {
		b.WriteString(", " + r.Message)
	}
	return b.String()
}

// headLine is "<rev> (labels) (head) (current) …" as `current` and `heads` print it.
func headLine(g *revision.Graph, r *revision.Revision, current map[string]bool) string {
	var b strings.Builder
	b.WriteString(r.ID)
	if labels := g.Labels(r.ID); len(labels) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(labels, ", "))
	}
	kids := len(g.Children(r.ID))
	if kids == 0 {
		b.WriteString(" (head)")
	}
	if current[r.ID] {
		b.WriteString(" (current)")
	}
	if kids > 1 {
		b.WriteString(" (branchpoint)")
	}
	if r.IsMerge() {
		b.WriteString(" (mergepoint)")
	}
	return b.String()
}

// verboseBlock prints a revision in Alembic's --verbose layout.
func verboseBlock(w io.Writer, g *revision.Graph, r *revision.Revision, current map[string]bool) {
	fmt.Fprintf(w, "Rev: %s\n", headLine(g, r, current))
	parent := "<base>"
	if len(r.DownRevisions) > 0 {
		parent = strings.Join(r.DownRevisions, ", ")
	}
	if r.IsMerge() {
		fmt.Fprintf(w, "Merges: %s\n", parent)
	} else {
		fmt.Fprintf(w, "Parent: %s\n", parent)
	}
	if kids := g.Children(r.ID); len(kids) > 1 {
		ids := make([]string, len(kids))
		for i, k := range kids {
			ids[i] = k.ID
		}
		fmt.Fprintf(w, "Branches into: %s\n", strings.Join(ids, ", "))
	}
	if len(r.DependsOn) > 0 {
		fmt.Fprintf(w, "Also depends on: %s\n", strings.Join(r.DependsOn, ", "))
	}
	if r.Path != "" {
		fmt.Fprintf(w, "Path: %s\n", r.Path)
	}
	fmt.Fprintln(w)
	for _, l := range strings.Split(r.Message, "\n") {
		fmt.Fprintf(w, "    %s\n", l)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "    Revision ID: %s\n", r.ID)
	fmt.Fprintf(w, "    Revises: %s\n", parent)
	if r.CreateDate != "" {
		fmt.Fprintf(w, "    Create Date: %s\n", r.CreateDate)
	}
	fmt.Fprintln(w)
}

func formatFlagCheck(format string) error {
	if format != "" && format != "text" && format != "json" {
		return cmdutil.FlagErrorf("--format %q is not known: use text or json", format)
	}
	return nil
}
