package cmd

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/drivers"
	"github.com/retortdb/migrate/schema"
)

// inspectLive reads the live schema, leaving out the version table and the
// configured exclude_tables. With include_schemas: true it reads every user
// schema the inspector can list (the default one's tables keep Schema ""); an
// inspector that cannot list schemas reads the default schema only.
func inspectLive(ctx context.Context, f *factory, db *sql.DB, d dialect.Dialect) (*schema.MetaData, error) {
	in, err := drivers.For(d)
	if err != nil {
		return nil, err
	}
	// migrate's own bookkeeping tables are never part of the compared schema.
	opts := inspect.Options{ExcludeTables: []string{f.VersionTable().Name, f.VersionTable().Name + "_progress", f.VersionTable().Name + "_lock"}}
	if h := f.HistoryTable().Name; h != "" {
		opts.ExcludeTables = append(opts.ExcludeTables, h)
	}
	if c, err := f.Config(); err == nil {
		opts.ExcludeTables = append(opts.ExcludeTables, c.ExcludeTables...)
		if c.IncludeSchemas {
			schemas, err := inspect.ListSchemas(ctx, in, db)
			switch {
			case errors.Is(err, inspect.ErrUnsupported):
				// No schemas beside the default one: read that.
			case err != nil:
				return nil, fmt.Errorf("reading the database's schemas (include_schemas: true): %w", err)
			default:
				opts.Schemas = schemas
			}
		}
	}
	m, err := in.Inspect(ctx, db, opts)
	if err != nil {
		return nil, fmt.Errorf("reading the database schema: %w", err)
	}
	return m, nil
}
