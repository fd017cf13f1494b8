package cmd

import (
	"context"
	"fmt"

	"github.com/retortdb/migrate/autogen"
	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/schema"
)

// runBaseline is `migrate revision --baseline`: the onboarding revision of a
// database that never had migrations. It reads the database, writes one
// revision whose upgrade creates everything it holds from nothing (tables,
// enums, and the objects defined by SQL: extensions, schemas, sequences,
// views, functions, triggers, partitions, …) and whose downgrade drops it all,
// then stamps that revision on the database, which already has it. It is
// autogenerate against an empty metadata, turned around: what Alembic users do
// by autogenerating against an empty database and then running stamp head.
//
// It refuses when revision files exist (the baseline is the first revision)
// or when the database's version table names a revision.
func runBaseline(ctx context.Context, o *revisionOptions, rev *revision.Revision, g *revision.Graph) error {
	if o.Autogenerate {
		return cmdutil.FlagErrorf("--baseline and --autogenerate cannot be used together: --baseline writes the whole database as the first revision, --autogenerate the difference with the Go metadata")
	}
	if len(g.Heads()) > 0 {
		return cmdutil.FlagErrorf("--baseline writes the first revision, but revision files exist already (heads %v): a database they manage is built by upgrade head; remove them to start over", headIDs(g))
	}
	c, err := o.F.Config()
	if err != nil {
		return err
	}
	db, d, err := o.F.Open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	r := o.F.Runner(db, d)
	rows, err := r.Current(ctx)
	if err != nil {
		return err
	}
	if len(rows) > 0 {
		return fmt.Errorf("the database's version table names %v: it already has migrations, so there is nothing to baseline; write new revisions with --autogenerate", rows)
	}
	live, err := inspectLive(ctx, o.F, db, d)
	if err != nil {
		return err
	}
	res, err := autogen.Compare(live, &schema.MetaData{}, d, autogen.Options{
		ExcludeTables:  c.ExcludeTables,
		IncludeSchemas: c.IncludeSchemas,
		VersionTable:   c.VersionTable,
	})
	if err != nil {
		return fmt.Errorf("writing the baseline of the database's schema: %w", err)
	}
	rev.Upgrade, rev.Downgrade = res.Upgrade, res.Downgrade
	if sh, ok := d.(dialect.RevisionShaper); ok {
		up, down, tx, err := sh.ShapeRevision(rev.Upgrade, rev.Downgrade, &schema.MetaData{})
		if err != nil {
			return err
		}
		rev.Upgrade, rev.Downgrade, rev.Transactional = up, down, tx && rev.Transactional
	}
	if res.Empty() {
		o.F.Info("The database is empty: the baseline creates nothing.")
	}
	dir, err := o.versionDir(c)
	if err != nil {
		return err
	}
	if err := writeRevision(o.F, c, g, dir, rev); err != nil {
		return err
	}
	g2, err := o.F.Graph()
	if err != nil {
		return err
	}
	if _, err := r.Stamp(ctx, func(rows []string) ([]revision.VersionChange, error) {
		return g2.StampPlan(rows, []string{rev.ID}, false)
	}); err != nil {
		return fmt.Errorf("the baseline %s is written but could not be stamped on the database (run `migrate stamp %s`): %w", rev.ID, rev.ID, err)
	}
	o.F.Info("Stamped the database at %s: it already has what the baseline creates; `migrate upgrade head` builds the same schema on an empty database", rev.ID)
	return nil
}

func headIDs(g *revision.Graph) []string {
	var ids []string
	for _, h := range g.Heads() {
		ids = append(ids, h.ID)
	}
	return ids
}
