// Package inspect reads a live database into a schema.MetaData, so autogenerate
// can compare it with the declared metadata. Each dialect has a sub-package
// (inspect/postgres, inspect/mysql, inspect/sqlite) that registers an Inspector
// from its init function. Inspectors run a fixed number of batched catalog queries
// per schema, never one query per table.
package inspect

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

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

var (
	mu       sync.RWMutex
	registry = map[string]Inspector{}
)

// Register makes in the inspector for dialect (the dialect.Dialect's Name).
func Register(dialect string, in Inspector) {
	mu.Lock()
	defer mu.Unlock()
	registry[dialect] = in
}

// Get returns the inspector registered for dialect.
func Get(dialect string) (Inspector, error) {
	mu.RLock()
	defer mu.RUnlock()
	if in, ok := registry[dialect]; ok {
		return in, nil
	}
	return nil, fmt.Errorf("no inspector compiled in for dialect %q", dialect)
}
