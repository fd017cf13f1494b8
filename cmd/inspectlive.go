package cmd

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/schema"
)

// inspectLive reads the live schema, leaving out the version table and the
// configured exclude_tables.
func inspectLive(ctx context.Context, f *Factory, db *sql.DB, d dialect.Dialect) (*schema.MetaData, error) {
	in, err := inspect.Get(d.Name())
	if err != nil {
		return nil, err
	}
	opts := inspect.Options{ExcludeTables: []string{f.VersionTable().Name}}
	if c, err := f.Config(); err == nil {
		opts.ExcludeTables = append(opts.ExcludeTables, c.ExcludeTables...)
	}
	m, err := in.Inspect(ctx, db, opts)
	if err != nil {
		return nil, fmt.Errorf("reading the database schema: %w", err)
	}
	return m, nil
}
