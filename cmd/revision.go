package cmd

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/retortdb/migrate/autogen"
	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/config"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/schema"
	"github.com/spf13/cobra"
)

// revisionOptions are the options of `migrate revision`.
type revisionOptions struct {
	F            *factory
	Message      string
	Autogenerate bool
	// Baseline writes the whole database as the first revision and stamps it.
	Baseline     bool
	RevID        string
	Head         string
	Splice       bool
	BranchLabels []string
	DependsOn    []string
	VersionPath  string
	// headGiven is true when --head was passed.
	headGiven bool
}

// newCmdRevision is `migrate revision`; runF (nil: runRevision) runs it.
func newCmdRevision(f *factory, runF func(*revisionOptions) error) *cobra.Command {
	o := &revisionOptions{F: f}
	c := &cobra.Command{
		Use:   "revision",
		Short: "Write a new revision file (with --autogenerate, from the Go metadata)",
		Args:  cmdutil.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			o.headGiven = c.Flags().Changed("head")
			if runF != nil {
				return runF(o)
			}
			return runRevision(c.Context(), o)
		},
	}
	fl := c.Flags()
	fl.StringVarP(&o.Message, "message", "m", "", "the revision's message")
	fl.BoolVar(&o.Autogenerate, "autogenerate", false, "compare the Go metadata with the database and write the ops")
	fl.BoolVar(&o.Baseline, "baseline", false, "write the whole database's schema as the first revision (creating it from nothing) and stamp it there")
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

func runRevision(ctx context.Context, o *revisionOptions) error {
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
	parents, err := g.NewParents(o.Head, o.Splice)
	if err != nil {
		return err
	}
	deps, err := g.ResolveDependsOn(o.DependsOn)
	if err != nil {
		return err
	}
	rev, err := newRevision(c, g, o.RevID, parents, o.Message)
	if err != nil {
		return err
	}
	rev.BranchLabels, rev.DependsOn = o.BranchLabels, deps
	if o.Baseline {
		return runBaseline(ctx, o, rev, g)
	}
	if o.Autogenerate {
		res, live, d, err := autogenerateLive(ctx, o.F, g)
		if err != nil {
			return err
		}
		rev.Upgrade, rev.Downgrade = res.Upgrade, res.Downgrade
		// Some dialects accept certain changes only in a given revision shape
		// (SQLite: a rebuild of a table referred to with ON DELETE actions):
		// write what upgrade accepts.
		if sh, ok := d.(dialect.RevisionShaper); ok {
			up, down, tx, err := sh.ShapeRevision(rev.Upgrade, rev.Downgrade, live)
			if err != nil {
				return err
			}
			if !tx {
				o.F.Info("The revision rebuilds a table other tables refer to with ON DELETE actions: it is written with transactional: false, foreign keys off around its own transaction")
			}
			rev.Upgrade, rev.Downgrade, rev.Transactional = up, down, tx && rev.Transactional
		}
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

func (o *revisionOptions) versionDir(c *config.Config) (string, error) {
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

// autogenerate compares the declared metadata with the database, which must be at
// the revision files' heads, logs each finding, and returns the result.
func autogenerate(ctx context.Context, f *factory, g *revision.Graph) (*autogen.Result, error) {
	res, _, _, err := autogenerateLive(ctx, f, g)
	return res, err
}

// autogenerateLive is autogenerate that also returns the live schema it compared
// with and the database's dialect.
func autogenerateLive(ctx context.Context, f *factory, g *revision.Graph) (*autogen.Result, *schema.MetaData, dialect.Dialect, error) {
	c, err := f.Config()
	if err != nil {
		return nil, nil, nil, err
	}
	// The declared metadata (the loader's build after an edit, or its run) and
	// the database's schema are independent: read them at the same time. An
	// error of the metadata comes first, as when they were read one after the
	// other.
	type loaded struct {
		m    *schema.MetaData
		note string
		err  error
	}
	meta := make(chan loaded, 1)
	go func() {
		m, note, err := f.loadMetadata(ctx)
		meta <- loaded{m, note, err}
	}()
	var declared *schema.MetaData
	gotMeta := false
	waitMeta := func() error {
		if gotMeta {
			return nil
		}
		gotMeta = true
		l := <-meta
		if l.note != "" {
			f.Info("%s", l.note)
		}
		declared = l.m
		return l.err
	}
	fail := func(err error) (*autogen.Result, *schema.MetaData, dialect.Dialect, error) {
		if merr := waitMeta(); merr != nil {
			return nil, nil, nil, merr
		}
		return nil, nil, nil, err
	}
	db, d, err := f.Open(ctx)
	if err != nil {
		return fail(err)
	}
	defer db.Close()
	r := f.Runner(db, d)
	if err := warnIntegrity(ctx, f, r, g); err != nil {
		return fail(err)
	}
	rows, err := r.Current(ctx)
	if err != nil {
		return fail(err)
	}
	if _, err := g.CurrentHeads(rows); err != nil {
		return fail(err)
	}
	if err := g.RequireAtHeads(rows); err != nil {
		return fail(err)
	}
	live, err := inspectLive(ctx, f, db, d)
	if err != nil {
		return fail(err)
	}
	if err := waitMeta(); err != nil {
		return nil, nil, nil, err
	}
	normalizeDeclared(ctx, f, db, d, declared, live)
	res, err := autogen.Compare(declared, live, d, autogen.Options{
		CompareType:          c.CompareType,
		CompareServerDefault: c.CompareServerDefault,
		ExcludeTables:        c.ExcludeTables,
		IncludeSchemas:       c.IncludeSchemas,
		VersionTable:         c.VersionTable,
	})
	if err != nil {
		return nil, nil, nil, err
	}
	for _, line := range res.Findings {
		f.Info("%s", line)
	}
	return res, live, d, nil
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
