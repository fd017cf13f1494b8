// Package inspect reads a live database into a schema.MetaData, so autogenerate
// can compare it with the declared metadata. Each dialect has a sub-package
// (inspect/postgres, inspect/mysql, inspect/sqlite) that registers an Inspector
// from its init function. Inspectors run a fixed number of batched catalog queries
// per schema, never one query per table.
package inspect

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/retortdb/migrate/schema"
)

// Options narrows what an inspector reads.
type Options struct {
	// Schemas lists the schemas to read; empty reads the connection's default
	// schema only. Tables of other schemas get Table.Schema set.
	Schemas []string
	// ExcludeTables are table names never read (the version table is always
	// excluded by the caller adding it here).
	ExcludeTables []string
}

// Inspector reads one dialect's catalog.
type Inspector interface {
	// Inspect reads tables (name order), columns (ordinal order), keys,
	// constraints, indexes, comments and enums. Names of constraints and indexes
	// are the database's. Types are mapped to the portable vocabulary where the
	// mapping is exact, and kept as "dialect.type" otherwise. Server defaults are
	// normalised so that a default declared in metadata and read back compares
	// equal. Tables are sorted by name; within a table, foreign keys, uniques,
	// checks and indexes are sorted by name.
	Inspect(ctx context.Context, db *sql.DB, opts Options) (*schema.MetaData, error)
}

// ErrUnsupported is wrapped by ListSchemas's error when the inspector cannot do
// what was asked. It is errors.ErrUnsupported.
var ErrUnsupported = errors.ErrUnsupported

// SchemaLister is the optional ability of inspectors of databases with schemas
// (PostgreSQL): ListSchemas returns the database's user schemas, sorted, which
// autogenerate reads when migrate.yaml sets autogenerate.include_schemas: true.
// Call it through the package function ListSchemas, which supplies the fallback.
type SchemaLister interface {
	ListSchemas(ctx context.Context, db *sql.DB) ([]string, error)
}

// ListSchemas lists db's user schemas with in. When in cannot list schemas
// (the database has none beside the default one) it returns nil and an error
// wrapping ErrUnsupported; the caller then reads the default schema only. Other
// errors are the catalog query's.
func ListSchemas(ctx context.Context, in Inspector, db *sql.DB) ([]string, error) {
	if l, ok := in.(SchemaLister); ok {
		return l.ListSchemas(ctx, db)
	}
	return nil, fmt.Errorf("the inspector (%T) cannot list schemas: %w", in, ErrUnsupported)
}

// ObjectNormalizer is the optional ability of inspectors that can have the
// server normalise declared object definitions (views, functions, …), so that
// a definition written differently from the server's own text but meaning the
// same compares equal. NormalizeObjects rewrites the Definition of each object
// of objs it can, in place, to the text the inspector would read back had the
// object been created as declared; it changes nothing in the database. Call it
// through the package function NormalizeObjects, which supplies the fallback.
type ObjectNormalizer interface {
	NormalizeObjects(ctx context.Context, db *sql.DB, objs []*schema.ObjectDef) error
}

// NormalizeObjects normalises objs with in when it can (ObjectNormalizer).
// When in cannot, it returns an error wrapping ErrUnsupported and leaves objs
// as they are: autogenerate then compares definitions as written, with
// surrounding space and a final semicolon ignored.
func NormalizeObjects(ctx context.Context, in Inspector, db *sql.DB, objs []*schema.ObjectDef) error {
	if n, ok := in.(ObjectNormalizer); ok {
		return n.NormalizeObjects(ctx, db, objs)
	}
	return fmt.Errorf("the inspector (%T) cannot normalise object definitions: %w", in, ErrUnsupported)
}
