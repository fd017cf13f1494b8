package cmd

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/schema"
)

// schemaLister is implemented by the inspectors of dialects with schemas
// (PostgreSQL): it lists the database's user schemas, which autogenerate reads
// when migrate.yaml sets autogenerate.include_schemas: true.
type schemaLister interface {
	ListSchemas(ctx context.Context, db *sql.DB) ([]string, error)
}

// inspectLive reads the live schema, leaving out the version table and the
// configured exclude_tables. With include_schemas: true it reads every user
// schema the inspector can list (the default one's tables keep Schema ""); an
// inspector that cannot list schemas reads the default schema only.
func inspectLive(ctx context.Context, f *factory, db *sql.DB, d dialect.Dialect) (*schema.MetaData, error) {
	in, err := inspect.Get(d.Name())
	if err != nil {
		return nil, err
	}
	// migrate's own bookkeeping tables are never part of the compared schema.
	opts := inspect.Options{ExcludeTables: []string{f.VersionTable().Name, f.VersionTable().Name + "_progress"}}
	if h := f.HistoryTable().Name; h != "" {
		opts.ExcludeTables = append(opts.ExcludeTables, h)
	}
	if c, err := f.Config(); err == nil {
		opts.ExcludeTables = append(opts.ExcludeTables, c.ExcludeTables...)
		if l, ok := in.(schemaLister); ok && c.IncludeSchemas {
			if opts.Schemas, err = l.ListSchemas(ctx, db); err != nil {
				return nil, fmt.Errorf("reading the database's schemas (include_schemas: true): %w", err)
			}
		}
	}
	m, err := in.Inspect(ctx, db, opts)
	if err != nil {
		return nil, fmt.Errorf("reading the database schema: %w", err)
	}
	return m, nil
}
