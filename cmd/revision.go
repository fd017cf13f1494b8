package cmd

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"path/filepath"
	"slices"
	"strings"
	"text/template"
	"time"

	"github.com/retortdb/migrate/autogen"
	"github.com/retortdb/migrate/revision"
	"github.com/spf13/cobra"
)

// RevisionOptions are the options of `migrate revision`.
type RevisionOptions struct {
	F            *Factory
	Message      string
	Autogenerate bool
	RevID        string
	Head         string
	Splice       bool
	BranchLabels []string
	DependsOn    []string
	VersionPath  string
	// headGiven is true when --head was passed.
	headGiven bool
}

func newRevisionCmd(f *Factory) *cobra.Command {
	o := &RevisionOptions{F: f}
	c := &cobra.Command{
		Use:   "revision",
		Short: "Write a new revision file (with --autogenerate, from the Go metadata)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			o.headGiven = c.Flags().Changed("head")
			return runRevision(c.Context(), o)
		},
	}
	fl := c.Flags()
	fl.StringVarP(&o.Message, "message", "m", "", "the revision's message")
	fl.BoolVar(&o.Autogenerate, "autogenerate", false, "compare the Go metadata with the database and write the ops")
	fl.StringVar(&o.RevID, "rev-id", "", "the revision id ([A-Za-z0-9_]{1,32}) instead of a generated one")
	fl.StringVar(&o.Head, "head", "head", "the revision the new one follows")
	fl.BoolVar(&o.Splice, "splice", false, "allow --head to name a revision that is not a head (starts a branch)")
	fl.StringArrayVar(&o.BranchLabels, "branch-label", nil, "a branch label for the new revision")
	fl.StringArrayVar(&o.DependsOn, "depends-on", nil, "a revision or label the new one depends on")
	fl.StringVar(&o.VersionPath, "version-path", "", "the version location to write to")
	return c
}

func newRevID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func runRevision(ctx context.Context, o *RevisionOptions) error {
	if err := checkRevID(o.RevID); err != nil {
		return err
	}
	c, err := o.F.Config()
	if err != nil {
		return err
	}
	g, err := listGraph(o.F)
	if err != nil {
		return err
	}
	if !o.headGiven && len(g.Heads()) > 1 {
		return multipleHeadsRefusal(g, "revision")
	}
	parents, err := revisionParents(g, o.Head, o.Splice)
	if err != nil {
		return err
	}
	deps, err := resolveDependsOn(g, o.DependsOn)
	if err != nil {
		return err
	}
	rev, err := newRevision(c, g, o.RevID, parents, o.Message)
	if err != nil {
		return err
	}
	rev.BranchLabels, rev.DependsOn = o.BranchLabels, deps
	if o.Autogenerate {
		res, err := autogenerate(ctx, o.F, g)
		if err != nil {
			return err
		}
		rev.Upgrade, rev.Downgrade = res.Upgrade, res.Downgrade
		if res.Empty() {
			o.F.Info("No changes in schema detected.")
		}
	}
	dir, err := o.versionDir(c)
	if err != nil {
		return err
	}
	return writeRevision(o.F, c, g, dir, rev)
}

// revisionParents resolves --head to the new revision's down_revisions: none on an
// empty graph, the single head otherwise; several heads need --head or a merge.
func revisionParents(g *revision.Graph, head string, splice bool) ([]string, error) {
	if len(g.Heads()) == 0 {
		if head != "head" && head != "base" {
			return nil, fmt.Errorf("no revisions exist yet, so --head %s names nothing: leave --head out", head)
		}
		return nil, nil
	}
	if head == "base" {
		return nil, nil
	}
	revs, err := g.Resolve(head, nil)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, r := range revs {
		if !splice && len(g.Children(r.ID)) > 0 {
			return nil, fmt.Errorf("revision %s is not a head: pass --splice to start a new branch from it, or --head with a head revision", r.ID)
		}
		ids = append(ids, r.ID)
	}
	return ids, nil
}

func (o *RevisionOptions) versionDir(c *Config) (string, error) {
	dirs := c.VersionDirs()
	if o.VersionPath == "" {
		return dirs[0], nil
	}
	p, _ := filepath.Abs(o.VersionPath)
	if !slices.Contains(dirs, p) {
		return "", fmt.Errorf("--version-path %s is not one of version_locations (%s): add it there first", o.VersionPath, strings.Join(c.VersionLocations, ", "))
	}
	return p, nil
}

func (c *Config) tz() (*time.Location, error) {
	if c.Timezone == "" || strings.EqualFold(c.Timezone, "UTC") {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return nil, fmt.Errorf("%s: timezone %q is unknown: use an IANA name such as UTC or Europe/Berlin", c.Path, c.Timezone)
	}
	return loc, nil
}

// fileName fills file_template for a new revision.
func (c *Config) fileName(id, message string) (string, error) {
	t, err := template.New("file_template").Option("missingkey=error").Parse(c.FileTemplate)
	if err != nil {
		return "", fmt.Errorf("%s: file_template %q: %v", c.Path, c.FileTemplate, err)
	}
	now := time.Now().UTC()
	data := map[string]any{
		"Rev": id, "Slug": revision.Slug(message, c.TruncateSlugLength),
		"Year": now.Format("2006"), "Month": now.Format("01"), "Day": now.Format("02"),
		"Hour": now.Format("15"), "Minute": now.Format("04"), "Second": now.Format("05"), "Epoch": now.Unix(),
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("%s: file_template %q: %v (fields: Rev, Slug, Year, Month, Day, Hour, Minute, Second, Epoch)", c.Path, c.FileTemplate, err)
	}
	name := strings.TrimRight(b.String(), "_")
	if name == "" || strings.ContainsAny(name, "/\\") {
		return "", fmt.Errorf("%s: file_template %q gives the file name %q: it must be a plain, non-empty name", c.Path, c.FileTemplate, name)
	}
	return name, nil
}

// autogenerate compares the declared metadata with the database, which must be at
// the revision files' heads, logs each finding, and returns the result.
func autogenerate(ctx context.Context, f *Factory, g *revision.Graph) (*autogen.Result, error) {
	declared, err := f.Metadata(ctx)
	if err != nil {
		return nil, err
	}
	db, d, err := f.Open(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	r := f.Runner(db, d)
	if err := warnIntegrity(ctx, f, r, g); err != nil {
		return nil, err
	}
	rows, err := r.Current(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := g.CurrentHeads(rows); err != nil {
		return nil, err
	}
	if err := requireAtHeads(g, rows); err != nil {
		return nil, err
	}
	live, err := inspectLive(ctx, f, db, d)
	if err != nil {
		return nil, err
	}
	c, _ := f.Config()
	res, err := autogen.Compare(declared, live, d, autogen.Options{
		CompareType:          c.CompareType,
		CompareServerDefault: c.CompareServerDefault,
		ExcludeTables:        c.ExcludeTables,
		IncludeSchemas:       c.IncludeSchemas,
		VersionTable:         c.VersionTable,
	})
	if err != nil {
		return nil, err
	}
	for _, line := range res.Findings {
		f.Info("%s", line)
	}
	return res, nil
}

// requireAtHeads refuses to autogenerate against a database that is not at the
// heads, as Alembic's "Target database is not up to date".
func requireAtHeads(g *revision.Graph, rows []string) error {
	var heads []string
	for _, h := range g.HeadsResolvingDependencies() {
		heads = append(heads, h.ID)
	}
	a, b := slices.Clone(rows), slices.Clone(heads)
	slices.Sort(a)
	slices.Sort(b)
	if slices.Equal(a, b) {
		return nil
	}
	at := "base (no version rows)"
	if len(rows) > 0 {
		at = strings.Join(rows, ", ")
	}
	return fmt.Errorf("target database is not up to date: it is at %s but the revision files' heads are %s: run `migrate upgrade heads` first", at, strings.Join(heads, ", "))
}

// multipleHeadsRefusal is the error of `revision` (and `merge` without
// revisions) when several heads exist and no --head says which to follow, with
// Alembic's advice: name the head, or merge first.
func multipleHeadsRefusal(g *revision.Graph, command string) error {
	var ids []string
	for _, h := range g.Heads() {
		ids = append(ids, h.ID)
	}
	return fmt.Errorf("multiple heads are present (%s): %s needs to know which one the new revision follows; "+
		"pass --head with a head revision or LABEL@head, or join them first with `migrate merge heads -m MESSAGE`",
		strings.Join(ids, ", "), command)
}

// resolveDependsOn turns each --depends-on into what the file will hold, as
// Alembic does: a branch label stays a label, anything else (a prefix, head,
// LABEL@head) becomes the full id(s) it resolves to.
func resolveDependsOn(g *revision.Graph, deps []string) ([]string, error) {
	var out []string
	for _, d := range deps {
		if r := g.Get(d); r != nil {
			out = append(out, r.ID)
			continue
		}
		if isBranchLabel(g, d) {
			out = append(out, d)
			continue
		}
		revs, err := g.Resolve(d, nil)
		if err != nil {
			return nil, fmt.Errorf("--depends-on %s: %w", d, err)
		}
		if len(revs) == 0 {
			return nil, fmt.Errorf("--depends-on %s names no revision (base): give a revision id or a branch label", d)
		}
		for _, r := range revs {
			if !slices.Contains(out, r.ID) {
				out = append(out, r.ID)
			}
		}
	}
	return out, nil
}

// isBranchLabel reports whether label is declared by some revision.
func isBranchLabel(g *revision.Graph, label string) bool {
	revs, err := g.Resolve(label, nil)
	return err == nil && len(revs) == 1 && slices.Contains(revs[0].BranchLabels, label)
}

// checkNewRevision builds the graph with rev added, so that a new revision
// that would break loading (a branch label used twice or equal to an id, a
// dependency cycle) is refused before its file is written.
func checkNewRevision(g *revision.Graph, rev *revision.Revision) error {
	if _, err := revision.NewGraph(append(g.All(), rev)); err != nil {
		return fmt.Errorf("the new revision %s would not fit the revision graph, so no file was written: %w", rev.ID, err)
	}
	return nil
}
